package store

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// testClock is a settable clock for deterministic tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *testClock { return &testClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

// openTest opens a fresh database in a temp dir.
func openTest(t testing.TB) (*DB, *testClock) {
	t.Helper()
	clk := newClock()
	db, err := Open(filepath.Join(t.TempDir(), "care.db"), Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, clk
}

func mustImport(t testing.TB, db *DB, rows []model.ImportRow) model.ImportResult {
	t.Helper()
	res, err := db.Import(rows)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustCheck(t testing.TB, db *DB) {
	t.Helper()
	probs, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("check found %d problems:\n%v", len(probs), probs)
	}
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if model.ErrorCode(err) != code {
		t.Fatalf("error %v: code %q, want %q", err, model.ErrorCode(err), code)
	}
}

// reopenAsSchema closes db, has older rewrite its file the way schema
// version wrote it (through bbolt itself), marks the file with that
// version and opens it again, which runs the migrations after version.
func reopenAsSchema(t *testing.T, db *DB, version uint64, opt Options, older func(tx *bolt.Tx) error) *DB {
	t.Helper()
	path := db.Path()
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		if err := older(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(version))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
