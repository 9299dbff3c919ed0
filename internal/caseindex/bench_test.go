package caseindex

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

var loadedQueues = map[int]*Queue{}

// loadedQueue is a queue over n generated cases, fully loaded, shared by
// the benchmarks of one size.
func loadedQueue(b *testing.B, n int) *Queue {
	b.Helper()
	q, ok := loadedQueues[n]
	if !ok {
		q = newLoaded(b, genSource{n: n, plain: true})
		loadedQueues[n] = q
	}
	return q
}

func BenchmarkIndexLoad1M(b *testing.B) {
	src := genSource{n: 1_000_000, plain: true}
	var heap uint64
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		bl, err := loadIndex(src)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(bl)
	}
	b.ReportMetric(float64(heap)/(1<<20), "MB-heap")
}

// searchQueries are what agents type: words, names, ids and filters.
var searchQueries = []string{"refund", "charged twice", "dee silva", "nora.khan", "T-0004242", "delivery late",
	"status:open refund", "tag:billing/ charged", "@ana password", "is:overdue hacked", "blender", "xqz",
	"cancel subscription", "jose", "invoice", "priority:urgent", "wrong item", "app crash login"}

// benchSearchReq is the search the queue runs for text as agent ana at
// testNow, with no earlier result.
func benchSearchReq(b *testing.B, q *Queue, text string) searchReq {
	b.Helper()
	pq, err := model.ParseQuery(text)
	if err != nil {
		b.Fatal(err)
	}
	return searchReq{seq: 1, snap: q.snap, order: q.order, pos: q.pos, sort: q.orderSort, q: pq, raw: text,
		now: testNow.Unix(), env: matchEnv{me: "ana", sla: q.snap.sla, clk: NewClock(testNow, time.UTC)}}
}

func benchSearch(b *testing.B, n int) {
	q := loadedQueue(b, n)
	var fresh, typed []time.Duration
	for b.Loop() {
		for _, text := range searchQueries {
			req := benchSearchReq(b, q, text)
			// A query pasted or run from :search: no earlier result.
			t0 := time.Now()
			runSearch(req)
			fresh = append(fresh, time.Since(t0))
			// The same typed key by key: each keystroke from 3 characters
			// on narrows within the one before.
			var prev *searchResult
			for k := 1; k <= len(text); k++ {
				pq, err := model.ParseQuery(text[:k])
				if err != nil {
					continue
				}
				req.q, req.raw, req.prev = pq, text[:k], prev
				t0 := time.Now()
				prev = runSearch(req)
				if k >= 3 {
					typed = append(typed, time.Since(t0))
				}
			}
		}
	}
	report := func(name string, ds []time.Duration) {
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, name+"-p50-ms")
		b.ReportMetric(float64(ds[len(ds)*95/100].Microseconds())/1000, name+"-p95-ms")
	}
	report("fresh", fresh)
	report("typed", typed)
}

func BenchmarkSearch100k(b *testing.B) { benchSearch(b, 100_000) }
func BenchmarkSearch1M(b *testing.B)   { benchSearch(b, 1_000_000) }

// BenchmarkChangeNotice100k applies one change notice of one case to a
// loaded 100k index, with everything the notice sets off (the view's
// order, counts and list) run to the end.
func BenchmarkChangeNotice100k(b *testing.B) {
	q := loadedQueue(b, 100_000)
	rng := rand.New(rand.NewPCG(3, 9))
	ver := uint64(1 << 20)
	for b.Loop() {
		ri, _ := q.snap.Find(model.CaseID(rng.IntN(100_000) + 1))
		s := q.snap.Summary(q.snap.At(ri))
		ver++
		s.Version = ver
		s.Status = model.Statuses[rng.IntN(len(model.Statuses))]
		s.UpdatedAt = testNow.Add(time.Duration(ver) * time.Second)
		s.Priority = model.Priorities[rng.IntN(len(model.Priorities))]
		run(q, q.Change(model.Change{Cases: []model.Summary{s}}))
	}
	if len(q.order) != 100_000 {
		b.Fatalf("order holds %d rows", len(q.order))
	}
}

