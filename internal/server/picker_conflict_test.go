package server

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Two agents with the status picker open on one case: when ana picks,
// bo's picker closes and says so, instead of marking the status the case
// had and letting bo's pick overwrite ana's unseen (a new-user finding on
// the team server; fixed in the case pane by b79ac7a, checked here on
// two real screens).
func TestStatusPickerClosesOnAColleaguesChange(t *testing.T) {
	d, sa, sb := bothOnACase(t)
	sb.mustStep("s", "being worked on")
	sa.mustStep("s", "being worked on")
	mb := sb.mark()
	sa.mustStep("2", "status → pending")
	sb.waitFor(mb, "the status picker closed, look and choose again")
	if c := d.caseByExt("T-000007"); c.Status != model.StatusPending {
		t.Fatalf("status %v, want ana's pending", c.Status)
	}
}

// The same agent on two screens: when one picks a status, the other's open
// picker marks the new one (it kept marking the old, and a pick of the old
// status said "already" while the case had moved on), and a pick there
// compares with the case as it is.
func TestStatusPickerFollowsTheSameAgentsOtherScreen(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 20}, ana)
	s1, s2 := d.open(ana, 120, 32), d.open(ana, 120, 32)
	s1.openCase("T-000007")
	s2.openCase("T-000007")
	s2.mustStep("s", "being worked on")
	s1.mustStep("s", "being worked on")
	m2 := s2.mark()
	s1.mustStep("2", "status → pending")
	s2.waitFor(m2, "• pending")
	s2.mustStep("2", "is already pending")
	s2.mustStep("s", "being worked on")
	s2.mustStep("1", "status → open")
	if c := d.caseByExt("T-000007"); c.Status != model.StatusOpen {
		t.Fatalf("status %v, want open", c.Status)
	}
}
