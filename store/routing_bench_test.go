package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// benchRouting is a desk of four teams owning most of the generated
// areas, business hours and first-response targets included: every new
// case of an owned area is routed, assigned and written with its route.
func benchRouting(b *testing.B) *model.Routing {
	hours, err := model.ParseHours("Mon-Fri 09:00-17:30", "Europe/Berlin", []string{"2026-12-25"})
	if err != nil {
		b.Fatal(err)
	}
	sla := model.TeamSLA{FirstResponse: model.SLAPolicy{Urgent: 30 * 60e9, High: 3600e9, Normal: 4 * 3600e9, Low: 8 * 3600e9}, Hours: hours}
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: []string{"ana", "bo", "cy"}, Areas: []string{"billing", "card"}, Assign: model.AssignRoundRobin, MaxOpen: 1 << 30, SLA: sla},
		{Name: "shipping", Members: []string{"dee", "ed"}, Areas: []string{"shipping"}, Assign: model.AssignLeastOpen, SLA: sla},
		{Name: "accounts", Members: []string{"fay", "gus"}, Areas: []string{"account", "fraud"}, Assign: model.AssignRoundRobin, SLA: sla},
		{Name: "credit", Members: []string{"hal"}, Areas: []string{"credit", "loan"}, SLA: sla},
	})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkImport100kTeams is BenchmarkImport100k on a desk with teams:
// its difference from that anchor is what routing and team SLA clocks
// add to an import.
func BenchmarkImport100kTeams(b *testing.B) {
	g := newRowGen(7, 30_000)
	var batches [][]model.ImportRow
	for range 10 {
		batches = append(batches, g.batch(importBatch))
	}
	routing := benchRouting(b)
	dir := b.TempDir()
	b.ReportAllocs()
	cpu := startCPU()
	i := 0
	for b.Loop() {
		i++
		path := filepath.Join(dir, "teams"+string(rune('a'+i%26))+".db")
		os.Remove(path)
		db, err := Open(path, Options{Routing: routing})
		if err != nil {
			b.Fatal(err)
		}
		importSession(b, db, batches)
		db.Close()
		os.Remove(path)
	}
	cpu.report(b)
}

// BenchmarkImport100kTeamsVsNone imports the same 100k rows into a desk
// without teams and one with, alternately in one run, so both see the
// same load: routing's budget is at most 5 % more CPU (teams-cpu-%) and
// allocations (teams-allocs-%) than the import without it.
func BenchmarkImport100kTeamsVsNone(b *testing.B) {
	g := newRowGen(7, 30_000)
	var batches [][]model.ImportRow
	for range 10 {
		batches = append(batches, g.batch(importBatch))
	}
	routing := benchRouting(b)
	dir := b.TempDir()
	var cpu, allocs [2]float64 // without teams, with
	i := 0
	for b.Loop() {
		for k, r := range []*model.Routing{nil, routing} {
			i++
			path := filepath.Join(dir, fmt.Sprintf("desk%d.db", i))
			db, err := Open(path, Options{Routing: r})
			if err != nil {
				b.Fatal(err)
			}
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			c0 := cpuNow()
			importSession(b, db, batches)
			cpu[k] += float64(cpuNow() - c0)
			runtime.ReadMemStats(&m1)
			allocs[k] += float64(m1.Mallocs - m0.Mallocs)
			db.Close()
			os.Remove(path)
		}
	}
	n := float64(b.N)
	b.ReportMetric(cpu[0]/n/1e6, "none-cpu-ms")
	b.ReportMetric(cpu[1]/n/1e6, "teams-cpu-ms")
	b.ReportMetric(100*(cpu[1]/cpu[0]-1), "teams-cpu-%")
	b.ReportMetric(allocs[0]/n, "none-allocs")
	b.ReportMetric(allocs[1]/n, "teams-allocs")
	b.ReportMetric(100*(allocs[1]/allocs[0]-1), "teams-allocs-%")
	b.Logf("load average %s", loadAvg())
}

// loadAvg is the machine's load average, said with the figures.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// BenchmarkOpenRoutedCase reads the timeline of imported cases on a desk
// with teams, as a screen does when a case is opened: each has its import
// route, kept in one record per import write (importroutes.go).
func BenchmarkOpenRoutedCase(b *testing.B) {
	g := newRowGen(7, 3_000)
	db, err := Open(filepath.Join(b.TempDir(), "desk.db"), Options{Routing: benchRouting(b)})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	importSession(b, db, [][]model.ImportRow{g.batch(importBatch)})
	routed := 0
	b.ReportAllocs()
	cpu0 := cpuNow()
	i := 0
	for b.Loop() {
		i = (i + 7919) % importBatch
		evs, err := db.Events(model.CaseID(i + 1))
		if err != nil {
			b.Fatal(err)
		}
		for _, ev := range evs {
			if ev.Kind == model.EventRouted {
				routed++
			}
		}
	}
	b.ReportMetric(float64(cpuNow()-cpu0)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
	if routed == 0 {
		b.Fatal("no case had its route")
	}
}
