package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/bubbles/key"
)

// TestTaxonomyRenameWholeArea: A renames every tag of the current tag's
// area in one step, after a y/n naming the tags and the distinct cases;
// the heatmap's area total moves with it and the cursor stays on the
// tag it was on, under its new name.
func TestTaxonomyRenameWholeArea(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	before, sumBefore := heatTotals(t, db, "delivery/")
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "delivery/lost")
	hmKeys(p, "A", "ctrl+u")
	hmType(p, "Goods/*")
	hmKeys(p, "enter")
	if p.inputKind != taxConfirm || p.pendingArea == nil {
		t.Fatalf("no question: input %d", p.inputKind)
	}
	v := p.View()
	for _, want := range []string{"rename area delivery (3 tags, 8 cases) to goods? No undo. y/n",
		"delivery/late-delivery", "goods/late-delivery", "goods/lost"} {
		if !strings.Contains(v, want) {
			t.Errorf("the question does not show %q:\n%s", want, v)
		}
	}
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if text != "moved area delivery to goods: 3 tags on 8 cases" {
		t.Errorf("status %q", text)
	}
	for _, name := range taxTagNames(p) {
		if model.TagArea(name) == "delivery" {
			t.Errorf("tag %s left behind", name)
		}
	}
	if ti, _ := p.current(); ti.Tag != "goods/lost" {
		t.Errorf("cursor on %s, want goods/lost", ti.Tag)
	}
	after, sumAfter := heatTotals(t, db, "goods/")
	if after["goods/"] != before["delivery/"] || sumAfter != sumBefore {
		t.Errorf("area total %v → %v, tag rows %d → %d", before, after, sumBefore, sumAfter)
	}
}

// TestTaxonomyMoveAreaIntoAnother: moving an area into an existing one
// says so, with both areas' counts and the tags that merge; n changes
// nothing.
func TestTaxonomyMoveAreaIntoAnother(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 140, 20)
	taxSelect(t, p, "payments/refund")
	hmKeys(p, "A", "ctrl+u")
	hmType(p, "billing")
	hmKeys(p, "enter")
	want := "move area payments (1 tag, 1 case) into billing (3 tags, 10 cases)? 1 tag merges into billing's tag of the same name. No undo. y/n"
	if v := p.View(); !strings.Contains(v, want) || !strings.Contains(v, "2 cases, merges") {
		t.Fatalf("question:\n%s", v)
	}
	hmKeys(p, "n")
	if p.Capturing() || p.pendingArea != nil || len(p.tags) != 8 {
		t.Fatalf("n changed something: %d tags", len(p.tags))
	}
	hmKeys(p, "A", "ctrl+u")
	hmType(p, "billing")
	hmKeys(p, "enter")
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if text != "moved area payments to billing: 1 tag on 1 case" {
		t.Errorf("status %q", text)
	}
	if ti, _ := p.current(); ti.Tag != "billing/refund" || ti.Cases != 3 {
		t.Errorf("cursor on %+v, want billing/refund with 3 cases", ti)
	}
}

// TestRenameCommandAsksInTheTagsPane: :rename product/* goods/* from
// the queue brings up the tags pane with the same question.
func TestRenameCommandAsksInTheTagsPane(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	h := newHarnessOn(t, db, hmNow, 120, 30)
	h.keys(":")
	h.typeText("rename delivery/* goods/*")
	h.keys("enter")
	if h.a.focus != paneTags {
		t.Fatalf("focus %d, want the tags pane", h.a.focus)
	}
	if v := h.view(); !strings.Contains(v, "rename area delivery (3 tags, 8 cases) to goods? No undo. y/n") {
		t.Fatalf(":rename did not ask:\n%s", v)
	}
	h.keys("y")
	tags, err := db.Tags()
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range tags {
		if model.TagArea(ti.Tag) == "delivery" {
			t.Errorf("tag %s left behind", ti.Tag)
		}
	}
	// A single tag: a plain rename runs, a rename onto a tag asks.
	h.keys(":")
	h.typeText("rename goods/late-delivery goods/late")
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "merge goods/late-delivery (2 cases) into goods/late (4 cases)? No undo. y/n") {
		t.Fatalf(":rename onto a tag did not ask:\n%s", v)
	}
	h.keys("n")
	probs, err := db.Check()
	if err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", err, probs)
	}
}

