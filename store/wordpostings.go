package store

// Writing the word index: a write's postings merged into the stored
// shards (see words.go for what the index holds).

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/caredesk/caredesk/model"
)

// applyPostings merges the write's postings into the stored shards. The
// write set holds no idx_words entries when it runs (it is followed by
// flushPending), so it reads the stored values straight from the tree.
func (w *wtx) applyPostings() error {
	if ww := w.wordWorker; ww != nil && ww.prepare {
		// The worker's are all the case words of this write: it has
		// sorted them and worked out their values while the write went on.
		if err := w.applyChanges(bucketWords, w.wordWorkerChanges()); err != nil {
			return err
		}
	} else {
		w.mergeWorkerWords()
		if err := w.applyIndex(bucketWords, w.caseWords); err != nil {
			return err
		}
	}
	w.caseWords = nil
	return nil
}

func (w *wtx) applyIndex(name []byte, p postings) error {
	if len(p) == 0 {
		return nil
	}
	return w.applyChanges(name, shardChanges(p, false))
}

// shardChanges lists what postings p do to each key of a word index,
// sorted by key; with fresh, each also carries its value for a key not
// stored yet (the word worker's, computed off the write's goroutine).
//
// The terms are sorted, not the changes: a key is shard|term, so each
// shard's changes in term order, shard after shard, are in key order —
// and a write's new cases span a shard or two. Sorting the changes by key
// was a fifth of the word worker's time.
func shardChanges(p postings, fresh bool) []shardChange {
	type termPosting struct {
		term string
		ps   *posting
	}
	terms := make([]termPosting, 0, len(p))
	for term, ps := range p {
		terms = append(terms, termPosting{term, ps})
	}
	slices.SortFunc(terms, func(a, b termPosting) int { return strings.Compare(a.term, b.term) })
	// A counting sort by shard, stable, term order staying within a shard:
	// first how many changes each shard gets — one a shard of a term's
	// ids, whether the last change of the id adds or removes it ...
	perShard := map[uint32]int{}
	for _, t := range terms {
		t.ps.sort()
		last := uint32(0)
		for i, op := range t.ps.ops {
			if shard := uint32(op >> 1 >> shardBits); i == 0 || shard != last {
				perShard[shard]++
				last = shard
			}
		}
	}
	at := make(map[uint32]int, len(perShard))
	n := 0
	for _, shard := range slices.Sorted(maps.Keys(perShard)) {
		at[shard] = n
		n += perShard[shard]
	}
	// ... then each change straight to its place.
	changes := make([]shardChange, n)
	var keys, values keyChunks
	var ids []uint32
	for _, t := range terms {
		add, del := t.ps.split()
		for len(add) > 0 || len(del) > 0 {
			c := shardChange{shard: nextShard(add, del)}
			c.add, add = takeShard(add, c.shard)
			c.del, del = takeShard(del, c.shard)
			c.key = keys.key(c.shard, t.term)
			if fresh && len(c.del) == 0 {
				c.fresh, ids = newPosting(&values, c.add, ids)
			}
			changes[at[c.shard]] = c
			at[c.shard]++
		}
	}
	return changes
}

// newPosting is the stored value of a key holding just ids, ascending
// and distinct (split's adds); a plain list is cut from values.
func newPosting(values *keyChunks, add []uint64, ids []uint32) ([]byte, []uint32) {
	if len(add) <= maxList {
		out := values.take(1 + 2*len(add))[:1]
		for _, id := range add {
			out = binary.BigEndian.AppendUint16(out, uint16(id))
		}
		return out, ids
	}
	ids = ids[:0]
	for _, id := range add {
		ids = append(ids, uint32(id))
	}
	bm := roaring.New()
	bm.AddMany(ids)
	return encodePosting(bm), ids
}

// applyChanges merges changes, sorted by key, into the stored shards of
// word index name.
func (w *wtx) applyChanges(name []byte, changes []shardChange) error {
	b := w.bucket(name)
	if b == nil {
		return model.Errorf(model.EINTERNAL, "%s: bucket %s is missing", w.db.path, name)
	}
	// Stored keys are read in order: a new batch's are mostly past the
	// last one, where no seek is needed.
	cur := b.Cursor()
	pastEnd := false
	var ids []uint32
	for _, c := range changes {
		var old []byte
		if !pastEnd {
			sk, v := cur.Seek(c.key)
			if sk == nil {
				pastEnd = true // and so is every later key
			} else if bytes.Equal(sk, c.key) {
				old = v
			}
		}
		if old == nil && c.fresh != nil {
			w.put(name, c.key, c.fresh)
			continue
		}
		if v, ok := mergeList(old, c.add, c.del); ok { // most words are rare: no bitmap
			w.put(name, c.key, v)
			continue
		}
		bm := roaring.New()
		if old != nil {
			if err := decodePosting(bm, c.shard, old); err != nil {
				return w.db.corrupt(string(name)+" entry", c.key, err)
			}
		}
		// Removed and added as bitmaps of their own: one by one into a
		// run container (a common word's consecutive ids) each Add
		// recounted the whole container — a quarter of a chunked
		// import's CPU, whose chunks merge into stored shards.
		if len(c.del) > 0 {
			ids = appendIDs(ids[:0], c.del)
			bm.AndNot(roaring.BitmapOf(ids...))
		}
		if len(c.add) > 0 {
			ids = appendIDs(ids[:0], c.add)
			bm.Or(roaring.BitmapOf(ids...))
		}
		if bm.IsEmpty() {
			w.del(name, c.key)
			continue
		}
		w.put(name, c.key, encodePosting(bm))
	}
	return nil
}

