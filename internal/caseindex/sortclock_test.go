package caseindex

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// "priority, SLA due" puts, within a priority, every case whose SLA clock
// runs (by due time) before those with none: a pending case without a
// follow-up, whose paused clock's old due time once sorted it above late
// open cases (new-user finding), and finished ones.
func TestUrgencySortPutsStoppedClocksLast(t *testing.T) {
	snap := loaded(t, 9000)
	order := sortAll(snap, SortUrgency)
	var prev *Row
	pausedSeen := 0
	for _, i := range order {
		r := snap.At(i)
		runs := model.SLAApplies(r.status, r.follow != 0)
		if !runs {
			pausedSeen++
		}
		if prev != nil && prev.prio.Or(model.PriorityNormal) == r.prio.Or(model.PriorityNormal) {
			prevRuns := model.SLAApplies(prev.status, prev.follow != 0)
			switch {
			case !prevRuns && runs:
				t.Fatalf("case %d (%v, no clock) before case %d (%v, due %v)", prev.id, prev.status, r.id, r.status, r.Due())
			case prevRuns && runs && prev.due > r.due:
				t.Fatalf("case %d due %v before case %d due %v", prev.id, prev.Due(), r.id, r.Due())
			}
		}
		prev = r
	}
	if pausedSeen == 0 || pausedSeen == len(order) {
		t.Fatalf("fixture: %d of %d cases without a clock", pausedSeen, len(order))
	}
}
