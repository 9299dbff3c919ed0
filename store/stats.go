package store

import (
	"io"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Stats returns the counters kept on every write; it reads a few keys.
func (db *DB) Stats() (st model.Stats, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		st = readStats(tx)
		return nil
	})
	return st, err
}

func readStats(tx *bolt.Tx) model.Stats {
	b := tx.Bucket(bucketCounts)
	st := model.Stats{ByStatus: map[model.Status]int{}}
	st.Cases = int(int64(getU64(b.Get([]byte(countCases)))))
	st.Customers = int(int64(getU64(b.Get([]byte(countCustomers)))))
	for _, s := range model.Statuses {
		if n := int(int64(getU64(b.Get([]byte(statusCountKey(s)))))); n != 0 {
			st.ByStatus[s] = n
		}
	}
	return st
}

// Backup writes a consistent copy of the database to w while readers and
// the writer carry on.
func (db *DB) Backup(w io.Writer) (n int64, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
