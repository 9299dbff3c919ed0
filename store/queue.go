package store

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// QueueHead returns the first n cases with the given statuses, most urgent
// first and then by SLA due time (ties by id), read from idx_queue: for each
// priority, a merge of one cursor per status. It reads about n index keys
// and n records whatever the size of the database.
func (db *DB) QueueHead(statuses []model.Status, n int) (out []model.Summary, err error) {
	if n <= 0 {
		return nil, nil
	}
	statuses = slices.Compact(slices.Sorted(slices.Values(statuses)))
	err = db.view(func(tx *bolt.Tx) error {
		qb := tx.Bucket(bucketQueue)
		cases := tx.Bucket(bucketCases)
		type head struct {
			c      *bolt.Cursor
			prefix []byte
			k      []byte
		}
		for _, p := range model.Priorities {
			var heads []*head
			for _, s := range statuses {
				h := &head{c: qb.Cursor(), prefix: []byte{byte(s), byte(p)}}
				h.k, _ = h.c.Seek(h.prefix)
				if h.k != nil && bytes.HasPrefix(h.k, h.prefix) {
					heads = append(heads, h)
				}
			}
			for len(out) < n && len(heads) > 0 {
				// The suffix due(8)|id(8) orders cases within a priority;
				// there are at most a handful of statuses, so a linear
				// pick beats a heap.
				best := 0
				for i := 1; i < len(heads); i++ {
					if bytes.Compare(heads[i].k[2:], heads[best].k[2:]) < 0 {
						best = i
					}
				}
				h := heads[best]
				id := idOf(h.k)
				v := cases.Get(caseKey(id))
				if v == nil {
					return db.corrupt("idx_queue entry (no such case)", h.k, errCorrupt)
				}
				s, err := decodeSummary(v, nil)
				if err != nil {
					return db.corrupt("case", caseKey(id), err)
				}
				out = append(out, s)
				h.k, _ = h.c.Next()
				if h.k == nil || !bytes.HasPrefix(h.k, h.prefix) {
					heads = append(heads[:best], heads[best+1:]...)
				}
			}
			if len(out) >= n {
				break
			}
		}
		return nil
	})
	return out, err
}
