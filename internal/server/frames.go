package server

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/x/ansi"
)

// A screen's frames. Bubble Tea's standard renderer keeps the newest view
// and writes it on a ticker, 60 times a second: an acknowledgement drawn
// by an Update waited 0–16.7 ms for the next tick (the 50-screen load
// test's p50 was 16.9 ms), and every open screen's ticker woke 60 times a
// second, copying its kept view to compare it with the last one written
// whenever the newest view changed nothing. 120 a second would halve the
// wait and double the wake-ups. A team server's sessions run without it
// (tea.WithoutRenderer) and write their frames here: the newest view is
// written as soon as the writer is free, so a key's answer leaves at once
// on an idle screen, views that come while a frame is being written are
// folded into the next one, and a screen with nothing new costs nothing.
// What is written is what the standard renderer writes on the alternate
// screen: only the lines that changed, each cut to the terminal's width.
// A session's views come by line (showLines), as the app keeps them: not
// joined into one string to be split here again, and a line kept from the
// last frame is the same string, found equal without reading it.

// frameWriter writes one session's views to its terminal.
type frameWriter struct {
	out   io.Writer
	count *frameCounts // shared by the server's screens (may be nil)
	// observe takes what a frame of other agents' changes cost, its
	// Update and View and then its write (pacing.go; may be nil)
	observe func(time.Duration)

	mu      sync.Mutex
	newest  []string // the newest view, by line (never changed once shown)
	fitTo   int      // every line of newest is at most this wide (0: unknown)
	pending bool     // newest is not written yet
	width   int
	height  int
	repaint bool // write every line of the next frame
	// noticed: a view among those not written yet was a notice frame's,
	// whose Update and View took noticeTook
	noticed    bool
	noticeTook time.Duration

	wake chan struct{} // a new view (buffered: one wake-up stands for many)
	quit chan struct{}
	done chan struct{}

	// the writer goroutine's own
	last  []string // the view last written, its broken lines split (nil: none since a repaint)
	shown []string // its lines, as the terminal shows them
	rows  int      // how many lines the last frame wrote (kept on a repaint)
	buf   bytes.Buffer
}

// frameCounts are what the screens' frame writers did, for the load test.
type frameCounts struct {
	written atomic.Int64 // frames written
	bytes   atomic.Int64
}

// startFrames enters the alternate screen with the cursor hidden and
// bracketed paste on, as Bubble Tea's standard renderer does, and starts
// the writer.
func startFrames(out io.Writer, count *frameCounts, observe func(time.Duration)) *frameWriter {
	f := &frameWriter{out: out, count: count, observe: observe, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	_, _ = io.WriteString(out, ansi.HideCursor+ansi.SetAltScreenSaveCursorMode+ansi.EraseEntireScreen+
		ansi.CursorHomePosition+ansi.HideCursor+ansi.SetBracketedPasteMode)
	go f.run()
	return f
}

// show takes the newest view; the writer writes it when it is free.
func (f *frameWriter) show(view string) { f.showLines(strings.Split(view, "\n"), 0) }

// showLines takes the newest view by line, each at most fitTo cells wide
// (0: not known), and never changed afterwards. Bubble Tea calls it on
// the program's goroutine after each Update.
func (f *frameWriter) showLines(lines []string, fitTo int) {
	f.mu.Lock()
	f.newest, f.fitTo, f.pending = lines, fitTo, true
	f.mu.Unlock()
	f.wakeUp()
}

// showNotice is showLines for a frame of other agents' changes, whose
// Update and View took took: its cost, with what writing it takes, is
// observed once it is written (or found to change nothing).
func (f *frameWriter) showNotice(lines []string, fitTo int, took time.Duration) {
	f.mu.Lock()
	f.newest, f.fitTo, f.pending = lines, fitTo, true
	f.noticed, f.noticeTook = true, took
	f.mu.Unlock()
	f.wakeUp()
}

func (f *frameWriter) wakeUp() {
	select {
	case f.wake <- struct{}{}:
	default: // the writer is woken already and will take the newest view
	}
}

// toRow moves the cursor to the start of row i (from 0).
func toRow(b *bytes.Buffer, i int) {
	b.WriteString("\x1b[")
	b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(i+1), 10))
	b.WriteByte('H')
}

