// Package backup writes copies of a caredesk database: the one-off copy of
// `caredesk backup` and the app's `:backup`, and the rotated daily copies
// the app keeps next to the database. It knows only the store's Backup
// method, so the user interface can call it without importing the store.
package backup

import (
	"fmt"
	"io"

	"github.com/caredesk/caredesk/internal/atomicfile"
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
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := svc.Backup(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
