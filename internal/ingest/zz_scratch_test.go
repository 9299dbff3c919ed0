package ingest

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/store"
)

func scratchCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestScratchImport: SCRATCH_CSV, SCRATCH_N (repeats), SCRATCH_BATCH.
func TestScratchImport(t *testing.T) {
	csv := os.Getenv("SCRATCH_CSV")
	if csv == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("SCRATCH_N"))
	bs, _ := strconv.Atoi(os.Getenv("SCRATCH_BATCH"))
	dir := t.TempDir()
	for i := 0; i < max(n, 1); i++ {
		db := filepath.Join(dir, "x.db")
		os.Remove(db)
		c0, t0 := scratchCPU(), time.Now()
		s, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := os.Open(csv)
		res, err := File(s, "x", f, Options{BatchSize: bs})
		f.Close()
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if k := os.Getenv("SCRATCH_KEEP"); k != "" {
			b, _ := os.ReadFile(db)
			os.WriteFile(k, b, 0o644)
		}
		fi, _ := os.Stat(db)
		t.Logf("wall %.3fs cpu %.3fs %v file %.1fMB", time.Since(t0).Seconds(), (scratchCPU() - c0).Seconds(), res, float64(fi.Size())/1e6)
	}
}

func TestScratchWrite(t *testing.T) {
	out := os.Getenv("SCRATCH_WRITE")
	if out == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("SCRATCH_N"))
	p := writeWorkload(t, t.TempDir(), n)
	b, _ := os.ReadFile(p)
	os.WriteFile(out, b, 0o644)
}
