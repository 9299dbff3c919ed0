package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
)

// genService streams n generated cases without holding them, so the
// benchmarks measure the queue's index, not the test service.
type genService struct {
	*memService
	n int
}

const genCustDiv = 3

func (g *genService) eachGenerated(fnCase func(model.Summary), fnCust func(model.Customer)) {
	custs := max(g.n/genCustDiv, 1)
	if fnCust != nil {
		for ci := range custs {
			first, last := genFirst[ci%len(genFirst)], genLast[(ci/len(genFirst))%len(genLast)]
			fnCust(model.Customer{ID: model.CustomerID(ci + 1), Name: first + " " + last,
				Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(last), ci)})
		}
	}
	if fnCase == nil {
		return
	}
	rng := rand.New(rand.NewPCG(1, 7))
	for i := range g.n {
		s := model.Summary{
			ID: model.CaseID(i + 1), ExternalID: fmt.Sprintf("T-%07d", i+1),
			CreatedAt:  testNow.Add(-time.Duration(rng.IntN(365*24*60)) * time.Minute),
			Channel:    model.Channels[rng.IntN(4)],
			CustomerID: model.CustomerID(rng.IntN(custs) + 1),
			Subject:    genSubjects[rng.IntN(len(genSubjects))] + fmt.Sprintf(" #%d", rng.IntN(100000)),
			Priority:   model.Priorities[rng.IntN(len(model.Priorities))],
			Status:     model.Statuses[rng.IntN(len(model.Statuses))],
			Assignee:   genAgents[rng.IntN(len(genAgents))],
			Version:    1,
		}
		s.UpdatedAt = s.CreatedAt
		if rng.IntN(3) > 0 {
			s.Tags = []string{genTags[rng.IntN(len(genTags))]}
		}
		fnCase(s)
	}
}

func (g *genService) EachSummary(fn func(model.Summary) error) error {
	g.eachGenerated(func(s model.Summary) { fn(s) }, nil)
	return nil
}

func (g *genService) EachCustomer(fn func(model.Customer) error) error {
	g.eachGenerated(nil, func(c model.Customer) { fn(c) })
	return nil
}

func (g *genService) QueueHead(statuses []model.Status, n int) ([]model.Summary, error) {
	var out []model.Summary
	g.eachGenerated(func(s model.Summary) {
		if len(out) < n && slices.Contains(statuses, s.Status) {
			out = append(out, s)
		}
	}, nil)
	return out, nil
}

func (g *genService) Customer(id model.CustomerID) (model.Customer, error) {
	ci := int(id) - 1
	first, last := genFirst[ci%len(genFirst)], genLast[(ci/len(genFirst))%len(genLast)]
	return model.Customer{ID: id, Name: first + " " + last}, nil
}

func (g *genService) Stats() (model.Stats, error) { return model.Stats{Cases: g.n}, nil }

func (g *genService) Case(id model.CaseID) (model.Case, error) {
	return model.Case{ID: id, Subject: "Generated case", Body: "Hello,\nthis is a generated case."}, nil
}

var loaded = map[int]*harness{}

// loadedApp is an app with n generated cases fully loaded, shared by the
// benchmarks of one size.
func loadedApp(b *testing.B, n, w, h int) *harness {
	b.Helper()
	hs, ok := loaded[n]
	if !ok {
		svc := &genService{memService: newMemService(func() time.Time { return testNow }), n: n}
		a := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC})
		a.e.timer = noTimer
		a.testQueue().input.Cursor.SetMode(cursor.CursorStatic)
		hs = &harness{t: b, a: a, deadline: time.Minute}
		hs.send(tea_WindowSize(w, h))
		hs.run(a.Init())
		if a.testQueue().ix.Snapshot().Len() != n || !a.testQueue().ix.Complete() {
			b.Fatalf("loaded %d rows", a.testQueue().ix.Snapshot().Len())
		}
		loaded[n] = hs
	}
	hs.send(tea_WindowSize(w, h))
	return hs
}

func BenchmarkQueueView1M(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			hs := loadedApp(b, 1_000_000, size[0], size[1])
			hs.keys("G") // the far end of a million rows
			for b.Loop() {
				_ = hs.a.View()
			}
		})
	}
}

func BenchmarkCursorMove1M(b *testing.B) {
	hs := loadedApp(b, 1_000_000, 200, 50)
	hs.a.testQueue().preview = false
	down := keyMsg("j")
	up := keyMsg("k")
	i := 0
	for b.Loop() {
		k := down
		if i/5000%2 == 1 {
			k = up
		}
		i++
		hs.a.Update(k)
		_ = hs.a.View()
	}
}

