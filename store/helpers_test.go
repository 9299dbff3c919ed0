package store

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

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
