package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serve --backups with a folder whose parent is missing is one line naming
// it, and nothing is created (new-user finding: /nonexistent/dir was made,
// parents and all, and the desk's copies went there without a word).
func TestServeBackupsFolderMustBeThere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	typo := filepath.Join(dir, "nonexistent", "dir")
	r := run(t, nil, "serve", "--db", db, "--listen", "127.0.0.1:0", "--backups", typo)
	wantExit(t, r, 1)
	oneLine(t, r, "serve: no folder "+filepath.Join(dir, "nonexistent")+" for the backup folder "+typo)
	if _, err := os.Stat(filepath.Join(dir, "nonexistent")); err == nil {
		t.Fatal("the missing parent was created")
	}
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := backupFolder(file); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("a file as the folder: %v", err)
	}
	// A new folder in one that exists is made, private.
	fresh := filepath.Join(dir, "backups")
	if err := backupFolder(fresh); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(fresh); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Fatalf("%v %v", fi, err)
	}
	if err := backupFolder(fresh); err != nil {
		t.Fatalf("an existing folder: %v", err)
	}
}
