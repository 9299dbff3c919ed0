package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/caredesk/caredesk/store"
)

// benchCacheVersion names the cached databases: bump it when the
// generator or the stored format changes without a schema migration, so
// that no run measures a database the code no longer writes.
const benchCacheVersion = 1

// benchCache is the folder the big benchmark databases are kept in across
// runs, outside git: $CAREDESK_BENCH_CACHE, else caredesk-bench in the
// user's cache folder. Building a million cases takes minutes; measuring a
// query on them takes seconds.
func benchCache(tb testing.TB) string {
	dir := os.Getenv("CAREDESK_BENCH_CACHE")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			tb.Skipf("no cache folder for the benchmark databases (set CAREDESK_BENCH_CACHE): %v", err)
		}
		dir = filepath.Join(base, "caredesk-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// cachedSearchDBs returns a caredesk database and a SQLite one holding
// the same n generated cases, building whichever the cache lacks. Each is
// built under a temporary name and renamed when complete, so a run that
// was stopped half way leaves nothing that looks finished. The caredesk
// file is opened for writing once, so a newer schema's migration runs
// here and not inside the timed part.
func cachedSearchDBs(tb testing.TB, sqlite string, n int) (dbPath, sqPath string) {
	tb.Helper()
	dir := benchCache(tb)
	dbPath = filepath.Join(dir, fmt.Sprintf("caredesk-%d-v%d.db", n, benchCacheVersion))
	sqPath = filepath.Join(dir, fmt.Sprintf("sqlite-%d-v%d.db", n, benchCacheVersion))
	_, dbErr := os.Stat(dbPath)
	_, sqErr := os.Stat(sqPath)
	if dbErr != nil || sqErr != nil {
		work := tb.TempDir()
		csvPath := writeWorkload(tb, work, n)
		if dbErr != nil {
			tmp := dbPath + ".building"
			os.Remove(tmp)
			if res := importFile(tb, tmp, csvPath); res.Imported != n || res.Rejected != 0 {
				tb.Fatalf("benchmark database: imported %v", res)
			}
			if err := os.Rename(tmp, dbPath); err != nil {
				tb.Fatal(err)
			}
		}
		if sqErr != nil {
			tmp := sqPath + ".building"
			loadSQLite(tb, sqlite, tmp, csvPath)
			if err := os.Rename(tmp, sqPath); err != nil {
				tb.Fatal(err)
			}
		}
		tb.Logf("built the benchmark databases in %s", dir)
	}
	s, err := store.Open(dbPath, store.Options{})
	if err != nil {
		tb.Fatalf("benchmark database %s: %v (delete it to build it again)", dbPath, err)
	}
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	return dbPath, sqPath
}
