package server

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// BenchmarkTeamSaves is agents saving at once on a team server, each save
// the calls a case pane makes for it (ui casePane.act): the guard's Act
// at the version shown, then the timeline, and the conversation after a
// note. The shared index applies every save, as on `caredesk serve`.
// Besides saves/s it reports counts that do not depend on the machine's
// load: the process CPU per save, the bbolt read transactions a save
// takes and the commits (fsyncs). Run it with -mutexprofile to see the
// lock wait:
//
//	go test -run '^$' -bench TeamSaves -benchtime 2000x -mutexprofile /tmp/mutex.prof ./internal/server/
func BenchmarkTeamSaves(b *testing.B) {
	for _, sessions := range []int{8, 64} {
		b.Run(fmt.Sprintf("sessions=%d", sessions), func(b *testing.B) {
			benchTeamSaves(b, sessions)
		})
	}
}

func benchTeamSaves(b *testing.B, sessions int) {
	var agents []testAgent
	for i := range sessions {
		agents = append(agents, newTestAgent(b, fmt.Sprintf("agent%02d", i), "agent"))
	}
	const cases = 3000
	d := startDesk(b, deskOpts{cases: cases}, agents...)
	<-d.srv.index.Loaded()
	guards := make([]*guard, sessions)
	for i, a := range agents {
		guards[i] = d.srv.newGuard(Agent{Name: a.name, Role: model.RoleAgent, Key: a.signer.PublicKey()})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	c0, r0 := d.db.CommitCounts(), d.db.ReadTxs()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, start := processCPU(), time.Now()
	for s, g := range guards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// each session its own cases, claimed on its first save
			shown := map[model.CaseID]uint64{}
			for n := int(next.Add(1)); n <= b.N; n = int(next.Add(1)) {
				id := model.CaseID(1 + (s+sessions*(n%16))%cases)
				ver, seen := shown[id]
				var act model.Action = model.Claim{}
				switch {
				case !seen:
				case n%3 == 0:
					act = model.AddNote{Text: fmt.Sprintf("checked %d", n)}
				case n%3 == 1:
					act = model.AddTag{Tag: fmt.Sprintf("bench/%s-%d", g.agent, n)}
				case n%2 == 0:
					act = model.SetStatus{To: model.StatusPending}
				default:
					act = model.SetStatus{To: model.StatusOpen}
				}
				out, err := g.Act(id, ver, "", act)
				if err != nil {
					b.Error(err)
					return
				}
				shown[id] = out.Version
				if _, err := g.Events(id); err != nil {
					b.Error(err)
					return
				}
				if _, ok := act.(model.AddNote); ok {
					if _, err := g.Conversation(id); err != nil {
						b.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	took, cpu := time.Since(start), processCPU()-cpu0
	b.StopTimer()
	c, n := d.db.CommitCounts(), float64(b.N)
	b.ReportMetric(n/took.Seconds(), "saves/s")
	b.ReportMetric(cpu*1000/n, "cpu-ms/save")
	b.ReportMetric(float64(d.db.ReadTxs()-r0)/n, "readtx/save")
	b.ReportMetric(float64(c.Commits-c0.Commits)/n, "commits/save")
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average %s", strings.Join(strings.Fields(string(la))[:3], " "))
	}
}
