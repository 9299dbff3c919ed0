package store

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Check and Repair derive the word index from the records one shard at a
// time (shardBits of case ids), with the same caseTerms and eventWords the
// writes use, so memory stays bounded by a shard's words however large the
// file.

// eventWords says which events' text (Event.To) is indexed, and as what.
func eventWords(k model.EventKind) (byte, bool) {
	switch k {
	case model.EventNote, model.EventReply:
		return srcNote, true
	}
	return 0, false
}

// shardWords are the expected entries of one shard: key without the shard
// → ids.
type shardWords map[string]*roaring.Bitmap

func (sw shardWords) add(term []byte, id uint64) {
	bm := sw[string(term)]
	if bm == nil {
		bm = roaring.New()
		sw[string(term)] = bm
	}
	bm.Add(uint32(id))
}

// storedOrders reads field_keys into a fieldOrder.
func storedOrders(tx *bolt.Tx) fieldOrder {
	m := map[string]uint32{}
	tx.Bucket(bucketFieldKeys).ForEach(func(k, v []byte) error {
		m[string(k)] = uint32(getU64(v))
		return nil
	})
	return func(key string) (uint32, bool) { o, ok := m[key]; return o, ok }
}

// lastShard is the shard of the highest id in bucket name (keys id(8)…),
// or -1 for an empty bucket.
func lastShard(tx *bolt.Tx, name []byte) int64 {
	k, _ := tx.Bucket(name).Cursor().Last()
	if k == nil {
		return -1
	}
	return int64(min(getU64(k), maxIndexedID) >> shardBits)
}

// caseShardWords computes idx_words' entries for the cases of shard s.
// Undecodable records are skipped (Check reports them elsewhere).
func caseShardWords(tx *bolt.Tx, order fieldOrder, s uint32) shardWords {
	sw := shardWords{}
	lo, hi := uint64(s)<<shardBits, uint64(s+1)<<shardBits
	var ts termSet
	custs := tx.Bucket(bucketCustomers)
	known := map[model.CustomerID]*model.Customer{} // a shard's repeat customers are read once
	customer := func(id model.CustomerID) *model.Customer {
		if id == 0 {
			return nil
		}
		cu, ok := known[id]
		if !ok {
			if v := custs.Get(customerKey(id)); v != nil {
				if rec, err := decodeCustomer(v); err == nil {
					cu = &rec
				}
			}
			known[id] = cu // a missing or undecodable customer: Check reports it elsewhere
		}
		return cu
	}
	c := tx.Bucket(bucketCases).Cursor()
	for k, v := c.Seek(u64(lo)); k != nil && getU64(k) < hi; k, v = c.Next() {
		cs, err := decodeCase(v)
		if err != nil {
			continue
		}
		ts.reset()
		caseTerms(&ts, &cs, customer(cs.CustomerID), order)
		for i := range ts.spans {
			sw.add(ts.term(i), getU64(k))
		}
	}
	ec := tx.Bucket(bucketEvents).Cursor()
	for k, v := ec.Seek(u64(lo)); k != nil && getU64(k) < hi; k, v = ec.Next() {
		if len(k) != 16 {
			continue
		}
		ev, err := decodeEvent(idOfPrefix(k), v)
		if err != nil {
			continue
		}
		src, ok := eventWords(ev.Kind)
		if !ok || ev.To == "" {
			continue
		}
		ts.reset()
		ts.add(ev.To, []byte{0, src})
		for i := range ts.spans {
			sw.add(ts.term(i), getU64(k))
		}
	}
	mc := tx.Bucket(bucketMessages).Cursor()
	for k, v := mc.Seek(u64(lo)); k != nil && getU64(k) < hi; k, v = mc.Next() {
		if len(k) != 16 {
			continue
		}
		m, err := decodeMessage(idOfPrefix(k), v)
		if err != nil {
			continue
		}
		ts.reset()
		ts.add(messageText(&m), []byte{0, srcMessage})
		for i := range ts.spans {
			sw.add(ts.term(i), getU64(k))
		}
	}
	return sw
}

// wordIndexes pairs each word bucket with the records it derives from.
var wordIndexes = []struct {
	name    []byte
	records []byte
	shard   func(tx *bolt.Tx, order fieldOrder, s uint32) shardWords
}{
	{bucketWords, bucketCases, caseShardWords},
}

// bucketCustomerWordsOld indexed customers' words per customer until
// schema 12 (words.go); emptyWordIndexes drops it.
var bucketCustomerWordsOld = []byte("idx_customer_words")

// checkWords compares the word index with a recount, shard by shard.
func (db *DB) checkWords(tx *bolt.Tx, p *problems) {
	if next, ok := wordsRebuildAt(tx); ok {
		// A file opened as found, whose upgrade stopped half-way: the
		// shards from next on are not written yet.
		p.addf("%s: the rebuild of an upgrade or a repair stopped at shard %d; opening the file in caredesk (or 'caredesk upgrade') finishes it", bucketWords, next)
		return
	}
	order := storedOrders(tx)
	for _, wi := range wordIndexes {
		b := tx.Bucket(wi.name)
		last := lastShard(tx, wi.records)
		// Entries past the last record's shard, or malformed, are strays.
		b.ForEach(func(k, v []byte) error {
			if len(k) < 6 || bytes.IndexByte(k[4:], 0) < 1 {
				p.addf("%s entry %q is malformed", wi.name, k)
			} else if int64(binary.BigEndian.Uint32(k)) > last {
				p.addf("%s entry %q: no record in its shard", wi.name, k)
			}
			return nil
		})
		c := b.Cursor()
		for s := int64(0); s <= last; s++ {
			want := wi.shard(tx, order, uint32(s))
			prefix := binary.BigEndian.AppendUint32(nil, uint32(s))
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if len(k) < 6 {
					continue // reported above
				}
				term := string(k[4:])
				exp := want[term]
				delete(want, term)
				got := roaring.New()
				if err := decodePosting(got, uint32(s), v); err != nil {
					p.addf("%s entry %q does not decode: %v", wi.name, k, err)
					continue
				}
				if exp == nil {
					exp = roaring.New()
				}
				if !got.Equals(exp) {
					extra, missing := roaring.AndNot(got, exp), roaring.AndNot(exp, got)
					p.addf("%s %q: holds %d ids it should not (%v), lacks %d (%v)", wi.name, k,
						extra.GetCardinality(), firstIDs(extra), missing.GetCardinality(), firstIDs(missing))
				}
			}
			for _, term := range slices.Sorted(maps.Keys(want)) {
				bm := want[term]
				p.addf("%s %q is missing: %d ids (%v)", wi.name, wordKey(uint32(s), []byte(term)),
					bm.GetCardinality(), firstIDs(bm))
			}
		}
	}
}

func firstIDs(bm *roaring.Bitmap) []uint32 {
	var out []uint32
	it := bm.Iterator()
	for it.HasNext() && len(out) < 5 {
		out = append(out, it.Next())
	}
	return out
}

// migrationDB is the little of a DB a migration's write set needs.
func migrationDB(path string) *DB {
	return &DB{path: path, now: time.Now, scratch: map[string]*pendingBucket{}}
}
