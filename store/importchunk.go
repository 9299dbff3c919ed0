package store

import "time"

// An import writes a batch in chunks, each its own transaction, because
// bbolt has one writer: while an import's transaction runs, every agent's
// save waits in group commit's queue. A 10,000-row batch held the writer
// 0.4–1.5 s on a loaded machine (its rows, then the flush of its word
// index and its commit, which take longer than the rows), and an agent's
// ctrl+s on the team server waited seconds behind a lead's import.
//
// A chunk ends at importTxRows rows; on a desk where someone saved in
// the last importBusy, also once it has spent importTxHold on its rows;
// and — sooner — once a save is waiting and the chunk has had
// importTxShare: the chunk then flushes and commits, the waiting saves
// commit next (the import's next chunk queues behind them in the same
// queue), and the import goes on. A lone import (the command line, an
// idle desk) keeps its 10k-row transactions: smaller ones cost it more
// commits, and its word index shards, rewritten by every chunk, came out
// a tenth bigger. A kill -9 loses the chunk in flight only, which a
// re-run of the file completes (the rows before it are "unchanged" then).

// importBound bounds an import transaction.
type importBound struct {
	rows int
	// hold is how long a chunk writes rows; share how long when a save
	// is waiting (so that a stream of saves cannot stop an import).
	hold, share time.Duration
}

// importTxRows is an ingest batch: a lone import's transactions on a
// quiet machine are as before.
const importTxRows = 10_000

// importTxHold keeps a chunk's rows, and so its flush and commit, to a
// fraction of a second on a loaded machine; importTxShare is short next
// to a save's own commit.
const (
	importTxHold  = 150 * time.Millisecond
	importTxShare = 10 * time.Millisecond
	importBusy    = time.Minute
)

// importBound is the bound of this database's import transactions.
func (db *DB) importBound() importBound {
	if db.importTx.rows > 0 {
		return db.importTx
	}
	return importBound{rows: importTxRows, hold: importTxHold, share: importTxShare}
}

// chunkClock says when a chunk is to end.
type chunkClock struct {
	g     *committer
	bound importBound
	start time.Time
}

func newChunkClock(db *DB, bound importBound) chunkClock {
	return chunkClock{g: &db.group, bound: bound, start: time.Now()}
}

// chunkCheckEvery is how many rows go between looks at the clock and the
// queue: a few milliseconds of rows at most.
const chunkCheckEvery = 16

// full says whether the chunk that has written n rows ends here.
func (c chunkClock) full(n int) bool {
	if n >= c.bound.rows {
		return true
	}
	if n%chunkCheckEvery != 0 {
		return false
	}
	spent := time.Since(c.start)
	if spent >= c.bound.share && c.g.queued() {
		return true
	}
	return spent >= c.bound.hold && c.g.savedWithin(importBusy)
}

// savedWithin says whether a write other than an alone one (an agent's
// save) committed in the last d.
func (g *committer) savedWithin(d time.Duration) bool {
	at := g.lastSave.Load()
	return at != 0 && time.Since(time.Unix(0, at)) < d
}

// queued says whether a write is waiting for the writer.
func (g *committer) queued() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.waiting) > 0
}
