package store

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

const importBatch = 10_000

// importRows imports n generated rows into db in batches, generating each
// batch just before it is imported so memory stays flat.
func importRows(tb testing.TB, db *DB, g *rowGen, n int) {
	for done := 0; done < n; done += importBatch {
		mustImport(tb, db, g.batch(min(importBatch, n-done)))
	}
}

// BenchmarkImport100k imports 100k rows into a new file in 10k batches,
// indexes and counters included. Rows are generated outside the timer.
func BenchmarkImport100k(b *testing.B) {
	g := newRowGen(7, 30_000)
	var batches [][]model.ImportRow
	for range 10 {
		batches = append(batches, g.batch(importBatch))
	}
	dir := b.TempDir()
	b.ReportAllocs()
	cpu := startCPU()
	i := 0
	for b.Loop() {
		i++
		path := filepath.Join(dir, "import"+string(rune('a'+i%26))+".db")
		os.Remove(path)
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		importSession(b, db, batches)
		db.Close()
		if i == 1 {
			if fi, err := os.Stat(path); err == nil {
				b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
			}
		}
		os.Remove(path)
	}
	cpu.report(b)
}

var (
	millionOnce sync.Once
	millionPath string
	millionErr  error
)

// millionDB builds a 1M-case database once per test process, in a temp dir
// removed by TestMain.
func millionDB(b *testing.B) string {
	millionOnce.Do(func() {
		dir, err := os.MkdirTemp("", "caredesk-bench-")
		if err != nil {
			millionErr = err
			return
		}
		benchDirs = append(benchDirs, dir)
		millionPath = filepath.Join(dir, "million.db")
		db, err := Open(millionPath, Options{})
		if err != nil {
			millionErr = err
			return
		}
		defer db.Close()
		start := time.Now()
		g := newRowGen(11, 300_000)
		importRows(b, db, g, 1_000_000)
		b.Logf("built 1M-case db in %v", time.Since(start))
	})
	if millionErr != nil {
		b.Fatal(millionErr)
	}
	return millionPath
}

var openStatuses = []model.Status{model.StatusNew, model.StatusOpen, model.StatusPending}

// BenchmarkOpenQueueHead1M opens a 1M-case file and reads the first screen
// of the queue: what a user waits for at start-up.
func BenchmarkOpenQueueHead1M(b *testing.B) {
	path := millionDB(b)
	b.ReportAllocs()
	for b.Loop() {
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		head, err := db.QueueHead(openStatuses, 50)
		if err != nil || len(head) != 50 {
			b.Fatal(err, len(head))
		}
		db.Close()
	}
}

// BenchmarkEachSummary1M walks every summary of a 1M-case file.
func BenchmarkEachSummary1M(b *testing.B) {
	path := millionDB(b)
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := db.EachSummary(func(model.Summary) error { n++; return nil }); err != nil || n != 1_000_000 {
			b.Fatal(err, n)
		}
	}
}

// BenchmarkAct is one agent action on a 10k-case file: read, apply, write
// record, indexes, counters and event, commit (with fsync).
func BenchmarkAct(b *testing.B) {
	db, _ := openTest(b)
	importRows(b, db, newRowGen(3, 3000), 10_000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		id := model.CaseID(i%10_000 + 1)
		var act model.Action = model.AddNote{Text: "called back, waiting on the bank"}
		if i%2 == 0 {
			act = model.SetPriority{To: model.Priorities[i%4]}
		}
		if _, err := db.Act(id, 0, "ana", act); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTagDayCounts reads a quarter of tag × day counters from a
// 100k-case file (the heatmap's query).
func BenchmarkTagDayCounts(b *testing.B) {
	db, _ := openTest(b)
	importRows(b, db, newRowGen(5, 30_000), 100_000)
	from := model.DayOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.TagDayCounts(from, from+90); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCase is a realistic case for the codec comparison.
func benchCase() model.Case {
	r := newRowGen(9, 100).next()
	c := r.Case
	c.ID, c.CustomerID, c.Version, c.UpdatedAt = 123456, 4567, 3, c.CreatedAt.Add(time.Hour)
	c.Status, c.Assignee = model.StatusOpen, "ana"
	c.Tags = []string{"billing/double-charge", "shipping/late"}
	c.Recovery = model.Recovery{Kind: "refund", Text: "refunded the second charge"}
	return c
}

// BenchmarkCodec compares the hand-written codec with encoding/json and
// encoding/gob on one case: encode+decode, and the encoded size.
func BenchmarkCodec(b *testing.B) {
	c := benchCase()
	b.Run("binary", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = encodeCase(buf[:0], &c)
			if _, err := decodeCase(buf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
	b.Run("binary-summary", func(b *testing.B) {
		b.ReportAllocs()
		buf := encodeCase(nil, &c)
		intern := map[string]string{}
		for b.Loop() {
			if _, err := decodeSummary(buf, intern); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			buf, err := json.Marshal(&c)
			if err != nil {
				b.Fatal(err)
			}
			var out model.Case
			if err := json.Unmarshal(buf, &out); err != nil {
				b.Fatal(err)
			}
			n = len(buf)
		}
		b.ReportMetric(float64(n), "bytes")
	})
	b.Run("gob", func(b *testing.B) {
		// A fresh encoder per record, as each bbolt value must stand
		// alone: gob's type preamble is paid every time.
		b.ReportAllocs()
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
				b.Fatal(err)
			}
			n = buf.Len()
			var out model.Case
			if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "bytes")
	})
}

// cpuMeter reports process CPU time (user+system) per op: on a shared
// machine wall time says more about the neighbours than about the code.
type cpuMeter struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// importSession imports batches in one session, as `caredesk import` does.
func importSession(tb testing.TB, db *DB, batches [][]model.ImportRow) {
	tb.Helper()
	s := db.BeginImport()
	defer s.Close()
	for _, rows := range batches {
		if _, err := s.Import(rows); err != nil {
			tb.Fatal(err)
		}
	}
}

func startCPU() cpuMeter { return cpuMeter{cpuNow()} }

func (m cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(cpuNow()-m.start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
