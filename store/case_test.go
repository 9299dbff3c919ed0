package store

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

func oneRow(ext string, at time.Time, tags ...string) model.ImportRow {
	return model.ImportRow{Source: "t.csv", Line: 2, Case: model.Case{ExternalID: ext, CreatedAt: at, Subject: "Charged twice",
		Body: "I was charged twice for order 42.", Channel: model.ChannelEmail, Tags: tags,
		Fields: []model.Field{{Key: "product", Value: "Credit card"}}},
		Customer: model.Customer{Name: "Ann Lee", Email: "Ann@Example.com"}}
}

func TestActEveryKind(t *testing.T) {
	db, clk := openTest(t)
	created := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", created, "Billing / Double Charge")})
	c, err := db.CaseByExternalID("A-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != 1 || c.Version != 1 || c.Status != model.StatusNew || c.Priority != model.PriorityNormal ||
		len(c.Tags) != 1 || c.Tags[0] != "billing/double-charge" || c.CustomerID == 0 || !c.CreatedAt.Equal(created) {
		t.Fatalf("imported case: %+v", c)
	}
	follow := clk.Now().Add(48 * time.Hour)
	steps := []struct {
		act   model.Action
		check func(model.Case) bool
	}{
		{model.Claim{}, func(c model.Case) bool { return c.Assignee == "ana" && c.Status == model.StatusOpen }},
		{model.Assign{To: "bo"}, func(c model.Case) bool { return c.Assignee == "bo" }},
		{model.SetStatus{To: model.StatusPending}, func(c model.Case) bool { return c.Status == model.StatusPending }},
		{model.SetPriority{To: model.PriorityUrgent}, func(c model.Case) bool { return c.Priority == model.PriorityUrgent }},
		{model.AddTag{Tag: "Shipping/Late"}, func(c model.Case) bool { return c.HasTag("shipping/late") }},
		{model.RemoveTag{Tag: "billing/double-charge"}, func(c model.Case) bool { return !c.HasTag("billing/double-charge") }},
		{model.AddNote{Text: "called the bank"}, func(c model.Case) bool { return true }},
		{model.SetFollowUp{At: follow}, func(c model.Case) bool { return c.FollowUp.Equal(follow.Truncate(time.Second)) }},
		{model.SetRecovery{Recovery: model.Recovery{Kind: "Refund", Text: "$20"}}, func(c model.Case) bool { return c.Recovery.Kind == "refund" }},
		{model.LogReply{Text: "Hello Ann"}, func(c model.Case) bool { return true }},
		{model.SetStatus{To: model.StatusResolved}, func(c model.Case) bool { return c.Status == model.StatusResolved }},
		{model.SetStatus{To: model.StatusOpen}, func(c model.Case) bool { return c.Reopens == 1 }},
	}
	for i, s := range steps {
		clk.Advance(time.Minute)
		got, err := db.Act(c.ID, c.Version, "ana", s.act)
		if err != nil {
			t.Fatalf("step %d %s: %v", i, s.act.Name(), err)
		}
		if got.Version != c.Version+1 || !s.check(got) || !got.UpdatedAt.Equal(clk.Now()) {
			t.Fatalf("step %d %s: %+v", i, s.act.Name(), got)
		}
		stored, _ := db.Case(c.ID)
		if stored.Version != got.Version || !s.check(stored) {
			t.Fatalf("step %d %s: stored %+v", i, s.act.Name(), stored)
		}
		c = got
	}
	evs, err := db.Events(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// created + claim (assigned, status) + 11 more single events.
	if len(evs) != 1+2+11 || evs[0].Kind != model.EventCreated || evs[len(evs)-1].Kind != model.EventStatus {
		t.Fatalf("events: %+v", evs)
	}
	tags, _ := db.Tags()
	for _, ti := range tags {
		if ti.Tag == "shipping/late" && (ti.Uses != 1 || ti.Cases != 1 || ti.LastAdded == 0) {
			t.Fatalf("tag info: %+v", ti)
		}
		if ti.Tag == "billing/double-charge" && ti.Cases != 0 {
			t.Fatalf("tag info: %+v", ti)
		}
	}
	// A no-op writes nothing.
	same, err := db.Act(c.ID, c.Version, "ana", model.Assign{To: "bo"})
	if err != nil || same.Version != c.Version {
		t.Fatalf("no-op: %v %+v", err, same)
	}
	mustCheck(t, db)
}

func TestActErrors(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now())})
	_, err := db.Act(99, 0, "ana", model.Claim{})
	wantCode(t, err, model.ENOTFOUND)

	c, _ := db.Act(1, 1, "bo", model.AddNote{Text: "first"})
	_, err = db.Act(1, 1, "ana", model.SetPriority{To: model.PriorityHigh})
	wantCode(t, err, model.ECONFLICT)
	if want := "case 1 changed since you opened it (by bo): reloaded"; model.ErrorMessage(err) != want {
		t.Fatalf("message %q, want %q", model.ErrorMessage(err), want)
	}
	// A rule violation changes nothing, not even the version.
	_, err = db.Act(1, c.Version, "ana", model.SetPriority{To: model.PriorityHigh}, model.SetPriority{To: 0})
	wantCode(t, err, model.EINVALID)
	after, _ := db.Case(1)
	if after.Version != c.Version || after.Priority != model.PriorityNormal {
		t.Fatalf("failed act changed the case: %+v", after)
	}
	// Retired tags cannot be added.
	db.Act(1, 0, "ana", model.AddTag{Tag: "old-issue"})
	db.Act(1, 0, "ana", model.RemoveTag{Tag: "old-issue"})
	if err := db.RetireTag("old-issue", true, "lead"); err != nil {
		t.Fatal(err)
	}
	_, err = db.Act(1, 0, "ana", model.AddTag{Tag: "old-issue"})
	wantCode(t, err, model.EINVALID)
	mustCheck(t, db)
}

