package email

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Maildir is a Maildir folder kept up to date by mbsync, offlineimap or
// fetchmail (or a local delivery agent): a fetch takes in what is in new/
// and, once it is committed, moves each file to cur/ marked seen — the
// Maildir way of saying "handled". A crash between the two leaves the
// file in new/; the next fetch finds it, the store knows it, and it moves.
type Maildir struct {
	Path string
	Addr string // the desk's own address
}

// Fetch takes in every mail in new/.
func (md Maildir) Fetch(desk Desk) (FetchResult, error) {
	for _, sub := range []string{"new", "cur"} {
		if fi, err := os.Stat(filepath.Join(md.Path, sub)); err != nil || !fi.IsDir() {
			return FetchResult{}, fmt.Errorf("%s is not a Maildir (no %s/ folder)", md.Path, sub)
		}
	}
	b := &batch{desk: desk, addr: md.Addr, onFiled: md.markSeen}
	if err := readDir(filepath.Join(md.Path, "new"), b); err != nil {
		return b.res, err
	}
	err := b.flush()
	return b.res, err
}

// markSeen moves filed mails from new/ to cur/ with the seen flag.
func (md Maildir) markSeen(paths []string) error {
	for _, p := range paths {
		base := filepath.Base(p)
		if i := strings.Index(base, ":2,"); i >= 0 {
			base = base[:i]
		}
		to := filepath.Join(md.Path, "cur", base+":2,S")
		if err := os.Rename(p, to); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("maildir: %w", err)
		}
	}
	return nil
}

// readDir adds every regular file of dir to b, in name order, skipping
// dot files, a chunk of names at a time (nameScan). A file over the size
// limit is refused by its size, without reading it.
func readDir(dir string, b *batch) error {
	scan := nameScan{dir: dir}
	for {
		names, err := scan.next()
		if err != nil {
			return err
		}
		if len(names) == 0 {
			return nil
		}
		for _, n := range names {
			if err := readMailFile(filepath.Join(dir, n), b); err != nil {
				return err
			}
		}
	}
}

// readMailFile adds the mail in file p to b.
func readMailFile(p string, b *batch) error {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return nil // moved away meanwhile (another reader of the Maildir), or not a mail
	}
	if fi.Size() > model.MaxMessageSize {
		b.res.Fetched++
		b.res.Refused = append(b.res.Refused, refusal(p, fileHead(p), model.ErrTooLarge(fi.Size())))
		return nil
	}
	raw, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	return b.add(raw, p)
}

// fileHead is the start of a mail file, for its header; nil when it
// cannot be read (the refusal then names the file alone).
func fileHead(p string) []byte {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	head, _ := io.ReadAll(io.LimitReader(f, refusedHeadBytes))
	return head
}

// ImportMaildir takes in a Maildir folder's history (new/ and cur/, and
// the folder itself if it holds loose files) without moving anything.
func ImportMaildir(desk Desk, path, addr string) (FetchResult, error) {
	b := &batch{desk: desk, addr: addr, history: true}
	any := false
	for _, sub := range []string{"cur", "new"} {
		dir := filepath.Join(path, sub)
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			any = true
			if err := readDir(dir, b); err != nil {
				return b.res, err
			}
		}
	}
	if !any {
		return b.res, fmt.Errorf("%s is not a Maildir (no cur/ or new/ folder)", path)
	}
	err := b.flush()
	return b.res, err
}

// IsMaildir reports whether path is a Maildir folder.
func IsMaildir(path string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(path, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}
