package ui

import (
	"fmt"
	"strings"
	"testing"
)

// The case pane's tag picker: suggestions, new and retired tags, removing.

func TestCasePaneTagEnterTakesHighlightedSuggestion(t *testing.T) {
	// An agent types the start of a known tag and presses enter: the
	// highlighted suggestion is added, not the half-typed text.
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t", "refund/re")
	h.mustShow("▸ refund/requested", "enter adds ▸ refund/requested")
	h.keys("enter")
	c := h.caseNow(1042)
	if !c.HasTag("refund/requested") || c.HasTag("refund/re") {
		t.Fatalf("tags %v: enter must add the highlighted suggestion", c.Tags)
	}
	if !h.p.Capturing() {
		t.Fatal("the tag picker should stay open for more tags")
	}
	h.mustShow("[refund/requested]")
	h.keys("esc")
	if h.p.Capturing() {
		t.Fatal("esc did not close the tag picker")
	}
}

func TestCasePaneTagEnterOnEmptyInputAddsNothing(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	// the second time the taxonomy is already loaded when the picker opens
	h.keys("t", "esc", "t", "enter")
	if h.svc.acts != 0 {
		t.Fatalf("enter on an empty picker saved %v", h.caseNow(1042).Tags)
	}
}

func TestCasePaneTagNewTagTakesSecondEnter(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	// ↑ leaves the highlighted refund/requested for the typed text, which
	// has no area: refused, however often enter is pressed
	h.keys("t", "refund", "up")
	h.mustShow("✗ a new tag is area/issue (like delivery/late): refund has no area")
	h.keys("enter", "enter")
	if c := h.caseNow(1042); c.HasTag("refund") {
		t.Fatal("a new tag without an area was created")
	}
	h.keys("/late-fee")
	h.mustShow("new tag refund/late-fee (not in the taxonomy) — enter twice to create")
	h.keys("enter")
	if c := h.caseNow(1042); c.HasTag("refund/late-fee") {
		t.Fatal("one enter created a new tag")
	}
	h.mustShow("new tag refund/late-fee — enter again to create")
	// any other key disarms: typing on, or moving
	h.keys("x", "backspace", "enter")
	h.mustShow("new tag refund/late-fee — enter again to create")
	h.keys("enter")
	c := h.caseNow(1042)
	if !c.HasTag("refund/late-fee") || c.HasTag("refund/requested") {
		t.Fatalf("tags %v: want the new tag refund/late-fee", c.Tags)
	}
	// nothing matches: the typed text is new, and needs the second enter too
	h.keys("zz/top", "enter")
	if c := h.caseNow(1042); c.HasTag("zz/top") {
		t.Fatal("one enter created a new tag")
	}
	h.keys("enter")
	if c := h.caseNow(1042); !c.HasTag("zz/top") {
		t.Fatalf("tags %v: the second enter did not create zz/top", c.Tags)
	}
}

// TestCasePaneTagFuzzyMatchIsHighlighted: a subsequence like "rfdn"
// highlights the best tag, so enter enter adds it and creates no typo.
func TestCasePaneTagFuzzyMatchIsHighlighted(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t", "rfndrq")
	h.mustShow("▸ refund/requested", "enter adds ▸ refund/requested · ↑ for what you typed")
	h.keys("enter", "enter")
	if c := h.caseNow(1042); !c.HasTag("refund/requested") || c.HasTag("rfndrq") {
		t.Fatalf("tags %v: want refund/requested, not the typo", c.Tags)
	}
}

func TestCasePaneTagAddSuggestion(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t", "refund", "down", "enter")
	c := h.caseNow(1042)
	if !c.HasTag("refund/denied") || c.HasTag("refund") {
		t.Fatalf("tags %v: want the suggestion moved onto, refund/denied", c.Tags)
	}
}

