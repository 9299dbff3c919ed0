// Package backup writes copies of a caredesk database: the one-off copy of
// `caredesk backup` and the app's `:backup`, and the rotated daily copies
// the app keeps next to the database. It knows only the store's Backup
// method, so the user interface can call it without importing the store.
package backup

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Source is what can write a consistent copy of itself: store.DB, through
// bbolt's tx.WriteTo in a read transaction.
type Source interface {
	Backup(w io.Writer) (int64, error)
}

// BackupTo writes a copy of svc to path. The copy goes to a temporary file
// in path's folder, is synced, and only then renamed over path, so path is
// always either the old file or a complete new one — never half a
// database. The file is 0600: it holds customer data.
func BackupTo(svc Source, path string) error {
	_, err := writeAtomically(path, func(w io.Writer) (int64, error) { return svc.Backup(w) })
	return err
}

// writeAtomically runs write against a temporary file next to path, syncs
// it and renames it over path, then syncs the folder so the rename itself
// survives a crash. It returns the bytes written.
func writeAtomically(path string, write func(io.Writer) (int64, error)) (int64, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp already makes 0600 files; Chmod says so even under an
	// odd umask or a future Go.
	if err := tmp.Chmod(0o600); err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	n, err := write(tmp)
	if err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	done = true
	syncDir(dir)
	return n, nil
}

// syncDir makes a rename durable. Some filesystems cannot sync a folder;
// the file's own contents are already synced, so that is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
