package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// saveBenchCases is the desk the save benchmark writes to: the load
// test's, imported in 10k-row writes (so on a team desk its import routes
// are ten records, as a real import's are many).
const saveBenchCases = 100_000

// loadTestRouting is the load test's teams (internal/server's loadTeams):
// every area of the generated tags and the saves' new tags owned, business
// hours with a holiday and first-response targets, every agent in every
// team, no auto-assignment.
func loadTestRouting(b *testing.B, agents []string) *model.Routing {
	hours, err := model.ParseHours("Mon-Fri 09:00-17:30", "Europe/Berlin", []string{"2026-12-25"})
	if err != nil {
		b.Fatal(err)
	}
	sla := model.TeamSLA{FirstResponse: model.SLAPolicy{Urgent: 30 * time.Minute, High: time.Hour, Normal: 4 * time.Hour, Low: 8 * time.Hour}, Hours: hours}
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: agents, Areas: []string{"billing", "card"}, SLA: sla},
		{Name: "shipping", Members: agents, Areas: []string{"shipping", "load"}, SLA: sla},
		{Name: "accounts", Members: agents, Areas: []string{"account", "credit", "loan", "fraud"}, SLA: sla},
	})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkSaveTeamsVsNone is one agent's save on a screen as the load
// test's in-process stage makes it — the case read, the write (claim, a
// new tag, a note or a status, in turn), then the timeline and the
// customer's cases read to show the result — on a 100k-case desk without
// teams (the anchor) and on the same desk with the load test's teams.
// Besides time and allocations it reports the process CPU, and the bbolt
// pages written and nodes touched per save: what a team desk's save costs
// beyond a plain one's, in counts that do not depend on the machine's
// load.
func BenchmarkSaveTeamsVsNone(b *testing.B) {
	agents := []string{"ana", "bo", "cy", "dee", "ed", "fay", "gus", "hal"}
	rows := newRowGen(11, 10_000)
	var batches [][]model.ImportRow
	for range saveBenchCases / importBatch {
		batches = append(batches, rows.batch(importBatch))
	}
	for _, desk := range []struct {
		name    string
		routing *model.Routing
	}{{"none", nil}, {"teams", loadTestRouting(b, agents)}} {
		b.Run(desk.name, func(b *testing.B) {
			clk := newClock()
			db, err := Open(filepath.Join(b.TempDir(), "desk.db"), Options{Now: clk.Now, Routing: desk.routing})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			importSession(b, db, batches)
			visits := map[model.CaseID]int{}
			stats0 := db.bolt.Stats().TxStats
			b.ReportAllocs()
			cpu := startCPU()
			i := 0
			for b.Loop() {
				i++
				clk.Advance(time.Second)
				id := model.CaseID((i*7919)%saveBenchCases + 1)
				agent := agents[int(id)%len(agents)]
				v := visits[id]
				visits[id]++
				c, err := db.Case(id)
				if err != nil {
					b.Fatal(err)
				}
				out, err := db.Act(id, c.Version, agent, saveBenchAct(v, agent, i))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.Events(id); err != nil {
					b.Fatal(err)
				}
				if out.CustomerID != 0 {
					if _, err := db.CustomerCases(out.CustomerID); err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu.report(b)
			st := db.bolt.Stats().TxStats
			n := float64(b.N)
			b.ReportMetric(float64(st.GetWrite()-stats0.GetWrite())/n, "pages/op")
			b.ReportMetric(float64(st.GetPageAlloc()-stats0.GetPageAlloc())/n/1024, "page-KB/op")
			b.ReportMetric(float64(st.GetNodeCount()-stats0.GetNodeCount())/n, "nodes/op")
		})
	}
	b.Logf("load average %s", loadAvg())
}

// saveBenchAct is the visit-th save on a case: claim first (as an agent
// takes a case), then a new tag, a note, and status pending/open in turn.
func saveBenchAct(visit int, agent string, i int) model.Action {
	switch visit % 4 {
	case 0:
		if visit == 0 {
			return model.Claim{}
		}
		return model.SetStatus{To: model.StatusOpen}
	case 1:
		return model.AddTag{Tag: fmt.Sprintf("load/%s-%06d", agent, i)}
	case 2:
		return model.AddNote{Text: fmt.Sprintf("%s called back, waiting on the bank (%d)", agent, i)}
	}
	return model.SetStatus{To: model.StatusPending}
}
