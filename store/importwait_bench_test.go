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
			run := deskRun{rows: baseRows, saveEvery: saveEvery, alone: 5 * time.Second}
			if how == "batches" {
				run.prepare = func(db *DB) { db.SetImportBound(importBatch, time.Hour, time.Hour) }
			}
			if how != "alone" {
				run.work = func(db *DB) { importSession(b, db, batches) }
			}
			run.report(b, "import")
		})
	}
}

// deskRun is a benchmark of agents' saves on a desk of rows while work
// runs (nil: alone seconds of saves with nothing else, the anchor).
type deskRun struct {
	rows      []model.ImportRow
	saveEvery time.Duration
	alone     time.Duration
	prepare   func(db *DB) // before the saves start, on the filled desk
	work      func(db *DB)
}

// report runs b.N desks and reports the saves' times and, with work,
// its time and commits as what-s and what-commits.
func (r deskRun) report(b *testing.B, what string) {
	var waits []time.Duration
	var took time.Duration
	var commits uint64
	for range b.N {
		clk := newClock()
		db, err := Open(filepath.Join(b.TempDir(), "desk.db"), Options{Now: clk.Now})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(r.rows); i += importBatch {
			mustImport(b, db, r.rows[i:min(i+importBatch, len(r.rows))])
		}
		if r.prepare != nil {
			r.prepare(db)
		}
		done := make(chan struct{})
		c0 := db.CommitCounts()
		t0 := time.Now()
		go func() {
			defer close(done)
			if r.work == nil {
				time.Sleep(r.alone)
				return
			}
			r.work(db)
		}()
		w := savesUntil(b, db, done, len(r.rows), r.saveEvery)
		waits = append(waits, w...)
		took += time.Since(t0)
		commits += db.CommitCounts().Commits - c0.Commits - uint64(len(w))
		db.Close()
	}
	reportWaits(b, waits)
	if r.work != nil {
		b.ReportMetric(took.Seconds()/float64(b.N), what+"-s")
		b.ReportMetric(float64(commits)/float64(b.N), what+"-commits")
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