// TestTaxonomyMergeAfterFilterStaysOnTheKeptTag: /recall, m, a tag, y
// leaves the cursor on the merged-into tag — not on whatever else the
// filter still matches (service/callback-missed in the demo).
func TestTaxonomyMergeAfterFilterStaysOnTheKeptTag(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	hmKeys(p, "/")
	hmType(p, "refund")
	hmKeys(p, "enter")
	if ti, _ := p.current(); ti.Tag != "billing/refund" && ti.Tag != "payments/refund" {
		t.Fatalf("filter: cursor on %s", ti.Tag)
	}
	taxSelect(t, p, "payments/refund")
	hmKeys(p, "m")
	hmType(p, "delivery/lost")
	hmKeys(p, "enter")
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if text != "merged payments/refund into delivery/lost: 1 case" {
		t.Fatalf("status %q", text)
	}
	if ti, _ := p.current(); ti.Tag != "delivery/lost" || ti.Cases != 3 {
		t.Errorf("after the merge the cursor is on %+v, want delivery/lost", ti)
	}
}

// TestTaxonomyAreaOwnedByATeam: moving an area a team owns says what
// becomes of it before the y/n — the team keeps its cases, and new cases
// of the new area reach it once the config names it — at 80 columns too.
func TestTaxonomyAreaOwnedByATeam(t *testing.T) {
	hmAscii(t)
	r, err := model.NewRouting([]model.Team{{Name: "logistics", Members: []string{"ana"}, Areas: []string{"delivery"}}})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "care.db"), store.Options{Now: hmClock, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	taxStoreOn(t, db)
	p := taxOpen(t, db, 80, 24)
	taxSelect(t, p, "delivery/late")
	hmKeys(p, "A", "ctrl+u")
	hmType(p, "goods")
	hmKeys(p, "enter")
	v := p.View()
	if !strings.Contains(v, "team logistics owns delivery: it keeps its cases; new goods/ cases reach it") ||
		!strings.Contains(v, "once the config's areas name goods") {
		t.Fatalf("the question does not say what becomes of the team:\n%s", v)
	}
	hmCheckLines(t, v, 80, 24)
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if !strings.Contains(text, "team logistics's areas name delivery: new goods/ cases reach no team until the config names goods") {
		t.Errorf("the change does not name the team: %q", text)
	}
}

// TestTaxonomyConfirmSaysWhatYDoes: the question's footer names what y
// does — not "merge" for a retirement or an area rename.
func TestTaxonomyConfirmSaysWhatYDoes(t *testing.T) {
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "delivery/lost")
	for _, tc := range []struct {
		keys []string
		typ  string
		want string
	}{
		{[]string{"x"}, "", "yes, retire"},
		{[]string{"A", "ctrl+u"}, "goods", "yes, rename the area"},
		{[]string{"A", "ctrl+u"}, "billing", "yes, move the area"},
		{[]string{"m"}, "delivery/late", "yes, merge"},
	} {
		hmKeys(p, tc.keys...)
		if tc.typ != "" {
			hmType(p, tc.typ)
			hmKeys(p, "enter")
		}
		if p.inputKind != taxConfirm {
			t.Fatalf("%v: no question", tc.keys)
		}
		if got := helpText([][]key.Binding{p.ShortHelp()}); !strings.Contains(got, tc.want) {
			t.Errorf("%v %s: footer %q, want %q", tc.keys, tc.typ, got, tc.want)
		}
		hmKeys(p, "n")
	}
}
