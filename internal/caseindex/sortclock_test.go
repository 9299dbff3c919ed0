package caseindex

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// "priority, SLA due" puts, within a priority, every case whose SLA clock
// runs (by due time) before those with none: a pending case without a
// follow-up, whose paused clock's old due time once sorted it above late
// open cases (new-user finding), then finished ones — an urgent case still
// waiting on the customer sat among ~200 urgent closed ones in All
// (new-user finding NUT9).
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
			case !prev.status.Active() && r.status.Active():
				t.Fatalf("case %d (%v) before case %d (%v, still active)", prev.id, prev.status, r.id, r.status)
			case !prevRuns && runs:
				t.Fatalf("case %d (%v, no clock) before case %d (%v, due %v)", prev.id, prev.status, r.id, r.status, r.Due())
			case prevRuns && runs && prev.due > r.due:
				t.Fatalf("case %d due %v before case %d due %v", prev.id, prev.Due(), r.id, r.Due())
			}
		}
		prev = r
	}
	if waiting := countRows(snap, func(r *Row) bool { return r.status.Active() && !model.SLAApplies(r.status, r.follow != 0) }); waiting == 0 {
		t.Fatal("fixture: no active case without a clock")
	}
	if pausedSeen == 0 || pausedSeen == len(order) {
		t.Fatalf("fixture: %d of %d cases without a clock", pausedSeen, len(order))
	}
}

func countRows(snap *Snapshot, keep func(*Row) bool) int {
	n := 0
	for i := range snap.Len() {
		if keep(snap.At(int32(i))) {
			n++
		}
	}
	return n
}
