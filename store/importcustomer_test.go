package store

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A re-imported row that names someone else as a known case's customer is
// a rejected row with its line naming both: applied, it handed the agents'
// notes and the case to that person without a word. A row that names no
// customer, or the same person in fewer words, keeps the customer; one
// that tells more about them (a phone) teaches the record.
func TestReimportNeverHandsACaseToSomeoneElse(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("R-5", at, "billing/refund")})
	c, _ := db.CaseByExternalID("R-5")
	if _, err := db.Act(c.ID, 0, "bo", model.AddNote{Text: "customer asked for callback at 5pm"}); err != nil {
		t.Fatal(err)
	}
	owner := c.CustomerID

	other := oneRow("R-5", at, "billing/refund")
	other.Line = 7
	other.Customer = model.Customer{Name: "Somebody Else", Email: "else@example.com"}
	other.Case.Subject = "other topic"
	res := mustImport(t, db, []model.ImportRow{other})
	if res.Updated != 0 || res.Unchanged != 0 || len(res.Rejects) != 1 || res.Rejects[0].Line != 7 ||
		res.Rejects[0].Reason != "case R-5 is Ann Lee <Ann@Example.com>'s, this row names Somebody Else <else@example.com>: "+
			"left out, the case keeps its customer and its history (a different case needs its own external_id)" {
		t.Fatalf("%+v", res)
	}
	got, _ := db.Case(c.ID)
	if got.CustomerID != owner || got.Subject != "Charged twice" {
		t.Fatalf("the refused row changed the case: %+v", got)
	}

	// No customer in the row, or Ann by name only: hers still.
	anon := oneRow("R-5", at, "billing/refund")
	anon.Customer = model.Customer{}
	byName := oneRow("R-5", at, "billing/refund")
	byName.Customer = model.Customer{Name: "ann  LEE"}
	for _, row := range []model.ImportRow{anon, byName} {
		if res := mustImport(t, db, []model.ImportRow{row}); res.Unchanged != 1 || len(res.Rejects) != 0 {
			t.Fatalf("%+v: %+v", row.Customer, res)
		}
		if got, _ := db.Case(c.ID); got.CustomerID != owner {
			t.Fatalf("%+v took the case from its customer: %+v", row.Customer, got)
		}
	}

	// Her phone, without the e-mail: learnt on her record.
	phone := oneRow("R-5", at, "billing/refund")
	phone.Customer = model.Customer{Name: "Ann Lee", Phone: "+44 20 7946 0000"}
	if res := mustImport(t, db, []model.ImportRow{phone}); res.Updated != 1 {
		t.Fatalf("%+v", res)
	}
	got, _ = db.Case(c.ID)
	cu, _ := db.Customer(owner)
	evs, _ := db.Events(c.ID)
	if got.CustomerID != owner || cu.Phone != "+44 20 7946 0000" || evs[len(evs)-1].To != "customer" {
		t.Fatalf("case %+v, customer %+v, last event %+v", got, cu, evs[len(evs)-1])
	}
	if n := evs[len(evs)-2]; n.Kind != model.EventNote || !strings.Contains(n.To, "callback") {
		t.Fatalf("the note: %+v", evs)
	}
	mustCheck(t, db)
}
