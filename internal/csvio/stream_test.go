package csvio

import (
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// rowSource produces a caredesk CSV of n rows on the fly, so the test
// itself holds no file in memory.
type rowSource struct {
	n, i    int
	pending []byte
}

func (s *rowSource) Read(p []byte) (int, error) {
	if len(s.pending) == 0 {
		if s.i > s.n {
			return 0, io.EOF
		}
		if s.i == 0 {
			s.pending = append(s.pending, "external_id,created_at,subject,body\n"...)
		}
		for k := 0; k < 100 && s.i < s.n; k++ {
			s.i++
			s.pending = strconv.AppendInt(append(s.pending, 'C'), int64(s.i), 10)
			s.pending = append(s.pending, ",2024-05-01T09:30:00Z,Parcel damaged,\"two\r\nlines\"\n"...)
		}
		if s.i == s.n {
			s.i++
		}
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

// A million rows stream through in constant memory.
func TestStreamMillionRows(t *testing.T) {
	n := 1_000_000
	if testing.Short() || raceEnabled {
		n = 200_000
	}
	src := &rowSource{n: n}
	rd, err := NewReader("big.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	// a progress bar polls BytesRead from another goroutine
	done := make(chan struct{})
	polled := make(chan int64)
	go func() {
		var last int64
		for {
			select {
			case <-done:
				polled <- last
				return
			default:
				last = max(last, rd.BytesRead())
				time.Sleep(time.Millisecond)
			}
		}
	}()
	var ms runtime.MemStats
	var peak uint64
	count := 0
	for {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
		if want := 2*count - 1 + 1; row.Line != want { // header on line 1, two lines a row
			t.Fatalf("row %d on line %d, want %d", count, row.Line, want)
		}
		if count%100_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	close(done)
	if p := <-polled; p == 0 || p > rd.BytesRead() {
		t.Errorf("progress poller saw %d bytes of %d", p, rd.BytesRead())
	}
	if count != n {
		t.Fatalf("%d rows, want %d", count, n)
	}
	if peak > 16<<20 {
		t.Fatalf("heap reached %d MiB reading %d MB: memory grows with the file", peak>>20, rd.BytesRead()>>20)
	}
	t.Logf("%d rows, %d MB, live heap at most %d KiB", count, rd.BytesRead()>>20, peak>>10)
}
