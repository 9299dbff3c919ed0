// Package store keeps caredesk's cases in a single bbolt file: the records,
// the indexes the queue and reports read, the counters behind the stats and
// the tag heatmap, and the history of every case. It implements
// model.CaseService and is the only package that imports bbolt.
//
// Every public method is one transaction. Writes go through a write set
// (wtx) that buffers puts and deletes per bucket and applies them sorted by
// key before commit, because sorted puts into a B+tree are several times
// faster than random ones; reads inside the write see the buffered values.
// Indexes and counters are derived data: Check verifies them against the
// case records and Repair rebuilds them.
package store
