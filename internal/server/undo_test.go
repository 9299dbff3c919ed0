package server

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Over real SSH, undo works as locally and through the guard: an agent
// takes back their claim; a case another agent changed since is refused
// naming them; what the agent may no longer change (a case handed to a
// colleague) is refused by the desk's rules (issue #14).
func TestUndoOnTheTeamServer(t *testing.T) {
	ana, bo, chen := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent"), newTestAgent(t, "chen", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana, bo, chen)
	sb := d.open(bo, 110, 30)

	sb.openCase("T-000004")
	before := d.caseByExt("T-000004")
	if before.Assignee != "" {
		t.Fatalf("fixture: T-000004 assigned to %q", before.Assignee)
	}
	sb.waitFor(sb.command("claim"), "claimed case")
	sb.waitFor(sb.command("undo"), "undone: claimed case")
	c := d.caseByExt("T-000004")
	if c.Assignee != "" || c.Status != before.Status {
		t.Fatalf("after undo: assignee %q status %v, want %q %v", c.Assignee, c.Status, before.Assignee, before.Status)
	}
	evs, err := d.db.Events(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Kind != model.EventUndone || last.Author != "bo" {
		t.Fatalf("last event %+v", last)
	}

	// ana changes the case after bo's action: bo's undo is refused, naming her.
	sb.waitFor(sb.command("claim"), "claimed case")
	sb.waitFor(sb.command("status pending"), "set case")
	m := sb.mark()
	if _, err := d.db.Act(c.ID, 0, "ana", model.SetPriority{To: model.PriorityUrgent}); err != nil {
		t.Fatal(err)
	}
	// bo sees her change before he undoes: its status line would
	// otherwise replace the refusal's if both came in one frame.
	sb.waitFor(m, "case #4 updated by ana")
	sb.waitFor(sb.command("undo"), "was changed by ana since")
	if got := d.caseByExt("T-000004"); got.Status != model.StatusPending || got.Priority != model.PriorityUrgent {
		t.Fatalf("a refused undo changed the case: %v %v", got.Status, got.Priority)
	}

	// bo hands his case to chen: taking it back is a lead's.
	sb.openCase("T-000006")
	sb.waitFor(sb.command("claim"), "claimed case")
	sb.waitFor(sb.command("assign chen"), "assigned case")
	sb.waitFor(sb.command("undo"), "only a lead can reassign chen's case")
	if got := d.caseByExt("T-000006"); got.Assignee != "chen" {
		t.Fatalf("the guard let bo take chen's case back: %q", got.Assignee)
	}
	mustCheck(t, d.db)
}
