// Package heappeak samples the Go heap while a benchmark runs and keeps the
// highest it saw: the import and upgrade benchmarks' figure that memory
// stays flat however big the file. One sampler for the store's and the
// import's benchmarks, which each had their own copy.
package heappeak

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Sampler reads the heap every interval until Stop.
type Sampler struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

// Start samples HeapInuse every interval on a goroutine of its own.
func Start(every time.Duration) *Sampler {
	s := &Sampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		var ms runtime.MemStats
		for {
			select {
			case <-s.stop:
				return
			case <-time.After(every):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > s.peak.Load() {
					s.peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	return s
}

// Stop ends the sampling and returns the highest HeapInuse seen, in bytes.
func (s *Sampler) Stop() uint64 {
	close(s.stop)
	<-s.done
	return s.peak.Load()
}
