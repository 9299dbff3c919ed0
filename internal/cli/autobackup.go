package cli

import (
	"time"

	"github.com/caredesk/caredesk/internal/backup"
)

// startAutoBackup writes the day's rotated copy of the database at path in
// the background when one is due, so the first frame never waits for it:
// the copy is a bbolt read transaction, which runs beside the app's
// writes. The returned function waits for the copy and returns its error;
// call it before closing the database.
func startAutoBackup(s backup.Source, path string, now func() time.Time) (wait func() error) {
	done := make(chan error, 1)
	go func() {
		_, err := backup.Rotation{DB: path, Now: now}.Run(s)
		done <- err
	}()
	return func() error { return <-done }
}
