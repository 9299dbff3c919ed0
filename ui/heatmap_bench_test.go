package ui

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// BenchmarkHeatmapOpen1M opens the heatmap pane on a real store of a
// million cases and about a hundred tags over a year: the counters path
// (report.Build over the tag × day counters), the first layout and the
// first View at 160×50 (the "counters" sub-benchmark). Target: under
// 50 ms. The database is built first
// (a few minutes), only when the benchmark runs.
func BenchmarkHeatmapOpen1M(b *testing.B) {
	hmAscii(b)
	path := filepath.Join(b.TempDir(), "million.db")
	db, err := store.Open(path, store.Options{Now: hmClock})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	n := 0
	err = demo.Load(db, demo.Config{Cases: 1_000_000, Weeks: 52, Seed: 1, Now: hmNow}, func(r *model.ImportRow) {
		// The demo's 25 issues, each in four variants: ~100 tags.
		n++
		for i, t := range r.Case.Tags {
			r.Case.Tags[i] = fmt.Sprintf("%s-%d", t, n%4)
		}
		r.Events = nil // the timelines are not what this measures
	})
	if err != nil {
		b.Fatal(err)
	}
	tags, _ := db.Tags()
	b.Logf("built %d cases, %d tags in %v", n, len(tags), time.Since(start).Round(time.Second))

	e := hmEnv(db)
	b.Run("counters", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p := newHeatmapPane(e)
			p.SetSize(160, 50)
			hmRun(p, p.Init())
			if p.m == nil || len(p.lines) < 100 {
				b.Fatalf("matrix %v, %d lines", p.m != nil, len(p.lines))
			}
			_ = p.View()
		}
	})
	// For comparison: a filtered view scans every summary, off the
	// Update loop, while the pane shows "computing…".
	b.Run("filtered-scan", func(b *testing.B) {
		p := newHeatmapPane(e)
		p.SetSize(160, 50)
		hmRun(p, p.Init())
		q, err := parseHeatFilter("channel:phone")
		if err != nil {
			b.Fatal(err)
		}
		p.query = q
		for b.Loop() {
			hmRun(p, p.compute())
			_ = p.View()
		}
	})
}
