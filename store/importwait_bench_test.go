package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// BenchmarkSaveDuringImport is an agent's note saved every saveEvery while
// a lead imports 100k new rows (10k-row batches in one session, as `ssh …
// import < FILE` does) into a 20k-case desk, and the same saves on the
// same desk with no import: the anchor. It reports each save's wait
// (p50, p99, max of Act's time), the import's time and its commits. Sub-
// benchmarks: "alone" (no import), "batches" (one transaction a batch,
// the write before import chunks) and "chunks" (the store's bounds).
// Run it with -benchtime 1x.
func BenchmarkSaveDuringImport(b *testing.B) {
	const base, imported, saveEvery = 20_000, 100_000, 20 * time.Millisecond
	g := newRowGen(21, 10_000)
	baseRows := g.batch(base)
	var batches [][]model.ImportRow
	for range imported / importBatch {
		batches = append(batches, g.batch(importBatch))
	}
	for _, how := range []string{"alone", "batches", "chunks"} {
		b.Run(how, func(b *testing.B) {
			var waits []time.Duration
			var importTime time.Duration
			var commits uint64
			for range b.N {
				clk := newClock()
				db, err := Open(filepath.Join(b.TempDir(), "desk.db"), Options{Now: clk.Now})
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < base; i += importBatch {
					mustImport(b, db, baseRows[i:i+importBatch])
				}
				if how == "batches" {
					db.SetImportBound(importBatch, time.Hour, time.Hour)
				}
				done := make(chan struct{})
				c0 := db.CommitCounts()
				t0 := time.Now()
				if how == "alone" {
					go func() { time.Sleep(5 * time.Second); close(done) }()
				} else {
					go func() {
						defer close(done)
						importSession(b, db, batches)
					}()
				}
				w := savesUntil(b, db, done, base, saveEvery)
				waits = append(waits, w...)
				importTime += time.Since(t0)
				commits += db.CommitCounts().Commits - c0.Commits - uint64(len(w))
				db.Close()
			}
			reportWaits(b, waits)
			if how != "alone" {
				b.ReportMetric(importTime.Seconds()/float64(b.N), "import-s")
				b.ReportMetric(float64(commits)/float64(b.N), "import-commits")
			}
		})
	}
}

// savesUntil saves an agent's note on one of the first base cases every
// saveEvery until done closes, and returns each save's time (Act's).
func savesUntil(b *testing.B, db *DB, done <-chan struct{}, base int, saveEvery time.Duration) []time.Duration {
	var waits []time.Duration
	for saves := 0; ; {
		select {
		case <-done:
			return waits
		case <-time.After(saveEvery):
			saves++
			id := model.CaseID(saves*7919%base + 1)
			s0 := time.Now()
			if _, err := db.Act(id, 0, "ana", model.AddNote{Text: fmt.Sprintf("called back, %d", saves)}); err != nil {
				b.Fatal(err)
			}
			waits = append(waits, time.Since(s0))
		}
	}
}

// reportWaits reports the saves' p50, p99 and max, and how many a run made.
func reportWaits(b *testing.B, waits []time.Duration) {
	slices.Sort(waits)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(waits[len(waits)/2]), "save-p50-ms")
	b.ReportMetric(ms(waits[len(waits)*99/100]), "save-p99-ms")
	b.ReportMetric(ms(waits[len(waits)-1]), "save-max-ms")
	b.ReportMetric(float64(len(waits))/float64(b.N), "saves/op")
}
