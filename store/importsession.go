package store

import (
	"github.com/RoaringBitmap/roaring/v2/roaring64"

	"github.com/caredesk/caredesk/model"
)

// ImportSession is one import of a file, batch after batch, each batch its
// own transaction. It owns the customers its batches have seen (a
// customerCache), so that a repeat customer is neither looked up nor
// decoded again in a later batch.
//
// The cache is trusted only while the session's own batches are the only
// writes to the file: the store remembers which session wrote last
// (DB.lastWriter, set inside each write), so an agent's action, another
// import or a repair in between, or a failed batch, makes the next batch
// start it afresh.
//
// It also knows which cases its rows have written (written), so that a
// second row of the same file for the same external id is left out, said
// with its line, rather than applied over the first: the two would flip
// the case back and forth on every import of the file, and a file is
// never "unchanged". A bitmap of case ids stays a few KB at a million.
type ImportSession struct {
	db        *DB
	customers customerCache
	written   roaring64.Bitmap
	// wordPostings is the word worker's map, kept for the next batch
	// (workerPostings).
	wordPostings postings
	// stop, once closed, ends a batch before its next chunk (StopOn).
	stop <-chan struct{}
}

var _ model.ImportStopper = (*ImportSession)(nil)

// StopOn makes the session's batches stop before their next chunk once
// done is closed (model.ImportStopper).
func (s *ImportSession) StopOn(done <-chan struct{}) { s.stop = done }

// stopped reports whether the session was told to stop.
func (s *ImportSession) stopped() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

var _ model.SessionImporter = (*DB)(nil)

// BeginImport starts an import session; Close it when the file is done.
func (db *DB) BeginImport() model.ImportSession { return &ImportSession{db: db} }

// Import upserts rows by external id in one transaction, as DB.Import.
func (s *ImportSession) Import(rows []model.ImportRow) (model.ImportResult, error) {
	res, err := s.db.importBatch(s, rows)
	if err != nil { // it may hold what was rolled back
		s.customers = customerCache{}
		s.written.Clear()
	}
	return res, err
}

// Close drops what the session holds.
func (s *ImportSession) Close() {
	s.customers = customerCache{}
	s.written.Clear()
	s.wordPostings = nil
}

// customerCache is the cache customerFor uses in this write: its session's,
// or one for this write alone.
func (w *wtx) customerCache() *customerCache {
	if w.custCache == nil {
		if w.session != nil {
			w.custCache = &w.session.customers
			w.custCache.begin(w.tx, w.lastWriter == w.session)
		} else {
			w.custCache = &customerCache{}
			w.custCache.begin(w.tx, false)
		}
	}
	return w.custCache
}
