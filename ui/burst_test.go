package ui

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// A tag typed fast reaches the picker as one burst: it is text, even when
// it spells a key's name, and it is filtered once.
func TestTagPickerTakesABurstAsText(t *testing.T) {
	svc := newMemService(func() time.Time { return testNow })
	svc.add(model.Case{Subject: "Parcel missing", CreatedAt: testNow.Add(-time.Hour), Status: model.StatusOpen, Assignee: "ana"}, model.Customer{})
	h := newHarness(t, svc, 120, 30)
	h.send(openCaseMsg{id: 1})
	h.keys("t")
	if _, ok := h.a.panes[paneCase].(*casePane).ed.(*tagPicker); !ok {
		t.Fatal("t did not open the tag picker")
	}
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("left")}) // one burst, as a fast typist sends
	tp := h.a.panes[paneCase].(*casePane).ed.(*tagPicker)
	if got := tp.input.Value(); got != "left" {
		t.Fatalf("the picker's input holds %q, want the typed text", got)
	}
	h.keys("/x", "enter")
	c, _ := svc.Case(1)
	if !c.HasTag("left/x") {
		t.Fatalf("the typed tag was not added: %v", c.Tags)
	}
}
