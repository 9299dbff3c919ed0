package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// A 5 MB paste into a note is refused whole, with the limit stated; the
// note keeps what was typed before it and saves exactly that. Before, the
// first 65,536 characters went in and "note saved" followed.
func TestNotePasteOverTheLimitIsRefusedWhole(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("n", "Called back.")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("x", 5<<20)), Paste: true})
	h.mustShow("that text is 5.0 MB: a note holds at most 64 KB, so none of it was added")
	h.keys("ctrl+s")
	evs, _ := h.svc.Events(1042)
	if last := evs[len(evs)-1]; last.Kind != model.EventNote || last.To != "Called back." {
		t.Fatalf("last event %+v", last)
	}
	// A paste that fits still goes in whole.
	h.keys("n")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("y", 60<<10)), Paste: true})
	h.keys("ctrl+s")
	evs, _ = h.svc.Events(1042)
	if last := evs[len(evs)-1]; last.Kind != model.EventNote || len(last.To) != 60<<10 {
		t.Fatalf("a 60 KB note: %d bytes saved", len(evs[len(evs)-1].To))
	}
}
