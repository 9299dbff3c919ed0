package ui

import (
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// BenchmarkCaseScreenView is one full frame of a team server's screen
// showing a case (120×34, 256 colours, as over SSH): what every key and
// every save an agent makes costs to draw.
func BenchmarkCaseScreenView(b *testing.B) {
	a, _ := sshCaseScreen(b)
	cp := a.panes[paneCase].(*casePane)
	for b.Loop() {
		a.frame.ok = false
		cp.rev++ // as a key to the pane would
		_ = a.View()
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
