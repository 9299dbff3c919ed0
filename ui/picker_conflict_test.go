package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Two screens pick a priority at once and this one loses: the case is
// reloaded, the picker stays with the agent's pick under the cursor, and
// marks the value the case has now (• urgent, the colleague's), not the one
// it had when the picker opened — the lead sees what she would override.
func TestPickerThatLostAConflictMarksTheReloadedValue(t *testing.T) {
	h := newCPHarness(t, 100, 50).open(1042) // high
	h.keys("P")
	h.mustShow("• ! high")
	h.svc.bump(1042, "dana", model.SetPriority{To: model.PriorityUrgent}) // its notice not yet in
	h.keys("4")
	if s := h.lastStatus(); !strings.Contains(s.text, "changed by dana meanwhile") {
		t.Fatalf("status %+v, want the conflict told", s)
	}
	if h.p.ed == nil {
		t.Fatal("the picker closed: the agent's pick is lost")
	}
	v := h.view()
	if !strings.Contains(v, "• ‼ urgent") || strings.Contains(v, "• ! high") {
		t.Fatalf("the picker does not mark the reloaded urgent as current:\n%s", v)
	}
	if !strings.Contains(v, "▸ 4") {
		t.Fatalf("the agent's pick is no longer under the cursor:\n%s", v)
	}
	h.keys("enter")
	if c := h.caseNow(1042); c.Priority != model.PriorityLow {
		t.Fatalf("priority %v after enter, want low", c.Priority)
	}
}

// Someone else's change that leaves what a picker chooses as it was (a
// lead's tag rename on the case) keeps the agent's status picker open and
// their pick applies; a change of the status closes it (above). New-user
// finding: a tag rename closed every agent's open status picker and their
// next keys landed on the tabs.
func TestPickerStaysOpenOverATagChange(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	was := h.caseNow(1042).Status
	h.keys("s")
	c := h.svc.bump(1042, "dana", model.AddTag{Tag: "escalated"})
	h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: "dana"}))
	if _, ok := h.p.ed.(*choiceEditor); !ok {
		t.Fatalf("dana's tag closed the status picker: editor %T, status %+v", h.p.ed, h.lastStatus())
	}
	to := model.StatusPending
	if was == to {
		to = model.StatusResolved
	}
	h.keys(map[model.Status]string{model.StatusPending: "2", model.StatusResolved: "3"}[to])
	if got := h.caseNow(1042); got.Status != to || !slices.Contains(got.Tags, "escalated") {
		t.Fatalf("after the pick: status %v tags %v, want %v with dana's tag", got.Status, got.Tags, to)
	}
}
