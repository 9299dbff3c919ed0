package caseindex

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// testNow is the fixed clock of every test here.
var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

var (
	genSubjects = []string{"Refund not received", "Charged twice for order", "Package arrived damaged",
		"Cannot reset password", "Where is my order?", "Invoice is incorrect", "Cancel my subscription",
		"App crashes on login", "Wrong item delivered", "Delivery is late again", "Account hacked",
		"Change billing address", "Discount code does not work", "Warranty claim for blender"}
	genFirst = []string{"Ana", "Bo", "Chen", "Dee", "Eli", "Fatima", "Giulia", "Hiro", "Ines", "José", "Kofi", "Léa", "Mika", "Nora", "Omar"}
	genLast  = []string{"López", "Silva", "Müller", "Novák", "Khan", "Taylor", "Rossi", "Jensen", "Patel", "Brown", "Okafor", "Schäfer"}
	genTags  = []string{"billing/refund", "billing/double-charge", "delivery/late", "delivery/damaged", "account/password",
		"account/hacked", "product/defect", "subscription/cancel"}
	genAgents = []string{"", "", "ana", "bo", "chen"}
)

// genSource streams n generated cases without holding them, so the
// benchmarks measure the index, not the test's data. Ids run 1..n. Tests
// get follow-ups and updates too; benchmarks (plain) the same cases as
// the ui package's benchmarks before the index moved here, so that their
// figures compare.
type genSource struct {
	n     int
	plain bool
}

func (g genSource) customers() int { return max(g.n/3, 1) }

func (g genSource) customer(ci int) model.Customer {
	first, last := genFirst[ci%len(genFirst)], genLast[(ci/len(genFirst))%len(genLast)]
	return model.Customer{ID: model.CustomerID(ci + 1), Name: first + " " + last,
		Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(last), ci)}
}

func (g genSource) each(fn func(model.Summary)) {
	rng := rand.New(rand.NewPCG(1, 7))
	for i := range g.n {
		s := model.Summary{
			ID: model.CaseID(i + 1), ExternalID: fmt.Sprintf("T-%07d", i+1),
			CreatedAt:  testNow.Add(-time.Duration(rng.IntN(365*24*60)) * time.Minute),
			Channel:    model.Channels[rng.IntN(4)],
			CustomerID: model.CustomerID(rng.IntN(g.customers()) + 1),
			Subject:    genSubjects[rng.IntN(len(genSubjects))] + fmt.Sprintf(" #%d", rng.IntN(100000)),
			Priority:   model.Priorities[rng.IntN(len(model.Priorities))],
			Status:     model.Statuses[rng.IntN(len(model.Statuses))],
			Assignee:   genAgents[rng.IntN(len(genAgents))],
			Version:    1,
		}
		s.UpdatedAt = s.CreatedAt
		if rng.IntN(3) > 0 {
			s.Tags = []string{genTags[rng.IntN(len(genTags))]}
		}
		if !g.plain {
			s.UpdatedAt = s.CreatedAt.Add(time.Duration(i%1000) * time.Minute)
			if i%10 == 0 {
				s.FollowUp = testNow.Add(time.Duration(i%48-24) * time.Hour)
			}
		}
		fn(s)
	}
}

func (g genSource) SLA() model.SLAPolicy { return model.DefaultSLA }

func (g genSource) QueueHead(statuses []model.Status, n int) ([]model.Summary, error) {
	var out []model.Summary
	g.each(func(s model.Summary) {
		if len(out) < n && slices.Contains(statuses, s.Status) {
			out = append(out, s)
		}
	})
	return out, nil
}

func (g genSource) Customer(id model.CustomerID) (model.Customer, error) {
	return g.customer(int(id) - 1), nil
}

func (g genSource) Stats() (model.Stats, error) { return model.Stats{Cases: g.n}, nil }

func (g genSource) EachCustomer(fn func(model.Customer) error) error {
	for ci := range g.customers() {
		if err := fn(g.customer(ci)); err != nil {
			return err
		}
	}
	return nil
}

func (g genSource) EachSummary(fn func(model.Summary) error) error {
	var err error
	g.each(func(s model.Summary) {
		if err == nil {
			err = fn(s)
		}
	})
	return err
}

// loaded returns a snapshot of every generated case.
func loaded(t testing.TB, n int) *Snapshot {
	t.Helper()
	b, err := loadIndex(genSource{n: n})
	if err != nil {
		t.Fatal(err)
	}
	return b.freeze()
}

// newStore imports n generated cases into a real store in a temporary
// directory.
func newStore(t testing.TB, n int) *store.DB {
	t.Helper()
	return newStoreWith(t, n, store.Options{Now: func() time.Time { return testNow }})
}

// newStoreWith is newStore with opt (a desk with teams).
func newStoreWith(t testing.TB, n int, opt store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "cases.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g := genSource{n: n}
	var rows []model.ImportRow
	g.each(func(s model.Summary) {
		cu := g.customer(int(s.CustomerID) - 1)
		cu.ID = 0
		rows = append(rows, model.ImportRow{Source: "gen", Line: len(rows) + 1, Customer: cu, Case: model.Case{
			ExternalID: s.ExternalID, CreatedAt: s.CreatedAt, Channel: s.Channel, Subject: s.Subject,
			Body: "Hello,\nabout my order.", Priority: s.Priority, Status: s.Status, Assignee: s.Assignee,
			Tags: s.Tags, FollowUp: s.FollowUp}})
	})
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	return db
}

// applyWaiting applies the notices waiting in changes to ix, as the team
// server's relay does.
func applyWaiting(ix *Index, changes <-chan model.Change) {
	for {
		select {
		case ch := <-changes:
			ix.Apply(ch)
		default:
			return
		}
	}
}

// run does a step's work to the end, as a program would, one result at a
// time, and returns every step it took.
func run(q *Queue, st Step) []Step {
	steps := []Step{st}
	work := slices.Clone(st.Work)
	for len(work) > 0 {
		w := work[0]
		work = work[1:]
		next := q.Done(w())
		steps = append(steps, next)
		work = append(work, next.Work...)
	}
	return steps
}

// newLoaded is a queue over src with everything loaded.
func newLoaded(t testing.TB, src Source) *Queue {
	t.Helper()
	q := NewQueue(Config{Source: src, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen})
	run(q, q.Start())
	if !q.Complete() || len(q.order) != q.snap.Len() {
		t.Fatalf("loaded %d rows, order %d", q.snap.Len(), len(q.order))
	}
	return q
}

// sharedLoaded is a loaded index over db and ana's queue on it (Open), as
// a team server's screen has them.
func sharedLoaded(t testing.TB, db *store.DB) (*Index, *Queue) {
	t.Helper()
	ix := NewIndex(db)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	q := NewSharedQueue(ix, Config{Source: db, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewOpen})
	run(q, q.Start())
	return ix, q
}
