package server

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// A team member missing from the agents file can never log in to act on a
// case: serve names them at start, and routing on the server gives them
// none (new-user finding: routed cases went to dee, whom nobody could
// then reassign from).
func TestServerRoutingSkipsTeamMembersNotInTheAgentsFile(t *testing.T) {
	teams, err := model.NewRouting([]model.Team{
		{Name: "delivery", Members: []string{"chen", "dee", "bo"}, Areas: []string{"shipping"}, Assign: model.AssignRoundRobin},
	})
	if err != nil {
		t.Fatal(err)
	}
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{routing: teams}, ana, bo)

	log := d.logBuf.String()
	if !strings.Contains(log, "team members not in the agents file") || !strings.Contains(log, `missing="chen, dee"`) {
		t.Errorf("serve's log does not name chen and dee as missing from the agents file:\n%s", log)
	}
	rows := testRows(1, 8, "Parcel late")
	for i := range rows {
		rows[i].Case.Tags = []string{"shipping/late"}
		rows[i].Case.Status = model.StatusOpen
	}
	if _, err := d.db.Import(rows); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 8; i++ {
		c := d.caseByExt(rows[i-1].Case.ExternalID)
		if c.Assignee != "bo" {
			t.Errorf("case %s routed to %q, want bo (chen and dee are not agents of this desk)", c.ExternalID, c.Assignee)
		}
	}
}

// report --filter over ssh names the desk's teams for one it does not
// have, as caredesk report does (new-user finding: team:nosuch counted 0).
func TestServerReportNamesTheTeams(t *testing.T) {
	teams, err := model.NewRouting([]model.Team{{Name: "delivery", Members: []string{"bo"}, Areas: []string{"shipping"}}})
	if err != nil {
		t.Fatal(err)
	}
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{routing: teams, cases: 3}, bo)
	if _, errOut, code := d.run(bo, "report --filter team:nosuch", nil); code != 1 ||
		errOut != "caredesk: report: team:nosuch: unknown team (delivery, none)\n" {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	if out, errOut, code := d.run(bo, "report --filter team:none", nil); code != 0 || !strings.Contains(out, "tag,period,count") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
