package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Every command that writes a file refuses the database, a link to it, a
// folder, a device and a pipe, with one line naming why, and leaves the
// target alone; an existing file needs --force.
func TestWritersRefuseWhatIsNotTheirs(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 50)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(old, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	writers := [][]string{
		{"export", "--db", db, "-o"},
		{"report", "--db", db, "-o"},
		{"backup", "--db", db, "--force"},
	}
	for _, w := range writers {
		for _, tc := range []struct{ target, want string }{
			{link, "is a link to the open database"},
			{hard, "is a link to the open database"},
			{"/dev/null", "is a device"},
			{fifo, "is not a regular file"},
		} {
			r := run(t, nil, append(w, tc.target)...)
			if r.code == 0 {
				t.Errorf("%s %s: written\n%s", w[0], tc.target, r)
				continue
			}
			oneLine(t, r, tc.want)
		}
	}
	for _, w := range writers[:2] {
		r := run(t, nil, append(w, db)...)
		wantExit(t, r, 1)
		oneLine(t, r, "is the open database")
		r = run(t, nil, append(w, dir)...)
		wantExit(t, r, 1)
		oneLine(t, r, "is a folder")
		r = run(t, nil, append(w, old)...)
		wantExit(t, r, 1)
		oneLine(t, r, "exists; name another file or add --force")
		forced := append([]string{w[0], "--force"}, w[1:]...)
		wantExit(t, run(t, nil, append(forced, old)...), 0)
		if b, _ := os.ReadFile(old); string(b) == "keep me" {
			t.Errorf("%s --force did not replace %s", w[0], old)
		}
		if err := os.WriteFile(old, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Fatal("the database changed")
	}
	mustCheck(t, db)
}