func TestCasePaneTagRetiredIsRefused(t *testing.T) {
	h := newCPHarness(t, 80, 24).open(1042)
	h.keys("t", "bill/leg")
	h.mustShow("bill/legacy  retired, no replacement", "✗ bill/legacy is retired, no replacement")
	h.keys("enter")
	if c := h.caseNow(1042); c.HasTag("bill/legacy") {
		t.Fatal("a retired tag was saved")
	}
	if h.svc.acts != 0 {
		t.Fatalf("%d saves tried: a retired tag is refused before saving", h.svc.acts)
	}
	h.mustShow("✗ bill/legacy is retired, no replacement")
	checkLines(t, h.view(), 80, 24)
}

func TestCasePaneTagRankedSuggestions(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t")
	tp := h.p.ed.(*tagPicker)
	// on the case already: billing/double-charge, payments; retired, last: bill/legacy
	want := []string{"refund/requested", "billing/declined", "billing/fees", "refund/denied", "shipping/late", "bill/legacy"}
	tp.sugg.more(len(want) + 1) // with nothing typed, matches are taken as they are shown
	if fmt.Sprint(tp.sugg.matches) != fmt.Sprint(want) {
		t.Fatalf("suggestions %v, want %v", tp.sugg.matches, want)
	}
	h.keys("fe")
	if len(tp.sugg.matches) == 0 || tp.sugg.matches[0] != "billing/fees" {
		t.Fatalf("suggestions for fe: %v", tp.sugg.matches)
	}
}

func TestCasePaneTagRemoveByBackspace(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t", "backspace")
	h.mustShow("[× payments]")
	if c := h.caseNow(1042); !c.HasTag("payments") {
		t.Fatal("the first backspace must only select the tag")
	}
	h.keys("backspace")
	if c := h.caseNow(1042); c.HasTag("payments") {
		t.Fatal("backspace on the selected tag did not remove it")
	}
	// moving onto a tag, then backspace
	h.keys("left", "backspace")
	if c := h.caseNow(1042); len(c.Tags) != 0 {
		t.Fatalf("tags left: %v", c.Tags)
	}
	// backspace while typing edits the text, never a tag
	h.keys("esc", "t", "x")
	h.keys("backspace")
	if h.p.ed.(*tagPicker).input.Value() != "" {
		t.Fatal("backspace did not edit the typed text")
	}
}

func TestCasePaneTagClearingTypingNeverRemovesTags(t *testing.T) {
	// The new-user test: typing, ctrl+u, then one backspace per letter
	// typed, or holding backspace, must not take a tag off the case.
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t", "fraud", "ctrl+u")
	for range 5 {
		h.keys("backspace")
	}
	h.keys("x")
	for range 8 {
		h.keys("backspace")
	}
	if c := h.caseNow(1042); len(c.Tags) != 2 {
		t.Fatalf("tags %v: clearing the typed text removed a tag", c.Tags)
	}
	h.mustShow("← selects a tag on the case to remove it")
	// removing stays a keyboard act: ← selects, backspace removes
	h.keys("left")
	h.mustShow("[× payments]", "backspace again removes payments")
	h.keys("backspace")
	if c := h.caseNow(1042); c.HasTag("payments") {
		t.Fatal("backspace on the selected tag did not remove it")
	}
}

func TestCasePaneTagSelectionCancelledByOtherKey(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t", "backspace")
	h.mustShow("[× payments]", "backspace again removes payments · any other key keeps it")
	h.keys("b", "backspace", "backspace")
	if c := h.caseNow(1042); !c.HasTag("payments") {
		t.Fatal("a key other than backspace must cancel the selection")
	}
	if v := h.view(); strings.Contains(v, "[× ") {
		t.Fatalf("a tag is still selected:\n%s", v)
	}
}

func TestCasePaneTagHeldBackspaceRemovesOneTagAtMost(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t")
	for range 10 {
		h.keys("backspace")
	}
	if c := h.caseNow(1042); len(c.Tags) != 1 || !c.HasTag("billing/double-charge") {
		t.Fatalf("tags %v: a held backspace went past the one tag it selected", c.Tags)
	}
}
