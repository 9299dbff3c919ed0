package server

import (
	"os"
	"runtime/debug"
)

// A team server's live heap is small: the team's case index, each
// screen's view of it and its tag list (62 MB after 50 screens open on a
// 100k-case desk, 140 MB at the height of their work), while what it
// allocates for each key, save and frame dies young. With Go's default
// GOGC=100 the collector ran each time the heap grew by its live size,
// about every 1.5 s at 50 screens, and its marking took 5 % of the CPU of
// a server that is CPU-bound under load (1.3 % with gcPercent). So the
// heap may grow to five times the live data between collections, up to
// memoryLimit, past which the collector runs as often as it must to stay
// there. The environment's GOGC and GOMEMLIMIT win (a desk of millions of
// cases, whose live data nears the limit, sets GOMEMLIMIT higher).
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

// TuneGC sets the collector for a team server (caredesk serve, and the
// load test that measures it), each setting unless the environment sets
// it; it returns what puts them back.
func TuneGC() (restore func()) {
	gc, limit := -2, int64(-1)
	if _, set := os.LookupEnv("GOGC"); !set {
		gc = debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		limit = debug.SetMemoryLimit(memoryLimit)
	}
	return func() {
		if gc != -2 {
			debug.SetGCPercent(gc)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
