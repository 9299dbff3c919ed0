package store

import "time"

// SetBeforeCommit installs fn to run just before every write commits; a
// non-nil error rolls the write back and is returned by the write. It exists
// for the write-failure and crash tests; nil removes it. Not safe to call
// while writes are running.
func (db *DB) SetBeforeCommit(fn func() error) { db.beforeCommit = fn }

// SetImportBound bounds each import (and retag, retag.go) transaction to rows rows and hold of
// writing them (share when a save is waiting) instead of the defaults,
// so that a test knows where the chunks of an import end; rows 0 restores
// the defaults. Not safe to call while writes are running.
func (db *DB) SetImportBound(rows int, hold, share time.Duration) {
	db.importTx = importBound{rows: rows, hold: hold, share: share}
}
