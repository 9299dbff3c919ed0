package ingest

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A bulk import allocates fast and keeps little: with the default GOGC
// the collector runs every few milliseconds and takes a fifth of the CPU.
// While any import runs, bulkGC lets the heap grow to bulkGCPercent over
// the live data, capped by a soft memory limit bulkHeadroom above what the
// process used when the first import began, so memory stays flat whatever
// the file's size. Both settings are restored when the last import ends;
// a GOGC or memory limit already set higher (or off) is left alone.
//
// An import holds 40-60 MB at the peak of a batch (two batches of rows,
// the write set, bbolt's nodes and pages at commit); 96 MB lets the
// collector run every ~50 MB allocated. 256 MB, as before, made a
// million-row import 250 MB of heap for nothing.
const (
	bulkGCPercent = 400
	bulkHeadroom  = 96 << 20
)

var bulk struct {
	mu       sync.Mutex
	users    int
	gc       int   // GOGC before the first import
	limit    int64 // memory limit before the first import
	setGC    bool
	setLimit bool
}

// bulkGC applies the bulk settings and returns the function undoing them.
func bulkGC() (restore func()) {
	bulk.mu.Lock()
	defer bulk.mu.Unlock()
	if bulk.users == 0 {
		bulk.gc = debug.SetGCPercent(bulkGCPercent)
		bulk.setGC = bulk.gc >= 0 && bulk.gc < bulkGCPercent
		if !bulk.setGC {
			debug.SetGCPercent(bulk.gc)
		}
		bulk.limit = debug.SetMemoryLimit(-1)
		want := goMemory() + bulkHeadroom
		bulk.setLimit = bulk.limit > want
		if bulk.setLimit {
			debug.SetMemoryLimit(want)
		}
	}
	bulk.users++
	return func() {
		bulk.mu.Lock()
		defer bulk.mu.Unlock()
		bulk.users--
		if bulk.users > 0 {
			return
		}
		if bulk.setGC {
			debug.SetGCPercent(bulk.gc)
		}
		if bulk.setLimit {
			debug.SetMemoryLimit(bulk.limit)
		}
	}
}

// goMemory is the memory the Go runtime has mapped and not released,
// what the memory limit is compared with.
func goMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return math.MaxInt64 / 2
	}
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}
