package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Every kind of target a writer can be pointed at, and what it is told.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "caredesk.db")
	old := filepath.Join(dir, "old.csv")
	for _, f := range []string{db, old} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hard := filepath.Join(dir, "hard.db")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	soft := filepath.Join(dir, "soft.db")
	if err := os.Symlink(db, soft); err != nil {
		t.Fatal(err)
	}
	toOld := filepath.Join(dir, "to-old.csv")
	if err := os.Symlink(old, toOld); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		replace bool
		want    string // "" allowed
	}{
		{filepath.Join(dir, "new.csv"), false, ""},
		{old, true, ""},
		{old, false, "exists"},
		{db, true, "is the open database"},
		{filepath.Join(dir, ".", "caredesk.db"), true, "is the open database"},
		{hard, true, "is a link to the open database"},
		{soft, true, "is a link to the open database"},
		{toOld, true, "is a symbolic link"},
		{dir, true, "is a folder"},
		{"/dev/null", true, "is a device"},
		{fifo, true, "is not a regular file"},
		{filepath.Join(dir, "no", "such.csv"), true, "no folder"},
		{filepath.Join(old, "x.csv"), true, "is not a folder"},
	} {
		err := Check(tc.path, tc.replace, db)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want allowed", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.path, err, tc.want)
		}
	}
	if err := Check(old, false, db); !errors.Is(err, fs.ErrExist) {
		t.Errorf("an existing file: %v, want fs.ErrExist", err)
	}
}

// A refused write leaves the target as it was and no file behind.
func TestWriteRefusedChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "caredesk.db")
	if err := os.WriteFile(db, []byte("the database"), 0o600); err != nil {
		t.Fatal(err)
	}
	called := false
	write := func(w io.Writer) error { called = true; _, err := io.WriteString(w, "copy"); return err }
	if err := Write(db, true, []string{db}, write); err == nil {
		t.Fatal("the database was replaced")
	}
	if called {
		t.Fatal("a refused target was written to")
	}
	if b, _ := os.ReadFile(db); string(b) != "the database" {
		t.Fatalf("database now %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files left: %v", entries)
	}
	out := filepath.Join(dir, "copy.db")
	if err := Write(out, false, []string{db}, write); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "copy" {
		t.Fatalf("copy %q", b)
	}
}
