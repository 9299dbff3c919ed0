package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// lockWait is how long a command waits for another process's lock before
// saying the database is in use: long enough to ride out a closing app,
// short enough to answer well within two seconds.
const lockWait = time.Second

func runBackup(stdio IO, args []string) error {
	fs := newFlags(stdio, "backup", "caredesk backup [--db PATH] [--force] OUT")
	db := dbFlag(fs)
	force := fs.Bool("force", false, "replace OUT if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup: name one OUT file to write the copy to"}
	}
	out := fs.Arg(0)
	if out == "-" {
		return usageError{"backup: name a file: the copy is read back once written"}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("backup: no database at %s", *db)
	}
	if abs(out) == abs(*db) { // links to it: outfile's check below
		return usageError{"backup: OUT is the database itself; name another file"}
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		out = filepath.Join(out, filepath.Base(*db)+".backup-"+time.Now().Format("2006-01-02T150405"))
	}
	// An existing file may be last week's only good copy: --force.
	if err := checkOutput("backup", out, *force, *db); err != nil {
		return err
	}
	err := store.CheckPages(*db) // a truncated file would crash bbolt
	if err == nil {
		var s *store.DB
		if s, err = store.Open(*db, store.Options{ReadOnly: true, AsFound: true, Timeout: lockWait}); err == nil {
			err = writeOutput(nil, "backup", out, *force, *db, func(w io.Writer) error {
				_, err := s.Backup(w)
				return err
			})
			s.Close()
		}
	}
	if model.ErrorCode(err) == model.ELOCKED {
		// bbolt's lock keeps a second process out while the app writes;
		// the app itself can copy the file it holds.
		return fmt.Errorf("backup: %s is in use: use :backup inside the app (a team server keeps daily copies in its --backups folder; a lead's :backup writes one now)", *db)
	}
	if err != nil {
		return err
	}
	// A copy nobody has read back is a hope, not a backup.
	probs, err := store.VerifyFile(out)
	if err != nil {
		return fmt.Errorf("backup: the copy %s cannot be read back: %s", out, model.ErrorMessage(err))
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stdio.Err, p)
		}
		n := store.ProblemCount(probs)
		return fmt.Errorf("backup: the copy %s has %d %s (so does the database: run 'caredesk check')", out, n, plural(n, "problem", "problems"))
	}
	fi, _ := os.Stat(out)
	fmt.Fprintf(stdio.Out, "backed up %s to %s (%s, checked)\n", *db, out, humanBytes(fi.Size()))
	return nil
}

func abs(p string) string {
	a, _ := filepath.Abs(p)
	return a
}

// same reports whether a and b name the same file.
func same(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}
