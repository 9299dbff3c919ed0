package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// The summaries idx_customer keeps beside each customer's cases are
// derived data: after random saves, re-imports (new subjects, creation
// times, tags, an anonymous case given a customer) and new cases they
// equal a fresh scan of the case records; Repair and the migration that
// writes them give the same; Check finds one that went stale.
func TestCustomerSummariesEqualAFreshScan(t *testing.T) {
	db, clk := openTest(t)
	rng := rand.New(rand.NewPCG(16, 67))
	emails := []string{"ann@example.com", "bo@example.com", "cy@example.com", ""}
	var rows []model.ImportRow
	row := func(i int) model.ImportRow {
		r := customerRow(fmt.Sprintf("S-%d", i), clk.Now().Add(-time.Duration(rng.IntN(5000))*time.Hour), "", emails[rng.IntN(len(emails))], "")
		r.Case.Subject = fmt.Sprintf("Parcel %d", rng.IntN(1000))
		if rng.IntN(3) == 0 {
			r.Case.Tags = []string{fmt.Sprintf("delivery/t%d", rng.IntN(4))}
		}
		return r
	}
	for i := range 60 {
		rows = append(rows, row(i))
	}
	mustImport(t, db, rows)
	ids := make([]model.CaseID, len(rows))
	for i := range rows {
		c, err := db.CaseByExternalID(rows[i].Case.ExternalID)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = c.ID
	}
	statuses := []model.Status{model.StatusOpen, model.StatusPending, model.StatusResolved, model.StatusClosed}
	for step := range 400 {
		clk.Advance(time.Minute)
		i := rng.IntN(len(ids))
		var acts []model.Action
		switch rng.IntN(8) {
		case 0:
			acts = []model.Action{model.SetStatus{To: statuses[rng.IntN(len(statuses))]}}
		case 1:
			acts = []model.Action{model.Assign{To: []string{"ana", "bo", ""}[rng.IntN(3)]}}
		case 2:
			acts = []model.Action{model.AddTag{Tag: fmt.Sprintf("billing/t%d", rng.IntN(3))}}
		case 3:
			acts = []model.Action{model.SetPriority{To: model.Priority(rng.IntN(4))}}
		case 4:
			acts = []model.Action{model.AddNote{Text: "called"}, model.SetFollowUp{At: clk.Now().Add(time.Hour)}}
		case 5: // re-imported: a new subject, creation time, tags; a customer for an anonymous case
			r := row(i)
			r.Case.ExternalID = rows[i].Case.ExternalID
			if rows[i].Customer.Email != "" {
				r.Customer = rows[i].Customer // another customer is refused (otherCustomer)
			}
			rows[i] = r
			mustImport(t, db, []model.ImportRow{r})
		case 6: // a new case
			rows = append(rows, row(len(rows)))
			mustImport(t, db, rows[len(rows)-1:])
			c, err := db.CaseByExternalID(rows[len(rows)-1].Case.ExternalID)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		case 7:
			acts = []model.Action{model.SetStatus{To: model.StatusResolved}, model.SetStatus{To: model.StatusOpen}} // reopened
		}
		if len(acts) > 0 {
			if _, err := db.Act(ids[i], 0, "ana", acts...); err != nil && model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("step %d: %v", step, err)
			}
		}
		if step%100 == 0 {
			wantFreshSummaries(t, db)
		}
	}
	wantFreshSummaries(t, db)
	mustCheck(t, db)

	// A summary gone stale (a crash cannot leave one: it is written in
	// the case's own transaction; a bug or a bad disk can) is found and
	// rebuilt.
	c, err := db.Case(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if c.CustomerID == 0 {
		c, _ = db.Case(ids[1])
	}
	stale := c
	stale.Subject, stale.Version = "stale", c.Version-1
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCustomerIdx).Put(customerCaseKey(c.CustomerID, c.ID), customerCaseSummary(&stale))
	}); err != nil {
		t.Fatal(err)
	}
	if probs, _ := db.Check(); len(probs) == 0 || !strings.Contains(probs[0], fmt.Sprintf("case %d: its summary in idx_customer differs", c.ID)) {
		t.Fatalf("check of a stale summary: %v", probs)
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	wantFreshSummaries(t, db)

	// A file of schema 12 held no summaries: opening it writes them.
	db = reopenAsSchema(t, db, 12, Options{Now: clk.Now}, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCustomerIdx)
		var keys [][]byte
		b.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
		for _, k := range keys {
			if err := b.Put(k, empty); err != nil {
				return err
			}
		}
		return nil
	})
	mustCheck(t, db)
	wantFreshSummaries(t, db)
}

// wantFreshSummaries compares every customer's cases as CustomerCases
// reads them from idx_customer with a scan of the case records.
func wantFreshSummaries(t *testing.T, db *DB) {
	t.Helper()
	fresh := map[model.CustomerID][]model.Summary{}
	if err := db.EachSummary(func(s model.Summary) error {
		if s.CustomerID != 0 {
			fresh[s.CustomerID] = append(fresh[s.CustomerID], s)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, cu := range customersOf(t, db) {
		got, err := db.CustomerCases(cu.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := newestFirst(fresh[cu.ID])
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("customer %d's cases from idx_customer:\n%+v\nfrom the case records:\n%+v", cu.ID, got, want)
		}
		n += len(got)
	}
	if n == 0 {
		t.Fatal("no customer has a case")
	}
}

// BenchmarkCustomerCases67 reads the cases of a load-test customer (67,
// among 300 such customers' 20,100 cases, imported interleaved as they
// came in) as a screen opening one of them does, beside the anchor: each
// case's summary looked up in the cases bucket by the idx_customer key,
// as CustomerCases read them before idx_customer held the summaries.
//
//	go test -run '^$' -bench CustomerCases67 -benchmem ./store/
func BenchmarkCustomerCases67(b *testing.B) {
	db, clk := openTest(b)
	const customers, each = 300, 67
	rows := make([]model.ImportRow, 0, customers*each)
	for i := range customers * each {
		r := customerRow(fmt.Sprintf("L-%d", i), clk.Now().Add(time.Duration(i)*time.Minute), "", fmt.Sprintf("c%d@example.com", i%customers), "")
		r.Case.Tags = []string{"delivery/late"}
		rows = append(rows, r)
	}
	mustImport(b, db, rows)
	cu := model.CustomerID(customers / 2)
	b.Run("idx_customer", func(b *testing.B) {
		for b.Loop() {
			if cs, err := db.CustomerCases(cu); err != nil || len(cs) != each {
				b.Fatal(len(cs), err)
			}
		}
	})
	b.Run("anchor-lookup-each-case", func(b *testing.B) {
		for b.Loop() {
			if cs, err := customerCasesByLookup(db, cu); err != nil || len(cs) != each {
				b.Fatal(len(cs), err)
			}
		}
	})
}

// customerCasesByLookup is CustomerCases as it was: a lookup of each case.
func customerCasesByLookup(db *DB, id model.CustomerID) (out []model.Summary, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		cases := tx.Bucket(bucketCases)
		intern := map[string]string{}
		return eachCustomerCase(tx.Bucket(bucketCustomerIdx).Cursor(), id, func(k, _ []byte) error {
			s, err := decodeSummary(cases.Get(k[len(k)-8:]), intern)
			out = append(out, s)
			return err
		})
	})
	return newestFirst(out), err
}
