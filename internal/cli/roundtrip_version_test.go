package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// README: importing a JSON lines export into an empty database gives back
// the same export. A case edited in the app has a version above 1 (its
// optimistic-lock counter), which the round trip keeps.
func TestJSONLRoundTripKeepsEditedCasesVersion(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 30)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Case(7)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range []model.Action{model.SetStatus{To: model.StatusOpen}, model.SetPriority{To: model.PriorityUrgent},
		model.SetStatus{To: model.StatusPending}} {
		if c, err = s.Act(c.ID, c.Version, "ana", act); err != nil {
			t.Fatal(err)
		}
	}
	if c.Version != 4 {
		t.Fatalf("version %d after three edits", c.Version)
	}
	s.Close()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	wantExit(t, run(t, nil, "export", "--db", db, "--format", "jsonl", "-o", a), 0)
	fresh := filepath.Join(dir, "new.db")
	wantExit(t, run(t, nil, "import", "--db", fresh, a), 0)
	wantExit(t, run(t, nil, "export", "--db", fresh, "--format", "jsonl", "-o", b), 0)
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) {
		t.Fatalf("export → import → export changed the file:\n%s", firstDiff(ba, bb))
	}
	// The kept version is the lock's counter: a save against it works,
	// one against the old 1 is refused as a conflict.
	s, err = store.Open(fresh, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.CaseByExternalID(c.ExternalID)
	if err != nil || got.Version != 4 {
		t.Fatalf("imported version %d (%v)", got.Version, err)
	}
	if _, err := s.Act(got.ID, 1, "bo", model.SetStatus{To: model.StatusOpen}); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a save against version 1: %v", err)
	}
	if after, err := s.Act(got.ID, 4, "bo", model.SetStatus{To: model.StatusOpen}); err != nil || after.Version != 5 {
		t.Fatalf("a save against version 4: %v %v", after.Version, err)
	}
}
