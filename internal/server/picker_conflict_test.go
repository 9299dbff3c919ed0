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
