package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Rotation keeps dated copies of a database next to it (or in Dir):
// caredesk.db.backup-2026-11-24, one a day at most, the newest Keep kept.
type Rotation struct {
	DB    string           // the database file
	Dir   string           // the folder the copies go in (default: the database's)
	Keep  int              // how many copies to keep (default 7)
	Every time.Duration    // how old the newest copy may get (default 24h)
	Now   func() time.Time // the clock (default time.Now); tests inject one
}

// DefaultKeep and DefaultEvery are a week of daily copies.
const (
	DefaultKeep  = 7
	DefaultEvery = 24 * time.Hour
)

// dateLayout is part of the file name, so names sort by age.
const dateLayout = "2006-01-02"

// staleTemp is how old a temporary file of a copy must be before Prune
// takes it for the leftover of a killed app rather than a copy in progress.
const staleTemp = time.Hour

func (r Rotation) withDefaults() Rotation {
	if r.Keep <= 0 {
		r.Keep = DefaultKeep
	}
	if r.Every <= 0 {
		r.Every = DefaultEvery
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	return r
}

func (r Rotation) prefix() string { return filepath.Base(r.DB) + ".backup-" }

func (r Rotation) dir() string {
	if r.Dir != "" {
		return r.Dir
	}
	return filepath.Dir(r.DB)
}

// PathFor is the name of the copy made at t.
func (r Rotation) PathFor(t time.Time) string {
	return filepath.Join(r.dir(), r.prefix()+t.Format(dateLayout))
}

// onDemandLayout names a copy taken on request, to the second:
// caredesk.db.backup-20261124-184537.
const onDemandLayout = "20060102-150405"

// TakeNow writes a copy on request, named by the time (UTC), beside the
// dated ones, and keeps the newest Keep of these too: a lead who asks for
// many cannot fill the disk. It returns the path written.
func (r Rotation) TakeNow(svc Source) (string, error) {
	r = r.withDefaults()
	now := r.Now().UTC()
	path := filepath.Join(r.dir(), r.prefix()+now.Format(onDemandLayout))
	for n := 2; ; n++ { // two requests within a second: never one over the other
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = filepath.Join(r.dir(), fmt.Sprintf("%s%s-%d", r.prefix(), now.Format(onDemandLayout), n))
	}
	if err := BackupTo(svc, path); err != nil {
		return "", err
	}
	return path, r.pruneMatching(func(name string) bool {
		if len(name) < len(onDemandLayout) {
			return false
		}
		_, err := time.Parse(onDemandLayout, name[:len(onDemandLayout)])
		return err == nil
	})
}

// pruneMatching deletes all but the newest Keep copies whose name after
// the prefix passes match (names sort by age).
func (r Rotation) pruneMatching(match func(string) bool) error {
	entries, err := os.ReadDir(r.dir())
	if err != nil {
		return err
	}
	var list []string
	for _, e := range entries {
		if name, ok := strings.CutPrefix(e.Name(), r.prefix()); ok && e.Type().IsRegular() && match(name) {
			list = append(list, filepath.Join(r.dir(), e.Name()))
		}
	}
	slices.Sort(list)
	var errs []error
	for len(list) > r.Keep {
		if err := os.Remove(list[0]); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		list = list[1:]
	}
	return errors.Join(errs...)
}

// List returns the existing copies, oldest first. Files whose name does
// not end in a date are not ours and are left alone.
func (r Rotation) List() ([]string, error) {
	entries, err := os.ReadDir(r.dir())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), r.prefix())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if _, err := time.Parse(dateLayout, name); err != nil {
			continue
		}
		out = append(out, filepath.Join(r.dir(), e.Name()))
	}
	slices.Sort(out) // dates sort as strings
	return out, nil
}

// Due reports whether the newest copy is older than Every (or there is
// none). Age is the file's modification time, the moment the copy was
// renamed into place: a name only says the day.
func (r Rotation) Due() (bool, error) {
	r = r.withDefaults()
	list, err := r.List()
	if err != nil || len(list) == 0 {
		return true, err
	}
	st, err := os.Stat(list[len(list)-1])
	if err != nil {
		return true, err
	}
	return r.Now().Sub(st.ModTime()) >= r.Every, nil
}

// Run writes today's copy when one is due and prunes old copies. It returns
// the path written, "" when no copy was due.
func (r Rotation) Run(svc Source) (string, error) {
	r = r.withDefaults()
	due, err := r.Due()
	if err != nil {
		return "", fmt.Errorf("automatic backup of %s: %w", r.DB, err)
	}
	if !due {
		return "", nil
	}
	path := r.PathFor(r.Now())
	if err := BackupTo(svc, path); err != nil {
		return "", fmt.Errorf("automatic backup: %w", err)
	}
	// Stamp the copy with the injected clock so Due agrees with it; with
	// the real clock this is the time it already has.
	now := r.Now()
	os.Chtimes(path, now, now)
	return path, r.Prune()
}

// Prune deletes all but the newest Keep copies, and temporary files of
// copies that a killed process left behind.
func (r Rotation) Prune() error {
	r = r.withDefaults()
	list, err := r.List()
	if err != nil {
		return err
	}
	var errs []error
	if len(list) > r.Keep {
		for _, p := range list[:len(list)-r.Keep] {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(r.dir(), "."+r.prefix()+"*.tmp-*"))
	for _, p := range tmps {
		if st, err := os.Stat(p); err == nil && r.Now().Sub(st.ModTime()) > staleTemp {
			os.Remove(p)
		}
	}
	return errors.Join(errs...)
}
