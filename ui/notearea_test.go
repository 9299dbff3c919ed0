package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// A screen writes its notes in one text area (textarea.New costs ~240
// KB): emptied when a note closes, so nothing of one note, discarded or
// saved, reaches the next, on this case or another.
func TestNoteAreaReusedEmpty(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("n", "first line", "enter", "secret for 1042", "enter", "third", "esc", "y")
	if h.p.Capturing() || h.p.spareArea == nil {
		t.Fatalf("the discarded note's area was not kept (editor open %v)", h.p.Capturing())
	}
	noText := func(what string) {
		t.Helper()
		ne, ok := h.p.ed.(*noteEditor)
		if !ok {
			t.Fatalf("%s: the note editor is not open", what)
		}
		if v := ne.ta.Value(); v != "" {
			t.Fatalf("%s: the new note holds %q", what, v)
		}
		h.mustShow("internal note — only agents see it")
		for _, old := range []string{"first line", "secret for 1042", "third", "rang back"} {
			if strings.Contains(h.view(), old) {
				t.Fatalf("%s: the new note shows %q of an earlier one", what, old)
			}
		}
	}

	h.open(2001)
	h.keys("n")
	if h.p.spareArea != nil {
		t.Fatal("the kept area was not taken by the next note")
	}
	noText("another case")
	h.keys("rang back", "ctrl+s")
	evs, _ := h.svc.Events(2001)
	if last := evs[len(evs)-1]; last.Kind != model.EventNote || last.To != "rang back" {
		t.Fatalf("the note saved %+v, want exactly what was typed", last)
	}
	if h.p.spareArea == nil {
		t.Fatal("the saved note's area was not kept")
	}
	h.keys("n")
	noText("after a save")

	// a long note's area is left to the collector: emptying it would take
	// two keys a line
	h.keys("x")
	for range maxEmptiedLines {
		h.keys("enter", "x")
	}
	h.keys("esc", "y")
	if h.p.spareArea != nil {
		t.Fatal("a note of more than maxEmptiedLines lines was kept")
	}
	h.keys("n")
	noText("after a long note")
}
