package store

import (
	"cmp"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// smallTier is the size of a rank tier up to which SearchTop reads each
// case's creation time; a larger tier is walked newest first through
// idx_created, which stops as soon as the screen is full.
var smallTier = 2048 // a var: tests lower it

// SearchTop returns the first n hits in search order — rank, then the
// most recent — as summaries: a screenful of results without ordering
// every hit.
func (db *DB) SearchTop(hits model.TextHits, n int) (top []model.Summary, err error) {
	ranks := slices.Clone(hits.Ranks)
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	slices.Reverse(ranks)
	err = db.view(func(tx *bolt.Tx) error {
		cases := tx.Bucket(bucketCases)
		for _, r := range ranks {
			if len(top) >= n {
				break
			}
			var tier []model.CaseID
			for i, id := range hits.IDs {
				if hits.Ranks[i] == r {
					tier = append(tier, id)
				}
			}
			if len(tier) > smallTier {
				tier = newestOf(tx, tier, n-len(top))
			}
			var sums []model.Summary
			for _, id := range tier {
				v := cases.Get(caseKey(id))
				if v == nil {
					continue
				}
				s, err := decodeSummary(v, nil)
				if err != nil {
					return db.corrupt("case", caseKey(id), err)
				}
				sums = append(sums, s)
			}
			slices.SortFunc(sums, func(a, b model.Summary) int {
				if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
					return c
				}
				return cmp.Compare(b.ID, a.ID)
			})
			top = append(top, sums[:min(len(sums), n-len(top))]...)
		}
		return nil
	})
	return top, err
}

// newestOf returns the n most recently created of ids, walking idx_created
// from its end.
func newestOf(tx *bolt.Tx, ids []model.CaseID, n int) []model.CaseID {
	set := roaring.New()
	for _, id := range ids {
		set.Add(uint32(id))
	}
	var out []model.CaseID
	c := tx.Bucket(bucketCreated).Cursor()
	for k, _ := c.Last(); k != nil && len(out) < n; k, _ = c.Prev() {
		if id := idOf(k); uint64(id) <= maxIndexedID && set.Contains(uint32(id)) {
			out = append(out, id)
		}
	}
	return out
}
