package caseindex

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// TestFindMatchesAScan checks Find's bounds from the first and last ids
// against a scan, over ids with gaps (deleted or never-imported cases),
// for ids held, missing between, below the first and past the last.
func TestFindMatchesAScan(t *testing.T) {
	for _, ids := range [][]model.CaseID{
		{5},
		{1, 2, 3, 4, 5, 6, 7, 8},
		{3, 4, 9, 10, 11, 40, 41, 1000, 1001, 1002},
		{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22},
		{1, 2, 3, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 1 << 40},
	} {
		b := newBuilder(model.DefaultSLA)
		for _, id := range ids {
			b.appendRow(Row{id: id})
		}
		s := b.freeze()
		for id := model.CaseID(0); id <= ids[len(ids)-1]+2; id++ {
			if id > 2000 && id < ids[len(ids)-1]-2 {
				id = ids[len(ids)-1] - 2
			}
			want := int32(len(ids))
			for i, v := range ids {
				if v >= id {
					want = int32(i)
					break
				}
			}
			got, ok := s.Find(id)
			if got != want || ok != slices.Contains(ids, id) {
				t.Fatalf("ids %v: Find(%d) = %d, %v; a scan says %d, %v", ids, id, got, ok, want, slices.Contains(ids, id))
			}
		}
	}
}

// TestAppliedRowsAreMadeAfresh checks that a saved case's row is the row
// its summary makes from nothing — a status save keeps the old search
// text (remakeRow), which must be the text setText would build — for
// saves that leave the text and saves that change it (subject, hostile
// subject, external id, tags, customer, and a customer renamed in the
// same notice).
func TestAppliedRowsAreMadeAfresh(t *testing.T) {
	x := NewIndex(genSource{n: 300})
	if err := x.Load(); err != nil {
		t.Fatal(err)
	}
	g := genSource{n: 300}
	var sums []model.Summary
	g.each(func(s model.Summary) { sums = append(sums, s) })
	edits := []func(s *model.Summary) *model.Customer{
		func(s *model.Summary) *model.Customer { s.Status = model.StatusResolved; return nil },
		func(s *model.Summary) *model.Customer {
			s.Priority, s.Assignee = model.PriorityUrgent, "dee"
			return nil
		},
		func(s *model.Summary) *model.Customer { s.Subject += " (again)"; return nil },
		func(s *model.Summary) *model.Customer { s.Subject = "pay \x1b[2Jnow\u202e"; return nil },
		func(s *model.Summary) *model.Customer { s.ExternalID = "T-new"; return nil },
		func(s *model.Summary) *model.Customer { s.Tags = append(s.Tags, "billing/new"); return nil },
		func(s *model.Summary) *model.Customer { s.CustomerID = s.CustomerID%50 + 1; return nil },
		func(s *model.Summary) *model.Customer {
			c := g.customer(int(s.CustomerID) - 1)
			c.Name = "Renamed " + c.Name
			return &c
		},
	}
	for k := range 3 * len(edits) {
		s := sums[(k*37)%len(sums)]
		s.Version = uint64(k + 2)
		ch := model.Change{Author: "bo"}
		if c := edits[k%len(edits)](&s); c != nil {
			ch.Customers = []model.Customer{*c}
		}
		ch.Cases = []model.Summary{s}
		x.Apply(ch)
		snap, _, _ := x.state()
		ri, ok := snap.Find(s.ID)
		if !ok {
			t.Fatalf("case %d not in the index", s.ID)
		}
		want := x.b.makeRow(&s)
		if got := *snap.At(ri); got != want {
			t.Fatalf("edit %d of case %d: row %+v, made afresh %+v", k%len(edits), s.ID, got, want)
		}
	}
}

// TestPatchOfManyRowsMatchesRecompute is TestPatchMatchesRecompute for
// notices that change more rows than a patch scans (smallRows), some of
// them twice, in one flush: a bulk action's or an import's.
func TestPatchOfManyRowsMatchesRecompute(t *testing.T) {
	ix := NewIndex(genSource{n: 2000})
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	q := NewSharedQueue(ix, Config{Source: genSource{n: 2000}, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen})
	run(q, q.Start())
	var sums []model.Summary
	genSource{n: 2000}.each(func(s model.Summary) { sums = append(sums, s) })
	for round, n := range []int{smallRows - 1, smallRows + 1, 3 * smallRows} {
		for _, view := range []View{ViewOpen, ViewAll, ViewMine} {
			run(q, q.SetView(view))
			run(q, q.SetSort(Sort(round)%NumSorts))
			for k := range n {
				ch := model.Change{Author: "bo"}
				for j := range 3 { // three rows a notice, the third the next notice's first
					s := &sums[(k*2+j+round*101)*13%len(sums)]
					s.Version++
					s.Status = model.Statuses[(k+j+round)%len(model.Statuses)]
					s.Priority = model.Priorities[(k*j+round)%len(model.Priorities)]
					s.Assignee = []string{"ana", "bo", ""}[(k+j)%3]
					ch.Cases = append(ch.Cases, *s)
				}
				ix.ApplyQuietly(ch)
			}
			run(q, q.Follow())
			if q.pos != nil {
				t.Fatalf("%d notices, view %s: not patched in place", n, view)
			}
			me := q.snap.MeIndex("ana")
			clk := NewClock(testNow, time.UTC)
			order := sortAll(q.snap, q.sort)
			if !slices.Equal(q.order, order) {
				t.Fatalf("%d notices, view %s: the order differs from a fresh sort", n, view)
			}
			if want := filterView(q.snap, order, q.view, me, clk); !slices.Equal(q.list, want) {
				t.Fatalf("%d notices, view %s: the list has %d rows, want %d", n, view, len(q.list), len(want))
			}
			if want := viewCounts(q.snap, me, clk); q.counts != want {
				t.Fatalf("%d notices, view %s: counts %v, want %v", n, view, q.counts, want)
			}
		}
	}
}

