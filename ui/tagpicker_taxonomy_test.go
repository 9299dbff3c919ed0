package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Two agents on one store: a tag bo creates is in ana's picker at her
// next t, with no time passing, and a tag bo retires says so.
func TestTagPickerSuggestsAColleaguesNewTagAtOnce(t *testing.T) {
	db, now := tagDesk(t, 40, nil)
	ana := newHarnessWith(t, db, *now, 120, 34, Options{Agent: "ana"})
	ana.send(openCaseMsg{id: 1})
	bo := newHarnessWith(t, db, *now, 120, 34, Options{Agent: "bo"})
	bo.send(openCaseMsg{id: 3})
	suggested := func(h *harness, typed string) []string {
		t.Helper()
		h.keys("t")
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(typed)})
		tp, ok := h.a.panes[paneCase].(*casePane).ed.(*tagPicker)
		if !ok {
			t.Fatal("t did not open the tag picker")
		}
		got := slices.Clone(tp.sugg.matches)
		h.keys("esc")
		return got
	}
	if got := suggested(ana, "fresh"); slices.Contains(got, "billing/fresh-start") {
		t.Fatalf("suggested before it exists: %q", got)
	}
	bo.keys("t")
	bo.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("billing/fresh-start")})
	bo.keys("enter", "enter", "esc") // a new tag: the second enter creates it
	if c, _ := db.Case(3); !c.HasTag("billing/fresh-start") {
		t.Fatalf("bo's tag was not added: %v", c.Tags)
	}
	if got := suggested(ana, "fresh"); len(got) == 0 || got[0] != "billing/fresh-start" {
		t.Fatalf("ana's picker suggests %q, not the tag bo just created", got)
	}
	if err := db.RetireTag("billing/fresh-start", true, "lead"); err != nil {
		t.Fatal(err)
	}
	ana.keys("t")
	ana.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("billing/fresh-start")})
	if v := ana.view(); !strings.Contains(v, "is retired") {
		t.Fatalf("the picker does not say the tag is retired:\n%s", v)
	}
}
