package store

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// carrying lists the cases that carry tag, by a walk over every case (not
// the tag index under test).
func carrying(t *testing.T, db *DB, tag string) []model.CaseID {
	t.Helper()
	var ids []model.CaseID
	err := db.EachSummary(func(s model.Summary) error {
		if slices.Contains(s.Tags, tag) {
			ids = append(ids, s.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// tagCases is the tags pane's case count of tag (0: no record).
func tagCases(t *testing.T, db *DB, tag string) int {
	t.Helper()
	tags, err := db.Tags()
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range tags {
		if ti.Tag == tag {
			return ti.Cases
		}
	}
	return 0
}

// renamedEvents counts, per case, the "tag renamed" events from → to.
func renamedEvents(t *testing.T, db *DB, ids []model.CaseID, from, to string) map[model.CaseID]int {
	t.Helper()
	out := map[model.CaseID]int{}
	for _, id := range ids {
		evs, err := db.Events(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.Kind == model.EventTagRenamed && ev.From == from && ev.To == to {
				out[id]++
			}
		}
	}
	return out
}

// stopAfterChunks makes a retag fail with the error it returns once n
// of its chunks have committed, as a kill would leave it.
func stopAfterChunks(t *testing.T, n int) error {
	stop := errors.New("killed")
	chunks := 0
	afterRetagChunk = func() error {
		if chunks++; chunks == n {
			return stop
		}
		return nil
	}
	t.Cleanup(func() { afterRetagChunk = nil })
	return stop
}

// A rename stopped between two of its chunks (here by the test's hook; a
// kill -9 leaves the same committed chunks) leaves a file whose counters,
// indexes and search index equal a recount, which check says is under
// way; the next writer to open the file finishes it: every case moved
// once, with one "tag renamed" event, the tag's record gone, one
// rename in the taxonomy's history.
func TestRenameStoppedBetweenChunksFinishesOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "care.db")
	clk := newClock()
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, newRowGen(7, 200).batch(3000))
	from, to := "shipping/late", "shipping/delayed"
	want := carrying(t, db, from)
	if len(want) < 200 {
		t.Fatalf("only %d cases carry %s", len(want), from)
	}
	db.SetImportBound(50, time.Hour, time.Hour)
	stop := stopAfterChunks(t, 3)
	if _, err := db.RenameTag(from, to, "lead"); !errors.Is(err, stop) {
		t.Fatalf("rename: %v", err)
	}
	afterRetagChunk = nil
	left, moved := carrying(t, db, from), carrying(t, db, to)
	if len(moved) != 150 || len(left)+len(moved) != len(want) {
		t.Fatalf("after 3 chunks of 50: %d cases carry %s, %d %s, of %d", len(left), from, len(moved), to, len(want))
	}
	if tagCases(t, db, from) != len(left) || tagCases(t, db, to) != len(moved) {
		t.Fatalf("tags pane: %s %d, %s %d; walk %d, %d", from, tagCases(t, db, from), to, tagCases(t, db, to), len(left), len(moved))
	}
	probs, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || !strings.Contains(probs[0], "a rename of tag shipping/late to shipping/delayed by lead stopped half-way") {
		t.Fatalf("check of the half-done rename: %q", probs)
	}
	db.Close()

	// A reader sees the steps as they are; a writer finishes the rename.
	ro, err := Open(path, Options{ReadOnly: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(carrying(t, ro, from)); got != len(left) {
		t.Fatalf("a reader sees %d cases on %s, want %d", got, from, len(left))
	}
	ro.Close()
	db, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	if got := carrying(t, db, to); !slices.Equal(got, want) || len(carrying(t, db, from)) != 0 {
		t.Fatalf("after reopening: %d cases carry %s, want %d; %d still %s", len(got), to, len(want), len(carrying(t, db, from)), from)
	}
	if tagCases(t, db, to) != len(want) || tagCases(t, db, from) != 0 {
		t.Fatalf("tags pane after: %s %d, %s %d", to, tagCases(t, db, to), from, tagCases(t, db, from))
	}
	for id, n := range renamedEvents(t, db, want, from, to) {
		if n != 1 {
			t.Fatalf("case %d has %d 'tag renamed' events", id, n)
		}
	}
	if n := len(renamedEvents(t, db, want, from, to)); n != len(want) {
		t.Fatalf("%d of %d cases have their 'tag renamed' event", n, len(want))
	}
	changes, _ := db.TagChanges()
	renames := 0
	for _, tc := range changes {
		if tc.Kind == "rename" && tc.From == from && tc.To == to {
			renames++
		}
	}
	if renames != 1 {
		t.Fatalf("taxonomy history holds %d renames of %s: %+v", renames, from, changes)
	}
	// The search index holds a case's tags: "delayed" is in no
	// generated text, only in the new tag.
	hits, err := db.SearchText(mustParse(t, "delayed"))
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(slices.Values(hits.IDs)); !slices.Equal(got, want) {
		t.Fatalf("search delayed finds %d cases, want %d", len(got), len(want))
	}
}

// An area move stopped after its first tag's last chunk and part-way
// through another is finished by the next writer too: every tag of the
// area moved, merges and renames told apart as they were when it began.
func TestAreaMoveStoppedBetweenChunksFinishesOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "care.db")
	clk := newClock()
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, newRowGen(8, 200).batch(2000))
	// card/declined merges into billing/declined, which exists.
	mustImport(t, db, []model.ImportRow{oneRow("M-1", clk.Now().Add(-time.Hour), "billing/declined")})
	area := map[string]int{}
	for _, tag := range genTags {
		if model.TagArea(tag) == "shipping" || model.TagArea(tag) == "card" {
			area[tag] = len(carrying(t, db, tag))
		}
	}
	db.SetImportBound(40, time.Hour, time.Hour)
	stop := stopAfterChunks(t, 5)
	if _, _, err := db.RenameArea("shipping", "billing", "lead"); !errors.Is(err, stop) {
		t.Fatalf("area move: %v", err)
	}
	afterRetagChunk = nil
	if _, _, err := db.RenameArea("card", "billing", "lead"); err != nil { // finishes the first, then moves card
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	for tag, n := range area {
		nt := "billing/" + model.TagIssue(tag)
		if got := len(carrying(t, db, tag)); got != 0 {
			t.Fatalf("%s still on %d cases", tag, got)
		}
		if got := len(carrying(t, db, nt)); got < n {
			t.Fatalf("%s on %d cases, %s had %d", nt, got, tag, n)
		}
	}
	kinds := map[string]string{}
	changes, _ := db.TagChanges()
	for _, tc := range changes {
		kinds[tc.From] = tc.Kind
	}
	if kinds["shipping/late"] != "rename" || kinds["card/declined"] != "merge" || len(kinds) != len(area) {
		t.Fatalf("taxonomy history: %v", kinds)
	}
}

// An agent's note saved while a lead renames a tag on thousands of cases
// commits between two of the rename's chunks, not after the whole rename
// (a ctrl+s waited 5 s behind one on the team server).
func TestSaveCommitsBetweenRenameChunks(t *testing.T) {
	db, _ := openTest(t)
	rows := newRowGen(9, 1000).batch(8000)
	for i := range rows {
		rows[i].Case.Tags = []string{"shipping/late"}
	}
	mustImport(t, db, rows)
	notices, stop := db.Subscribe()
	defer stop()
	renamed := make(chan error, 1)
	go func() {
		_, err := db.RenameTag("shipping/late", "shipping/delayed", "lead")
		renamed <- err
	}()
	waitForWriter(t, db, "rename")
	if _, err := db.Act(1, 0, "ana", model.AddNote{Text: "called the customer back"}); err != nil {
		t.Fatal(err)
	}
	if err := <-renamed; err != nil {
		t.Fatal(err)
	}
	order := commitAuthors(t, notices, len(rows)+1)
	if len(order) < 3 || order[len(order)-1] != "lead" {
		t.Fatalf("commits by author, in order: %v; the note waited for the whole rename", order)
	}
	mustCheck(t, db)
}