// TestScreenOpeningAfterSavesPatchesTheSharedSort opens screens on a
// shared index a few saves after another screen sorted it, as a team
// server's screens open while agents save: each starts from that sort and
// patches the saves on — no sort of every row — and its order, list and
// counts are what a recompute of the latest state gives. Past maxCatchUp
// saves a screen sorts afresh, and the next starts from that sort.
func TestScreenOpeningAfterSavesPatchesTheSharedSort(t *testing.T) {
	src := genSource{n: 3000}
	ix := NewIndex(src)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Source: src, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen}
	first := NewSharedQueue(ix, cfg)
	run(first, first.Start())
	var sums []model.Summary
	src.each(func(s model.Summary) { sums = append(sums, s) })
	save := func(n int) {
		for k := range n {
			s := &sums[(k*7919+n)%len(sums)]
			s.Version++
			s.Status = model.Statuses[(k+n)%len(model.Statuses)]
			s.Assignee = []string{"ana", "bo", ""}[k%3]
			ix.ApplyQuietly(model.Change{Author: "bo", Cases: []model.Summary{*s}})
		}
	}
	check := func(q *Queue, when string) {
		t.Helper()
		snap, _, _ := ix.state()
		if q.snap != snap {
			t.Fatalf("%s: the queue is not on the latest snapshot", when)
		}
		me := snap.MeIndex("ana")
		clk := NewClock(testNow, time.UTC)
		order := sortAll(snap, q.sort)
		if !slices.Equal(q.order, order) {
			t.Fatalf("%s: the order differs from a fresh sort", when)
		}
		if want := filterView(snap, order, q.view, me, clk); !slices.Equal(q.list, want) {
			t.Fatalf("%s: the list has %d rows, want %d", when, len(q.list), len(want))
		}
		if want := viewCounts(snap, me, clk); q.counts != want {
			t.Fatalf("%s: counts %v, want %v", when, q.counts, want)
		}
	}
	// Saves since the first screen's sort: 1, 41, then maxCatchUp.
	for _, saves := range []int{1, 40, maxCatchUp - 41} {
		save(saves)
		sorts := ix.sortsRun
		for _, who := range []string{"ana", "bo"} {
			cfg.Agent = who
			q := NewSharedQueue(ix, cfg)
			run(q, q.Start())
			cfg.Agent = "ana"
			if who == "ana" {
				check(q, fmt.Sprintf("%d saves after the sort", saves))
			}
		}
		if ix.sortsRun != sorts {
			t.Fatalf("%d saves after the sort: screens opening sorted every row %d times", saves, ix.sortsRun-sorts)
		}
	}
	save(1)
	sorts := ix.sortsRun
	q := NewSharedQueue(ix, cfg)
	run(q, q.Start())
	check(q, "past maxCatchUp")
	if ix.sortsRun != sorts+1 {
		t.Fatalf("past maxCatchUp: %d sorts, want one afresh", ix.sortsRun-sorts)
	}
	save(3)
	q = NewSharedQueue(ix, cfg)
	run(q, q.Start())
	check(q, "3 saves after the fresh sort")
	if ix.sortsRun != sorts+1 {
		t.Fatal("a screen opening 3 saves after the fresh sort sorted again")
	}
}

// TestViewsOfIsInView checks viewsOf, every view at once, against inView
// of each, over every status and priority (valid or not), assignee (none,
// the agent, another; an agent with no cases), follow-up (none, due today,
// later) and due time (past, to come).
func TestViewsOfIsInView(t *testing.T) {
	clk := NewClock(testNow, time.UTC)
	n := 0
	for st := range 8 {
		for pr := range 7 {
			for _, who := range []uint32{0, 1, 2} {
				for _, me := range []uint32{0, 1} {
					for _, follow := range []int64{0, clk.now - 3600, clk.endOfDay - 1, clk.endOfDay, clk.endOfDay + 3600} {
						for _, due := range []int64{clk.now - 60, clk.now, clk.now + 60} {
							r := Row{status: model.Status(st), prio: model.Priority(pr), who: who, follow: follow, due: due}
							b := viewsOf(&r, me, clk)
							for v := range NumViews {
								if got, want := b>>v&1 != 0, inView(v, &r, me, clk); got != want {
									t.Fatalf("%+v, me %d: in %s %v, inView says %v", r, me, v, got, want)
								}
							}
							n++
						}
					}
				}
			}
		}
	}
	if n != 8*7*3*2*5*3 {
		t.Fatalf("%d rows checked", n)
	}
}
