package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// deskDB is a real store with five of ana's cases: three open, two
// resolved, in id order.
func deskDB(t *testing.T) (*store.DB, []model.CaseID) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "desk.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var rows []model.ImportRow
	for i := range 5 {
		st := model.StatusOpen
		if i >= 3 {
			st = model.StatusResolved
		}
		rows = append(rows, model.ImportRow{Line: i + 2, Case: model.Case{ExternalID: fmt.Sprintf("B-%d", i+1),
			CreatedAt: testNow.Add(-time.Duration(i+1) * time.Hour), Subject: fmt.Sprintf("Bulk case %d", i+1),
			Status: st, Assignee: "ana", Priority: model.PriorityNormal, Tags: []string{"billing/refund"}},
			Customer: model.Customer{Name: "Lee", Email: fmt.Sprintf("lee%d@example.com", i)}})
	}
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	var ids []model.CaseID
	_ = db.EachSummary(func(s model.Summary) error { ids = append(ids, s.ID); return nil })
	return db, ids
}

// markAll shows every case and marks them all.
func markAll(t *testing.T, h *harness, n int) {
	t.Helper()
	h.keys(":")
	h.typeText("view all")
	h.keys("enter", "g")
	for range n {
		h.keys("x")
	}
	if len(h.a.testQueue().marks) != n {
		t.Fatalf("marks %v", h.a.testQueue().marks)
	}
}

func statuses(t *testing.T, db *store.DB, ids []model.CaseID) string {
	t.Helper()
	var out []string
	for _, id := range ids {
		c, err := db.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Status.String())
	}
	return strings.Join(out, " ")
}

