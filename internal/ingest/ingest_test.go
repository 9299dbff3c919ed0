package ingest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/model"
)

// fakeService records the batches it is given; failAt fails that call.
type fakeService struct {
	model.CaseService
	mu      sync.Mutex
	batches [][]string // external ids
	failAt  int
}

func (s *fakeService) Import(rows []model.ImportRow) (model.ImportResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.batches)+1 == s.failAt {
		return model.ImportResult{}, errors.New("disk full")
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Case.ExternalID)
	}
	s.batches = append(s.batches, ids)
	return model.ImportResult{Imported: len(rows)}, nil
}

// csvWithBadRows writes n demo rows, following every seventh with a record
// that has too few columns.
func csvWithBadRows(t *testing.T, n int) (data []byte, bad []int) {
	t.Helper()
	var buf bytes.Buffer
	w := csvio.NewCSVWriter(&buf, demo.FieldKeys)
	err := demo.Generate(demo.Config{Cases: n, Seed: 3, Now: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}, func(r model.ImportRow) error {
		return w.Write(r.Case, r.Customer)
	})
	if err != nil || w.Flush() != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	var out strings.Builder
	line := 0
	for i, l := range lines {
		out.WriteString(l)
		line++
		if i > 0 && i%7 == 0 && l != "" {
			out.WriteString("broken,row\n")
			line++
			bad = append(bad, line)
		}
	}
	return []byte(out.String()), bad
}

func TestFileBatchesRejectsAndProgress(t *testing.T) {
	data, bad := csvWithBadRows(t, 95)
	svc := &fakeService{}
	var rejected []int
	var progress []int64
	res, err := File(svc, "t.csv", bytes.NewReader(data), Options{BatchSize: 10,
		Reject:   func(e *csvio.RowError) { rejected = append(rejected, e.Line) },
		Progress: func(n int64) { progress = append(progress, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 95 || res.Rejected != len(bad) || len(bad) == 0 {
		t.Fatalf("%v, %d bad", res, len(bad))
	}
	if len(rejected) != len(bad) {
		t.Fatalf("rejected lines %v, want %v", rejected, bad)
	}
	for i := range bad {
		if rejected[i] != bad[i] {
			t.Fatalf("rejected lines %v, want %v", rejected, bad)
		}
	}
	if len(svc.batches) != 10 || len(svc.batches[9]) != 5 || svc.batches[0][0] != "DEMO-000001" || svc.batches[9][4] != "DEMO-000095" {
		t.Fatalf("batches %v", svc.batches)
	}
	if len(progress) != 10 || progress[9] != int64(len(data)) {
		t.Fatalf("progress %v of %d", progress, len(data))
	}
	for i := 1; i < len(progress); i++ {
		if progress[i] <= progress[i-1] {
			t.Fatalf("progress %v", progress)
		}
	}
}

func TestFileStopsAtStoreError(t *testing.T) {
	data, _ := csvWithBadRows(t, 95)
	svc := &fakeService{failAt: 3}
	res, err := File(svc, "t.csv", bytes.NewReader(data), Options{BatchSize: 10})
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "import t.csv line ") {
		t.Fatalf("%v", err)
	}
	if res.Imported != 20 || len(svc.batches) != 2 {
		t.Fatalf("%v %d", res, len(svc.batches))
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestFileStopsAtReadError(t *testing.T) {
	data, _ := csvWithBadRows(t, 95)
	cut := bytes.Index(data, []byte("DEMO-000045"))
	svc := &fakeService{}
	res, err := File(svc, "t.csv", &failingReader{bytes.NewReader(data[:cut]), errors.New("cable unplugged")}, Options{BatchSize: 10})
	if err == nil || !strings.Contains(err.Error(), "cable unplugged") {
		t.Fatalf("%v", err)
	}
	// The batches before the error are written; the partial one is not.
	if res.Imported != 40 || len(svc.batches) != 4 {
		t.Fatalf("%v %d", res, len(svc.batches))
	}
}

func TestFileEmpty(t *testing.T) {
	data, _ := csvWithBadRows(t, 1)
	header := data[:bytes.IndexByte(data, '\n')+1]
	svc := &fakeService{}
	res, err := File(svc, "t.csv", bytes.NewReader(header), Options{})
	if err != nil || res.String() != (Result{}).String() || len(svc.batches) != 0 {
		t.Fatalf("%v %v %d", res, err, len(svc.batches))
	}
}
