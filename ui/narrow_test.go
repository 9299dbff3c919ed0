package ui

import (
	"strings"
	"testing"
)

// What a lead or an agent must read whole at 80 columns: the status
// line's second half, the merge question's tags.

// A status message too long for the line (a tags-pane rename naming the
// view it empties, a refusal with its instruction) takes the footer's
// line for its second half until the next key, names whole.
func TestLongStatusTakesTheFootersLine(t *testing.T) {
	db := taxStore(t)
	h := newHarnessWith(t, db, hmNow, 80, 24, Options{Agent: "ana", Lead: true,
		Views: []SavedView{{Name: "refunds", Query: "tag:delivery/late-delivery"}}})
	h.keys("4")
	p := h.a.panes[paneTags].(*taxonomyPane)
	taxSelect(t, p, "delivery/late-delivery")
	h.keys("r", "ctrl+u")
	h.typeText("delivery/late-by-a-week")
	h.keys("enter")
	v := h.view()
	lines := strings.Split(v, "\n")
	both := lines[22] + " " + lines[23]
	want := "renamed delivery/late-delivery to delivery/late-by-a-week: 2 cases · view refunds names delivery/late-delivery: edit the query in the config"
	if both != want {
		t.Fatalf("the last two lines read\n%q\nwant\n%q\n%s", both, want, v)
	}
	checkLines(t, v, 80, 24)
	h.keys("down")
	if v := h.view(); strings.Contains(v, "edit the query") || !strings.Contains(v, "? help") {
		t.Fatalf("the next key brings the footer back:\n%s", v)
	}
}

// The merge question at 80 columns names both tags whole, on two lines
// (new-user finding: "merge delivery…g-address (61 cases) into
// delivery/lost (141 cases)? No undo. y/n").
func TestMergeQuestionKeepsTheTagsAt80Columns(t *testing.T) {
	db := taxStore(t)
	h := newHarnessWith(t, db, hmNow, 80, 24, Options{Agent: "ana", Lead: true})
	h.keys("4")
	p := h.a.panes[paneTags].(*taxonomyPane)
	taxSelect(t, p, "delivery/late-delivery")
	h.keys("m")
	h.typeText("billing/double-charged")
	h.keys("enter")
	v := h.view()
	want := "merge delivery/late-delivery (2 cases) into billing/double-charged (3 cases)? No undo. y/n"
	if !strings.Contains(flat(v), want) {
		t.Fatalf("the question is not whole:\n%s", v)
	}
	checkLines(t, v, 80, 24)
}
