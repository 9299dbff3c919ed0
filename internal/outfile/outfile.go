// Package outfile holds the rules for a file caredesk writes on someone's
// behalf (a backup, an export, a report): it must be a plain file, never
// the open database or a link to it, never a folder, a device, a pipe or
// a socket, and an existing file is replaced only when asked. A path that
// breaks a rule is refused with a clear message before anything is
// written; the write itself is atomicfile's (a complete new file or the
// old one).
package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/caredesk/caredesk/internal/atomicfile"
)

// Check says whether path may be written. protect names files that must
// never be replaced (the open database). An existing regular file is an
// error wrapping fs.ErrExist unless replace is set.
func Check(path string, replace bool, protect ...string) error {
	if path == "" {
		return errors.New("no file named")
	}
	li, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		for _, p := range protect {
			if sameName(path, p) {
				return fmt.Errorf("%s is the open database: name another file", path)
			}
		}
		return checkFolder(path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fi := li
	if li.Mode()&fs.ModeSymlink != 0 {
		fi, _ = os.Stat(path) // nil when the link leads nowhere
	}
	for _, p := range protect {
		if pi, err := os.Stat(p); err == nil && fi != nil && os.SameFile(fi, pi) {
			if sameName(path, p) {
				return fmt.Errorf("%s is the open database: name another file", path)
			}
			return fmt.Errorf("%s is a link to the open database: name another file", path)
		}
	}
	if li.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link: name the file itself", path)
	}
	if err := regular(path, li.Mode()); err != nil {
		return err
	}
	if !replace {
		return fmt.Errorf("%s exists: %w", path, fs.ErrExist)
	}
	return nil
}

// Write checks path, then writes it whole with write (atomicfile.Write:
// a temporary file next to it, renamed over it when complete).
func Write(path string, replace bool, protect []string, write func(io.Writer) error) error {
	if err := Check(path, replace, protect...); err != nil {
		return err
	}
	return atomicfile.Write(path, write)
}

// regular refuses what is not a plain file, by name.
func regular(path string, m fs.FileMode) error {
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fmt.Errorf("%s is a folder: name a file", path)
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return fmt.Errorf("%s is a device: name a file", path)
	}
	return fmt.Errorf("%s is not a regular file (%s): name a file", path, m.Type())
}

// checkFolder: a new file needs a folder to go in.
func checkFolder(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("no folder %s for %s", dir, filepath.Base(path))
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	return nil
}

// sameName reports whether a and b are the same path once made absolute.
func sameName(a, b string) bool {
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}
