package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// markThree marks the first three cases of the Open view and returns them.
func markThree(t *testing.T, h *harness) []model.CaseID {
	t.Helper()
	var ids []model.CaseID
	for range 3 {
		ids = append(ids, h.selected())
		h.keys("x")
	}
	if len(h.a.testQueue().marks) != 3 {
		t.Fatalf("marks %v", h.a.testQueue().marks)
	}
	return ids
}

func TestQueueTagMarkedCasesWithThePicker(t *testing.T) {
	svc := newTestService(200)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	ids := markThree(t, h)
	rows := h.a.testQueue().rowsVisible()
	h.keys("t")
	if h.a.testQueue().rowsVisible() >= rows {
		t.Fatal("the picker must take its lines from the queue")
	}
	if h.a.cmd.open || h.a.tagger == nil {
		t.Fatal("t with marked cases must open the tag picker, not the command line")
	}
	h.typeText("delivery/la")
	v := h.view()
	for _, want := range []string{"Tag 3 marked cases", "adds a tag to each of the 3 marked cases", "▸ delivery/late"} {
		if !strings.Contains(v, want) {
			t.Fatalf("view lacks %q:\n%s", want, v)
		}
	}
	checkLines(t, v, 100, 30)
	h.keys("enter")
	if h.a.statusText != "tag 3 cases with delivery/late? y/n" {
		t.Fatalf("status %q: marked cases are tagged after y", h.a.statusText)
	}
	h.keys("y")
	for _, id := range ids {
		if c, _ := svc.Case(id); !c.HasTag("delivery/late") || c.HasTag("delivery/la") {
			t.Errorf("case %d tags %v, want delivery/late", id, c.Tags)
		}
	}
	if h.a.statusText != "tagged 3 cases with delivery/late" || h.a.statusErr {
		t.Fatalf("status %q", h.a.statusText)
	}
	if h.a.tagger != nil || len(h.a.testQueue().marks) != 0 {
		t.Fatalf("the picker stays open (%v) or marks remain %v", h.a.tagger != nil, h.a.testQueue().marks)
	}
	if got := h.a.testQueue().rowsVisible(); got != rows {
		t.Fatalf("the queue shows %d rows after the picker, %d before", got, rows)
	}
}

func TestQueueTagNewTagTakesSecondEnterAndReportsFailures(t *testing.T) {
	svc := newTestService(200)
	h := newHarness(t, svc, 80, 24)
	h.subscribe()
	ids := markThree(t, h)
	svc.fail[ids[1]] = model.Errorf(model.ECONFLICT, "case %d changed since you opened it", ids[1])
	h.keys("t")
	h.typeText("zz/brand-new")
	h.keys("enter")
	if c, _ := svc.Case(ids[0]); c.HasTag("zz/brand-new") {
		t.Fatal("one enter created a new tag on the marked cases")
	}
	if v := h.view(); !strings.Contains(v, "new tag zz/brand-new — enter again to create") {
		t.Fatalf("no confirmation asked:\n%s", v)
	}
	checkLines(t, h.view(), 80, 24)
	h.keys("enter", "y")
	want := "tagged 2 cases with zz/brand-new, 1 failed: case " + itoa(ids[1]) + " changed"
	if !strings.HasPrefix(h.a.statusText, want) || !h.a.statusErr {
		t.Fatalf("status %q, want %q…", h.a.statusText, want)
	}
	if len(h.a.testQueue().marks) != 1 || !h.a.testQueue().marks[ids[1]] {
		t.Fatalf("the failed case stays marked, the rest not: %v", h.a.testQueue().marks)
	}
}

func TestQueueTagRetiredRefusedBeforeSaving(t *testing.T) {
	svc := newTestService(200)
	if err := svc.RetireTag("delivery/late", true, "lead"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, svc, 80, 24)
	markThree(t, h)
	acts := svc.acts
	h.keys("t")
	h.typeText("delivery/la")
	h.keys("enter")
	if svc.acts != acts {
		t.Fatalf("%d saves: a retired tag is refused before saving", svc.acts-acts)
	}
	if v := h.view(); !strings.Contains(v, "✗ delivery/late is retired, no replacement") || h.a.tagger == nil {
		t.Fatalf("no reason shown:\n%s", v)
	}
	h.keys("esc")
	if h.a.tagger != nil || len(h.a.testQueue().marks) != 3 {
		t.Fatal("esc closes the picker and keeps the marks")
	}
}

func TestQueueTagSelectedCaseWithoutMarks(t *testing.T) {
	svc := newTestService(50)
	h := newHarness(t, svc, 100, 30)
	id := h.selected()
	h.keys("t")
	if !strings.Contains(h.view(), "Tag case "+itoa(id)) {
		t.Fatalf("no picker for the selected case:\n%s", h.view())
	}
	h.typeText("account/hack")
	h.keys("enter")
	if c, _ := svc.Case(id); !c.HasTag("account/hacked") {
		t.Fatalf("case %d tags %v", id, c.Tags)
	}
	if h.a.statusText != "tagged case "+itoa(id)+" with account/hacked" {
		t.Fatalf("status %q", h.a.statusText)
	}
}

