package store

import (
	"os"
	"path/filepath"
	"testing"

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
		for _, rows := range batches {
			mustImport(b, db, rows)
		}
		db.Close()
		os.Remove(path)
	}
	cpu.report(b)
}
