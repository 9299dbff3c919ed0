package caseindex

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// pump hands every change notice waiting to the queue, as a program's
// relay does, and then runs what they set off: the notices are applied
// together, as when they arrive faster than the loop turns.
func pump(q *Queue, changes <-chan model.Change) {
	var work []Work
	for {
		select {
		case ch := <-changes:
			work = append(work, q.Change(ch).Work...)
		default:
			run(q, Step{Work: work})
			return
		}
	}
}

// TestPatchMatchesRecompute applies live changes in place and checks the
// order, the list, the counts and the place of the selected case against
// a full recompute.
func TestPatchMatchesRecompute(t *testing.T) {
	db := newStore(t, 600)
	changes, stop := db.Subscribe()
	defer stop()
	q := newLoaded(t, db)
	checkPatched(t, q, func(id model.CaseID, act model.Action) { db.Act(id, 0, "bo", act) }, func() {
		time.Sleep(10 * time.Millisecond) // the store's notices are sent after the commit
		pump(q, changes)
	})
}

// checkPatched changes cases through change and, after settle, checks the
// queue's order, list, counts and the place of a case against a full
// recompute, in several views and sorts.
func checkPatched(t *testing.T, q *Queue, change func(model.CaseID, model.Action), settle func()) {
	t.Helper()
	check := func(when string) {
		t.Helper()
		me := q.snap.MeIndex("ana")
		clk := NewClock(testNow, time.UTC)
		order := sortAll(q.snap, q.sort)
		if !slices.Equal(q.order, order) {
			t.Fatalf("%s: the order differs from a fresh sort", when)
		}
		if want := filterView(q.snap, order, q.view, me, clk); !slices.Equal(q.list, want) {
			t.Fatalf("%s: the list has %d rows, want %d", when, len(q.list), len(want))
		}
		if want := viewCounts(q.snap, me, clk); q.counts != want {
			t.Fatalf("%s: counts %v, want %v", when, q.counts, want)
		}
	}
	for _, view := range []View{ViewOpen, ViewAll, ViewMine, ViewOverdue} {
		for range 2 {
			run(q, q.SetView(view))
			run(q, q.SetSort((q.Sort()+1)%NumSorts))
			settle()
			sel := q.snap.At(q.list[min(3, len(q.list)-1)]).ID()
			ids := []model.CaseID{sel}
			for _, ri := range q.list[:min(8, len(q.list))] {
				ids = append(ids, q.snap.At(ri).ID())
			}
			ids = append(ids, 3, 77, 599)
			for k, id := range ids {
				var act model.Action
				switch k % 4 {
				case 0:
					act = model.SetPriority{To: model.Priorities[k%len(model.Priorities)]}
				case 1:
					act = model.SetStatus{To: model.Statuses[k%len(model.Statuses)]}
				case 2:
					act = model.Assign{To: []string{"ana", "bo", ""}[k%3]}
				default:
					act = model.SetFollowUp{At: testNow.Add(time.Duration(k) * time.Hour)}
				}
				change(id, act)
			}
			settle()
			if q.pos != nil {
				t.Fatalf("view %s: the change was not applied in place", view)
			}
			check("view " + view.String())
			ri, _ := q.snap.Find(sel)
			if got, want := q.Place(ri), slices.Index(q.list, ri); got != want {
				t.Fatalf("view %s: case %d is at %d in the list, Place says %d", view, sel, want, got)
			}
		}
	}
}