// benchSave is what a team server pays for one save with screens open,
// each screen's queue on the Open view: shared, the change is applied once
// to one index and each queue catches up with it (its order, list and
// counts patched); not shared (the anchor: every screen before the index
// was shared), each queue applies the change to its own index.
func benchSave(b *testing.B, screens int, shared bool) {
	src := genSource{n: 100_000, plain: true}
	ix := NewIndex(src)
	if err := ix.Load(); err != nil {
		b.Fatal(err)
	}
	queues := make([]*Queue, screens)
	for i := range queues {
		cfg := Config{Source: src, Agent: genAgents[i%len(genAgents)], Now: func() time.Time { return testNow },
			Location: time.UTC, View: ViewOpen}
		if shared {
			queues[i] = NewSharedQueue(ix, cfg)
		} else {
			queues[i] = NewQueue(cfg)
		}
		run(queues[i], queues[i].Start())
	}
	rng := rand.New(rand.NewPCG(3, 9))
	ver := uint64(1 << 20)
	b.ResetTimer()
	for b.Loop() {
		snap, _, _ := ix.state()
		ri, _ := snap.Find(model.CaseID(rng.IntN(100_000) + 1))
		s := snap.Summary(snap.At(ri))
		ver++
		s.Version = ver
		s.Status = model.Statuses[rng.IntN(len(model.Statuses))]
		s.UpdatedAt = testNow.Add(time.Duration(ver) * time.Second)
		ch := model.Change{Cases: []model.Summary{s}}
		if shared {
			ix.Apply(ch)
			for _, q := range queues {
				run(q, q.Follow())
			}
			continue
		}
		ix.Apply(ch) // the next change reads the case from it
		for _, q := range queues {
			run(q, q.Change(ch))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(screens)/1000, "µs/screen")
}

func BenchmarkSaveShared10Screens100k(b *testing.B) { benchSave(b, 10, true) }
func BenchmarkSaveOwn10Screens100k(b *testing.B)    { benchSave(b, 10, false) }

// benchScreenOpens is what a team server pays when a screen opens on the
// shared 100k index (a session's queue on My cases, its first list, order
// and counts): on the snapshot another screen already sorted (the order is
// shared), or right after a save (a new snapshot: the first screen to ask
// sorts every row again).
func benchScreenOpens(b *testing.B, afterSave bool) {
	src := genSource{n: 100_000, plain: true}
	ix := NewIndex(src)
	if err := ix.Load(); err != nil {
		b.Fatal(err)
	}
	cfg := Config{Source: src, Agent: genAgents[0], Now: func() time.Time { return testNow }, Location: time.UTC, View: ViewMine}
	run(NewSharedQueue(ix, cfg), NewSharedQueue(ix, cfg).Start()) // the sort of the first snapshot
	rng := rand.New(rand.NewPCG(3, 9))
	ver := uint64(1 << 20)
	b.ResetTimer()
	for b.Loop() {
		if afterSave {
			b.StopTimer()
			snap, _, _ := ix.state()
			ri, _ := snap.Find(model.CaseID(rng.IntN(100_000) + 1))
			s := snap.Summary(snap.At(ri))
			ver++
			s.Version, s.UpdatedAt = ver, testNow.Add(time.Duration(ver)*time.Second)
			ix.Apply(model.Change{Cases: []model.Summary{s}})
			b.StartTimer()
		}
		q := NewSharedQueue(ix, cfg)
		run(q, q.Start())
		if len(q.order) != 100_000 {
			b.Fatalf("order holds %d rows", len(q.order))
		}
	}
}

func BenchmarkScreenOpensShared100k(b *testing.B)           { benchScreenOpens(b, false) }
func BenchmarkScreenOpensAfterASaveShared100k(b *testing.B) { benchScreenOpens(b, true) }
