package model

import (
	"slices"
	"strings"
	"testing"
)

// undoOf runs acts on c and returns the Undo that takes them back.
func undoOf(t *testing.T, c *Case, author string, acts ...Action) Undo {
	t.Helper()
	before := UndoableOf(*c)
	if _, err := Apply(c, author, t0, acts...); err != nil {
		t.Fatal(err)
	}
	return Undo{Before: before, After: UndoableOf(*c)}
}

func TestUndoPutsTheCaseBack(t *testing.T) {
	c := baseCase()
	was := UndoableOf(c)
	u := undoOf(t, &c, "ana", Claim{}, SetPriority{To: PriorityUrgent}, AddTag{Tag: "delivery/late"}, RemoveTag{Tag: "billing/refund"})
	evs, err := Apply(&c, "ana", t0, u)
	if err != nil {
		t.Fatal(err)
	}
	if got := UndoableOf(c); !got.Equal(was) {
		t.Fatalf("after undo %+v, want %+v", got, was)
	}
	last := evs[len(evs)-1]
	if last.Kind != EventUndone || !strings.Contains(last.To, "status new → open") || !strings.Contains(last.To, "+ tag delivery/late") {
		t.Fatalf("last event %+v", last)
	}
	if c.Reopens != 0 {
		t.Fatalf("reopens %d", c.Reopens)
	}
}

func TestUndoOfAReopenUncountsIt(t *testing.T) {
	c := baseCase()
	c.Status = StatusResolved
	u := undoOf(t, &c, "ana", SetStatus{To: StatusOpen})
	if c.Reopens != 1 {
		t.Fatalf("reopens %d after reopening", c.Reopens)
	}
	if _, err := Apply(&c, "ana", t0, u); err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusResolved || c.Reopens != 0 {
		t.Fatalf("status %v reopens %d", c.Status, c.Reopens)
	}
}

// What someone changed since is theirs: the undo is refused, nothing
// overwritten; a tag someone else added stays.
func TestUndoRefusesWhatChangedSince(t *testing.T) {
	c := baseCase()
	u := undoOf(t, &c, "ana", SetStatus{To: StatusPending})
	if _, err := Apply(&c, "bo", t0, SetStatus{To: StatusOpen}); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(&c, "ana", t0, u); ErrorCode(err) != ECONFLICT {
		t.Fatalf("undo over bo's status: %v", err)
	}
	if c.Status != StatusOpen {
		t.Fatalf("status %v", c.Status)
	}

	c = baseCase()
	u = undoOf(t, &c, "ana", AddTag{Tag: "delivery/late"})
	if _, err := Apply(&c, "bo", t0, AddTag{Tag: "account/hacked"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(&c, "ana", t0, u); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Tags, []string{"account/hacked", "billing/refund"}) {
		t.Fatalf("tags %v", c.Tags)
	}
}

// An agent undoes only what they may change now (the team server's rule).
func TestAuthorizeUndo(t *testing.T) {
	c := baseCase()
	claim := undoOf(t, &c, "bo", Claim{})
	if err := Authorize(RoleAgent, "bo", c, claim); err != nil {
		t.Fatalf("bo takes back his claim: %v", err)
	}
	handed := undoOf(t, &c, "bo", Assign{To: "chen"})
	if err := Authorize(RoleAgent, "bo", c, handed); ErrorCode(err) != EDENIED {
		t.Fatalf("bo takes back chen's case: %v", err)
	}
	if err := Authorize(RoleLead, "ana", c, handed); err != nil {
		t.Fatalf("a lead: %v", err)
	}
}