// Status on marked cases says how many change and how many are skipped
// and why, and asks y/n; n leaves every case as it was (issue #14).
func TestBulkStatusAsksWithCounts(t *testing.T) {
	db, ids := deskDB(t)
	h := newHarnessOn(t, db, testNow, 100, 30)
	markAll(t, h, 5)
	h.keys(":")
	h.typeText("status ")
	if v := h.view(); !strings.Contains(v, "5 marked · status NAME") {
		t.Fatalf(":status with marks does not say how many:\n%s", v)
	}
	h.typeText("resolved")
	h.keys("enter")
	if want := "set 3 cases to resolved, skip 2 already resolved? y/n"; h.a.statusText != want {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
	if !strings.Contains(h.view(), "set 3 cases to resolved, skip 2 already resolved? y/n") {
		t.Fatalf("the question is not on screen:\n%s", h.view())
	}
	h.keys("n")
	if got := statuses(t, db, ids); got != "open open open resolved resolved" {
		t.Fatalf("after n: %s", got)
	}
	h.keys(":")
	h.typeText("status resolved")
	h.keys("enter", "y")
	if got := statuses(t, db, ids); got != "resolved resolved resolved resolved resolved" {
		t.Fatalf("after y: %s", got)
	}
	if h.a.statusText != "set 3 cases to resolved" || len(h.a.testQueue().marks) != 0 {
		t.Fatalf("status %q, marks %v", h.a.statusText, h.a.testQueue().marks)
	}

	// Assign and tag ask the same way.
	markAll(t, h, 5)
	h.keys(":")
	h.typeText("assign ana")
	h.keys("enter")
	if h.a.statusText != "nothing to change: 5 already ana's" || len(h.a.testQueue().marks) != 0 {
		t.Fatalf("status %q, marks %v", h.a.statusText, h.a.testQueue().marks)
	}
	markAll(t, h, 5)
	h.keys(":")
	h.typeText("untag billing/refund")
	h.keys("enter")
	if want := "remove billing/refund from 5 cases? y/n"; h.a.statusText != want {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
	h.keys("esc")
	if c, _ := db.Case(ids[0]); !c.HasTag("billing/refund") {
		t.Fatal("esc removed the tag")
	}
}

// u takes back the last bulk action: new events put the status back, the
// timeline says "undone: …", nothing is deleted, the store checks clean.
func TestUndoLastBulkAction(t *testing.T) {
	db, ids := deskDB(t)
	h := newHarnessOn(t, db, testNow, 100, 30)
	h.keys("u")
	if !strings.HasPrefix(h.a.statusText, "nothing to undo") {
		t.Fatalf("status %q", h.a.statusText)
	}
	markAll(t, h, 5)
	h.keys(":")
	h.typeText("status resolved")
	h.keys("enter", "y")
	before, _ := db.Events(ids[0])
	h.keys("u")
	if want := "undone: set 3 cases to resolved"; h.a.statusText != want {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
	if got := statuses(t, db, ids); got != "open open open resolved resolved" {
		t.Fatalf("after undo: %s", got)
	}
	after, _ := db.Events(ids[0])
	if len(after) != len(before)+2 || after[len(after)-1].Kind != model.EventUndone ||
		after[len(after)-1].To != "status open → resolved" || after[len(after)-1].Author != "ana" {
		t.Fatalf("events before %d, after %+v", len(before), after)
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("event %d changed: %+v → %+v", i, before[i], after[i])
		}
	}
	if c, _ := db.Case(ids[0]); c.Reopens != 0 {
		t.Fatalf("an undone resolve counts as a reopen: %d", c.Reopens)
	}
	if problems, err := db.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check after undo: %v %v", problems, err)
	}
	h.keys("u")
	if !strings.HasPrefix(h.a.statusText, "nothing to undo") {
		t.Fatalf("a second u: %q", h.a.statusText)
	}
	h.keys(":")
	h.typeText("open B-1")
	h.keys("enter")
	if !strings.Contains(h.view(), "undone: status open → resolved") {
		t.Fatalf("the timeline does not say what was undone:\n%s", h.view())
	}
}

// In the case pane u takes back the last action on the case shown; a
// case someone changed since is refused naming them; a note and a reply
// say they cannot be undone.
func TestUndoInTheCasePane(t *testing.T) {
	db, ids := deskDB(t)
	h := newHarnessOn(t, db, testNow, 100, 30)
	h.subscribe()
	h.keys(":")
	h.typeText("view all")
	h.keys("enter", "g", "enter")
	id := h.a.opened
	h.keys("P", "1") // urgent
	if c, _ := db.Case(id); c.Priority != model.PriorityUrgent {
		t.Fatalf("priority %v", c.Priority)
	}
	h.keys("t")
	h.typeText("delivery/late")
	h.keys("enter", "enter", "esc") // a new tag: enter twice
	if c, _ := db.Case(id); !c.HasTag("delivery/late") {
		t.Fatalf("tags %v", c.Tags)
	}
	// the tag picker saved each tag: u takes back the last, the tag
	h.keys("u")
	h.pump()
	if c, _ := db.Case(id); c.HasTag("delivery/late") || c.Priority != model.PriorityUrgent {
		t.Fatalf("after u: tags %v priority %v", c.Tags, c.Priority)
	}
	if !strings.HasPrefix(h.a.statusText, "undone: case "+itoa(id)) {
		t.Fatalf("status %q", h.a.statusText)
	}

	h.keys("s", "2") // pending
	if _, err := db.Act(id, 0, "bo", model.AddTag{Tag: "account/hacked"}); err != nil {
		t.Fatal(err)
	}
	h.pump()
	h.keys("u")
	if want := "was changed by bo since"; !strings.Contains(h.a.statusText, want) || !h.a.statusErr {
		t.Fatalf("status %q, want …%q…", h.a.statusText, want)
	}
	if c, _ := db.Case(id); c.Status != model.StatusPending || !c.HasTag("account/hacked") {
		t.Fatalf("a refused undo changed the case: %v %v", c.Status, c.Tags)
	}

	h.keys("n")
	h.typeText("called the customer")
	h.keys("ctrl+s")
	h.pump()
	h.keys("u")
	if want := "a note cannot be undone"; !strings.Contains(h.a.statusText, want) {
		t.Fatalf("status %q, want …%q…", h.a.statusText, want)
	}
	evs, _ := db.Events(id)
	if last := evs[len(evs)-1]; last.Kind != model.EventNote {
		t.Fatalf("the note was touched: %+v", last)
	}
	_ = ids
}

// In --read-only, n and r refuse when pressed: no note editor, no
// composer to type into first (issue #14).
func TestReadOnlyRefusesNoteAndReplyBeforeTyping(t *testing.T) {
	svc := newTestService(20)
	h := newHarness(t, svc, 100, 30)
	h.a.e.svc = readOnlyService{CaseReader: svc, svc: svc} // as --read-only wraps it
	h.keys("enter")
	if h.a.focus != paneCase {
		t.Fatal("no case opened")
	}
	for _, k := range []string{"n", "r", "f", "s"} {
		h.keys(k)
		if h.a.testCase().Capturing() {
			t.Fatalf("%s opened an editor in a read-only app:\n%s", k, h.view())
		}
		if !strings.HasPrefix(h.a.statusText, "read-only") || !h.a.statusErr {
			t.Fatalf("%s: status %q", k, h.a.statusText)
		}
	}
}

// In the case pane, u on a case of a bulk action takes back that case's
// part only; u in the queue then takes back the rest.
func TestUndoOneCaseOfABulkAction(t *testing.T) {
	db, ids, h := resolvedInBulk(t, 100, 30)
	h.pump()
	h.keys(":")
	h.typeText("open B-2")
	h.keys("enter", "u")
	h.pump()
	if got := statuses(t, db, ids); got != "resolved open resolved resolved resolved" {
		t.Fatalf("after u in the case pane: %s", got)
	}
	if want := "undone: set 3 cases to resolved (on case " + itoa(ids[1]) + ")"; h.a.statusText != want {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
	h.keys("esc", "u")
	if got := statuses(t, db, ids); got != "open open open resolved resolved" {
		t.Fatalf("after u in the queue: %s", got)
	}
	if want := "undone: set 3 cases to resolved (on the 2 cases left)"; h.a.statusText != want {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
}

// At 80 columns a bulk undo that one case refuses still shows who changed
// that case: the refusal comes first, the action's text after it (new-user
// finding "bulk undo's refusal loses the name").
func TestBulkUndoRefusalNamesWhoAt80Columns(t *testing.T) {
	db, ids, h := resolvedInBulk(t, 80, 24)
	if _, err := db.Act(ids[1], 0, "bo", model.SetPriority{To: model.PriorityHigh}); err != nil {
		t.Fatal(err)
	}
	h.pump()
	h.keys("u")
	h.pump()
	want := fmt.Sprintf("1 not undone: case %d was changed by bo since", ids[1])
	if !strings.HasPrefix(h.a.statusText, want) || !h.a.statusErr {
		t.Fatalf("status %q, want %q…", h.a.statusText, want)
	}
	if v := h.view(); !strings.Contains(v, want) {
		t.Fatalf("the name is not on the 80-column screen:\n%s", v)
	}
	if got := statuses(t, db, ids); got != "open resolved open resolved resolved" {
		t.Fatalf("after the undo: %s", got)
	}
}

// resolvedInBulk is a w×h screen on deskDB's desk that has set its three
// open cases to resolved in one bulk action.
func resolvedInBulk(t *testing.T, w, ht int) (*store.DB, []model.CaseID, *harness) {
	t.Helper()
	db, ids := deskDB(t)
	h := newHarnessOn(t, db, testNow, w, ht)
	h.subscribe()
	markAll(t, h, 5)
	h.keys(":")
	h.typeText("status resolved")
	h.keys("enter", "y")
	return db, ids, h
}
