package server

import (
	"os"
	"runtime/debug"
	"testing"
)

// gcSettings reads the collector's percent and memory limit.
func gcSettings() (int, int64) {
	gc := debug.SetGCPercent(100)
	debug.SetGCPercent(gc)
	return gc, debug.SetMemoryLimit(-1)
}

// unsetenv unsets key for the test (t.Setenv puts it back after).
func unsetenv(t *testing.T, key string) {
	t.Setenv(key, "")
	os.Unsetenv(key)
}

// The team server collects less often than Go's default, within a
// gigabyte, and puts the settings back; an operator's GOGC or
// GOMEMLIMIT is left as it is.
func TestTuneGCUnlessTheEnvironmentSays(t *testing.T) {
	gc0, limit0 := gcSettings()
	unsetenv(t, "GOGC")
	unsetenv(t, "GOMEMLIMIT")
	restore := TuneGC()
	if gc, limit := gcSettings(); gc != gcPercent || limit != memoryLimit {
		t.Errorf("tuned: GOGC %d, limit %d; want %d, %d", gc, limit, gcPercent, memoryLimit)
	}
	restore()
	if gc, limit := gcSettings(); gc != gc0 || limit != limit0 {
		t.Errorf("restored: GOGC %d, limit %d; want %d, %d", gc, limit, gc0, limit0)
	}

	t.Setenv("GOGC", "") // set, even empty: the operator's
	restore = TuneGC()
	if gc, limit := gcSettings(); gc != gc0 || limit != memoryLimit {
		t.Errorf("with GOGC set: GOGC %d, limit %d; want %d, %d", gc, limit, gc0, memoryLimit)
	}
	restore()
	t.Setenv("GOMEMLIMIT", "2GiB")
	restore = TuneGC()
	if gc, limit := gcSettings(); gc != gc0 || limit != limit0 {
		t.Errorf("with both set: GOGC %d, limit %d; want %d, %d", gc, limit, gc0, limit0)
	}
	restore()
}
