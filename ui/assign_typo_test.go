package ui

import (
	"strings"
	"testing"
)

// An undone typo is not an agent of the desk: on a desk with no agents
// list, `a zz` enter enter then `u` left "zz" among the names the queue
// knew, and `:assign zz` (and the queue's `a`) then assigned at once with
// no "not an agent of this desk" question (a new-user finding). A name
// counts while a case is assigned to it.
func TestUndoneTypoAssigneeIsAskedAboutAgain(t *testing.T) {
	h, db, ids := openedOnDesk(t)
	h.keys("a")
	h.typeText("zz")
	h.keys("enter")
	if !strings.Contains(h.view(), "zz is not an agent of this desk") {
		t.Fatalf("a new name is not asked about:\n%s", h.view())
	}
	h.keys("enter")
	h.pump()
	if c, _ := db.Case(ids[0]); c.Assignee != "zz" {
		t.Fatalf("assignee %q after enter again", c.Assignee)
	}
	h.keys("u")
	h.pump()
	if c, _ := db.Case(ids[0]); c.Assignee != "ana" {
		t.Fatalf("assignee %q after u", c.Assignee)
	}
	h.keys("esc")
	h.keys(":")
	h.typeText("assign zz")
	h.keys("enter")
	h.pump()
	if !strings.Contains(h.a.statusText, "zz is not an agent of this desk") {
		t.Fatalf(":assign zz after the undo: %q", h.a.statusText)
	}
	for _, id := range ids {
		if c, _ := db.Case(id); c.Assignee == "zz" {
			t.Fatalf(":assign zz after the undo assigned case %d at once", id)
		}
	}
	// a name a case is assigned to is one of the desk's
	h.keys(":")
	h.typeText("assign ana")
	h.keys("enter")
	if strings.Contains(h.a.statusText, "not an agent") {
		t.Fatalf(":assign ana: %q", h.a.statusText)
	}
}

// A name given a case since the assign prompt was first opened is offered
// the next time: the prompt read the names on cases once a session, so on
// a desk with no agents list a name just assigned (on this screen or any
// other) was asked about again as "not an agent of this desk".
func TestAssignOffersANameAssignedSince(t *testing.T) {
	h, db, ids := openedOnDesk(t)
	h.keys("a", "esc") // the prompt's first look at the names
	h.keys("a")
	h.typeText("zed")
	h.keys("enter", "enter") // a new name: asked, then given
	h.pump()
	if c, _ := db.Case(ids[0]); c.Assignee != "zed" {
		t.Fatalf("assignee %q", c.Assignee)
	}
	h.keys("esc", ":")
	h.typeText("open B-2")
	h.keys("enter")
	h.keys("a")
	h.typeText("ze")
	if v := h.view(); !strings.Contains(v, "zed") || strings.Contains(v, "not an agent") {
		t.Fatalf("zed is not offered:\n%s", v)
	}
	h.keys("enter")
	h.pump()
	if c, _ := db.Case(ids[1]); c.Assignee != "zed" {
		t.Fatalf("case B-2's assignee %q, want zed at the first enter:\n%s", c.Assignee, h.view())
	}
}
