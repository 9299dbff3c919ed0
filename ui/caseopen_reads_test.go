package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	tea "github.com/charmbracelet/bubbletea"
)

// What opening a case and a save read of a real store, counted without a
// clock: read transactions begun and whole cases decoded (store.DB's
// ReadTxs and CasesRead). The load test's customers have about 67 cases
// each; none of them reopened is the case pane's most costly answer to
// "was a case of theirs reopened?".

// loadTestCustomer is a store with one customer's n open cases, a day
// apart, none reopened; it returns the external ids, newest last.
func loadTestCustomer(tb testing.TB, n int) (*store.DB, []string) {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "desk.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	rows := make([]model.ImportRow, n)
	exts := make([]string, n)
	for i := range rows {
		exts[i] = fmt.Sprintf("L-%03d", i+1)
		rows[i] = model.ImportRow{Line: i + 2, Case: model.Case{ExternalID: exts[i],
			CreatedAt: testNow.Add(-time.Duration(n-i) * 24 * time.Hour), Subject: fmt.Sprintf("Parcel %d", i+1),
			Body: "Where is it?", Status: model.StatusOpen, Assignee: "ana", Priority: model.PriorityNormal},
			Customer: model.Customer{Name: "Ann Lee", Email: "ann@example.com"}}
	}
	if _, err := db.Import(rows); err != nil {
		tb.Fatal(err)
	}
	return db, exts
}

// readCount is what a store has read so far: read transactions, whole
// cases decoded, and lookups (bbolt cursors, a Get being one: a customer's
// cases were a lookup each).
type readCount struct{ txs, cases, lookups uint64 }

func readsOf(db *store.DB) readCount { return readCount{db.ReadTxs(), db.CasesRead(), db.Lookups()} }

func (r readCount) since(r0 readCount) readCount {
	return readCount{r.txs - r0.txs, r.cases - r0.cases, r.lookups - r0.lookups}
}

// drive runs msg through the app as Bubble Tea would, the commands it
// gives one after another, until none is left.
func drive(a *app, msg tea.Msg) {
	msgs := []tea.Msg{msg}
	for len(msgs) > 0 {
		_, cmd := a.Update(msgs[0])
		msgs = append(msgs[1:], runNow(cmd)...)
	}
}

// Opening a case with :open, of a customer with 30 cases, one of them
// reopened, warns of it on the card from the customer's summaries: the
// case :open found is the only case decoded (each other case was read in
// full, up to 25 of them, a transaction each, and the case found was read
// again, then once more for its conversation: a 30 MB description twice),
// the customer's cases take no lookup each, and the open takes five read
// transactions: the case by its external id, its timeline, its
// conversation, the customer and the customer's cases.
func TestOpeningACaseReadsNoOtherCaseWhole(t *testing.T) {
	db, exts := loadTestCustomer(t, 30)
	reopened, err := db.CaseByExternalID(exts[20])
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []model.Status{model.StatusResolved, model.StatusOpen} {
		if reopened, err = db.Act(reopened.ID, 0, "bo", model.SetStatus{To: st}); err != nil {
			t.Fatal(err)
		}
	}
	if reopened.Reopens != 1 {
		t.Fatalf("reopens %d", reopened.Reopens)
	}
	h := newHarnessOn(t, db, testNow, 120, 34)
	r0 := readsOf(db)
	drive(h.a, cmdOpen(h.a, exts[29])())
	got := readsOf(db).since(r0)
	if cp := h.a.panes[paneCase].(*casePane); !cp.ready() || cp.c.ExternalID != exts[29] {
		t.Fatalf("the case is not open:\n%s", h.view())
	}
	if v := h.view(); !strings.Contains(v, "REOPENED") {
		t.Fatalf("the card does not warn of the reopened case:\n%s", v)
	}
	if got.txs != 5 || got.cases != 1 {
		t.Fatalf("opening the case read %+v, want 5 transactions and 1 case", got)
	}
	// The customer's cases are read side by side from idx_customer: 53
	// lookups when each of the 30 was looked up, 20 since.
	if got.lookups >= 30 {
		t.Fatalf("opening the case made %d lookups: one per case of the customer's 30?", got.lookups)
	}
}

