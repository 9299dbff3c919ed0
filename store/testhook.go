package store

// SetBeforeCommit installs fn to run just before every write commits; a
// non-nil error rolls the write back and is returned by the write. It exists
// for the write-failure and crash tests; nil removes it. Not safe to call
// while writes are running.
func (db *DB) SetBeforeCommit(fn func() error) { db.beforeCommit = fn }