func TestWriteFailureChangesNothing(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now(), "fraud")})
	before, _ := db.Case(1)
	stBefore, _ := db.Stats()
	boom := errors.New("disk full")
	db.SetBeforeCommit(func() error { return boom })
	if _, err := db.Act(1, 0, "ana", model.AddTag{Tag: "praise"}); !errors.Is(err, boom) {
		t.Fatalf("act: %v", err)
	}
	if _, err := db.Import([]model.ImportRow{oneRow("A-2", clk.Now())}); !errors.Is(err, boom) {
		t.Fatalf("import: %v", err)
	}
	if _, err := db.RenameTag("fraud", "scam", "lead"); !errors.Is(err, boom) {
		t.Fatalf("rename: %v", err)
	}
	db.SetBeforeCommit(nil)
	after, _ := db.Case(1)
	stAfter, _ := db.Stats()
	if after.Version != before.Version || after.HasTag("praise") || !after.HasTag("fraud") || stAfter.Cases != stBefore.Cases {
		t.Fatalf("failed writes left traces: %+v %+v", after, stAfter)
	}
	if _, err := db.CaseByExternalID("A-2"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("A-2: %v", err)
	}
	mustCheck(t, db)
}

// newestFirst orders as a stable sort of the summaries by creation, newest
// first, then id, did: ties on the second, times far outside UnixNano's
// range, the zero time.
func TestNewestFirstMatchesTheSummarySort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	times := []time.Time{{}, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 5, time.UTC),
		time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 9, 0, 0, 1, time.UTC)}
	for n := range 70 {
		cases := make([]model.Summary, n)
		for i := range cases {
			cases[i] = model.Summary{ID: model.CaseID(r.IntN(1000) + i*1000), CreatedAt: times[r.IntN(len(times))]}
		}
		want := slices.Clone(cases)
		slices.SortStableFunc(want, func(a, b model.Summary) int {
			if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
		got := newestFirst(cases)
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("%d cases: %d at %d, want %d", n, got[i].ID, i, want[i].ID)
			}
		}
	}
}

func TestCustomerCasesNewestFirst(t *testing.T) {
	db, clk := openTest(t)
	base := clk.Now().Add(-72 * time.Hour)
	rows := []model.ImportRow{oneRow("A-3", base.Add(2*time.Hour)), oneRow("A-1", base), oneRow("A-2", base.Add(time.Hour))}
	rows[1].Customer = model.Customer{Email: " ann@example.com", Phone: "555-1234"}
	mustImport(t, db, rows)
	c, _ := db.CaseByExternalID("A-1")
	cases, err := db.CustomerCases(c.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	var exts []string
	for _, s := range cases {
		exts = append(exts, s.ExternalID)
	}
	if strings.Join(exts, ",") != "A-3,A-2,A-1" {
		t.Fatalf("order %v", exts)
	}
	cu, _ := db.Customer(c.CustomerID)
	if !cu.FirstContact.Equal(base) || cu.Phone != "555-1234" || cu.Name != "Ann Lee" {
		t.Fatalf("customer %+v", cu)
	}
	n := 0
	db.EachCustomer(func(model.Customer) error { n++; return nil })
	st, _ := db.Stats()
	if n != 1 || st.Customers != 1 {
		t.Fatalf("customers %d, stats %+v", n, st)
	}
	if _, err := db.Customer(42); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatal(err)
	}
}

// BenchmarkNewestFirst67 orders a load-test customer's 67 cases (a full
// summary each) as CustomerCases does, beside the anchor: the stable sort
// of the summaries themselves that it replaced.
//
//	go test -run '^$' -bench NewestFirst67 -benchmem ./store/
func BenchmarkNewestFirst67(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := make([]model.Summary, 67)
	for i := range cases {
		cases[i] = model.Summary{ID: model.CaseID(i*997 + 1), Subject: "Parcel missing", Assignee: "ana", Tags: []string{"billing/refund"},
			CreatedAt: time.Date(2026, 12, 4, 0, 0, r.IntN(150_000), 0, time.UTC)}
	}
	b.Run("keys", func(b *testing.B) {
		for b.Loop() {
			newestFirst(slices.Clone(cases))
		}
	})
	b.Run("anchor-sort-summaries", func(b *testing.B) {
		for b.Loop() {
			slices.SortStableFunc(slices.Clone(cases), func(a, b model.Summary) int {
				if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
					return c
				}
				return cmp.Compare(b.ID, a.ID)
			})
		}
	})
}
