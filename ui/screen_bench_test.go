package ui

import (
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// BenchmarkCaseScreenView is one full frame of a team server's screen
// showing a case (120×34, 256 colours, as over SSH): what every key and
// every save an agent makes costs to draw.
func BenchmarkCaseScreenView(b *testing.B) { caseScreenFrames(b, func(a *app) { _ = a.View() }) }

// BenchmarkCaseScreenViewLines is BenchmarkCaseScreenView as a team
// server draws it: by line, for its frame writer, never joined.
func BenchmarkCaseScreenViewLines(b *testing.B) {
	caseScreenFrames(b, func(a *app) { _ = a.viewLines() })
}

// caseScreenFrames draws the case screen with draw, its case pane drawn
// afresh each time.
func caseScreenFrames(b *testing.B, draw func(*app)) {
	a, _ := sshCaseScreen(b)
	cp := a.panes[paneCase].(*casePane)
	for b.Loop() {
		a.frame.ok = false
		cp.rev++ // as a key to the pane would
		draw(a)
	}
}

// BenchmarkNoteKeyCaseScreen is one key typed into a note on a team
// server's case screen (120×34, 256 colours), through Update and View as
// Bubble Tea runs them: what each of an agent's own keys costs the server.
// The case, its card and its timeline are as they were; only the note's
// lines change.
func BenchmarkNoteKeyCaseScreen(b *testing.B) {
	a, hs := sshCaseScreen(b)
	hs.send(keyMsg("n"))
	if a.panes[paneCase].(*casePane).doing() != WritingNote {
		b.Fatal("the note editor is not open")
	}
	_ = a.View()
	for i := 0; b.Loop(); i++ {
		// twenty letters, then twenty backspaces: a short note, as agents
		// type them, that does not grow without end
		k := keyMsg(string(rune('a' + i%20)))
		if i%40 >= 20 {
			k = keyMsg("backspace")
		}
		_, _ = a.Update(k)
		_ = a.View()
	}
}

// sshCaseScreen is a team server's screen (120×34, 256 colours, as over
// SSH) showing case 1042 of the case pane's fixture.
func sshCaseScreen(b *testing.B) (*app, *harness) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	a := newRoot(repeatCustomerDesk(), Options{Agent: cpAgent, Now: func() time.Time { return cpNow }, Location: time.UTC,
		Styles: NewStylesFor(r, DefaultTheme())})
	a.e.timer = noTimer
	hs := &harness{t: b, a: a}
	hs.send(tea_WindowSize(120, 34))
	hs.run(a.Init())
	hs.send(openCaseMsg{id: 1042})
	if a.focus != paneCase || !a.panes[paneCase].(*casePane).ready() {
		b.Fatal("the case is not on screen")
	}
	return a, hs
}

// BenchmarkStatusSaveCaseScreen is an agent's own save on a team server's
// case screen (120×34, 256 colours): s and a status's digit, the save and
// its answer, with a View after every message as Bubble Tea draws. It
// flips the case between open and pending; the header is drawn again at
// every save, the card only when its count of open cases moves, the
// timeline's lines only for the new event.
func BenchmarkStatusSaveCaseScreen(b *testing.B) {
	a, _ := sshCaseScreen(b)
	cp := a.panes[paneCase].(*casePane)
	svc := a.e.svc.(*casePaneService)
	n0 := len(svc.events[cp.c.ID])
	views, cards, details, events := 0, cp.custRev, cp.detailsDrawn, cp.tlKept.n
	for i := 0; b.Loop(); i++ {
		// the timeline stays as long as it is: the last save's event
		// is forgotten before the next save
		svc.mu.Lock()
		svc.events[cp.c.ID] = svc.events[cp.c.ID][:n0]
		svc.mu.Unlock()
		digit := "2" // pending, then open again
		if i%2 == 1 {
			digit = "1"
		}
		for _, k := range []string{"s", digit} {
			msgs := []tea.Msg{keyMsg(k)}
			for len(msgs) > 0 {
				_, cmd := a.Update(msgs[0])
				_ = a.View()
				views++
				msgs = append(msgs[1:], runNow(cmd)...)
			}
		}
	}
	if cp.saving || cp.ed != nil {
		b.Fatal("the save did not come back")
	}
	b.ReportMetric(float64(views)/float64(b.N), "views/op")
	b.ReportMetric(float64(cp.custRev-cards)/float64(b.N), "card-draws/op")
	b.ReportMetric(float64(cp.detailsDrawn-details)/float64(b.N), "details-draws/op")
	b.ReportMetric(float64(cp.tlKept.n-events)/float64(b.N), "events-drawn/op")
}

// BenchmarkNoteOpenCaseScreen is a note opened, typed, and discarded on a
// team server's case screen, with a View after every message: what the
// note editor costs to open and close, its text area above all.
func BenchmarkNoteOpenCaseScreen(b *testing.B) {
	a, _ := sshCaseScreen(b)
	cp := a.panes[paneCase].(*casePane)
	for b.Loop() {
		for _, k := range []string{"n", "checked", "esc", "y"} {
			msgs := []tea.Msg{keyMsg(k)}
			for len(msgs) > 0 {
				_, cmd := a.Update(msgs[0])
				_ = a.View()
				msgs = append(msgs[1:], runNow(cmd)...)
			}
		}
	}
	if cp.ed != nil {
		b.Fatal("the note did not close")
	}
}
