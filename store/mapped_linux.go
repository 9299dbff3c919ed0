//go:build linux

package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped releases the file pages mapped into the process, so that its
// resident memory does not grow with the file: a bulk import touches pages
// all over the indexes, and every page touched stays resident (and counted
// against the process) until unmapped. bbolt maps the file MAP_SHARED,
// PROT_READ and writes through pwrite, so the mapped pages are clean copies
// of the page cache: MADV_DONTNEED drops them from the process and the next
// read refaults them from the page cache (a minor fault, no I/O).
//
// Import also calls it between rows, inside its write transaction: the
// writer's own nodes point into the mapping too, and they refault the same
// bytes (only Commit writes, and only to free pages, never to one the
// transaction can still read).
//
// It runs inside a read transaction: bbolt holds its mmap lock for reading
// for the life of one, and only remaps (which replaces the mapping)
// holding it for writing, so the mapping cannot change underneath.
func (db *DB) dropMapped() {
	db.bolt.View(func(tx *bolt.Tx) error {
		n := tx.Size() // the mapping is at least this long
		if n <= 0 {
			return nil
		}
		// The mapping is not Go memory: pass its address as it is.
		// Advice only: an error just means the pages stay.
		syscall.Syscall(syscall.SYS_MADVISE, db.bolt.Info().Data, uintptr(n), syscall.MADV_DONTNEED)
		return nil
	})
}