// Queues on a shared index follow the changes its owner applies, each
// with its own view and sort, patched in place as a local queue is.
func TestSharedQueuesFollowTheIndex(t *testing.T) {
	db := newStore(t, 600)
	changes, stop := db.Subscribe()
	defer stop()
	ix := NewIndex(db)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	wake, unwatch := ix.Watch()
	defer unwatch()
	cfg := func(agent string) Config {
		return Config{Source: db, Agent: agent, Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen}
	}
	ana, bo := NewSharedQueue(ix, cfg("ana")), NewSharedQueue(ix, cfg("bo"))
	run(ana, ana.Start())
	run(bo, bo.Start())
	run(bo, bo.SetView(ViewMine))
	// The server's relay: every notice applied once, then the queues told.
	settle := func() {
		time.Sleep(10 * time.Millisecond)
		applyWaiting(ix, changes)
		select {
		case <-wake:
			run(ana, ana.Follow())
			run(bo, bo.Follow())
		default:
		}
	}
	checkPatched(t, ana, func(id model.CaseID, act model.Action) { db.Act(id, 0, "chen", act) }, settle)
	if bo.snap != ana.snap || bo.snap != ix.snap {
		t.Fatal("the queues do not read the index's latest snapshot")
	}
	me := bo.snap.MeIndex("bo")
	clk := NewClock(testNow, time.UTC)
	if want := filterView(bo.snap, sortAll(bo.snap, bo.sort), ViewMine, me, clk); !slices.Equal(bo.list, want) {
		t.Fatalf("bo's list has %d rows, want %d", len(bo.list), len(want))
	}
	if want := viewCounts(bo.snap, me, clk); bo.counts != want {
		t.Fatalf("bo's counts %v, want %v", bo.counts, want)
	}
}

// reposition moves one row within a sorted order as a delete and an
// insert would, for every pair of places.
func TestRepositionIsDeleteThenInsert(t *testing.T) {
	const n = 9
	for from := range n {
		for key := range uint64(2*n + 1) {
			keys := make([]uint64, n)
			s := make([]int32, n)
			for i := range s {
				s[i], keys[i] = int32(i), uint64(2*i+1) // odd keys: the new one (even) never ties
			}
			keys[from] = key
			cmpAt := func(e int32, t keyed) int { return cmpKeyed(keyed{keys[e], e}, t) }
			t0 := keyed{key, int32(from)}
			want := slices.Delete(slices.Clone(s), from, from+1)
			want = insertSorted(want, t0, cmpAt)
			reposition(s, from, t0, cmpAt)
			if !slices.Equal(s, want) {
				t.Fatalf("row %d to key %d: %v, want %v", from, key, s, want)
			}
		}
	}
}

// A change applied while a search runs leaves the snapshot the search
// reads as it was (the rows are copied); with no search running they are
// written in place.
func TestPatchCopiesRowsASearchReads(t *testing.T) {
	db := newStore(t, 300)
	q := newLoaded(t, db)
	change := func(id model.CaseID, to model.Priority) {
		t.Helper()
		c, err := db.Act(id, 0, "bo", model.SetPriority{To: to})
		if err != nil {
			t.Fatal(err)
		}
		run(q, q.Change(model.Change{Author: "bo", Cases: []model.Summary{c.Summary()}}))
	}
	ri, _ := q.snap.Find(5)
	before := q.snap
	change(5, model.PriorityUrgent)
	if before.At(ri).prio != model.PriorityUrgent {
		t.Fatal("with no search running, the row was copied rather than written in place")
	}

	search := q.Search("parcel", false) // running: not yet run
	reading := q.snap
	change(5, model.PriorityLow)
	if reading.At(ri).prio != model.PriorityUrgent {
		t.Fatal("a change was written into the snapshot a running search reads")
	}
	if q.snap.At(ri).prio != model.PriorityLow {
		t.Fatal("the change is not in the queue's snapshot")
	}
	run(q, search)
	if q.searches != 0 {
		t.Fatalf("%d searches still counted as running", q.searches)
	}
}

func TestSearchDropsStaleResults(t *testing.T) {
	q := newLoaded(t, genSource{n: 500})
	run(q, q.Search("ref", true))
	fresh := q.list
	// A result for an older query arrives late: it is not shown.
	stale := &searchResult{seq: q.seq - 1, gen: q.snap.gen, text: "r", list: []int32{1, 2, 3}}
	q.searches++
	q.Done(searchDone{res: stale})
	if !slices.Equal(q.list, fresh) || q.shown.seq != q.seq {
		t.Fatal("a stale search result replaced the current one")
	}
	// The running query wins over every earlier one.
	first := q.Search("refu", true)
	second := q.Search("refun", true)
	run(q, second)
	got := slices.Clone(q.list)
	run(q, first)
	if !slices.Equal(q.list, got) || q.shown.text != "refun" {
		t.Fatalf("shown %q", q.shown.text)
	}
}