func appendIDs(ids []uint32, of []uint64) []uint32 {
	for _, id := range of {
		ids = append(ids, uint32(id))
	}
	return ids
}

// shardChange is what a write does to one key of a word index.
type shardChange struct {
	shard    uint32
	key      []byte
	add, del []uint64
	fresh    []byte // the value when the key is not stored yet (nil: work it out)
}

// keyChunks hands out word index keys from shared buffers: an import
// batch makes tens of thousands, a save a few. The chunks grow from 1 KB
// to 64 KB: a save's commit took two of 64 KB for a hundred bytes (3.7 %
// of what the load test's screens stage allocated).
type keyChunks struct{ buf []byte }

func (kc *keyChunks) key(shard uint32, term string) []byte {
	return append(binary.BigEndian.AppendUint32(kc.take(4 + len(term))[:0], shard), term...)
}

// take cuts n bytes from the chunk, capped at n.
func (kc *keyChunks) take(n int) []byte {
	if cap(kc.buf)-len(kc.buf) < n {
		kc.buf = make([]byte, 0, max(n, min(2*cap(kc.buf), 64<<10), 1<<10))
	}
	start := len(kc.buf)
	kc.buf = kc.buf[:start+n]
	return kc.buf[start : start+n : start+n]
}

// maxList is the most ids a posting keeps as a plain list without asking
// roaring which form is smaller: below it a list always is (roaring's
// header alone is 16 bytes, and a run container needs runs).
const maxList = 8

// mergeList applies adds to a stored value when both are small lists and
// no id is removed: the common case of an import, done without a bitmap.
func mergeList(old []byte, add, del []uint64) ([]byte, bool) {
	if len(del) > 0 || len(old) > 0 && old[0] != postingList || (len(old)/2)+len(add) > maxList {
		return nil, false
	}
	ids := make([]uint16, 0, len(old)/2+len(add))
	for i := 1; i+1 < len(old); i += 2 {
		ids = append(ids, binary.BigEndian.Uint16(old[i:]))
	}
	for _, id := range add {
		ids = append(ids, uint16(id))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]byte, 1, 1+2*len(ids))
	for _, id := range ids {
		out = binary.BigEndian.AppendUint16(out, id)
	}
	return out, true
}

func nextShard(add, del []uint64) uint32 {
	switch {
	case len(add) == 0:
		return uint32(del[0] >> shardBits)
	case len(del) == 0:
		return uint32(add[0] >> shardBits)
	}
	return uint32(min(add[0], del[0]) >> shardBits)
}

// takeShard splits the ids of shard off the front of sorted ids.
func takeShard(ids []uint64, shard uint32) (in, rest []uint64) {
	i := 0
	for i < len(ids) && uint32(ids[i]>>shardBits) == shard {
		i++
	}
	return ids[:i], ids[i:]
}

// A posting value is either a plain list of the ids' low 16 bits (tag
// byte postingList, then big-endian uint16s) when that is smaller — most
// words are rare — or a portable roaring bitmap of the full ids, which
// starts with roaring's cookie and never with postingList.
const postingList = 0

func encodePosting(bm *roaring.Bitmap) []byte {
	n := bm.GetCardinality()
	bm.RunOptimize()
	if size := bm.GetSerializedSizeInBytes(); 1+2*n <= size {
		out := make([]byte, 1, 1+2*n)
		it := bm.Iterator()
		for it.HasNext() {
			out = binary.BigEndian.AppendUint16(out, uint16(it.Next()))
		}
		return out
	}
	out, _ := bm.ToBytes() // only fails writing to a failing writer
	return out
}

// decodePosting adds the ids of a stored shard value to bm.
func decodePosting(bm *roaring.Bitmap, shard uint32, v []byte) error {
	if len(v) > 0 && v[0] == postingList {
		if len(v)%2 != 1 {
			return errCorrupt
		}
		base := shard << shardBits
		var buf [64]uint32 // AddMany: one container lookup per batch, not per id
		ids := buf[:0]
		for i := 1; i < len(v); i += 2 {
			ids = append(ids, base|uint32(binary.BigEndian.Uint16(v[i:])))
		}
		bm.AddMany(ids)
		return nil
	}
	// A copy: bbolt's value dies with the transaction, and a bitmap made
	// over its bytes would share them with bm.
	var r roaring.Bitmap
	if err := r.UnmarshalBinary(v); err != nil {
		return err
	}
	if !r.IsEmpty() && (r.Minimum()>>shardBits != shard || r.Maximum()>>shardBits != shard) {
		return errCorrupt
	}
	bm.Or(&r)
	return nil
}
