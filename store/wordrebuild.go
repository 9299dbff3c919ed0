package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// The migrations that rebuild the word index (4, 8, 12), and Repair, do it
// in steps, each its own transaction, rather than in the one transaction
// of the other migrations: bbolt keeps every page a transaction dirtied in memory
// until it commits, and a million cases' index in one took 2 GB and 110 s
// on a laptop (issue 13). The first transaction — the one that runs the
// migrations and sets the schema version, or Repair's — only empties the
// index and notes where the rebuild stands (metaWordsRebuild: the next
// shard); each step then writes the postings of a few shards and moves the
// note on, and the last one removes it.
//
// An upgrade or repair stopped half-way (killed, a full disk) is safe: the
// file is already at the new schema, so an older caredesk refuses it, and while
// the note is there this one does not take the index for finished — a
// writer opening the file carries the rebuild on from the noted shard, a
// reader is told to let it finish, check says where it stopped.

// metaWordsRebuild is the next shard(8) of a word index rebuild under way;
// absent when none is.
var metaWordsRebuild = []byte("words_rebuild")

// wordRebuildCases is about how many cases' postings one step writes:
// what its transaction holds in memory is a few tens of MB.
var wordRebuildCases = 32768

// afterWordRebuildStep, when set, runs after each step has committed,
// with the shard the next step starts at: tests stop the rebuild there.
var afterWordRebuildStep func(next int64) error

// startWordsRebuild empties the word index (and drops the per-customer
// one older files had) and notes that it is to be rebuilt from shard 0.
func startWordsRebuild(tx *bolt.Tx) error {
	if err := emptyWordIndexes(tx); err != nil {
		return err
	}
	if k, _ := tx.Bucket(bucketCases).Cursor().First(); k == nil {
		return nil // a new file: nothing to index
	}
	return tx.Bucket(bucketMeta).Put(metaWordsRebuild, u64(0))
}

// emptyWordIndexes leaves the word indexes empty, and drops the
// per-customer one files before schema 12 had.
func emptyWordIndexes(tx *bolt.Tx) error {
	if tx.Bucket(bucketCustomerWordsOld) != nil {
		if err := tx.DeleteBucket(bucketCustomerWordsOld); err != nil {
			return err
		}
	}
	for _, wi := range wordIndexes {
		if tx.Bucket(wi.name) != nil {
			if err := tx.DeleteBucket(wi.name); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(wi.name); err != nil {
			return err
		}
	}
	return nil
}

// wordsRebuildAt is the shard a rebuild under way goes on from; ok is
// false when none is.
func wordsRebuildAt(tx *bolt.Tx) (next int64, ok bool) {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0, false
	}
	v := b.Get(metaWordsRebuild)
	if v == nil {
		return 0, false
	}
	return int64(getU64(v)), true
}

func wordsRebuildPending(db *bolt.DB) (pending bool) {
	_ = db.View(func(tx *bolt.Tx) error {
		_, pending = wordsRebuildAt(tx)
		return nil
	})
	return pending
}

// finishWordsRebuild runs the steps of the rebuild under way, if any,
// until the index is whole.
func finishWordsRebuild(db *bolt.DB, path string) error {
	if !wordsRebuildPending(db) {
		return nil // no write transaction for nothing (a new file)
	}
	shards := int64(max(1, wordRebuildCases>>shardBits))
	for {
		var next int64
		done := false
		err := db.Update(func(tx *bolt.Tx) error {
			from, ok := wordsRebuildAt(tx)
			if !ok {
				done = true
				return nil
			}
			var err error
			next, done, err = rebuildWordsStep(tx, path, from, from+shards)
			return err
		})
		if err != nil {
			return fmt.Errorf("rebuild the word index of %s: %w", path, err)
		}
		if done {
			return nil
		}
		if afterWordRebuildStep != nil {
			if err := afterWordRebuildStep(next); err != nil {
				return err
			}
		}
	}
}

// rebuildWordsStep writes the postings of shards [from, to) and notes
// where the next step starts, or that the rebuild is done.
func rebuildWordsStep(tx *bolt.Tx, path string, from, to int64) (next int64, done bool, err error) {
	order := storedOrders(tx)
	last := int64(-1)
	for _, wi := range wordIndexes {
		last = max(last, lastShard(tx, wi.records))
		w := newWtx(tx, migrationDB(path))
		for s := from; s < to && s <= lastShard(tx, wi.records); s++ {
			// Whatever the shard holds goes: a migration after the one
			// that began the rebuild (7, recovery texts) may have added
			// to the emptied index.
			if err := dropShard(tx.Bucket(wi.name), uint32(s)); err != nil {
				return 0, false, err
			}
			sw := wi.shard(tx, order, uint32(s))
			for _, k := range slices.Sorted(maps.Keys(sw)) {
				w.put(wi.name, wordKey(uint32(s), []byte(k)), encodePosting(sw[k]))
			}
			if err := w.flushPending(); err != nil {
				w.resetPending()
				return 0, false, err
			}
		}
	}
	meta := tx.Bucket(bucketMeta)
	if to > last {
		return to, true, meta.Delete(metaWordsRebuild)
	}
	return to, false, meta.Put(metaWordsRebuild, u64(uint64(to)))
}

// dropShard deletes every key of shard s from word index b.
func dropShard(b *bolt.Bucket, s uint32) error {
	prefix := binary.BigEndian.AppendUint32(nil, s)
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// wordsRebuildRefused is what a reader is told of a file whose upgrade or
// repair stopped while it rebuilt the word index.
func wordsRebuildRefused(path string) error {
	return model.Errorf(model.EINVALID, "%s: the search index is half rebuilt (an upgrade or a repair stopped); 'caredesk upgrade --db %s' finishes it (so does opening it in the app, import or serve)", path, path)
}
