package store

import (
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkSaveDuringRename is an agent's note saved every saveEvery while
// a lead renames a tag on 20k of a 30k-case desk, and the same saves on the
// same desk with no rename: the anchor (BenchmarkSaveDuringImport's way).
// It reports each save's time (p50, p99, max of Act's), the rename's time
// and its commits. Sub-benchmarks: "alone" (no rename, 3 s of saves),
// "onetx" (the rename in one transaction, as before retag chunks) and
// "chunks" (the store's bounds). Run it with -benchtime 1x.
func BenchmarkSaveDuringRename(b *testing.B) {
	const base, tagged, saveEvery = 30_000, 20_000, 20 * time.Millisecond
	rows := newRowGen(22, 10_000).batch(base)
	for i := range rows {
		rows[i].Case.Tags = []string{"billing/fee"}
		if i < tagged {
			rows[i].Case.Tags = []string{"shipping/late"}
		}
	}
	for _, how := range []string{"alone", "onetx", "chunks"} {
		b.Run(how, func(b *testing.B) {
			var waits []time.Duration
			var renameTime time.Duration
			var commits uint64
			for range b.N {
				clk := newClock()
				db, err := Open(filepath.Join(b.TempDir(), "desk.db"), Options{Now: clk.Now})
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < base; i += importBatch {
					mustImport(b, db, rows[i:i+importBatch])
				}
				if how == "onetx" {
					db.SetImportBound(1<<30, time.Hour, time.Hour)
				}
				done := make(chan struct{})
				c0 := db.CommitCounts()
				t0 := time.Now()
				if how == "alone" {
					go func() { time.Sleep(3 * time.Second); close(done) }()
				} else {
					go func() {
						defer close(done)
						if n, err := db.RenameTag("shipping/late", "shipping/delayed", "lead"); err != nil || n != tagged {
							b.Errorf("renamed %d cases: %v", n, err)
						}
					}()
				}
				w := savesUntil(b, db, done, base, saveEvery)
				waits = append(waits, w...)
				renameTime += time.Since(t0)
				commits += db.CommitCounts().Commits - c0.Commits - uint64(len(w))
				db.Close()
			}
			reportWaits(b, waits)
			if how != "alone" {
				b.ReportMetric(renameTime.Seconds()/float64(b.N), "rename-s")
				b.ReportMetric(float64(commits)/float64(b.N), "rename-commits")
			}
		})
	}
}
