package store

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// BenchmarkConcurrentSaves is agents saving notes at once, as on a team
// server, through three write paths side by side: one transaction per save
// (the anchor, as before group commit), group commit (update), and group
// commit whose leader first waits 2 ms for more saves (a batch timer, as
// bbolt's Batch has: the alternative not taken). It reports
// saves a second and the commits (fsyncs) a save costs; with one saver it
// shows what grouping costs a quiet desk.
//
//	go test -run '^$' -bench ConcurrentSaves -benchtime 2s ./store/
func BenchmarkConcurrentSaves(b *testing.B) {
	for _, savers := range []int{1, 8, 64} {
		for _, path := range []string{"one-tx-per-save", "grouped", "timer-2ms"} {
			b.Run(fmt.Sprintf("savers=%d/%s", savers, path), func(b *testing.B) {
				benchSaves(b, savers, path)
			})
		}
	}
}

func benchSaves(b *testing.B, savers int, path string) {
	db, clk := openTest(b)
	const cases = 2000
	var rows []model.ImportRow
	for i := range cases {
		rows = append(rows, oneRow(fmt.Sprintf("B-%d", i), clk.Now().Add(-time.Hour)))
	}
	mustImport(b, db, rows)
	db.group.oneTxPerSave = path == "one-tx-per-save"
	if path == "timer-2ms" {
		db.group.timer = 2 * time.Millisecond
	}
	before := db.CommitCounts()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for s := range savers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := int(next.Add(1)); n <= b.N; n = int(next.Add(1)) {
				id := model.CaseID(1 + (n*7+s)%cases)
				if _, err := db.Act(id, 0, "ana", model.AddNote{Text: fmt.Sprintf("note %d", n)}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	b.StopTimer()
	commits := db.CommitCounts().Commits - before.Commits
	b.ReportMetric(float64(b.N)/took.Seconds(), "saves/s")
	b.ReportMetric(float64(commits)/float64(b.N), "commits/save")
}
