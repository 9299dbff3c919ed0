package caseindex

import (
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A queue out of sight keeps its counts exact while it follows the shared
// index by counts alone, moves none of its order, and, shown again
// (Follow), has the order, list and counts of a fresh sort.
func TestOutOfSightFollowsCountsThenSorts(t *testing.T) {
	db := newStore(t, 600)
	changes, stop := db.Subscribe()
	defer stop()
	ix, q := sharedLoaded(t, db)
	clk := NewClock(testNow, time.UTC)
	apply := func() {
		time.Sleep(10 * time.Millisecond) // the store's notices follow the commit
		for {
			select {
			case ch := <-changes:
				ix.Apply(ch)
				continue
			default:
			}
			return
		}
	}
	order := slices.Clone(q.order)
	for k := range 40 {
		id := model.CaseID(1 + k*13%600)
		var act model.Action
		switch k % 3 {
		case 0:
			act = model.SetStatus{To: []model.Status{model.StatusOpen, model.StatusPending, model.StatusResolved}[k%3]}
		case 1:
			act = model.Assign{To: []string{"ana", "bo", ""}[k%3]}
		default:
			act = model.SetPriority{To: model.Priorities[k%len(model.Priorities)]}
		}
		db.Act(id, 0, "bo", act) // a status the case cannot take is refused: no notice, no change
		if k == 0 {
			// ana's first case moves ana's views: counted afresh, as before
			if _, err := db.Act(2, 0, "bo", model.Assign{To: "ana"}); err != nil {
				t.Fatal(err)
			}
			apply()
			run(q, q.Follow())
			order = slices.Clone(q.order)
			continue
		}
		apply()
		if st := q.FollowCounts(); len(st.Work) > 0 || st.Listed {
			t.Fatalf("change %d: out of sight, the queue set off work or a new list", k)
		}
		if want := viewCounts(q.snap, q.snap.MeIndex("ana"), clk); q.counts != want {
			t.Fatalf("change %d: counts %v, want %v", k, q.counts, want)
		}
		if !slices.Equal(q.order, order) {
			t.Fatalf("change %d: out of sight, the order moved", k)
		}
	}
	run(q, q.Follow())
	me := q.snap.MeIndex("ana")
	want := sortAll(q.snap, q.sort)
	if !slices.Equal(q.order, want) {
		t.Fatal("shown again, the order differs from a fresh sort")
	}
	if w := filterView(q.snap, want, q.view, me, clk); !slices.Equal(q.list, w) {
		t.Fatalf("shown again, the list has %d rows, want %d", len(q.list), len(w))
	}
	if w := viewCounts(q.snap, me, clk); q.counts != w {
		t.Fatalf("shown again, counts %v, want %v", q.counts, w)
	}
	if !q.canPatch() {
		t.Fatal("shown again, the queue is not patched in place")
	}
}

// An agent's first case, while the queue is out of sight, is counted in
// their views by its row alone, as any other change: no recompute.
func TestOutOfSightTakesTheAgentsFirstCaseByCounts(t *testing.T) {
	db := newStore(t, 300)
	changes, stop := db.Subscribe()
	defer stop()
	ix, q := NewIndex(db), (*Queue)(nil)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	q = NewSharedQueue(ix, Config{Source: db, Agent: "dee", Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen})
	run(q, q.Start())
	if q.snap.MeIndex("dee") != 0 {
		t.Fatal("dee has a case already")
	}
	for _, id := range []model.CaseID{5, 9} {
		if _, err := db.Act(id, 0, "bo", model.Assign{To: "dee"}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(10 * time.Millisecond) // the store's notices follow the commit
	for n := 0; n < 2; n++ {
		ix.Apply(<-changes)
	}
	if st := q.FollowCounts(); len(st.Work) > 0 {
		t.Fatal("dee's first cases set off a recompute of the queue out of sight")
	}
	me := q.snap.MeIndex("dee")
	if me == 0 || q.me != me {
		t.Fatalf("the queue's agent is %d, want dee's %d", q.me, me)
	}
	if want := viewCounts(q.snap, me, NewClock(testNow, time.UTC)); q.counts != want {
		t.Fatalf("counts %v, want %v", q.counts, want)
	}
	if q.counts[ViewMine] == 0 {
		t.Fatal("dee's cases are not counted as hers")
	}
}

// The minute tick of a queue out of sight counts again the two views that
// move with the clock and sorts nothing (every screen of a team server
// ticks once a minute, together when opened together: a recompute each was
// a stall of seconds at 200 screens); shown again, the queue lists what
// the new clock does. With rows noted out of sight or none.
func TestOutOfSightTicksByCounts(t *testing.T) {
	for _, noted := range []bool{true, false} {
		db := newStore(t, 600)
		changes, stop := db.Subscribe()
		now := testNow
		ix := NewIndex(db)
		if err := ix.Load(); err != nil {
			t.Fatal(err)
		}
		q := NewSharedQueue(ix, Config{Source: db, Agent: "ana", Now: func() time.Time { return now }, Location: time.UTC, View: ViewFollowUps})
		run(q, q.Start())
		if noted {
			if _, err := db.Act(7, 0, "bo", model.SetPriority{To: model.PriorityUrgent}); err != nil {
				t.Fatal(err)
			}
			ix.Apply(<-changes)
			if st := q.FollowCounts(); len(st.Work) > 0 {
				t.Fatal("out of sight, a change set off work")
			}
		}
		stop()
		followUps := q.counts[ViewFollowUps]
		recomputes := ix.Recomputes()
		now = testNow.Add(30 * time.Hour) // tomorrow's follow-ups are due too
		if st := q.TickCounts(); len(st.Work) > 0 || st.Listed {
			t.Fatalf("noted %v: out of sight, the tick set off work or a new list", noted)
		}
		if n := ix.Recomputes(); n != recomputes {
			t.Fatalf("noted %v: out of sight, the tick recomputed the queue %d times", noted, n-recomputes)
		}
		clk := NewClock(now, time.UTC)
		me := q.snap.MeIndex("ana")
		if want := viewCounts(q.snap, me, clk); q.counts != want {
			t.Fatalf("noted %v: after the tick, counts %v, want %v", noted, q.counts, want)
		}
		if q.counts[ViewFollowUps] == followUps {
			t.Fatalf("noted %v: the clock moved a day and the follow-ups count stayed %d", noted, followUps)
		}
		run(q, q.Follow())
		want := filterView(q.snap, sortAll(q.snap, q.sort), ViewFollowUps, me, clk)
		if !slices.Equal(q.list, want) {
			t.Fatalf("noted %v: shown again, the follow-ups list has %d rows, want %d", noted, len(q.list), len(want))
		}
		if w := viewCounts(q.snap, me, clk); q.counts != w {
			t.Fatalf("noted %v: shown again, counts %v, want %v", noted, q.counts, w)
		}
	}
}
