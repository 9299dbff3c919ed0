package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// Space reports the bytes of pages the word index takes and the bytes the
// rest of the data takes, from bbolt's bucket statistics: what the index
// adds to the file (the benchmarks hold it to at most 60%).
func (db *DB) Space() (words, rest int64, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			st := b.Stats()
			n := int64(st.BranchAlloc + st.LeafAlloc)
			if bytes.Equal(name, bucketWords) {
				words += n
			} else {
				rest += n
			}
			return nil
		})
	})
	return words, rest, err
}
