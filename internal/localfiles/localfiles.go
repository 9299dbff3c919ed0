// Package localfiles is a local app's reach into the user's files: open a
// file to import, write a backup or a report, complete a path, take a
// backup next to the database. The command line hands it to the app
// (ui.Options.Files and Backups); a team server hands none to its
// sessions, so nothing a session does can reach the server's files.
// Every file it writes goes through outfile's rules, with the open
// database protected.
package localfiles

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/backup"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/outfile"
)

// Files implements ui.Files and ui.Backups for the database DB.
type Files struct {
	DB     string           // the open database: never written over
	Source backup.Source    // the open store, for backups
	Now    func() time.Time // the clock for backup names (nil: time.Now)
	// Desk, when set, takes in a desk's mail history as caredesk import
	// does (a Maildir folder or an mbox file); Addr is the desk's own
	// address ([mail] address), so its own mail in the history is a loop.
	Desk email.Desk
	Addr string
}

// home expands a leading ~/ as a shell would.
func home(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, rest)
		}
	}
	return path
}

func (f Files) OpenImport(path string) (io.ReadCloser, string, int64, error) {
	path = home(path)
	r, err := os.Open(path)
	if err != nil {
		return nil, "", 0, err
	}
	fi, err := r.Stat()
	if err == nil && fi.IsDir() {
		err = fmt.Errorf("%s is a folder (not a Maildir with cur/ and new/)", path)
	}
	if err != nil {
		r.Close()
		return nil, "", 0, err
	}
	return r, filepath.Base(path), fi.Size(), nil
}

// MailImport implements ui.MailImporter: a Maildir folder or an mbox file
// (a file that starts "From ") is a desk's mail history, taken in as
// caredesk import takes it; anything else is not mail (ok false).
func (f Files) MailImport(path string) (run func() (string, []string, error), ok bool) {
	if f.Desk == nil {
		return nil, false
	}
	path = home(path)
	if email.IsMaildir(path) {
		return func() (string, []string, error) {
			res, err := email.ImportMaildir(f.Desk, path, f.Addr)
			return res.String(), res.Refused, err
		}, true
	}
	r, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	head := make([]byte, 5)
	n, _ := io.ReadFull(r, head)
	if fi, err := r.Stat(); err != nil || !fi.Mode().IsRegular() || !email.IsMbox(head[:n]) {
		r.Close()
		return nil, false
	}
	return func() (string, []string, error) {
		defer r.Close()
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return "", nil, err
		}
		res, err := email.ImportMbox(f.Desk, r, filepath.Base(path), f.Addr)
		return res.String(), res.Refused, err
	}, true
}

func (f Files) Write(path string, replace bool, write func(io.Writer) error) (string, error) {
	path = home(path)
	return path, outfile.Write(path, replace, []string{f.DB}, write)
}

// BackupNow writes a copy next to the database with the time in its name
// (caredesk.db.backup-20261124-184537), never over another file.
func (f Files) BackupNow() (string, error) {
	now := f.Now
	if now == nil {
		now = time.Now
	}
	path := f.DB + ".backup-" + now().UTC().Format("20060102-150405")
	return path, outfile.Write(path, false, []string{f.DB}, func(w io.Writer) error {
		_, err := f.Source.Backup(w)
		return err
	})
}

// Complete completes a path: folders end in "/", and only CSV, JSON
// lines and mbox files are offered.
func (f Files) Complete(arg string) []string {
	pattern := arg
	if strings.HasPrefix(pattern, "~/") {
		pattern = home(pattern)
	}
	matches, _ := filepath.Glob(globEscape(pattern) + "*")
	var out []string
	for _, m := range matches {
		fi, err := os.Stat(m)
		if err != nil {
			continue
		}
		low := strings.ToLower(m)
		switch {
		case fi.IsDir():
			out = append(out, m+string(filepath.Separator))
		case strings.HasSuffix(low, ".csv"), strings.HasSuffix(low, ".jsonl"), strings.HasSuffix(low, ".ndjson"), strings.HasSuffix(low, ".mbox"):
			out = append(out, m)
		}
		if len(out) >= 50 {
			break
		}
	}
	return out
}

func globEscape(s string) string {
	return strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`).Replace(s)
}
