package backup

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeDB writes fixed bytes, or fails halfway like a disk that filled up.
type fakeDB struct {
	data string
	fail error
}

func (f fakeDB) Backup(w io.Writer) (int64, error) {
	if f.fail != nil {
		n, _ := io.WriteString(w, f.data[:len(f.data)/2])
		return int64(n), f.fail
	}
	n, err := io.WriteString(w, f.data)
	return int64(n), err
}

func TestBackupToWritesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := BackupTo(fakeDB{data: "database bytes"}, path); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "database bytes" {
		t.Fatalf("%q %v", got, err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
}

func TestBackupToFailureKeepsOldCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.db")
	if err := BackupTo(fakeDB{data: "old copy"}, path); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("no space left on device")
	err := BackupTo(fakeDB{data: "new copy that fails", fail: boom}, path)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v: want the cause and the path", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old copy" {
		t.Fatalf("old copy replaced by %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary file left behind: %v", entries)
	}
}

func TestBackupToMissingFolder(t *testing.T) {
	err := BackupTo(fakeDB{data: "x"}, filepath.Join(t.TempDir(), "no", "such", "copy.db"))
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("%v", err)
	}
}
