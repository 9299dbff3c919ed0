package ui

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"
)

// A tag typed fast reaches the picker as one burst: it is text, even when
// it spells a key's name, and it is filtered once.
func TestTagPickerTakesABurstAsText(t *testing.T) {
	svc, h := openOneCase(t)
	h.keys("t")
	if _, ok := h.a.panes[paneCase].(*casePane).ed.(*tagPicker); !ok {
		t.Fatal("t did not open the tag picker")
	}
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("left")}) // one burst, as a fast typist sends
	tp := h.a.panes[paneCase].(*casePane).ed.(*tagPicker)
	if got := tp.input.Value(); got != "left" {
		t.Fatalf("the picker's input holds %q, want the typed text", got)
	}
	h.keys("/x", "enter", "enter") // a new tag: the second enter creates it
	c, _ := svc.Case(1)
	if !c.HasTag("left/x") {
		t.Fatalf("the typed tag was not added: %v", c.Tags)
	}
}

// The suggester's ASCII prefilter keeps exactly what the fuzzy match
// would: the same suggestions in the same order.
func TestSuggesterPrefilterKeepsTheMatches(t *testing.T) {
	all := []string{"billing/refund", "billing/double-charge", "Refund/Requested", "shipping/late", "KELVIN/k",
		"\u212aelvin/sign", "café/noise", "screen/agent07-12", "load/agent07-40001-3", "r-e-f-u-n-d", "payments"}
	reference := func(q string) []string {
		type hit struct{ class, rank int }
		var hits []hit
		for _, m := range fuzzy.Find(q, all) {
			hits = append(hits, hit{matchClass(all[m.Index], q), m.Index})
		}
		slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.rank, b.rank)) })
		var out []string
		for _, h := range hits {
			out = append(out, all[h.rank])
		}
		return out
	}
	for _, q := range []string{"ref", "REF", "kel", "k", "cafe", "agent07-1", "screen/agent", "zzz", "b/d", "é"} {
		s := suggester{all: all}
		s.filter(q)
		if want := reference(q); !slices.Equal(s.matches, want) {
			t.Errorf("%q: %q, want %q", q, s.matches, want)
		}
	}
}

// A note typed fast reaches the editor as one burst and is saved as typed.
func TestNoteEditorTakesABurstAsText(t *testing.T) {
	svc, h := openOneCase(t)
	h.keys("n")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("called back, left a message")})
	h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	evs, _ := svc.Events(1)
	if len(evs) == 0 || evs[len(evs)-1].Kind != model.EventNote || evs[len(evs)-1].To != "called back, left a message" {
		t.Fatalf("the note was not saved as typed: %+v", evs)
	}
}

// openOneCase is an app on one case of ana's, opened.
func openOneCase(t *testing.T) (*memService, *harness) {
	svc := newMemService(func() time.Time { return testNow })
	svc.add(model.Case{Subject: "Parcel missing", CreatedAt: testNow.Add(-time.Hour), Status: model.StatusOpen, Assignee: "ana"}, model.Customer{})
	h := newHarness(t, svc, 120, 30)
	h.send(openCaseMsg{id: 1})
	return svc, h
}