// A full-text index answers for the words: its cases are listed best
// first, the most recent first among equals, the filters still apply, and
// without an answer the words are fuzzy-matched.
func TestWordsFuncAnswersTheText(t *testing.T) {
	src := genSource{n: 2000}
	answer := true
	words := func(q model.Query) ([]WordHit, bool, error) {
		if !answer || q.Text != "parcel" {
			return nil, false, nil
		}
		return []WordHit{{ID: 7, Score: 1}, {ID: 12, Score: 5}, {ID: 99999, Score: 9}, {ID: 40, Score: 5}}, true, nil
	}
	q := NewQueue(Config{Source: src, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, Words: words})
	run(q, q.Start())
	run(q, q.Search("parcel", true))
	var ids []model.CaseID
	for _, ri := range q.List() {
		ids = append(ids, q.snap.At(ri).ID())
	}
	// 12 and 40 tie: the more recent first.
	r12, _ := q.snap.Find(12)
	r40, _ := q.snap.Find(40)
	want := []model.CaseID{12, 40, 7}
	if q.snap.At(r40).created > q.snap.At(r12).created {
		want = []model.CaseID{40, 12, 7}
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("listed %v, want %v", ids, want)
	}
	st := q.snap.At(r12).Status()
	run(q, q.Search("status:"+st.String()+" parcel", true))
	for _, ri := range q.List() {
		if q.snap.At(ri).Status() != st {
			t.Fatalf("case %d fails the filter", q.snap.At(ri).ID())
		}
	}
	answer = false
	run(q, q.Search("refund", true))
	if n, _ := q.Matches(); n == 0 {
		t.Fatal("without the index's answer the words find nothing")
	}
}

// Notices that come while a recompute runs do not start another: the
// recompute's answer is patched forward with them when it comes. (A
// recompute for each such notice never ended on a team server, where
// notices come faster than 100k rows sort: every screen sorted all day.)
func TestNoticesDuringARecomputeArePatchedOn(t *testing.T) {
	db := newStore(t, 600)
	changes, stop := db.Subscribe()
	defer stop()
	ix, q := sharedLoaded(t, db)
	st := q.SetView(ViewMine) // the recompute, not run yet
	if len(st.Work) != 1 {
		t.Fatalf("SetView handed out %d works, want the recompute", len(st.Work))
	}
	before := q.snap
	for k, id := range []model.CaseID{3, 77, 599, 12} {
		c, err := db.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		// each a change: ana's first case, a status, a priority, a hand-over
		acts := []model.Action{model.Assign{To: "ana"}, model.SetStatus{To: model.StatusPending}, model.SetPriority{To: model.PriorityUrgent}, model.Assign{To: "bo"}}
		if c.Status == model.StatusPending {
			acts[1] = model.SetStatus{To: model.StatusOpen}
		}
		if c.Priority == model.PriorityUrgent {
			acts[2] = model.SetPriority{To: model.PriorityLow}
		}
		if c.Assignee == "bo" {
			acts[3] = model.Assign{To: "chen"}
		}
		if _, err := db.Act(id, 0, "bo", acts[k]); err != nil {
			t.Fatal(err)
		}
		ix.Apply(<-changes)
		if f := q.Follow(); len(f.Work) != 0 {
			t.Fatalf("a notice during a recompute handed out %d more works", len(f.Work))
		}
	}
	steps := run(q, st)
	if len(steps) != 2 {
		t.Fatalf("%d steps after the recompute, want it alone", len(steps)-1)
	}
	if q.snap != ix.snap || q.snap == before {
		t.Fatal("the queue did not catch up with the index")
	}
	me, clk := q.snap.MeIndex("ana"), NewClock(testNow, time.UTC)
	order := sortAll(q.snap, q.sort)
	if !slices.Equal(q.order, order) {
		t.Fatal("the order differs from a fresh sort")
	}
	if want := filterView(q.snap, order, ViewMine, me, clk); !slices.Equal(q.list, want) {
		t.Fatalf("the list has %d rows, want %d", len(q.list), len(want))
	}
	if want := viewCounts(q.snap, me, clk); q.counts != want {
		t.Fatalf("counts %v, want %v", q.counts, want)
	}
}

