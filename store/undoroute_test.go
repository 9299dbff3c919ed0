package store

import (
	"path/filepath"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Undoing the tag that routed a case takes the route back with it, in the
// same write: the team, the assignee and the tags as they were (a
// new-user finding: the case stayed in delivery's queue, unassigned,
// without the tag that sent it there).
func TestUndoTagTakesTheRouteBack(t *testing.T) {
	clk := newClock()
	db := openTeams(t, filepath.Join(t.TempDir(), "care.db"), clk)
	mustImport(t, db, []model.ImportRow{
		teamRow("none", model.StatusOpen, model.ChannelEmail, "product/recall"),
		teamRow("bill", model.StatusOpen, model.ChannelEmail, "billing/refund"),
	})
	for _, tc := range []struct {
		ext  string
		acts []model.Action
	}{
		{"none", []model.Action{model.AddTag{Tag: "delivery/late"}}},
		{"bill", []model.Action{model.RemoveTag{Tag: "billing/refund"}, model.AddTag{Tag: "delivery/late"}}},
	} {
		was := caseBy(t, db, tc.ext)
		c, err := db.Act(was.ID, was.Version, "ana", tc.acts...)
		if err != nil || c.Team != "delivery" || c.Assignee == "" {
			t.Fatalf("%s: tag: %v team %q assignee %q", tc.ext, err, c.Team, c.Assignee)
		}
		c, err = db.Act(c.ID, c.Version, "ana", model.Undo{Before: model.UndoableOf(was), After: model.UndoableOf(c)})
		if err != nil {
			t.Fatalf("%s: undo: %v", tc.ext, err)
		}
		if c.Team != was.Team || c.Assignee != was.Assignee || c.Handoffs != was.Handoffs || !model.UndoableOf(c).Equal(model.UndoableOf(was)) {
			t.Errorf("%s: after undo team %q assignee %q handoffs %d tags %v, want team %q assignee %q handoffs %d tags %v",
				tc.ext, c.Team, c.Assignee, c.Handoffs, c.Tags, was.Team, was.Assignee, was.Handoffs, was.Tags)
		}
		evs, _ := db.Events(c.ID)
		if !hasRoute(evs, was.Team, "undone") {
			t.Errorf("%s: no route back to %q in %+v", tc.ext, was.Team, evs)
		}
		mustCheck(t, db)
	}
}
