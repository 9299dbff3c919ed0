package heappeak

import (
	"runtime"
	"testing"
	"time"
)

// A heap held while the sampler runs is in its peak, and the peak stays
// once the memory is freed.
func TestPeakSeesAHeapHeldMeanwhile(t *testing.T) {
	runtime.GC()
	s := Start(time.Millisecond)
	held := make([]byte, 64<<20)
	for i := range held {
		held[i] = byte(i)
	}
	time.Sleep(20 * time.Millisecond)
	runtime.KeepAlive(held)
	held = nil
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if peak := s.Stop(); peak < 64<<20 {
		t.Fatalf("peak %d MiB while 64 MiB were held", peak>>20)
	}
}
