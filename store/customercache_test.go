package store

import (
	"errors"
	"fmt"
	"hash/maphash"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// customerRow is a new case of a customer known by what is given.
func customerRow(ext string, at time.Time, name, email, phone string) model.ImportRow {
	r := oneRow(ext, at)
	r.Customer = model.Customer{Name: name, Email: email, Phone: phone}
	return r
}

// importIn imports rows as the next batch of session s.
func importIn(t *testing.T, s model.ImportSession, rows ...model.ImportRow) {
	t.Helper()
	if _, err := s.Import(rows); err != nil {
		t.Fatal(err)
	}
}

func customersOf(t *testing.T, db *DB) []model.Customer {
	t.Helper()
	var out []model.Customer
	if err := db.EachCustomer(func(cu model.Customer) error { out = append(out, cu); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// An import's batches share what they learnt of a customer: one known by
// e-mail who gives a name in a later batch, then a phone, then neither, is
// still one customer with all three.
func TestImportCustomerAcrossBatches(t *testing.T) {
	db, clk := openTest(t)
	s := db.BeginImport()
	defer s.Close()
	importIn(t, s, customerRow("A-1", clk.Now(), "", "ana@example.com", ""))
	importIn(t, s, customerRow("A-2", clk.Now(), "Ana", "ana@example.com", ""))
	importIn(t, s, customerRow("A-3", clk.Now(), "", "ANA@example.com", "+1 555 0101"))
	importIn(t, s, customerRow("A-4", clk.Now(), "Other", "ana@example.com", ""))
	cs := customersOf(t, db)
	if len(cs) != 1 || cs[0].Name != "Ana" || cs[0].Email != "ana@example.com" || cs[0].Phone != "+1 555 0101" {
		t.Fatalf("customers %+v", cs)
	}
	for id := model.CaseID(1); id <= 4; id++ {
		if c, _ := db.Case(id); c.CustomerID != cs[0].ID {
			t.Fatalf("case %d has customer %d", id, c.CustomerID)
		}
	}
	mustCheck(t, db)
}

// A failed batch's customers are forgotten: the next batch creates them
// again instead of pointing at ids that were rolled back.
func TestImportCustomerCacheAfterFailedBatch(t *testing.T) {
	db, clk := openTest(t)
	s := db.BeginImport()
	defer s.Close()
	importIn(t, s, customerRow("A-1", clk.Now(), "Ana", "ana@example.com", ""))
	boom := errors.New("disk full")
	db.SetBeforeCommit(func() error { return boom })
	if _, err := s.Import([]model.ImportRow{customerRow("B-1", clk.Now(), "Bo", "bo@example.com", "")}); !errors.Is(err, boom) {
		t.Fatalf("import: %v", err)
	}
	db.SetBeforeCommit(nil)
	importIn(t, s, customerRow("B-1", clk.Now(), "Bo", "bo@example.com", ""))
	cs := customersOf(t, db)
	if len(cs) != 2 || cs[1].Email != "bo@example.com" {
		t.Fatalf("customers %+v", cs)
	}
	if c, _ := db.Case(2); c.CustomerID != cs[1].ID {
		t.Fatalf("B-1 has customer %d, want %d", c.CustomerID, cs[1].ID)
	}
	mustCheck(t, db)
}

// A cache full to its bound starts again mid-batch and looks misses up;
// another write between two batches (here an agent's action) makes the
// next batch start its cache afresh: either way no customer is doubled.
func TestImportCustomerCacheRestarts(t *testing.T) {
	old := maxCachedCustomers
	maxCachedCustomers = 3
	t.Cleanup(func() { maxCachedCustomers = old })
	db, clk := openTest(t)
	var first, again []model.ImportRow
	for i := range 10 {
		email := fmt.Sprintf("c%d@example.com", i)
		first = append(first, customerRow(fmt.Sprintf("A-%d", i), clk.Now(), "", email, ""))
		again = append(again, customerRow(fmt.Sprintf("B-%d", i), clk.Now(), fmt.Sprint("Name ", i), email, ""))
	}
	s := db.BeginImport()
	defer s.Close()
	importIn(t, s, first...)
	importIn(t, s, again[:5]...) // the cache went past its bound in first
	if _, err := db.Act(1, 0, "ana", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	importIn(t, s, again[5:]...)
	cs := customersOf(t, db)
	if len(cs) != 10 {
		t.Fatalf("%d customers, want 10", len(cs))
	}
	for i, cu := range cs {
		if cu.Name != fmt.Sprint("Name ", i) {
			t.Fatalf("customer %d: %+v", i, cu)
		}
	}
	if st, _ := db.Stats(); st.Customers != 10 {
		t.Fatalf("stats count %d customers", st.Customers)
	}
	mustCheck(t, db)
}

// A customer created between two batches of a session — here by mail that
// arrived meanwhile — is found by the next batch, not created twice: the
// session's cache, which held every customer of the new file, is not
// trusted after another write.
func TestImportSessionSeesOtherWrites(t *testing.T) {
	db, clk := openTest(t)
	s := db.BeginImport()
	defer s.Close()
	importIn(t, s, customerRow("A-1", clk.Now(), "Ana", "ana@example.com", ""))
	mustReceive(t, db, inbound("Zoë Quinn <zoe@example.net>", "Broken kettle", "<k1@example.net>", "Cracked."), model.ReceivedNew)
	importIn(t, s, customerRow("A-2", clk.Now(), "Zoë", "zoe@example.net", ""))
	other := db.BeginImport() // another session's batch in between
	importIn(t, other, customerRow("B-1", clk.Now(), "Bo", "bo@example.com", ""))
	other.Close()
	importIn(t, s, customerRow("A-3", clk.Now(), "", "bo@example.com", "+1 555 0101"))
	cs := customersOf(t, db)
	if len(cs) != 3 {
		t.Fatalf("%d customers, want 3: %+v", len(cs), cs)
	}
	for _, c := range []struct {
		ext  string
		want string
	}{{"A-2", "zoe@example.net"}, {"A-3", "bo@example.com"}} {
		cs, err := db.CaseByExternalID(c.ext)
		if err != nil {
			t.Fatal(err)
		}
		cu, err := db.Customer(cs.CustomerID)
		if err != nil || cu.Email != c.want {
			t.Fatalf("%s has customer %+v (%v), want %s", c.ext, cu, err, c.want)
		}
	}
	mustCheck(t, db)
}

// The cache answers without reading the customer only when the row brings
// nothing new: an earlier first contact or a phone it lacked in a later
// batch still reaches the record.
func TestImportCustomerCacheSeesNews(t *testing.T) {
	db, clk := openTest(t)
	s := db.BeginImport()
	defer s.Close()
	later := clk.Now()
	earlier := later.Add(-48 * time.Hour)
	importIn(t, s, customerRow("A-1", later, "Ana", "ana@example.com", ""))
	importIn(t, s, customerRow("A-2", later, "Ana", "ana@example.com", ""))
	importIn(t, s, customerRow("A-3", earlier, "", "ana@example.com", ""))
	importIn(t, s, customerRow("A-4", later, "", "ana@example.com", "+1 555 0101"))
	cs := customersOf(t, db)
	if len(cs) != 1 || !cs[0].FirstContact.Equal(earlier) || cs[0].Phone != "+1 555 0101" {
		t.Fatalf("customers %+v, want first contact %v and the phone", cs, earlier)
	}
	mustCheck(t, db)
}

// Two identity keys that share the first hash are told apart by the
// second: the one without the entry is looked up, never taken for the
// other customer nor for a new one.
func TestCustomerCacheFirstHashCollision(t *testing.T) {
	var c customerCache
	c.reset()
	c.complete = true
	at := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	ana := model.Customer{ID: 1, Email: "ana@example.com", FirstContact: at}
	c.remember("e:ana@example.com", ana)
	if id, known := c.lookup("e:ana@example.com", &ana, at); id != 1 || !known {
		t.Fatalf("ana: %d %v", id, known)
	}
	// Make bo's first hash ana's: bo must be looked up in the store.
	bo := model.Customer{ID: 2, Email: "bo@example.com", FirstContact: at}
	h := maphash.String(keySeeds[0], "e:bo@example.com")
	c.entries[h] = c.entries[maphash.String(keySeeds[0], "e:ana@example.com")]
	if id, known := c.lookup("e:bo@example.com", &bo, at); id != 0 || known {
		t.Fatalf("bo: %d %v, want a lookup", id, known)
	}
	c.remember("e:bo@example.com", bo) // keeps ana's entry
	if id, known := c.lookup("e:bo@example.com", &bo, at); id != 0 || known {
		t.Fatalf("bo after remember: %d %v, want a lookup", id, known)
	}
}
