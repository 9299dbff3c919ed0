package ui

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/caredesk/caredesk/store"
)

// The stores many tests read alike (the demo desk, the CFPB samples'
// 8,690 complaints) are built once per test binary, and each test opens
// its own copy of the file: the same cases, byte for byte, and a test that
// writes changes only its copy. Building them again in every test was
// most of the ui package's time under -race.
var storeImages struct {
	sync.Mutex
	m map[string][]byte
}

// storeCopy opens, in t's temp dir with the heatmap tests' clock, a copy
// of the store that build fills (once per name in this test binary).
func storeCopy(t testing.TB, name string, build func(t testing.TB, db *store.DB)) *store.DB {
	t.Helper()
	img := storeImage(t, name, build)
	path := filepath.Join(t.TempDir(), "care.db")
	if err := os.WriteFile(path, img, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{Now: hmClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// storeImage is the file of the store build fills, built on first use
// in a temp dir of the test that first needs it.
func storeImage(t testing.TB, name string, build func(t testing.TB, db *store.DB)) []byte {
	t.Helper()
	storeImages.Lock()
	defer storeImages.Unlock()
	if img, ok := storeImages.m[name]; ok {
		return img
	}
	path := filepath.Join(t.TempDir(), "care.db")
	db, err := store.Open(path, store.Options{Now: hmClock})
	if err != nil {
		t.Fatal(err)
	}
	build(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if storeImages.m == nil {
		storeImages.m = map[string][]byte{}
	}
	storeImages.m[name] = img
	return img
}
