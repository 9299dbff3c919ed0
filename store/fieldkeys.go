package store

import (
	"cmp"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// FieldKeys returns the extra-field keys in order of first appearance: the
// extra columns of a CSV export.
func (db *DB) FieldKeys() ([]string, error) {
	type kv struct {
		key string
		seq uint64
	}
	var all []kv
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFieldKeys).ForEach(func(k, v []byte) error {
			all = append(all, kv{string(k), getU64(v)})
			return nil
		})
	})
	slices.SortFunc(all, func(a, b kv) int { return cmp.Compare(a.seq, b.seq) })
	keys := make([]string, len(all))
	for i, x := range all {
		keys[i] = x.key
	}
	return keys, err
}

// fieldKeySet records new extra-field keys during one import, remembering
// the ones already seen so most rows cost a map lookup per field.
type fieldKeySet struct {
	w    *wtx
	seen map[string]bool
}

func (s *fieldKeySet) add(fields []model.Field) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	for _, f := range fields {
		if s.seen[f.Key] || f.Key == "" {
			continue
		}
		s.seen[f.Key] = true
		if s.w.get(bucketFieldKeys, []byte(f.Key)) != nil {
			continue
		}
		seq, err := s.w.bucket(bucketFieldKeys).NextSequence()
		if err != nil {
			continue // only the export's column order would suffer
		}
		s.w.put(bucketFieldKeys, []byte(f.Key), u64(seq))
	}
}
