package store

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestWordRebuildStopsAndGoesOn upgrades a schema 11 file (customers'
// words per customer) with the rebuild of migration 12 stopped after two
// of its steps, as a killed upgrade would be: the file is at schema 12 (an
// older caredesk refuses it), a reader is refused, check says where the
// rebuild stopped, and the next writer to open the file finishes it one
// step at a time — each step its own transaction over one shard — after
// which search and check agree with the records.
func TestWordRebuildStopsAndGoesOn(t *testing.T) {
	db := oneShardSteps(t)
	var shards int64
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		shards = lastShard(tx, bucketCases) + 1
		if err := dropWordsOf(tx, srcCustomer); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(11))
	})
	if err != nil {
		t.Fatal(err)
	}
	if shards < 4 {
		t.Fatalf("%d shards: too few to stop a rebuild half-way", shards)
	}
	path := db.Path()
	db.Close()

	stopped := stopAfterTwoSteps()
	if _, err := Open(path, Options{}); !errors.Is(err, stopped) {
		t.Fatalf("open with the rebuild stopped: %v", err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	b.View(func(tx *bolt.Tx) error {
		if v := schemaVersion(tx); v != SchemaVersion {
			t.Errorf("stopped half-way, the file says schema %d: an older caredesk would take it for its own", v)
		}
		if next, ok := wordsRebuildAt(tx); !ok || next != 2 {
			t.Errorf("the rebuild is noted at shard %d (%v), want 2", next, ok)
		}
		return nil
	})
	b.Close()
	finishStoppedRebuild(t, path, shards)
}

// oneShardSteps is the search tests' desk, over many small shards, with
// a word index rebuild of one shard a step.
func oneShardSteps(t *testing.T) *DB {
	smallShards(t)
	oldCases := wordRebuildCases
	wordRebuildCases = 1 << shardBits
	t.Cleanup(func() { wordRebuildCases = oldCases; afterWordRebuildStep = nil })
	return searchDB(t)
}

// stopAfterTwoSteps makes a word index rebuild stop (as if killed) once
// its second step has committed, with the error it returns.
func stopAfterTwoSteps() error {
	stopped := errors.New("killed")
	steps := 0
	afterWordRebuildStep = func(next int64) error {
		if steps++; steps == 2 {
			return stopped
		}
		return nil
	}
	return stopped
}

// finishStoppedRebuild checks a file whose word index rebuild (one shard
// a step, of shards) stopped after two steps: a reader is refused, check
// says where it stopped, and the next writer to open it finishes the rest
// one step at a time, after which search and check agree with the records.
func finishStoppedRebuild(t *testing.T, path string, shards int64) {
	t.Helper()
	if _, err := Open(path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "half rebuilt") {
		t.Errorf("a reader opened the half-built index: %v", err)
	}
	probs, err := VerifyFile(path)
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0], "stopped at shard 2") {
		t.Errorf("check of the stopped file: %v %q", err, probs)
	}
	var steps []int64
	afterWordRebuildStep = func(next int64) error { steps = append(steps, next); return nil }
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if want := shards - 2 - 1; int64(len(steps)) != want { // the last step is not followed by the hook
		t.Errorf("the rest took %d steps (%v), want %d: one shard each", len(steps), steps, want)
	}
	mustCheck(t, db)
	db.bolt.View(func(tx *bolt.Tx) error {
		if _, ok := wordsRebuildAt(tx); ok {
			t.Error("the rebuild is still noted as under way")
		}
		return nil
	})
	rc := readRecount(t, db)
	for _, q := range []string{"muller", "muller escrow", "jurgen", "p7 example", `"renee bohm"`, "refund"} {
		checkSearch(t, db, rc, q, mustParse(t, q))
	}
}

// TestRepairRebuildsWordsInSteps: Repair rebuilds the word index one step
// (here one shard) a transaction, as the upgrade does, not in its one
// transaction: stopped after two steps (killed), the file notes where the
// rebuild stands, a reader is refused, and the next writer to open it
// finishes the rest, after which search and check agree with the records.
func TestRepairRebuildsWordsInSteps(t *testing.T) {
	db := oneShardSteps(t)
	var shards int64
	db.bolt.View(func(tx *bolt.Tx) error { shards = lastShard(tx, bucketCases) + 1; return nil })
	if shards < 4 {
		t.Fatalf("%d shards: too few to stop a rebuild half-way", shards)
	}
	stopped := stopAfterTwoSteps()
	if err := db.Repair(); !errors.Is(err, stopped) {
		t.Fatalf("repair with the word rebuild stopped after two steps: %v", err)
	}
	path := db.Path()
	db.Close()
	finishStoppedRebuild(t, path, shards)
}