// The minute's tick recounts overdue and follow-ups on the loop, handing
// out no recompute, and every count equals a full recount at the new
// time; a list of a clock's view is recomputed as before.
func TestTickRecountsTheClocksViews(t *testing.T) {
	db := newStore(t, 600)
	now := testNow
	q := NewQueue(Config{Source: db, Agent: "ana", Now: func() time.Time { return now }, Location: time.UTC, View: ViewOpen})
	run(q, q.Start())
	list := slices.Clone(q.list)
	before := q.counts
	for _, later := range []time.Duration{3 * time.Hour, 30 * time.Hour, 300 * time.Hour} {
		now = testNow.Add(later)
		if st := q.Tick(); len(st.Work) != 0 {
			t.Fatalf("the tick handed out %d works, want the counts taken at once", len(st.Work))
		}
		if want := viewCounts(q.snap, q.snap.MeIndex("ana"), NewClock(now, time.UTC)); q.counts != want {
			t.Fatalf("%s later: counts %v, want %v", later, q.counts, want)
		}
		if !slices.Equal(q.list, list) {
			t.Fatal("the tick changed the Open view's list")
		}
	}
	if q.counts[ViewOverdue] == before[ViewOverdue] && q.counts[ViewFollowUps] == before[ViewFollowUps] {
		t.Fatal("300 hours later nothing more is overdue or due: the test shows nothing")
	}
	run(q, q.SetView(ViewOverdue))
	now = now.Add(100 * time.Hour)
	run(q, q.Tick())
	clk := NewClock(now, time.UTC)
	if want := filterView(q.snap, sortAll(q.snap, q.sort), ViewOverdue, q.snap.MeIndex("ana"), clk); !slices.Equal(q.list, want) {
		t.Fatalf("the overdue list has %d rows after the tick, want %d", len(q.list), len(want))
	}
}

// A search of filters alone follows change notices by the patch, as a
// view's list does, instead of running again for each: its list equals
// the rows that match the query, in the queue's order, after changes
// that move rows in, out and within it.
func TestFilterSearchIsPatched(t *testing.T) {
	db := newStore(t, 600)
	changes, stop := db.Subscribe()
	defer stop()
	q := newLoaded(t, db)
	const query = "status:open status:new priority:urgent priority:high"
	run(q, q.Search(query, true))
	if q.shown == nil || q.shown.cands == nil {
		t.Fatal("the search did not run")
	}
	pq, err := model.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		for k, ri := range q.list[:min(4, len(q.list))] {
			id := q.snap.At(ri).ID()
			acts := []model.Action{model.SetPriority{To: model.PriorityLow}, model.SetStatus{To: model.StatusPending},
				model.Assign{To: "bo"}, model.SetFollowUp{At: testNow.Add(time.Duration(round+1) * time.Hour)}}
			db.Act(id, 0, "bo", acts[k])
		}
		for _, id := range []model.CaseID{3, 77, 599, model.CaseID(100 + round)} {
			db.Act(id, 0, "bo", model.SetPriority{To: model.PriorityUrgent})
		}
		time.Sleep(10 * time.Millisecond)
		pump(q, changes)
		if q.shown.cands != nil {
			t.Fatalf("round %d: the search ran again rather than being patched", round)
		}
		var want []int32
		for _, ri := range sortAll(q.snap, q.sort) {
			r := q.snap.At(ri)
			if pq.Match(q.snap.Summary(r), q.snap.ModelCustomer(r), testNow, "ana", q.snap.sla) {
				want = append(want, ri)
			}
		}
		if !slices.Equal(q.list, want) {
			t.Fatalf("round %d: the list has %d rows, want %d", round, len(q.list), len(want))
		}
		if n, current := q.Matches(); n != len(want) || !current {
			t.Fatalf("round %d: Matches says %d (current %v), want %d", round, n, current, len(want))
		}
	}
}