// BenchmarkCaseOpenRead67 opens, one after another, the cases of a
// customer with 67 cases with :open (by external id) on a real store, and
// saves a status on each (s 2, then s 1 the next time round, so that no
// timeline grows long); it reports the read transactions and whole cases
// decoded per open and per save.
//
//	go test -run '^$' -bench CaseOpenRead67 -benchmem ./ui/
func BenchmarkCaseOpenRead67(b *testing.B) {
	db, exts := loadTestCustomer(b, 67)
	h := newHarnessOn(b, db, testNow, 120, 34)
	a := h.a
	var open, save readCount
	for i := 0; b.Loop(); i++ {
		r0 := readsOf(db)
		drive(a, cmdOpen(a, exts[i%len(exts)])())
		cp := a.panes[paneCase].(*casePane)
		if !cp.ready() || cp.c.ExternalID != exts[i%len(exts)] {
			b.Fatalf("case %s is not open: %v", exts[i%len(exts)], cp.loadErr)
		}
		r1 := readsOf(db)
		open = open.add(r1.since(r0))
		digit := "2" // pending, then open again
		if cp.c.Status == model.StatusPending {
			digit = "1"
		}
		drive(a, keyMsg("s"))
		drive(a, keyMsg(digit))
		if cp.saving || cp.ed != nil {
			b.Fatal("the save did not come back")
		}
		save = save.add(readsOf(db).since(r1))
	}
	n := float64(b.N)
	b.ReportMetric(float64(open.txs)/n, "readtx/open")
	b.ReportMetric(float64(open.cases)/n, "cases/open")
	b.ReportMetric(float64(save.txs)/n, "readtx/save")
	b.ReportMetric(float64(save.cases)/n, "cases/save")
	b.ReportMetric(float64(open.lookups)/n, "lookups/open")
	b.ReportMetric(float64(save.lookups)/n, "lookups/save")
}

func (r readCount) add(o readCount) readCount {
	return readCount{r.txs + o.txs, r.cases + o.cases, r.lookups + o.lookups}
}

// Another agent's changes to the customer's other cases reach the card
// from their notices, without a read: a case resolved (one open fewer), a
// case reopened (the warning), a new case of theirs (listed first). The
// card then holds what a read of the customer's cases gives.
func TestOtherCasesOfTheCustomerFollowTheirNotices(t *testing.T) {
	db, exts := loadTestCustomer(t, 30)
	h := newHarnessOn(t, db, testNow, 120, 34)
	h.subscribe()
	drive(h.a, cmdOpen(h.a, exts[29])())
	cp := h.a.panes[paneCase].(*casePane)
	shows := func(parts ...string) {
		t.Helper()
		v := h.view()
		for _, p := range parts {
			if !strings.Contains(v, p) {
				t.Fatalf("%q is not on screen:\n%s", p, v)
			}
		}
	}
	shows("30 contacts · 30 open")
	ids := map[string]model.CaseID{}
	for _, ext := range exts {
		c, err := db.CaseByExternalID(ext)
		if err != nil {
			t.Fatal(err)
		}
		ids[ext] = c.ID
	}
	bo := func(ext string, acts ...model.Action) {
		if _, err := db.Act(ids[ext], 0, "bo", acts...); err != nil {
			t.Fatal(err)
		}
	}
	r0 := readsOf(db)
	bo(exts[5], model.SetStatus{To: model.StatusResolved})
	h.pump()
	shows("30 contacts · 29 open")
	bo(exts[25], model.SetStatus{To: model.StatusResolved})
	bo(exts[25], model.SetStatus{To: model.StatusOpen})
	h.pump()
	shows("30 contacts · 29 open", "REOPENED")
	// bo's three saves each read their case; the screen reads nothing
	if got := readsOf(db).since(r0); got.txs != 0 || got.cases != 3 {
		t.Fatalf("bo's saves and the screen read %+v, want no transaction and 3 cases", got)
	}
	row := model.ImportRow{Line: 2, Case: model.Case{ExternalID: "L-NEW", CreatedAt: testNow.Add(-time.Hour),
		Subject: "Parcel again", Body: "Still nothing", Status: model.StatusNew, Priority: model.PriorityNormal},
		Customer: model.Customer{Name: "Ann Lee", Email: "ann@example.com"}}
	if _, err := db.Import([]model.ImportRow{row}); err != nil {
		t.Fatal(err)
	}
	h.pump()
	shows("31 contacts · 30 open")
	if cp.others[0].ExternalID != "L-NEW" {
		t.Fatalf("the new case is not listed first: %v", cp.others[0])
	}
	fresh, err := db.CustomerCases(cp.c.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(cp.custCases, fresh, func(a, b model.Summary) bool {
		return a.ID == b.ID && a.Version == b.Version && a.Status == b.Status && a.Reopens == b.Reopens && a.CreatedAt.Equal(b.CreatedAt)
	}) {
		t.Fatalf("the customer's cases as followed %v, read again %v", cp.custCases, fresh)
	}
}
