// Package ingest runs an import: it reads rows from an import file with
// csvio and writes them to a store in batches, reporting bad rows and
// progress. The command line, the in-app import and the team server's
// import command all use it, so an import behaves the same everywhere.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/model"
)

// BatchSize is how many rows are read ahead and handed to the store at
// once: small enough that memory stays flat. The store writes a batch in
// one transaction or several (store/importchunk.go: an agent's save must
// not wait behind a whole batch); a killed import loses at most one
// batch (which a re-run completes).
const BatchSize = 10000

// Options tunes an import.
type Options struct {
	// Reject is called for each row that was not imported.
	Reject func(*csvio.RowError)
	// Warn is called for each value of an imported row that was not
	// kept as given ("FILE:LINE: …").
	Warn func(string)
	// Progress is called after each batch with the bytes read so far.
	Progress func(bytesRead int64)
	// BatchSize overrides the default batch size (tests).
	BatchSize int
	// Stop, once done, ends the import before its next transaction with
	// model.ErrImportStopped (the rows saved before stay): the team
	// server's is the session that sends the file. nil: never.
	Stop context.Context
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

// batch is one transaction's rows as the reader goroutine hands them over,
// with the rows it rejected on the way and how far into the file it was.
type batch struct {
	rows    []model.ImportRow
	rejects []*csvio.RowError
	read    int64
	err     error // a read error after these rows: stop here
	last    bool
}

// File imports one file read from r, named name in messages. It stops at
// the first store error (a full disk, a lock) and returns what was
// committed before it; row errors are counted and passed to opt.Reject.
//
// Reading and parsing run on their own goroutine, one batch ahead of the
// writes, so the two overlap on a multi-core machine. Reject and Progress
// are still called from the caller's goroutine (File's), in file order,
// each batch's rejects just before the batch is written, as before.
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
	defer bulkGC()()
	imp := model.ImportSession(oneBatch{svc})
	if si, ok := svc.(model.SessionImporter); ok {
		imp = si.BeginImport() // the batches share what they learn of customers
	}
	defer imp.Close()
	if st, ok := imp.(model.ImportStopper); ok && opt.Stop != nil {
		st.StopOn(opt.Stop.Done())
	}

	// Two batches circulate: one being written, one being filled.
	free := make(chan *batch, 2)
	full := make(chan *batch, 1)
	done := make(chan struct{})
	for range 2 {
		free <- &batch{rows: make([]model.ImportRow, 0, size)}
	}
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		readBatches(rd, size, free, full, done)
	}()
	defer func() {
		close(done)
		<-exited // the reader must be done with r before File returns
	}()

	// The tags filed under new names are told at the end, once each.
	var filed filedTags
	defer filed.tell(opt.Warn)
	for {
		b := <-full
		res.Rejected += len(b.rejects)
		if opt.Reject != nil {
			for _, e := range b.rejects {
				opt.Reject(e)
			}
		}
		if b.err != nil {
			return res, b.err
		}
		if opt.Stop != nil && opt.Stop.Err() != nil {
			return res, fmt.Errorf("import %s: %w", name, model.ErrImportStopped)
		}
		if len(b.rows) > 0 {
			// On an error ir is what the batch's chunks before the
			// failing one committed (the store writes a batch in
			// several transactions): counted and reported as kept.
			ir, err := imp.Import(b.rows)
			res.Rejected += len(ir.Rejects)
			if opt.Reject != nil {
				for _, rj := range ir.Rejects {
					opt.Reject(&csvio.RowError{File: rj.Source, Line: rj.Line, Reason: rj.Reason})
				}
			}
			if opt.Warn != nil {
				for _, w := range ir.Warnings {
					opt.Warn(w)
				}
			}
			filed.add(ir.Filed)
			ir.Filed = nil // told once per tag, not kept per row
			res.ImportResult = res.ImportResult.Add(ir)
			if err != nil {
				return res, fmt.Errorf("import %s line %d: %w", name, b.rows[0].Line, err)
			}
			if opt.Progress != nil {
				opt.Progress(b.read)
			}
		}
		if b.last {
			return res, nil
		}
		clear(b.rows) // drop the strings before the batch is refilled
		b.rows, b.rejects, b.err = b.rows[:0], nil, nil
		free <- b
	}
}

// oneBatch imports through a service without sessions, batch by batch.
type oneBatch struct{ svc model.CaseService }

func (o oneBatch) Import(rows []model.ImportRow) (model.ImportResult, error) {
	return o.svc.Import(rows)
}
func (oneBatch) Close() {}

// readBatches fills batches from free and sends them on full until the
// file ends, a read error stops it, or done is closed.
func readBatches(rd *csvio.Reader, size int, free <-chan *batch, full chan<- *batch, done <-chan struct{}) {
	for {
		var b *batch
		select {
		case b = <-free:
		case <-done:
			return
		}
		for len(b.rows) < size {
			row, err := rd.Read()
			if errors.Is(err, io.EOF) {
				b.last = true
				break
			}
			var rowErr *csvio.RowError
			if errors.As(err, &rowErr) {
				b.rejects = append(b.rejects, rowErr)
				continue
			}
			if err != nil {
				b.err = err
				break
			}
			b.rows = append(b.rows, row)
		}
		b.read = rd.BytesRead()
		stop := b.last || b.err != nil // b is the writer's once sent
		select {
		case full <- b:
		case <-done:
			return
		}
		if stop {
			return
		}
	}
}
