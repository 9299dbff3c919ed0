package ingest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/internal/heappeak"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// writeWorkload writes n generated cases as caredesk CSV to a file in dir.
func writeWorkload(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "cases.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := csvio.NewCSVWriter(f, demo.FieldKeys)
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if err := demo.Generate(demo.Config{Cases: n, Seed: 7, Now: now}, func(r model.ImportRow) error {
		return w.Write(r.Case, r.Customer)
	}); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// importFile imports path into a new database and returns the result.
func importFile(tb testing.TB, dbPath, csvPath string) Result {
	tb.Helper()
	res, _ := importFileCounted(tb, dbPath, csvPath)
	return res
}

// importFileCounted is importFile, also saying how many transactions the
// import committed (the store writes a batch in one or several).
func importFileCounted(tb testing.TB, dbPath, csvPath string) (Result, uint64) {
	tb.Helper()
	s, err := store.Open(dbPath, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	f, err := os.Open(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	c0 := s.CommitCounts()
	res, err := File(s, "cases.csv", f, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return res, s.CommitCounts().Commits - c0.Commits
}

// BenchmarkImport100kVsSQLite imports 100k caredesk-format rows into a new
// file, indexes and counters included, and in the same run times
// `sqlite3 new.db ".import --csv FILE t"` on the same file: the bar
// is to be at least as fast. It reports both and their ratio.
func BenchmarkImport100kVsSQLite(b *testing.B) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("sqlite3 is not installed")
	}
	dir := b.TempDir()
	csvPath := writeWorkload(b, dir, 100_000)
	st, _ := os.Stat(csvPath)
	b.SetBytes(st.Size())
	var ours, theirs time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, "caredesk.db")
		os.Remove(db)
		t0 := time.Now()
		res := importFile(b, db, csvPath)
		ours += time.Since(t0)
		if res.Imported != 100_000 || res.Rejected != 0 {
			b.Fatalf("imported %v", res)
		}

		sq := filepath.Join(dir, "sqlite.db")
		os.Remove(sq)
		t0 = time.Now()
		out, err := exec.Command(sqlite, sq, ".import --csv "+csvPath+" t").CombinedOutput()
		theirs += time.Since(t0)
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			b.Fatalf("sqlite3: %v %s", err, out)
		}
	}
	b.StopTimer()
	b.ReportMetric(ours.Seconds()/float64(b.N), "caredesk-s")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "sqlite3-s")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "speedup")
}

// BenchmarkImport1MMemory imports a million rows and reports the peak heap
// seen while it ran: memory must not grow with the file.
func BenchmarkImport1MMemory(b *testing.B) {
	dir := b.TempDir()
	csvPath := writeWorkload(b, dir, 1_000_000)
	runtime.GC()
	heap := heappeak.Start(50 * time.Millisecond)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, "caredesk.db")
		os.Remove(db)
		if res := importFile(b, db, csvPath); res.Imported != 1_000_000 {
			b.Fatalf("imported %v", res)
		}
	}
	b.StopTimer()
	peak := heap.Stop()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkImport100k imports 100k caredesk-format rows into a new file,
// without the sqlite3 comparison: the one to profile.
func BenchmarkImport100k(b *testing.B) {
	dir := b.TempDir()
	csvPath := writeWorkload(b, dir, 100_000)
	st, _ := os.Stat(csvPath)
	b.SetBytes(st.Size())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gc0 := ms.NumGC
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, "caredesk.db")
		os.Remove(db)
		if res := importFile(b, db, csvPath); res.Imported != 100_000 {
			b.Fatalf("imported %v", res)
		}
	}
	b.ReportMetric((cpuNow()-c0).Seconds()/float64(b.N), "cpu-s/op")
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.NumGC-gc0)/float64(b.N), "gc-cycles/op")
}

// cpuNow is the CPU time (user and system) this process has used: on a
// shared machine wall time says more about the neighbours than the code.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
