package server

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Over real SSH: an agent adds an internal note to a colleague's case
// (Zendesk allows it); what they may not do there is refused when they
// press the key, before anything is typed: r opens no composer, f no
// follow-up prompt (issue #14).
func TestAgentNotesAnyCaseAndIsRefusedBeforeTyping(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana, bo)
	c := d.caseByExt("T-000003")
	if _, err := d.db.Act(c.ID, 0, "ana", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	sb := d.open(bo, 110, 30)
	sb.openCase("T-000003")

	m := sb.mark()
	sb.keys("r")
	sb.waitFor(m, "only ana or a lead can log replies on it")
	if txt := sb.text(m); strings.Contains(txt, "Reply · mail is not set up") || strings.Contains(txt, "Reply to the customer") {
		t.Fatalf("the composer opened before the refusal:\n%s", tail(txt, 1500))
	}
	m = sb.mark()
	sb.keys("f")
	sb.waitFor(m, "only ana or a lead can set follow-ups on it")
	if txt := sb.text(m); strings.Contains(txt, "examples: tomorrow 9:00") {
		t.Fatalf("the follow-up prompt opened before the refusal:\n%s", tail(txt, 1500))
	}

	sb.mustStep("n", "save note")
	sb.mustStep("checked the statement with the customer", "checked the statement")
	m = sb.mark()
	sb.keys("\x13") // ctrl+s
	sb.waitFor(m, "note saved")
	evs, err := d.db.Events(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Kind != model.EventNote || last.Author != "bo" || last.To != "checked the statement with the customer" {
		t.Fatalf("last event %+v", last)
	}
	if got := d.caseByExt("T-000003"); got.Assignee != "ana" {
		t.Fatalf("a note moved the case to %q", got.Assignee)
	}
	mustCheck(t, d.db)
}
