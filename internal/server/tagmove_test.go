package server

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// An agent's tag that routes a colleague's case to another team, off her,
// is said before it is added and takes a second enter; the agent's own
// undo of that tag puts back the team and the assignee it changed (an
// agent may not reassign dee's case, but taking back his own tag is his).
// New-user finding: bo's billing/refund took dee's phone case away
// without a word, and his u was refused.
func TestAgentsTagThatMovesAColleaguesCase(t *testing.T) {
	d, bo, ext := phoneCaseDesk(t, model.Team{Name: "billing", Members: []string{"bo"}, Areas: []string{"billing"}}, nil, "delivery", "dee")
	sb := d.open(bo, 140, 34)
	sb.openCase(ext)
	sb.mustStep("t", "tag, e.g.")
	sb.mustStep("billing/refund", "billing/refund moves it to billing and off dee — enter twice")
	sb.mustStep("\r", "enter again to move it to billing and off dee")
	if c := d.caseByExt(ext); c.Team != "delivery" || c.Assignee != "dee" || len(c.Tags) != 0 {
		t.Fatalf("the first enter changed the case: %q's in %q, tags %v", c.Assignee, c.Team, c.Tags)
	}
	sb.mustStep("\r", "tag billing/refund added")
	if c := d.caseByExt(ext); c.Team != "billing" || c.Assignee != "" {
		t.Fatalf("after the second enter: %q's in %q", c.Assignee, c.Team)
	}
	sb.mustStep("\x1b", "Timeline")
	sb.waitFor(sb.command("undo"), "undone: ")
	c := d.caseByExt(ext)
	if c.Team != "delivery" || c.Assignee != "dee" || len(c.Tags) != 0 {
		t.Fatalf("after bo's undo: %q's in %q, tags %v", c.Assignee, c.Team, c.Tags)
	}
	mustCheck(t, d.db)
}

// Taking off the tag that keeps a colleague's case in her team routes it
// by its channel, off her: said first, and only a third backspace (the
// first selects the tag) removes it. New-user finding: bo's two
// backspaces on ana's case left it unassigned in another team unwarned.
func TestAgentsUntagThatMovesAColleaguesCase(t *testing.T) {
	d, bo, ext := phoneCaseDesk(t, model.Team{Name: "billing", Members: []string{"ana"}, Areas: []string{"billing"}, Assign: model.AssignRoundRobin}, []string{"billing/refund"}, "billing", "ana")
	sb := d.open(bo, 140, 34)
	sb.openCase(ext)
	sb.mustStep("t", "tag, e.g.")
	sb.mustStep("\x7f", "without billing/refund it moves to delivery and off ana — backspace twice")
	sb.mustStep("\x7f", "backspace again to move it to delivery and off ana")
	if c := d.caseByExt(ext); c.Team != "billing" || c.Assignee != "ana" || len(c.Tags) != 1 {
		t.Fatalf("the second backspace changed the case: %q's in %q, tags %v", c.Assignee, c.Team, c.Tags)
	}
	sb.mustStep("\x7f", "tag billing/refund removed")
	if c := d.caseByExt(ext); c.Team != "delivery" || c.Assignee == "ana" || len(c.Tags) != 0 {
		t.Fatalf("after the third backspace: %q's in %q, tags %v", c.Assignee, c.Team, c.Tags)
	}
	mustCheck(t, d.db)
}

// phoneCaseDesk serves a desk of two teams, billing and delivery (dee, by the phone channel), to ana (lead),
// bo and dee, with one open phone case tagged tags that routing gave to
// team and assignee; it returns the desk, bo and the case's external id.
func phoneCaseDesk(t *testing.T, billing model.Team, tags []string, team, assignee string) (*desk, testAgent, string) {
	t.Helper()
	teams, err := model.NewRouting([]model.Team{
		billing,
		{Name: "delivery", Members: []string{"dee"}, Areas: []string{"shipping"}, Channels: []model.Channel{model.ChannelPhone}, Assign: model.AssignRoundRobin},
	})
	if err != nil {
		t.Fatal(err)
	}
	ana, bo, dee := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent"), newTestAgent(t, "dee", "agent")
	d := startDesk(t, deskOpts{routing: teams, cases: 4}, ana, bo, dee)
	rows := testRows(100, 1, "Phone call")
	rows[0].Case.Channel, rows[0].Case.Tags, rows[0].Case.Status = model.ChannelPhone, tags, model.StatusOpen
	if _, err := d.db.Import(rows); err != nil {
		t.Fatal(err)
	}
	ext := rows[0].Case.ExternalID
	if c := d.caseByExt(ext); c.Team != team || c.Assignee != assignee {
		t.Fatalf("fixture: %s is %q's in %q", ext, c.Assignee, c.Team)
	}
	return d, bo, ext
}
