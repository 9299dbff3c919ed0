package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// EachCaseFull calls fn for every case in id order with its customer and,
// when withEvents, its timeline — all from one read transaction, so an
// export is a consistent snapshot even while agents keep working.
func (db *DB) EachCaseFull(withEvents bool, fn func(model.Case, model.Customer, []model.Event) error) error {
	return db.view(func(tx *bolt.Tx) error { return db.eachCaseIn(tx, withEvents, fn) })
}

// eachCaseIn is EachCaseFull inside a read transaction.
func (db *DB) eachCaseIn(tx *bolt.Tx, withEvents bool, fn func(model.Case, model.Customer, []model.Event) error) error {
	customers := map[model.CustomerID]model.Customer{}
	events := tx.Bucket(bucketEvents).Cursor()
	routes := db.newImportRouteReader(tx)
	var evs []model.Event
	return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		c, err := decodeCase(v)
		if err != nil {
			return db.corrupt("case", k, err)
		}
		var cu model.Customer
		if c.CustomerID != 0 {
			var ok bool
			if cu, ok = customers[c.CustomerID]; !ok {
				if cu, err = findCustomer(db, rtx{tx}, c.CustomerID); err != nil {
					return err
				}
				// Customers repeat across cases; a small cache saves
				// a lookup without holding every customer in memory.
				if len(customers) > 10_000 {
					clear(customers)
				}
				customers[c.CustomerID] = cu
			}
		}
		evs = evs[:0]
		if withEvents {
			for ek, ev := events.Seek(k); ek != nil && bytes.HasPrefix(ek, k); ek, ev = events.Next() {
				e, err := decodeEvent(c.ID, ev)
				if err != nil {
					return db.corrupt("event", ek, err)
				}
				evs = append(evs, e)
			}
			if evs, err = db.withImportRoute(routes, withCreated(evs, c.ID, c.CreatedAt), c.ID); err != nil {
				return err
			}
		}
		return fn(c, cu, evs)
	})
}
