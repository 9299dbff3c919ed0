package store

import (
	"slices"
	"testing"

	"github.com/caredesk/caredesk/model"
)

func TestQueueHeadOrder(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, newRowGen(4, 100).batch(2000))
	// Move some cases along so several statuses and follow-ups are mixed.
	for id := model.CaseID(1); id <= 2000; id += 7 {
		db.Act(id, 0, "ana", model.Claim{})
	}
	for id := model.CaseID(3); id <= 2000; id += 11 {
		db.Act(id, 0, "ana", model.SetStatus{To: model.StatusPending}, model.SetFollowUp{At: clk.Now()})
	}
	for id := model.CaseID(5); id <= 2000; id += 13 {
		db.Act(id, 0, "ana", model.SetStatus{To: model.StatusClosed})
	}
	statuses := []model.Status{model.StatusNew, model.StatusOpen, model.StatusPending}
	var all []model.Summary
	sla := db.SLA()
	db.EachSummary(func(s model.Summary) error {
		if slices.Contains(statuses, s.Status) {
			all = append(all, s)
		}
		return nil
	})
	slices.SortFunc(all, func(a, b model.Summary) int {
		if a.Priority != b.Priority {
			return int(a.Priority) - int(b.Priority)
		}
		if c := sla.Due(a.CreatedAt, a.FollowUp, a.Priority).Compare(sla.Due(b.CreatedAt, b.FollowUp, b.Priority)); c != 0 {
			return c
		}
		return int(a.ID) - int(b.ID)
	})
	for _, n := range []int{1, 50, 700, len(all) + 10} {
		head, err := db.QueueHead(statuses, n)
		if err != nil {
			t.Fatal(err)
		}
		want := all[:min(n, len(all))]
		if len(head) != len(want) {
			t.Fatalf("n=%d: %d cases, want %d", n, len(head), len(want))
		}
		for i := range want {
			if head[i].ID != want[i].ID {
				t.Fatalf("n=%d: position %d is case %d, want %d", n, i, head[i].ID, want[i].ID)
			}
		}
	}
	closed, _ := db.QueueHead([]model.Status{model.StatusClosed}, 5)
	if len(closed) != 5 || closed[0].Status != model.StatusClosed {
		t.Fatalf("%+v", closed)
	}
}
