//go:build !linux

package store

// dropMapped does nothing here: see mapped_linux.go.
func (db *DB) dropMapped() {}