func TestTagPickerQuestionMarkShowsItsKeys(t *testing.T) {
	svc := newTestService(50)
	h := newHarness(t, svc, 100, 30)
	h.keys("t")
	h.typeText("deliv")
	h.keys("?")
	v := h.view()
	if !strings.Contains(v, "Keys (? or esc closes)") || !strings.Contains(v, "a new tag: enter twice") {
		t.Fatalf("? did not show the picker's keys:\n%s", v)
	}
	if strings.Contains(v, "quit now") {
		t.Fatal("the help lists global keys the picker takes as text")
	}
	h.keys("esc")
	if h.a.fullHelp || h.a.tagger == nil || h.a.tagger.picker.input.Value() != "deliv" {
		t.Fatal("esc must close the help and leave the picker as it was")
	}
}

func TestTagCommandToleratesSpaces(t *testing.T) {
	svc := newTestService(150)
	h := newHarness(t, svc, 100, 30)
	id := h.selected()
	// what the t key used to prefill, then a space typed out of habit
	h.a.cmd.openWith("tag ")
	h.typeText(" deliv")
	h.keys("tab")
	if got := h.a.cmd.input.Value(); got != "tag delivery/" {
		t.Fatalf("completion after extra spaces: %q", got)
	}
	h.typeText("la")
	h.keys("tab")
	if got := h.a.cmd.input.Value(); got != "tag delivery/late" {
		t.Fatalf("completion %q", got)
	}
	h.keys("enter")
	if h.a.statusText != "tagged case "+itoa(id)+" with delivery/late" {
		t.Fatalf("status %q", h.a.statusText)
	}
	h.a.cmd.openWith("  tag    50%  off  ")
	h.keys("enter")
	if c, _ := svc.Case(id); c.HasTag("50%-off") || !strings.Contains(h.a.statusText, "50%-off has no area") {
		t.Fatalf("a new tag without an area: tags %v, status %q", c.Tags, h.a.statusText)
	}
	h.a.cmd.openWith("  tag   promo / 50%  off  ")
	h.keys("enter")
	if c, _ := svc.Case(id); c.HasTag("promo/50%-off") || !strings.Contains(h.a.statusText, "promo/50%-off is a new tag: run :tag promo/50%-off again") {
		t.Fatalf("a new tag was added at once: tags %v, status %q", c.Tags, h.a.statusText)
	}
	h.a.cmd.openWith("tag promo/50% off") // the same tag again: created
	h.keys("enter")
	if c, _ := svc.Case(id); !c.HasTag("promo/50%-off") || h.a.statusText != "tagged case "+itoa(id)+" with promo/50%-off" {
		t.Fatalf("tags %v, status %q", c.Tags, h.a.statusText)
	}
	h.a.cmd.openWith("untag  promo/50%-off ")
	h.keys("enter")
	if c, _ := svc.Case(id); c.HasTag("promo/50%-off") || h.a.statusText != "removed promo/50%-off from case "+itoa(id) {
		t.Fatalf("tags %v, status %q", c.Tags, h.a.statusText)
	}
}

func TestTagPickerEnterOnEmptyInputAddsNothing(t *testing.T) {
	svc := newTestService(50)
	h := newHarness(t, svc, 100, 30)
	acts := svc.acts
	h.keys("x", "x", "t")
	if v := h.view(); !strings.Contains(v, "  delivery/late") || strings.Contains(v, "▸ delivery/late") {
		t.Fatalf("a suggestion is highlighted before typing:\n%s", v)
	}
	h.keys("enter", "enter")
	if svc.acts != acts {
		t.Fatalf("%d saves from enter on an empty picker", svc.acts-acts)
	}
}

// :tag with a tag the taxonomy does not know asks for the same command
// again; another new tag in between asks again for that one.
func TestTagCommandNewTagTakesTwice(t *testing.T) {
	svc := newTestService(50)
	h := newHarness(t, svc, 100, 30)
	id := h.selected()
	acts := svc.acts
	for _, line := range []string{"tag delivery/lat", "tag delivery/latte", "tag delivery/lat"} {
		h.a.cmd.openWith(line)
		h.keys("enter")
	}
	if svc.acts != acts {
		t.Fatalf("%d saves before any new tag was confirmed", svc.acts-acts)
	}
	h.a.cmd.openWith("tag delivery/lat")
	h.keys("enter")
	if c, _ := svc.Case(id); !c.HasTag("delivery/lat") || svc.acts != acts+1 {
		t.Fatalf("tags %v after the second :tag delivery/lat", c.Tags)
	}
}
