package ui

import (
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
