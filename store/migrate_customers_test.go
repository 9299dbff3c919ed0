package store

import (
	"bytes"
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// TestCustomerKeysMigration opens a file of schema 9, whose idx_customer
// was customer(8)|case(8) and customer_keys the bare identity: opening it
// moves both to the shard- and epoch-first keys, a customer's cases and
// its identity are found as before, and a later import finds the old
// customers instead of making them again.
func TestCustomerKeysMigration(t *testing.T) {
	smallShards(t)
	oldEpoch := customerEpochBits
	customerEpochBits = 3
	t.Cleanup(func() { customerEpochBits = oldEpoch })
	db, clk := openTest(t)
	var rows []model.ImportRow
	for i := range 60 {
		rows = append(rows, customerRow(fmt.Sprintf("A-%d", i), clk.Now(), "", fmt.Sprintf("c%d@example.com", i%25), ""))
	}
	mustImport(t, db, rows)
	want := map[model.CustomerID][]model.CaseID{}
	for cu := model.CustomerID(1); cu <= 25; cu++ {
		cs, err := db.CustomerCases(cu)
		if err != nil || len(cs) < 2 {
			t.Fatalf("customer %d: %d cases, %v", cu, len(cs), err)
		}
		for _, c := range cs {
			want[cu] = append(want[cu], c.ID)
		}
	}
	// Write both buckets as schema 9 did.
	db = reopenAsSchema(t, db, 9, Options{Now: clk.Now}, func(tx *bolt.Tx) error {
		old := map[string][]byte{}
		tx.Bucket(bucketCustomerKeys).ForEach(func(k, v []byte) error { old[string(k[4:])] = bytes.Clone(v); return nil })
		var idx [][]byte
		tx.Bucket(bucketCustomerIdx).ForEach(func(k, _ []byte) error { idx = append(idx, bytes.Clone(k[4:])); return nil })
		for _, name := range [][]byte{bucketCustomerKeys, bucketCustomerIdx} {
			tx.DeleteBucket(name)
			tx.CreateBucket(name)
		}
		for k, v := range old {
			tx.Bucket(bucketCustomerKeys).Put([]byte(k), v)
		}
		for _, k := range idx {
			if len(k) != 16 {
				return fmt.Errorf("idx_customer key %x", k)
			}
			tx.Bucket(bucketCustomerIdx).Put(k, empty)
		}
		return nil
	})
	mustCheck(t, db)
	for cu, ids := range want {
		cs, err := db.CustomerCases(cu)
		if err != nil || len(cs) != len(ids) {
			t.Fatalf("customer %d after migration: %d cases (%v), want %v", cu, len(cs), err, ids)
		}
		for i, c := range cs {
			if c.ID != ids[i] {
				t.Fatalf("customer %d after migration: case %d, want %d", cu, c.ID, ids[i])
			}
		}
	}
	// A new import (no session cache to lean on) finds every old customer.
	mustImport(t, db, []model.ImportRow{customerRow("B-1", clk.Now(), "Cee", "C7@example.com", ""),
		customerRow("B-2", clk.Now(), "", "c24@example.com", "")})
	if cs := customersOf(t, db); len(cs) != 25 || cs[7].Name != "Cee" {
		t.Fatalf("%d customers after the import, customer 8 %+v", len(cs), cs[7])
	}
	mustCheck(t, db)
}
