package store

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// TestImportDropsMappedPagesSafely imports in batches (each dropping the
// mapped pages after its commit) while readers walk the file, then reads
// everything back and checks it.
func TestImportDropsMappedPagesSafely(t *testing.T) {
	db, _ := openTest(t)
	g := newRowGen(4, 400)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if r == 0 {
					if _, err := db.QueueHead(openStatuses, 20); err != nil {
						t.Error(err)
						return
					}
					continue
				}
				err := db.EachCaseFull(true, func(c model.Case, _ model.Customer, evs []model.Event) error {
					if len(evs) == 0 || evs[0].Kind != model.EventCreated {
						t.Errorf("case %d: timeline %+v", c.ID, evs)
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	rows := 0
	for range 12 {
		mustImport(t, db, g.batch(500))
		rows += 500
		db.dropMapped() // again, with the readers running
	}
	stop.Store(true)
	wg.Wait()
	db.dropMapped()
	n := 0
	err := db.EachCaseFull(true, func(c model.Case, cu model.Customer, evs []model.Event) error {
		n++
		if c.ID != model.CaseID(n) || (c.CustomerID != 0 && cu.ID != c.CustomerID) {
			t.Fatalf("case %d: %+v %+v", n, c, cu)
		}
		return nil
	})
	if err != nil || n != rows {
		t.Fatal(err, n)
	}
	db.dropMapped()
	mustCheck(t, db)
	if st, _ := db.Stats(); st.Cases != rows {
		t.Fatalf("%+v", st)
	}
}
