package server

import (
	"slices"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/ui"
)

// Pacing the fan-out. Every save is news for every open screen, so the
// work of showing other agents' changes grows with screens × saves, and
// saves grow with screens: at 200 screens a frame of 33 ms each was up to
// 6,000 updates and redraws a second, more than two cores draw, and the
// agents' own keys queued behind them. So the frame for other agents'
// changes grows with the number of open screens, to keep what the
// server spends on them near othersBudget of a core: each screen's
// counts then move a few times a second instead of thirty, while its own
// keys and saves are never held, and a change to the case a screen has
// open still comes within noticeFrame (noticeBox.put).

// othersBudget is the share of one core the screens may spend on other
// agents' changes: the Update and View of a notice frame and writing the
// frame it sets off to the terminal (¾ of which is SSH encryption and the
// syscall), as measured. The relay's wake-up and the client's reading are
// not in it.
const othersBudget = 0.1

// maxOthersFrame bounds the frame however many screens are open: the
// counts on a screen are never more than this late.
const maxOthersFrame = time.Second

// othersFrame is how often at most each of screens takes other agents'
// changes when one frame costs cost: every screen taking one per frame
// keeps the server within othersBudget.
func othersFrame(screens int, cost time.Duration) time.Duration {
	f := time.Duration(float64(screens) * float64(cost) / othersBudget)
	return min(max(f, noticeFrame), maxOthersFrame)
}

// fanout meters the screens: how many updates and draws they do, and
// what a frame of other agents' changes costs, on average, which paces
// them (othersFrame).
type fanout struct {
	screens atomic.Int64 // open boxes
	updates atomic.Int64
	views   atomic.Int64
	// kept counts the views that were the frame before (meteredModel):
	// the frame writer was not woken for them.
	kept   atomic.Int64
	frames atomic.Int64 // notice frames taken (ui.NoticesMsg)
	// cost is the moving average of a notice frame's Update, View and
	// write, in nanoseconds.
	cost    atomic.Int64
	written frameCounts // what the screens wrote to their terminals
	// resyncs counts the store's Resyncs passed on: each has every
	// screen load everything again (the index fell behind the store).
	resyncs atomic.Int64
}

// frame is the current frame for other agents' changes.
func (f *fanout) frame() time.Duration {
	return othersFrame(int(f.screens.Load()), time.Duration(f.cost.Load()))
}

// observe adds one notice frame's cost to the average (weight 1/16).
func (f *fanout) observe(d time.Duration) {
	for {
		old := f.cost.Load()
		if f.cost.CompareAndSwap(old, old+(int64(d)-old)/16) {
			return
		}
	}
}

// meteredModel is a session's model as the server runs it: it counts
// the updates and draws, and times those of notice frames for the pacing.
// Bubble Tea draws right after each Update, on the same goroutine.
// It hands each new view to the session's frame writer, which adds the
// time its write of a notice frame takes; a view that is the frame before
// (the screen's model keeps it when notices changed nothing on it) does
// not wake the writer.
type meteredModel struct {
	tea.Model
	f           *fanout
	frames      *frameWriter
	noticeStart time.Time // zero unless the last Update took a notice frame
	shown       []string  // the view last handed to frames (nil after a resize)
}

func (w *meteredModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	w.f.updates.Add(1)
	switch msg := msg.(type) {
	case ui.NoticesMsg:
		w.f.frames.Add(1)
		w.noticeStart = time.Now()
	case tea.WindowSizeMsg:
		w.frames.resize(msg.Width, msg.Height)
		w.shown = nil // the next view repaints the terminal, even if the same
	}
	var cmd tea.Cmd
	w.Model, cmd = w.Model.Update(msg)
	return w, cmd
}

// View hands the view to the frame writer by line, as the app keeps it.
// The program runs without a renderer (session.go): the string it gets
// back is drawn nowhere, so the lines are never joined into one.
func (w *meteredModel) View() string {
	w.f.views.Add(1)
	lines, fitTo := w.viewLines()
	notice := w.noticeStart
	w.noticeStart = time.Time{}
	// the frame before is the same lines, found equal by their addresses
	if slices.Equal(lines, w.shown) {
		w.f.kept.Add(1)
		if !notice.IsZero() {
			w.f.observe(time.Since(notice)) // a frame that writes nothing
		}
		return ""
	}
	w.shown = lines
	if !notice.IsZero() {
		w.frames.showNotice(lines, fitTo, time.Since(notice))
		return ""
	}
	w.frames.showLines(lines, fitTo)
	return ""
}

// viewLines is the model's view by line, and the width every line is cut
// to (0: not known).
func (w *meteredModel) viewLines() ([]string, int) {
	if lv, ok := w.Model.(lineViewer); ok {
		return lv.ViewLines()
	}
	return strings.Split(w.Model.View(), "\n"), 0
}

// lineViewer is a model that draws by line, each line at most width
// cells wide (ui's session model).
type lineViewer interface {
	ViewLines() (lines []string, width int)
}
