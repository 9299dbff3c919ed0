package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/caredesk/caredesk/internal/atomicfile"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

func runRestore(stdio IO, args []string) error {
	fs := newFlags(stdio, "restore", "caredesk restore [--db PATH] BACKUP")
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"restore: name one BACKUP file to restore from"}
	}
	src := fs.Arg(0)
	if fi, err := os.Stat(src); err != nil {
		return fmt.Errorf("restore: %w", err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("restore: %s is not a file", src)
	}
	if same(src, *db) {
		return usageError{"restore: BACKUP is the database itself"}
	}
	// Nothing is touched until the backup has passed the full check.
	if err := verifyForRestore(stdio, src, "backup"); err != nil {
		return err
	}
	if err := ensureDir(*db); err != nil {
		return err
	}
	// Holding the database open keeps the app out while the files move;
	// a lock we cannot get means someone is working in it.
	if _, err := os.Stat(*db); err == nil {
		// CheckPages first: opening a truncated file would crash bbolt.
		err := store.CheckPages(*db)
		var held *store.DB
		if err == nil {
			held, err = store.Open(*db, store.Options{Timeout: lockWait})
		}
		switch {
		case model.ErrorCode(err) == model.ELOCKED:
			return fmt.Errorf("restore: %s is in use: close the app (and any other caredesk using it) first", *db)
		case err == nil:
			defer held.Close()
		}
		// Any other error is a database too damaged to open: that is
		// what restoring is for, so carry on.
	}
	tmp, err := copyBeside(src, *db)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp) // a no-op once renamed into place
	// Check the copy that will go in place, not only its source: the copy
	// could have gone wrong on its own (a full disk).
	if err := verifyForRestore(stdio, tmp, "copy of the backup"); err != nil {
		return err
	}
	aside, err := swapIn(tmp, *db)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	atomicfile.SyncDir(filepath.Dir(*db))
	if aside != "" {
		fmt.Fprintf(stdio.Out, "the previous database is kept at %s\n", aside)
	}
	fmt.Fprintf(stdio.Out, "restored %s from %s\n", *db, src)
	return nil
}

// verifyForRestore refuses a file that is not a healthy caredesk database
// this binary can read, with the reasons.
func verifyForRestore(stdio IO, path, what string) error {
	probs, err := store.VerifyFile(path)
	if err != nil {
		return fmt.Errorf("restore: refusing the %s %s: %s", what, path, model.ErrorMessage(err))
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintf(stdio.Err, "%s: %s\n", path, p)
		}
		n := store.ProblemCount(probs)
		return fmt.Errorf("restore: refusing the %s %s: it has %d %s (listed above); nothing was changed",
			what, path, n, plural(n, "problem", "problems"))
	}
	return nil
}

// copyBeside copies src to a synced, 0600 temporary file in dst's folder,
// so that the final rename cannot cross filesystems.
func copyBeside(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".restore-*")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return "", err
	}
	if _, err := io.Copy(tmp, in); err != nil {
		return "", fmt.Errorf("copying %s: %w", src, err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("copying %s: %w", src, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("copying %s: %w", src, err)
	}
	ok = true
	return tmp.Name(), nil
}

// swapIn puts tmp in place of db and returns where the previous db was
// kept ("" when there was none). The previous file is hard-linked aside
// first, so db never goes missing: the rename replaces it in one step.
// Where hard links are not allowed it is renamed aside instead, and put
// back if the second rename fails.
func swapIn(tmp, db string) (string, error) {
	if _, err := os.Lstat(db); os.IsNotExist(err) {
		return "", os.Rename(tmp, db)
	}
	aside := db + ".before-restore-" + time.Now().Format("20060102-150405")
	for i := 2; ; i++ { // two restores in one second keep both
		if _, err := os.Lstat(aside); os.IsNotExist(err) {
			break
		}
		aside = fmt.Sprintf("%s.before-restore-%s-%d", db, time.Now().Format("20060102-150405"), i)
	}
	if err := os.Link(db, aside); err == nil {
		return aside, os.Rename(tmp, db)
	}
	if err := os.Rename(db, aside); err != nil {
		return "", fmt.Errorf("moving %s aside: %w", db, err)
	}
	if err := os.Rename(tmp, db); err != nil {
		if back := os.Rename(aside, db); back != nil {
			return "", fmt.Errorf("putting the backup in place: %v; the previous database is at %s", err, aside)
		}
		return "", fmt.Errorf("putting the backup in place: %w", err)
	}
	return aside, nil
}
