// Package ingest runs an import: it reads rows from an import file with
// csvio and writes them to a store in batches, reporting bad rows and
// progress. The command line, the in-app import and the team server's
// import command all use it, so an import behaves the same everywhere.
package ingest

import (
	"errors"
	"fmt"
	"io"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/model"
)

// BatchSize is how many rows go into one transaction: big enough that the
// commit's fsync is amortised, small enough that memory stays flat and a
// killed import loses at most one batch (which a re-run completes).
const BatchSize = 10000

// Options tunes an import.
type Options struct {
	// Reject is called for each row that was not imported.
	Reject func(*csvio.RowError)
	// Progress is called after each batch with the bytes read so far.
	Progress func(bytesRead int64)
	// BatchSize overrides the default batch size (tests).
	BatchSize int
}

// Result counts what an import did.
type Result struct {
	model.ImportResult
	Rejected int
}

// Add sums two results.
func (r Result) Add(o Result) Result {
	return Result{ImportResult: r.ImportResult.Add(o.ImportResult), Rejected: r.Rejected + o.Rejected}
}

func (r Result) String() string {
	return fmt.Sprintf("imported %d, updated %d, unchanged %d, rejected %d", r.Imported, r.Updated, r.Unchanged, r.Rejected)
}

// File imports one file read from r, named name in messages. It stops at
// the first store error (a full disk, a lock) and returns what was
// committed before it; row errors are counted and passed to opt.Reject.
func File(svc model.CaseService, name string, r io.Reader, opt Options) (Result, error) {
	var res Result
	size := opt.BatchSize
	if size <= 0 {
		size = BatchSize
	}
	rd, err := csvio.NewReader(name, r)
	if err != nil {
		return res, err
	}
	batch := make([]model.ImportRow, 0, size)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ir, err := svc.Import(batch)
		if err != nil {
			return fmt.Errorf("import %s line %d: %w", name, batch[0].Line, err)
		}
		res.ImportResult = res.ImportResult.Add(ir)
		batch = batch[:0]
		if opt.Progress != nil {
			opt.Progress(rd.BytesRead())
		}
		return nil
	}
	for {
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *csvio.RowError
		if errors.As(err, &rowErr) {
			res.Rejected++
			if opt.Reject != nil {
				opt.Reject(rowErr)
			}
			continue
		}
		if err != nil {
			return res, err
		}
		batch = append(batch, row)
		if len(batch) >= size {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}
