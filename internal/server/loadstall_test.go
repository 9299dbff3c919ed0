package server

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"sync"
	"testing"
	"time"
)

// Stalls in the load test. A step that takes seconds (the 200-screen run's
// slowest saves took 2-3 s where the p99 was 250 ms) is not queueing for
// the CPU: something held every screen, or one. The watch lists every step
// over stallStep, folded into episodes of overlapping steps (one screen
// waiting, or all of them at once?), and with CAREDESK_LOAD_STALL_TRACE=FILE
// keeps Go's execution trace of the last seconds in a flight recorder,
// written to FILE-N.trace when a step has taken over stallTrace (go tool
// trace FILE-1.trace: what ran, what waited and on what, while it stalled).
// CAREDESK_LOAD_SCREENS_BLOCKPROFILE=FILE writes the screens stage's block
// profile to FILE and its mutex profile to FILE.mutex.

const (
	stallStep   = 500 * time.Millisecond
	stallTrace  = time.Second
	stallTraces = 3 // the first stalls say it; more would only fill the disk
)

// stallWatch notes the steps that stalled.
type stallWatch struct {
	t     testing.TB
	begin time.Time
	fr    *trace.FlightRecorder
	file  string

	mu      sync.Mutex
	stalls  []stalledStep
	traces  int  // trace files written or being written
	busy    bool // one is being written: the recorder takes one WriteTo at a time
	writing sync.WaitGroup
}

// stalledStep is one step that took over stallStep.
type stalledStep struct {
	who, what string
	from, to  time.Duration // since the watch began
}

// watchStalls starts the watch (and the flight recorder, if asked for);
// stop stops it and logs the episodes.
func watchStalls(t testing.TB) (w *stallWatch, stop func()) {
	w = &stallWatch{t: t, begin: time.Now(), file: os.Getenv("CAREDESK_LOAD_STALL_TRACE")}
	if w.file != "" {
		// The window must hold the whole stall before the step that saw
		// it ended: a few seconds.
		w.fr = trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: 6 * time.Second, MaxBytes: 256 << 20})
		if err := w.fr.Start(); err != nil {
			t.Fatalf("flight recorder: %v", err)
		}
	}
	return w, func() {
		w.writing.Wait()
		if w.fr != nil {
			w.fr.Stop()
		}
		w.log()
	}
}

// observe notes a step of who (what: its keys or action) that began at
// t0 and has just ended.
func (w *stallWatch) observe(who, what string, t0 time.Time) {
	took := time.Since(t0)
	if w == nil || took < stallStep {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stalls = append(w.stalls, stalledStep{who: who, what: what, from: t0.Sub(w.begin), to: time.Since(w.begin)})
	if w.fr == nil || took < stallTrace || w.traces >= stallTraces || w.busy {
		return
	}
	w.traces++
	w.busy = true
	path := fmt.Sprintf("%s-%d.trace", w.file, w.traces)
	w.t.Logf("stall: %s's %q took %s (from %s): trace in %s", who, what, took.Round(time.Millisecond), t0.Sub(w.begin).Round(time.Millisecond), path)
	w.writing.Add(1)
	go func() {
		defer w.writing.Done()
		defer func() {
			w.mu.Lock()
			w.busy = false
			w.mu.Unlock()
		}()
		f, err := os.Create(path)
		if err != nil {
			w.t.Errorf("stall trace: %v", err)
			return
		}
		defer f.Close()
		if _, err := w.fr.WriteTo(f); err != nil {
			w.t.Errorf("stall trace: %v", err)
		}
	}()
}

// log writes the stalls as episodes: steps whose times overlap are one.
func (w *stallWatch) log() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.stalls) == 0 {
		w.t.Logf("stalls: no step took %s", stallStep)
		return
	}
	s := slices.Clone(w.stalls)
	slices.SortFunc(s, func(a, b stalledStep) int { return int(a.from - b.from) })
	w.t.Logf("stalls: %d steps took over %s", len(s), stallStep)
	for i := 0; i < len(s); {
		j, end, who := i+1, s[i].to, map[string]bool{s[i].who: true}
		longest := s[i]
		for ; j < len(s) && s[j].from < end; j++ {
			end = max(end, s[j].to)
			who[s[j].who] = true
			if s[j].to-s[j].from > longest.to-longest.from {
				longest = s[j]
			}
		}
		w.t.Logf("  %s-%s: %d steps of %d sessions; longest %s, %s's %q", s[i].from.Round(time.Millisecond), end.Round(time.Millisecond),
			j-i, len(who), (longest.to - longest.from).Round(time.Millisecond), longest.who, longest.what)
		i = j
	}
}

// blockProfileStage samples the stage's blocking and lock contention into
// the file the environment variable env names (and FILE.mutex); it returns
// what writes them.
func blockProfileStage(t testing.TB, env string) (stop func()) {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	runtime.SetBlockProfileRate(int(100 * time.Microsecond))
	runtime.SetMutexProfileFraction(10)
	return func() {
		for name, file := range map[string]string{"block": path, "mutex": path + ".mutex"} {
			f, err := os.Create(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		runtime.SetBlockProfileRate(0)
		runtime.SetMutexProfileFraction(0)
	}
}
