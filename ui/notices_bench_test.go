package ui

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkChangeNoticesTeamCaseScreen100k is what a team server's screen
// showing a case pays for a frame of other agents' saves (pacing.go): 16
// notices of other cases, some moving a count, in one NoticesMsg over the
// server's shared index of 100k cases, and the View Bubble Tea draws
// after it. The index's own work (once per save for every screen) is not
// in it.
func BenchmarkChangeNoticesTeamCaseScreen100k(b *testing.B) {
	const n = 100_000
	svc := &genService{memService: newMemService(func() time.Time { return testNow }), n: n}
	ix := caseindex.NewIndex(svc)
	if err := ix.Load(); err != nil {
		b.Fatal(err)
	}
	a := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, Index: ix})
	a.e.timer = noTimer
	hs := &harness{t: b, a: a, deadline: time.Minute}
	hs.send(tea_WindowSize(120, 34))
	hs.run(a.Init())
	hs.send(openCaseMsg{id: 1})
	if a.focus != paneCase {
		b.Fatal("the case pane is not on screen")
	}
	q := a.testQueue()
	_ = a.View()
	rng := rand.New(rand.NewPCG(5, 11))
	ver := uint64(1 << 30)
	views, tabs, rev := 0, a.tabsDrawn, a.testCase().rev
	frame := make([]model.Change, 16)
	for b.Loop() {
		b.StopTimer()
		for i := range frame {
			s := changedSummary(b, q, model.CaseID(rng.IntN(n-1)+2), rng, &ver)
			frame[i] = model.Change{Author: "bo", Cases: []model.Summary{s}}
			ix.ApplyQuietly(frame[i])
		}
		b.StartTimer()
		msgs := []tea.Msg{NoticesMsg{Changes: frame, Index: true}}
		for len(msgs) > 0 {
			_, cmd := a.Update(msgs[0])
			_ = a.View()
			views++
			msgs = append(msgs[1:], runNow(cmd)...)
		}
	}
	b.ReportMetric(float64(views)/float64(b.N), "views/op")
	b.ReportMetric(float64(a.tabsDrawn-tabs)/float64(b.N), "tab-lines/op")
	b.ReportMetric(float64(a.testCase().rev-rev)/float64(b.N), "case-updates/op")
}
