package backup

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func newRotation(t *testing.T) (Rotation, *clock) {
	clk := &clock{t: time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)}
	return Rotation{DB: filepath.Join(t.TempDir(), "caredesk.db"), Now: clk.Now}, clk
}

func TestRotationWritesOneCopyADay(t *testing.T) {
	r, clk := newRotation(t)
	db := fakeDB{data: "v1"}
	path, err := r.Run(db)
	if err != nil || path != r.DB+".backup-2026-11-24" {
		t.Fatalf("%q %v", path, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	// Opening the app again the same day, or 23 hours later, writes nothing.
	for _, d := range []time.Duration{time.Minute, 23 * time.Hour} {
		clk.t = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC).Add(d)
		if p, err := r.Run(db); p != "" || err != nil {
			t.Fatalf("after %v: wrote %q %v", d, p, err)
		}
	}
	clk.t = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	if p, err := r.Run(fakeDB{data: "v2"}); p != r.DB+".backup-2026-11-25" || err != nil {
		t.Fatalf("%q %v", p, err)
	}
	if got, _ := os.ReadFile(r.DB + ".backup-2026-11-24"); string(got) != "v1" {
		t.Fatalf("yesterday's copy changed: %q", got)
	}
}

func TestRotationKeepsNewestSeven(t *testing.T) {
	r, clk := newRotation(t)
	dir := filepath.Dir(r.DB)
	// Not ours: another database's copies, a hand-named copy, a folder.
	foreign := []string{"other.db.backup-2020-01-01", "caredesk.db.backup-before-upgrade", "caredesk.db"}
	for _, f := range foreign {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600)
	}
	os.Mkdir(filepath.Join(dir, "caredesk.db.backup-2019-01-01"), 0o700)
	var want []string
	for day := 0; day < 12; day++ {
		p, err := r.Run(fakeDB{data: "copy"})
		if err != nil || p == "" {
			t.Fatalf("day %d: %q %v", day, p, err)
		}
		want = append(want, p)
		clk.Advance(25 * time.Hour)
	}
	got, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want[len(want)-7:]) {
		t.Fatalf("kept %v\nwant %v", got, want[len(want)-7:])
	}
	for _, f := range append(foreign, "caredesk.db.backup-2019-01-01") {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("pruned a file that is not an automatic copy: %s", f)
		}
	}
}

func TestRotationRemovesStaleTemporaryFiles(t *testing.T) {
	r, clk := newRotation(t)
	dir := filepath.Dir(r.DB)
	stale := filepath.Join(dir, ".caredesk.db.backup-2026-11-20.tmp-123")
	fresh := filepath.Join(dir, ".caredesk.db.backup-2026-11-24.tmp-456")
	os.WriteFile(stale, []byte("half"), 0o600)
	os.WriteFile(fresh, []byte("in progress"), 0o600)
	os.Chtimes(stale, clk.Now().Add(-4*24*time.Hour), clk.Now().Add(-4*24*time.Hour))
	os.Chtimes(fresh, clk.Now(), clk.Now())
	if _, err := r.Run(fakeDB{data: "copy"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale temporary file kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("removed the temporary file of a copy that may be in progress")
	}
}

func TestRotationFailureWritesNothing(t *testing.T) {
	r, _ := newRotation(t)
	if _, err := r.Run(fakeDB{data: "copy", fail: os.ErrPermission}); err == nil {
		t.Fatal("no error")
	}
	if list, _ := r.List(); len(list) != 0 {
		t.Fatalf("a failed copy was kept: %v", list)
	}
	if due, _ := r.Due(); !due {
		t.Fatal("a failed copy counts as done")
	}
}

// Copies taken on request go into Dir under a name by the second, never
// over one another, and only the newest Keep of them stay; the dated
// daily copies are not touched.
func TestTakeNow(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 24, 18, 45, 37, 0, time.UTC)}
	dir := t.TempDir()
	r := Rotation{DB: filepath.Join(t.TempDir(), "caredesk.db"), Dir: dir, Keep: 3, Now: clk.Now}
	daily, err := r.Run(fakeDB{data: "daily"})
	if err != nil || filepath.Dir(daily) != dir {
		t.Fatalf("daily copy %q: %v", daily, err)
	}
	var got []string
	for i := range 5 {
		p, err := r.TakeNow(fakeDB{data: fmt.Sprint("copy ", i)})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(p))
		if i%2 == 1 {
			clk.Advance(time.Second)
		}
	}
	want := []string{"caredesk.db.backup-20261124-184537", "caredesk.db.backup-20261124-184537-2",
		"caredesk.db.backup-20261124-184538", "caredesk.db.backup-20261124-184538-2", "caredesk.db.backup-20261124-184539"}
	if !slices.Equal(got, want) {
		t.Fatalf("names %v, want %v", got, want)
	}
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if len(left) != 4 || !slices.Contains(left, filepath.Base(daily)) || slices.Contains(left, want[0]) {
		t.Fatalf("kept %v: want the daily copy and the newest 3", left)
	}
}
