package caseindex

import (
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A saved view narrowed with / is the view's query and the words typed,
// both holding: the same key in both is their intersection, through the
// filter plan's tables and through the filters it leaves to Match.
func TestFilterPlanOfANarrowedView(t *testing.T) {
	snap := loaded(t, 3000)
	pairs := [][2]string{
		{"status:active priority:urgent priority:high", "status:pending"},
		{"channel:phone status:new", "status:open"},
		{"status:new status:open", "status:open status:pending"},
		{"@ana @bo", "@bo @chen"},
		{"tag:billing/", "tag:billing/refund tag:delivery/"},
		{"is:overdue", "-is:overdue"},
		{"created:2026-11", "created:2026-W47"},
		{"customer:silva", `customer:"dee silva"`},
		{"-status:resolved -status:closed", "status:resolved"},
	}
	for _, p := range pairs {
		view, typed := parsed(t, p[0]), parsed(t, p[1])
		q := view.And(typed)
		plan := newFilterPlan(q, snap, testNow, "ana", snap.sla)
		hits, joined := 0, 0
		both := parsed(t, p[0]+" "+p[1])
		for i := range snap.Len() {
			r := snap.At(int32(i))
			s, c := snap.Summary(r), snap.ModelCustomer(r)
			want := view.Match(s, c, testNow, "ana", snap.sla) && typed.Match(s, c, testNow, "ana", snap.sla)
			got := plan.tables(r) && (!plan.rest || plan.q.Match(s, c, testNow, "ana", snap.sla))
			if got != want {
				t.Fatalf("%q narrowed by %q: case %d: plan %v, want %v", p[0], p[1], r.id, got, want)
			}
			if want {
				hits++
			}
			if both.Match(s, c, testNow, "ana", snap.sla) {
				joined++
			}
		}
		t.Logf("%-45q / %-35q %4d hits (%d joined), rest %v", p[0], p[1], hits, joined, plan.rest)
	}
}

// SearchIn lists the view's cases that match the words typed, and keeps
// listing exactly those as change notices patch the list in place: a
// case changed into the typed status but out of the view stays out.
func TestSearchInNarrowsTheViewAlsoWhenPatched(t *testing.T) {
	db := newStore(t, 600)
	changes, stop := db.Subscribe()
	defer stop()
	q := newLoaded(t, db)
	const view, typed = "status:active priority:urgent priority:high", "status:pending"
	inBoth := func(r *Row) bool {
		s, c := q.snap.Summary(r), q.snap.ModelCustomer(r)
		return parsed(t, view).Match(s, c, testNow, "ana", q.snap.sla) && parsed(t, typed).Match(s, c, testNow, "ana", q.snap.sla)
	}
	want := func() []int32 {
		var out []int32
		for _, ri := range sortAll(q.snap, q.sort) {
			if inBoth(q.snap.At(ri)) {
				out = append(out, ri)
			}
		}
		return out
	}
	run(q, q.SearchIn(view, "", true))
	all, _ := q.Matches()
	run(q, q.Search(typed, true))
	if q.Scope() != view || q.Query() != typed {
		t.Fatalf("scope %q, query %q", q.Scope(), q.Query())
	}
	w := want()
	if len(w) == 0 || len(w) >= all {
		t.Fatalf("%d of the view's %d cases are pending: the test proves little", len(w), all)
	}
	if n, current := q.Matches(); !slices.Equal(q.list, w) || n != len(w) || !current {
		t.Fatalf("narrowed: %d listed (Matches %d, current %v), want the view's %d pending cases", len(q.list), n, current, len(w))
	}
	for round := range 3 {
		// Cases into pending out of the view (low priority), into the view
		// while pending, and out of pending.
		var pending, other []model.CaseID
		for i := range q.snap.Len() {
			r := q.snap.At(int32(i))
			if r.status == model.StatusPending && len(pending) < 3+round {
				pending = append(pending, r.ID())
			} else if r.status == model.StatusOpen && len(other) < 3+round {
				other = append(other, r.ID())
			}
		}
		for k, id := range pending {
			acts := []model.Action{model.SetPriority{To: model.PriorityUrgent}, model.SetPriority{To: model.PriorityLow}, model.SetStatus{To: model.StatusOpen}}
			db.Act(id, 0, "bo", acts[k%3])
		}
		for k, id := range other {
			acts := []model.Action{model.SetStatus{To: model.StatusPending}, model.SetPriority{To: model.PriorityHigh}}
			db.Act(id, 0, "bo", acts[k%2])
		}
		time.Sleep(10 * time.Millisecond) // the store's notices are sent after the commit
		pump(q, changes)
		if q.shown.cands != nil {
			t.Fatalf("round %d: the search ran again rather than being patched", round)
		}
		w := want()
		if n, current := q.Matches(); !slices.Equal(q.list, w) || n != len(w) || !current {
			t.Fatalf("round %d: %d listed (Matches %d, current %v), want %d", round, len(q.list), n, current, len(w))
		}
	}
	// Clearing the typed words lists the view again; clearing the query
	// leaves it.
	run(q, q.Search("", true))
	if n, _ := q.Matches(); q.Scope() != view || n <= len(want()) {
		t.Fatalf("the view again: scope %q, %d matches", q.Scope(), n)
	}
	run(q, q.ClearQuery())
	if q.Scope() != "" || q.Searched() {
		t.Fatal("ClearQuery kept the view's query")
	}
}

func parsed(t *testing.T, s string) model.Query {
	t.Helper()
	q, err := model.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// A saved view whose query is refused (a team: the desk does not have)
// lists no case under its error, never the whole desk of the view it was
// opened over (new-user finding: ":view bill backlog" listed every case).
func TestRefusedViewListsNothing(t *testing.T) {
	db := newStore(t, 200)
	q := newLoaded(t, db)
	r, err := model.NewRouting([]model.Team{{Name: "billing", Members: []string{"ana"}, Areas: []string{"billing"}}})
	if err != nil {
		t.Fatal(err)
	}
	q.cfg.Teams = r
	run(q, q.SetView(ViewAll))
	if len(q.List()) == 0 {
		t.Fatal("fixture: All lists nothing")
	}
	run(q, q.SearchIn("team:biling status:active", "", true))
	if q.QueryErr() == "" || len(q.List()) != 0 {
		t.Fatalf("error %q, %d cases listed", q.QueryErr(), len(q.List()))
	}
	if n, current := q.Matches(); n != 0 || !current || q.Searching() {
		t.Fatalf("Matches %d (current %v), searching %v", n, current, q.Searching())
	}
	// a change on the desk lists nothing either
	changes, stop := db.Subscribe()
	defer stop()
	ids := q.snap.At(q.order[0]).ID()
	if _, err := db.Act(ids, 0, "bo", model.SetPriority{To: model.PriorityUrgent}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	pump(q, changes)
	if len(q.List()) != 0 || q.QueryErr() == "" {
		t.Fatalf("after a change: %d listed, error %q", len(q.List()), q.QueryErr())
	}
	// the view left, the desk's list comes back
	run(q, q.ClearQuery())
	if q.QueryErr() != "" || len(q.List()) == 0 {
		t.Fatalf("after clearing: error %q, %d listed", q.QueryErr(), len(q.List()))
	}
}