// brokenLine reports that a line of lines holds a line break. Only lines
// that are not the last view's at their place are looked at: those were
// looked at then (the last view is kept as split).
func (f *frameWriter) brokenLine(lines []string) bool {
	for i, l := range lines {
		if i < len(f.last) && f.last[i] == l {
			continue
		}
		if strings.IndexByte(l, '\n') >= 0 {
			return true
		}
	}
	return false
}

// resize takes the terminal's new size: the next frame is written whole.
func (f *frameWriter) resize(width, height int) {
	f.mu.Lock()
	f.width, f.height, f.repaint = width, height, true
	f.mu.Unlock()
}

// close writes the last view, then leaves the alternate screen with the
// cursor shown and bracketed paste off, as the standard renderer does when
// the program ends. Nothing is written after it returns.
func (f *frameWriter) close() {
	close(f.quit)
	<-f.done
	_, _ = io.WriteString(f.out, ansi.EraseEntireLine+"\r"+ansi.ResetBracketedPasteMode+ansi.ShowCursor+
		ansi.ResetAltScreenSaveCursorMode+ansi.ShowCursor)
}

func (f *frameWriter) run() {
	defer close(f.done)
	for {
		select {
		case <-f.wake:
			f.write()
		case <-f.quit:
			f.write()
			return
		}
	}
}

// write writes the newest view if it is new: the lines that differ from
// what the terminal shows (bubbletea's standardRenderer.flush, on the
// alternate screen).
func (f *frameWriter) write() {
	f.mu.Lock()
	view, fitTo, pending, width, height, repaint := f.newest, f.fitTo, f.pending, f.width, f.height, f.repaint
	noticed, took := f.noticed, f.noticeTook
	f.pending, f.repaint, f.noticed = false, false, false
	f.mu.Unlock()
	if noticed && f.observe != nil {
		start := time.Now()
		defer func() { f.observe(took + time.Since(start)) }()
	}
	if !repaint && (!pending || slices.Equal(view, f.last)) {
		return
	}
	if repaint {
		f.last, f.shown = nil, nil
	}
	lines := view
	switch {
	case len(lines) == 0 || len(lines) == 1 && lines[0] == "":
		lines = []string{" "} // the standard renderer's way to clear the screen
	case f.brokenLine(lines):
		// a line of two: as the standard renderer splits the view
		lines, fitTo = strings.Split(strings.Join(lines, "\n"), "\n"), 0
	}
	last := lines
	if height > 0 && len(lines) > height {
		lines = lines[len(lines)-height:]
	}
	// Each changed line is reached by its row (CUP), not by line feeds
	// over the unchanged ones: a frame of one changed line is that line,
	// and it holds no line feed for the SSH session's pty writer to turn
	// into CR LF, copying the frame twice.
	b := &f.buf
	b.Reset()
	for i, line := range lines {
		if i < len(f.shown) && f.shown[i] == line {
			continue
		}
		toRow(b, i)
		switch {
		case width > 0 && fitTo == width:
			// The line fits (the app cut it to this width): the old one is
			// erased first, and the line not measured. The cursor is at
			// the line's start; erasing after a line as wide as the
			// terminal would take its last cell.
			b.WriteString(ansi.EraseLineRight)
			b.WriteString(line)
		case width > 0:
			// One pass for a line that fits (a screen's lines do), a
			// second only to cut one that does not.
			w := cells.Width(line)
			if w > width {
				line = ansi.Truncate(line, width, "")
				w = cells.Width(line)
			}
			b.WriteString(line)
			if w < width {
				b.WriteString(ansi.EraseLineRight)
			}
		default:
			b.WriteString(line) // no width yet: nothing to cut or erase to
		}
	}
	// Rows the last frame wrote below this one are erased; a view as tall
	// as the terminal has no row below it, and the move there would stop
	// on its last row and erase that (a shrunk terminal's footer).
	if f.rows > len(lines) && (height <= 0 || len(lines) < height) {
		toRow(b, len(lines)) // the first row below the view
		b.WriteString(ansi.EraseScreenBelow)
	}
	b.WriteString(ansi.CursorPosition(0, len(lines)))
	_, _ = f.out.Write(b.Bytes())
	f.last, f.shown, f.rows = last, lines, len(lines)
	if f.count != nil {
		f.count.written.Add(1)
		f.count.bytes.Add(int64(b.Len()))
	}
}
