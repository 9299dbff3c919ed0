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

// The tag picker reads the taxonomy when it opens unless it read it
// within tagsFresh and no tag was renamed, merged or retired since.
func TestTagPickerRereadsTheTaxonomyWhenStale(t *testing.T) {
	now := cpNow
	env := cpEnv(cpFixture())
	env.now = func() time.Time { return now }
	p := newCasePane(env)
	p.SetSize(120, 40)
	p.Update(p.Update(openCaseMsg{id: 1042})())
	open := func() tea.Cmd {
		t.Helper()
		cmd := p.openTags()
		p.closeEditor()
		return cmd
	}
	cmd := open()
	if cmd == nil {
		t.Fatal("the first picker did not read the taxonomy")
	}
	p.Update(cmd())
	if len(p.tags) == 0 {
		t.Fatal("no tags read")
	}
	if open() != nil {
		t.Fatal("the taxonomy was read again at once")
	}
	now = now.Add(tagsFresh)
	if cmd = open(); cmd == nil {
		t.Fatalf("not read again after %s", tagsFresh)
	}
	p.Update(cmd())
	p.Update(changeMsg(model.Change{Taxonomy: true}))
	if open() == nil {
		t.Fatal("not read again after a tag was renamed")
	}
}