// changedSummary is case id as the queue holds it, saved again (version
// *ver+1) with a random status: what another agent's change notice brings.
func changedSummary(b *testing.B, q *queuePane, id model.CaseID, rng *rand.Rand, ver *uint64) model.Summary {
	snap := q.ix.Snapshot()
	ri, ok := snap.Find(id)
	if !ok {
		b.Fatalf("case %d not found", id)
	}
	s := snap.Summary(snap.At(ri))
	*ver++
	s.Version = *ver
	s.Status = model.Statuses[rng.IntN(len(model.Statuses))]
	s.UpdatedAt = testNow.Add(time.Duration(*ver) * time.Second)
	return s
}

// BenchmarkChangeNoticeCaseScreen100k is what one screen of a team server
// pays for another agent's save while it shows a case: the change notice
// of an unrelated case on a loaded 100k index, and everything it sets off,
// with a View after every message as Bubble Tea draws. 50 screens pay it
// for every save.
func BenchmarkChangeNoticeCaseScreen100k(b *testing.B) {
	hs := loadedApp(b, 100_000, 120, 34)
	a := hs.a
	q := a.testQueue()
	q.preview = false
	hs.send(openCaseMsg{id: 1})
	if a.focus != paneCase {
		b.Fatal("the case pane is not on screen")
	}
	defer hs.send(backMsg{})
	rng := rand.New(rand.NewPCG(5, 11))
	tabs := a.tabsDrawn
	b.ReportMetric(float64(noticeLoop(b, a, q, rng))/float64(b.N), "views/op")
	b.ReportMetric(float64(a.tabsDrawn-tabs)/float64(b.N), "tab-lines/op")
}

// runNow runs cmd and the commands inside its batches at once, for
// benchmarks whose commands are all immediate (no timers).
func runNow(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, runNow(c)...)
		}
		return out
	default:
		return []tea.Msg{m}
	}
}

// BenchmarkNearDuplicates8k finds near-duplicate tags in a taxonomy of
// 8,000 tags, 6,000 of them in one area (what the team-server load test
// leaves behind: screen/agent07-123 …).
func BenchmarkNearDuplicates8k(b *testing.B) {
	var tags []model.TagInfo
	for i := range 6000 {
		tags = append(tags, model.TagInfo{Tag: fmt.Sprintf("screen/agent%02d-%d", i%50, i), Cases: 1})
	}
	areas := []string{"billing", "delivery", "account", "product", "service"}
	words := []string{"late", "lost", "refund", "double-charge", "password-reset", "damaged", "missing-part", "hacked"}
	for i := range 2000 {
		tags = append(tags, model.TagInfo{Tag: fmt.Sprintf("%s/%s-%d", areas[i%5], words[i%8], i/40), Cases: i % 17})
	}
	b.ReportAllocs()
	for b.Loop() {
		nearDuplicates(tags)
	}
}

// BenchmarkChangeNoticeQueueScreen100k is BenchmarkChangeNoticeCaseScreen100k
// for a screen showing the queue (the Open view, by urgency): most saves
// are of cases out of its sight, and those should cost it next to nothing.
func BenchmarkChangeNoticeQueueScreen100k(b *testing.B) {
	hs := loadedApp(b, 100_000, 120, 34)
	a := hs.a
	q := a.testQueue()
	q.preview = false
	if a.focus != paneQueue {
		b.Fatal("the queue is not on screen")
	}
	rng := rand.New(rand.NewPCG(5, 11))
	styled := q.rowsStyled
	b.ReportMetric(float64(noticeLoop(b, a, q, rng))/float64(b.N), "views/op")
	b.ReportMetric(float64(q.rowsStyled-styled)/float64(b.N), "rows-styled/op")
}

// noticeLoop saves a random case as bo each iteration and delivers the
// notice, and everything it sets off, with a View after every message as
// Bubble Tea draws; it returns the Views drawn.
func noticeLoop(b *testing.B, a *app, q *queuePane, rng *rand.Rand) int {
	ver := uint64(1 << 30)
	views := 0
	for b.Loop() {
		s := changedSummary(b, q, model.CaseID(rng.IntN(100_000-1)+2), rng, &ver)
		msgs := []tea.Msg{changeMsg(model.Change{Author: "bo", Cases: []model.Summary{s}})}
		for len(msgs) > 0 {
			m := msgs[0]
			msgs = msgs[1:]
			_, cmd := a.Update(m)
			_ = a.View()
			views++
			msgs = append(msgs, runNow(cmd)...)
		}
	}
	return views
}