// runNewestFirst does a step's work newest first: the order a busy
// machine may give, where the last work asked for ends first.
func runNewestFirst(q *Queue, st Step) {
	work := slices.Clone(st.Work)
	for len(work) > 0 {
		w := work[len(work)-1]
		work = work[:len(work)-1]
		work = append(work, q.Done(w()).Work...)
	}
}

// A query typed while every case is still loading is answered over all
// of them once they are: the search that starts with the load waits for
// its order (it found nothing when it ended before the sort, and stayed
// so — a new user's "No case matches" on the demo's first screen).
func TestQueryTypedWhileLoadingIsAnsweredWhenLoaded(t *testing.T) {
	src := genSource{n: 3000}
	want := newLoaded(t, src)
	run(want, want.Search("ref", true))
	if len(want.list) == 0 {
		t.Fatal("the control search found nothing")
	}
	for _, newestFirst := range []bool{false, true} {
		q := NewQueue(Config{Source: src, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen})
		start := q.Start()
		head := q.Done(start.Work[0]()) // the first page is on screen; the load runs
		typed := q.Search("ref", true)
		all := Step{Work: append(slices.Clone(head.Work), typed.Work...)}
		if newestFirst {
			runNewestFirst(q, all)
		} else {
			run(q, all)
		}
		if n, current := q.Matches(); !current || !slices.Equal(q.list, want.list) {
			t.Fatalf("newest first %v: %d matches (current %v), want the %d of a loaded queue", newestFirst, n, current, len(want.list))
		}
	}
}

// The team server applies notices while a resync's Load runs and screens
// read: every change lands in the index whichever way they interleave (a
// notice during a load is applied to the loaded rows too, and no Apply
// publishes rows a Load has replaced), as a fresh load of the store shows.
func TestApplyDuringLoadsKeepsEveryChange(t *testing.T) {
	db := newStore(t, 300)
	changes, stop := db.Subscribe()
	defer stop()
	ix := NewIndex(db)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	counted := ix.CountView(model.Query{}, "ana", testNow)
	relayed, done := make(chan struct{}), make(chan struct{})
	go func() { // the server's relay
		defer close(relayed)
		for {
			select {
			case ch := <-changes:
				ix.ApplyQuietly(ch)
			case <-done:
				applyWaiting(ix, changes)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // resyncs
		defer wg.Done()
		for range 5 {
			if err := ix.Load(); err != nil {
				t.Error(err)
			}
		}
	}()
	go func() { // a screen reading
		defer wg.Done()
		for range 2000 {
			snap, _, _ := ix.state()
			_ = snap.Len()
			counted.N()
		}
	}()
	prios := []model.Priority{model.PriorityLow, model.PriorityHigh, model.PriorityUrgent}
	for i := range 400 {
		if _, err := db.Act(model.CaseID(1+i%300), 0, "chen", model.SetPriority{To: prios[i%len(prios)]}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(done)
	<-relayed

	fresh := NewIndex(db)
	if err := fresh.Load(); err != nil {
		t.Fatal(err)
	}
	got, _, _ := ix.state()
	want, _, _ := fresh.state()
	if got.Len() != want.Len() {
		t.Fatalf("%d rows, a fresh load has %d", got.Len(), want.Len())
	}
	for i := range want.Len() {
		g, w := got.Summary(got.At(int32(i))), want.Summary(want.At(int32(i)))
		if g.ID != w.ID || g.Version != w.Version || g.Priority != w.Priority {
			t.Fatalf("row %d: case %d v%d %s, a fresh load has case %d v%d %s", i, g.ID, g.Version, g.Priority, w.ID, w.Version, w.Priority)
		}
	}
	if n, _ := counted.N(); n != want.Len() {
		t.Fatalf("the counted view has %d, want %d", n, want.Len())
	}
}
