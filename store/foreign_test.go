package store

import (
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Another program's bbolt file is refused, not quietly filled with
// caredesk's buckets.
func TestForeignBoltFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return bk.Put([]byte("w1"), []byte("blue"))
	}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), `not a caredesk database`) || !strings.Contains(err.Error(), `"widgets"`) {
			t.Fatalf("read-only %v: %v", ro, err)
		}
	}
	b, _ = bolt.Open(path, 0o600, nil)
	defer b.Close()
	_ = b.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketCases) != nil {
			t.Error("caredesk buckets were added to another program's file")
		}
		return nil
	})
}

// A caredesk file missing a bucket is refused by every opener with what
// to do, instead of a panic at the first read; check names the bucket and
// Repair recreates it.
func TestMissingBucket(t *testing.T) {
	for _, name := range [][]byte{bucketCases, bucketTags, bucketMeta, bucketCounts} {
		t.Run(string(name), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.db")
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustImport(t, db, []model.ImportRow{oneRow("A-1", db.now().Add(-1e9), "billing/refund")})
			db.Close()
			b, _ := bolt.Open(path, 0o600, nil)
			if err := b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(name) }); err != nil {
				t.Fatal(err)
			}
			b.Close()

			_, err = Open(path, Options{})
			if name == nil || string(name) == "meta" {
				// no schema version: it no longer reads as caredesk's
				if err == nil {
					t.Fatal("opened")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "bucket "+string(name)+" is missing") || !strings.Contains(err.Error(), "check --repair") {
				t.Fatalf("open: %v", err)
			}
			probs, err := VerifyFile(path)
			if err != nil || len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), "bucket "+string(name)+" is missing") {
				t.Fatalf("check: %v %v", probs, err)
			}
			db, err = Open(path, Options{Damaged: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Repair(); err != nil {
				t.Fatalf("repair: %v", err)
			}
			db.Close()
			db, err = Open(path, Options{})
			if err != nil {
				t.Fatalf("after repair: %v", err)
			}
			defer db.Close()
			if probs, err := db.Check(); err != nil || len(probs) != 0 {
				t.Fatalf("after repair: %v %v", probs, err)
			}
		})
	}
}
