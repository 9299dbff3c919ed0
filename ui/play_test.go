package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// queueIDs lists the case ids of the queue's view, in order.
func queueIDs(h *harness) []model.CaseID {
	snap, list := h.a.testQueue().ix.Snapshot(), h.a.testQueue().ix.List()
	ids := make([]model.CaseID, len(list))
	for i, ri := range list {
		ids[i] = snap.At(ri).ID()
	}
	return ids
}

// TestPlayModeVisitsTheStartingViewOnce is the property: from the first
// case of a view, ] visits every case of that view exactly once, in the
// order the agent saw, whatever is done to the cases on the way — claimed
// (they leave "Unassigned"), resolved, made urgent (they jump to the
// top), reassigned — by the agent or by someone else.
func TestPlayModeVisitsTheStartingViewOnce(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			svc := newTestService(300)
			h := newHarness(t, svc, 120, 30)
			h.subscribe()
			h.run(h.a.runCommand("view unassigned"))
			if h.a.testQueue().ix.View() != caseindex.ViewUnassigned {
				t.Fatal("not on the unassigned view")
			}
			start := queueIDs(h)
			if len(start) < 10 {
				t.Fatalf("only %d unassigned cases", len(start))
			}
			h.keys("g", "enter")
			var seen []model.CaseID
			for range 2 * len(start) {
				id := h.a.opened
				seen = append(seen, id)
				if want := fmt.Sprintf("%d of %d", len(seen), len(start)); !strings.Contains(h.view(), want) {
					t.Fatalf("case %d: the header lacks %q:\n%s", id, want, h.view())
				}
				switch r.IntN(6) {
				case 0:
					h.keys("c") // the agent claims it: it leaves the view
				case 1:
					svc.Act(id, 0, "ana", model.SetStatus{To: model.StatusResolved})
				case 2:
					// someone makes a later case urgent: it moves up
					later := start[min(len(start)-1, len(seen)+r.IntN(5))]
					svc.Act(later, 0, "bo", model.SetPriority{To: model.PriorityUrgent})
				case 3:
					svc.Act(id, 0, "bo", model.Assign{To: "bo"})
				}
				h.pump()
				h.keys("]")
				if h.a.opened == id {
					break // the end of the list
				}
			}
			if !slices.Equal(seen, start) {
				t.Fatalf("play visited %d cases, the view had %d:\nvisited %v\nstarted %v", len(seen), len(start), seen, start)
			}
			if !strings.Contains(h.a.statusText, "no next case") {
				t.Errorf("at the end: status %q", h.a.statusText)
			}
			h.keys("[", "[")
			if h.a.opened != start[len(start)-3] {
				t.Errorf("[ [ from the last case opened %d, want %d", h.a.opened, start[len(start)-3])
			}
		})
	}
}
