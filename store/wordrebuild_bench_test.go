package store

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/internal/heappeak"
)

// BenchmarkMigrateWords1M upgrades a copy of a million-case file from
// schema 11, whose upgrade rebuilds the word index (in one transaction
// until session 7: 2 GB, 110 s). It reports the time, the peak Go heap
// sampled meanwhile, and the steps the rebuild took (each a transaction).
func BenchmarkMigrateWords1M(b *testing.B) {
	src := millionDB(b)
	path := filepath.Join(b.TempDir(), "schema11.db")
	steps := 0
	afterWordRebuildStep = func(int64) error { steps++; return nil }
	b.Cleanup(func() { afterWordRebuildStep = nil })
	var took time.Duration
	var peak uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		copyFile(b, src, path)
		asSchema11(b, path)
		runtime.GC()
		heap := heappeak.Start(20 * time.Millisecond)
		b.StartTimer()
		t0 := time.Now()
		db, err := Open(path, Options{})
		took += time.Since(t0)
		peak = max(peak, heap.Stop())
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.StopTimer()
	b.ReportMetric(took.Seconds()/float64(b.N), "migrate-s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(steps+b.N)/float64(b.N), "transactions")
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// asSchema11 marks the file as written by schema 11, as an older caredesk
// left it: the next writer rebuilds the word index.
func asSchema11(b *testing.B, path string) {
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaSchema, u64(11)) }); err != nil {
		b.Fatal(err)
	}
}
