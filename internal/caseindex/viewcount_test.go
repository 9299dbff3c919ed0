package caseindex

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// newTeamStore is newStore's cases on a desk with two teams, so that
// cases are routed, transferred and handed off.
func newTeamStore(t *testing.T, n int, now func() time.Time) *store.DB {
	t.Helper()
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: []string{"ana", "bo"}, Areas: []string{"billing", "subscription"}, Assign: model.AssignRoundRobin},
		{Name: "delivery", Members: []string{"chen"}, Areas: []string{"delivery"}, Assign: model.AssignLeastOpen},
	})
	if err != nil {
		t.Fatal(err)
	}
	return newStoreWith(t, n, store.Options{Now: now, Routing: r})
}

// countedQueries are views of every kind: a team's, "My team", the
// agent's own (@me), the clock's (is:overdue, is:followup-today), a
// customer's, tags, negations, dates.
var countedQueries = []string{
	"team:billing status:active", "team:delivery status:active", "team:none",
	"status:active @me", "is:mine -status:pending", "is:overdue", "is:followup-today team:billing",
	"tag:billing/ -status:resolved", "is:untagged", "is:unassigned priority:urgent", "is:handedoff",
	"customer:silva", "created:2026-11 status:open", "refund status:new", "channel:email -priority:low",
}

// TestCountedViewsMatchRecount changes cases at random — status, priority,
// assignee, tags (which route), transfers, follow-ups, new cases, a
// customer's new name — applies each notice to a shared index and checks
// every counted view against a recount of the index's rows, also after
// the clock moves on a minute (and a day).
func TestCountedViewsMatchRecount(t *testing.T) {
	now := testNow
	clock := func() time.Time { return now }
	db := newTeamStore(t, 400, clock)
	changes, stop := db.Subscribe()
	defer stop()
	ix := NewIndex(db)
	var views []*CountedView
	var queries []model.Query
	add := func(raw, me string) {
		q, err := model.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		views = append(views, ix.CountView(q, me, now))
		queries = append(queries, q)
	}
	for _, raw := range countedQueries[:3] { // asked for before the index loads
		add(raw, "ana")
	}
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	for _, raw := range countedQueries {
		add(raw, "ana")
	}
	add("status:active @me", "bo") // another agent's: a count of its own
	mes := map[*CountedView]string{}
	for i, v := range views {
		mes[v] = "ana"
		if i == len(views)-1 {
			mes[v] = "bo"
		}
	}
	counted := now.Truncate(time.Minute)
	check := func(when string) {
		t.Helper()
		snap, _, _ := ix.state()
		for i, v := range views {
			n, ok := v.N()
			if want := snap.Count(queries[i], counted, mes[v]); !ok || n != want {
				t.Fatalf("%s: view %q (for %s) counts %d (ok %v), a recount says %d", when, queries[i].String(), mes[v], n, ok, want)
			}
		}
	}
	settle := func() {
		time.Sleep(5 * time.Millisecond) // the store's notices follow the commit
		applyWaiting(ix, changes)
	}
	check("loaded")
	rng := rand.New(rand.NewPCG(15, 5))
	for round := range 30 {
		for range 1 + rng.IntN(8) {
			id := model.CaseID(1 + rng.IntN(400))
			var act model.Action
			switch rng.IntN(8) {
			case 0:
				act = model.SetPriority{To: model.Priorities[rng.IntN(len(model.Priorities))]}
			case 1:
				act = model.SetStatus{To: model.Statuses[rng.IntN(len(model.Statuses))]}
			case 2:
				act = model.Assign{To: []string{"ana", "bo", "chen", ""}[rng.IntN(4)]}
			case 3:
				act = model.AddTag{Tag: genTags[rng.IntN(len(genTags))]}
			case 4:
				act = model.RemoveTag{Tag: genTags[rng.IntN(len(genTags))]}
			case 5:
				act = model.Transfer{Team: []string{"billing", "delivery"}[rng.IntN(2)]}
			case 6:
				act = model.SetFollowUp{At: now.Add(time.Duration(rng.IntN(72)-24) * time.Hour)}
			default:
				ext := fmt.Sprint("N-", round*100+rng.IntN(100))
				_, err := db.Import([]model.ImportRow{{Source: "t", Line: 1, Case: model.Case{ExternalID: ext, CreatedAt: now,
					Subject: "new", Tags: []string{genTags[rng.IntN(len(genTags))]}},
					Customer: model.Customer{Name: "Zoe Silva", Email: ext + "@example.com"}}})
				if err != nil {
					t.Fatal(err)
				}
				continue
			}
			if c, err := db.Case(id); err == nil {
				db.Act(id, c.Version, "bo", act) // a refusal (resolving a resolved case) is a change too: none
			}
		}
		settle()
		check(fmt.Sprint("round ", round))
		if round%10 == 9 {
			now = now.Add(time.Minute + time.Duration(rng.IntN(3000))*time.Minute)
			counted = now.Truncate(time.Minute)
			ix.tickCounts(now)
			check("after the clock moved")
		}
	}
	// A customer's new name changes no row, and the customer's view.
	cu, err := db.Customer(1)
	if err != nil {
		t.Fatal(err)
	}
	cu.Name = "Ana Silva"
	ix.Apply(model.Change{Customers: []model.Customer{cu}})
	check("customer renamed")
}

// A count is shared: the same view asked for by many screens is one
// count, counted once.
func TestCountedViewIsShared(t *testing.T) {
	db := newStore(t, 50)
	ix := NewIndex(db)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	q, _ := model.ParseQuery("status:active")
	a, b := ix.CountView(q, "ana", testNow), ix.CountView(q, "bo", testNow.Add(time.Minute))
	if a.c != b.c || len(ix.counts) != 1 {
		t.Fatalf("two screens' status:active are %d counts", len(ix.counts))
	}
	mine, _ := model.ParseQuery("@me")
	if ix.CountView(mine, "ana", testNow).c == ix.CountView(mine, "bo", testNow).c {
		t.Fatal("ana's and bo's @me share a count")
	}
}
