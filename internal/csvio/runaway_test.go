package csvio

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// endless is a file with no end: prefix, then fill forever (like
// /dev/zero), counting what was read.
type endless struct {
	prefix string
	fill   byte
	read   int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := copy(p, e.prefix)
	e.prefix = e.prefix[n:]
	for i := n; i < len(p); i++ {
		p[i] = e.fill
	}
	e.read += int64(len(p))
	return len(p), nil
}

// A header that never ends (caredesk import /dev/zero) is refused after
// runawayFactor times its 1 MiB limit, with a message, instead of being read
// forever.
func TestEndlessHeader(t *testing.T) {
	for _, fill := range []byte{0, 'a', ','} {
		src := &endless{fill: fill}
		_, err := NewReader("zero", src)
		if err == nil || !strings.Contains(err.Error(), "no end in sight") || !strings.Contains(err.Error(), "1 MiB") {
			t.Fatalf("fill %q: %v", fill, err)
		}
		if src.read > (runawayFactor+2)<<20 {
			t.Fatalf("fill %q: read %d bytes", fill, src.read)
		}
	}
}

// A record that never ends is a rejected row naming its line and the
// limit, and the import stops there; the rows before it are read.
func TestEndlessRecord(t *testing.T) {
	for _, tc := range []struct {
		name, prefix string
		fill         byte
	}{
		{"unquoted", "external_id,created_at,body\nA-1,2026-11-01T00:00:00Z,x\nA-2,2026-11-01T00:00:00Z,", 'a'},
		{"quoted", "external_id,created_at,body\nA-1,2026-11-01T00:00:00Z,x\nA-2,2026-11-01T00:00:00Z,\"", 'a'},
		{"commas", "external_id,created_at,body\nA-1,2026-11-01T00:00:00Z,x\nA-2,2026-11-01T00:00:00Z,", ','},
		{"json lines", "{\"external_id\":\"A-1\",\"created_at\":\"2026-11-01T00:00:00Z\"}\n{\"external_id\":\"", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &endless{prefix: tc.prefix, fill: tc.fill}
			r, err := NewReader("in", src)
			if err != nil {
				t.Fatal(err)
			}
			if r.sc != nil {
				r.sc.maxRecord, r.sc.maxFields = 4096, 100
			} else {
				r.jl.maxLine = 4096
			}
			if row, err := r.Read(); err != nil || row.Case.ExternalID != "A-1" {
				t.Fatalf("first row: %+v %v", row, err)
			}
			_, err = r.Read()
			var re *RowError
			if !errors.As(err, &re) || re.Line < 2 || re.Line > 3 || !strings.Contains(re.Reason, "no end in sight") || !strings.Contains(re.Reason, "4096 bytes") {
				t.Fatalf("second row: %v", err)
			}
			if _, err := r.Read(); err != io.EOF {
				t.Fatalf("after it: %v, want io.EOF", err)
			}
			if src.read > 1<<20 {
				t.Fatalf("read %d bytes", src.read)
			}
		})
	}
}
