package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocalFilesWriteNeverReplacesUnasked(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	path := filepath.Join(dir, "a.pdf")
	if got, err := (localFiles{}).Write(path, false, write("one")); err != nil || got != path {
		t.Fatalf("write: %q %v", got, err)
	}
	if _, err := (localFiles{}).Write(path, false, write("two")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write: %v, want ErrExist", err)
	}
	// a link in the way is not followed either
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep"), 0o600)
	os.Symlink(target, filepath.Join(dir, "link.pdf"))
	if _, err := (localFiles{}).Write(filepath.Join(dir, "link.pdf"), false, write("x")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("through a link: %v", err)
	}
	if _, err := (localFiles{}).Write(filepath.Join(dir, "link.pdf"), true, write("x")); err == nil {
		t.Fatal("replaced a link")
	}
	if _, err := (localFiles{}).Write(filepath.Join(dir, "missing", "a.pdf"), false, write("x")); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("missing folder: %v", err)
	}
	if _, err := (localFiles{}).Write(filepath.Join(dir, "b.pdf"), false, func(io.Writer) error { return io.ErrUnexpectedEOF }); err == nil {
		t.Fatal("a failed write said nothing")
	}
	if _, err := os.Stat(filepath.Join(dir, "b.pdf")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a failed write left a file")
	}
	b, _ := os.ReadFile(path)
	c, _ := os.ReadFile(target)
	if string(b) != "one" || string(c) != "keep" {
		t.Fatalf("files now %q %q", b, c)
	}
}

func TestEditorCmdRoundTrip(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", `printf 'and more\n' >>`)
	cmd, result, err := (editorCmd{}).Edit("Hi Jane,\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	text, err := result()
	if err != nil || text != "Hi Jane,\nand more\n" {
		t.Fatalf("edited %q %v", text, err)
	}
	if _, err := os.Stat(cmd.Args[len(cmd.Args)-1]); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("the temporary file stayed")
	}
}
