package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/x/ansi"
)

// openedOnDesk is deskDB's first case, B-1, open in the app at 120×40,
// with the store's change notices relayed (pump).
func openedOnDesk(t *testing.T) (*harness, *store.DB, []model.CaseID) {
	t.Helper()
	db, ids := deskDB(t)
	h := newHarnessOn(t, db, testNow, 120, 40)
	h.subscribe()
	h.keys(":")
	h.typeText("open B-1")
	h.keys("enter")
	return h, db, ids
}

// One undo is one timeline entry (README: "the undo is a new entry"):
// the case pane showed "status resolved → open" above "undone: status
// open → resolved" (a new-user finding). The store still records the
// status put back as a normal change, which the status history reads.
func TestUndoIsOneTimelineEntry(t *testing.T) {
	h, db, ids := openedOnDesk(t)
	h.keys("P", "1") // urgent: an earlier action of the same second stays
	h.keys("s", "3") // resolved
	h.keys("u")
	h.pump()
	c, err := db.Case(ids[0])
	if err != nil || c.Status != model.StatusOpen || c.Priority != model.PriorityUrgent {
		t.Fatalf("after u: %+v %v", c, err)
	}
	evs, _ := db.Events(ids[0])
	if n := len(evs); n < 2 || evs[n-2].Kind != model.EventStatus || evs[n-2].To != "open" || evs[n-1].Kind != model.EventUndone {
		t.Fatalf("the store's events: %+v", evs)
	}
	v := ansi.Strip(h.view())
	for _, want := range []string{"undone: status open → resolved", "status open → resolved", "priority normal → urgent", "Timeline · 4,"} {
		if !strings.Contains(v, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "status resolved → open") {
		t.Errorf("the undo shows twice:\n%s", v)
	}
}
