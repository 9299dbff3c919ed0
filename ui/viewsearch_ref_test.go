package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/caredesk/caredesk/model"
)

// A case reference typed with / in a saved view opens that case from any
// view: a customer on the phone gives the number of a closed case or
// another team's. Since / narrowed the view (issue #15) `#1` from My team
// said "0 matches" and enter "No case of view My team … matches". Only
// the reference leaves the view's query aside: other words still narrow.
func TestSlashCaseReferenceOpensACaseOutsideTheView(t *testing.T) {
	svc, _ := teamDesk(t, 400)
	var other *model.Case
	for id := model.CaseID(1); int(id) <= len(svc.cases); id++ {
		if c := svc.cases[id]; c != nil && c.Team != "billing" && !c.Status.Active() {
			other = c
			break
		}
	}
	if other == nil {
		t.Fatal("no closed case of another team: the test proves nothing")
	}
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	q := h.a.testQueue()
	team := other.Team
	for _, typed := range []string{fmt.Sprintf("#%d", other.ID), fmt.Sprint(other.ID), other.ExternalID} {
		if q.ix.Scope() == "" {
			t.Fatalf("%s: not in the My team view (scope %q)", typed, q.ix.Scope())
		}
		h.keys("/")
		h.typeText(typed)
		h.searched()
		list := q.ix.List()
		if len(list) == 0 || q.ix.Snapshot().At(list[0]).ID() != other.ID {
			t.Fatalf("%s: case #%d (%s, %s) is not listed first: %d listed", typed, other.ID, other.Status, team, len(list))
		}
		v := ansi.Strip(h.view())
		note := fmt.Sprintf("#%d · not in view My team (%s, %s)", other.ID, other.Status, team)
		if !strings.Contains(v, note) {
			t.Fatalf("%s: the search line does not say %q:\n%s", typed, note, v)
		}
		h.keys("enter")
		h.pump()
		if h.a.focus != paneCase || h.a.panes[paneCase].(*casePane).id != other.ID {
			t.Fatalf("%s: enter did not open case #%d:\n%s", typed, other.ID, ansi.Strip(h.view()))
		}
		h.keys("1", "esc") // back to the queue, then the view
		h.searched()
	}

	// Ordinary words still narrow, and count out of the view.
	h.keys("/")
	h.typeText("status:pending")
	h.searched()
	for _, ri := range q.ix.List() {
		if r := q.ix.Snapshot().At(ri); r.Status() != model.StatusPending || q.ix.Snapshot().Team(r) != "billing" {
			t.Fatalf("status:pending in My team lists case #%d (%s, %s)", r.ID(), r.Status(), q.ix.Snapshot().Team(r))
		}
	}
	if v := ansi.Strip(h.view()); strings.Contains(v, "not in view") || !strings.Contains(v, " of ") {
		t.Fatalf("status:pending: the search line is not the view's count:\n%s", v)
	}
}
