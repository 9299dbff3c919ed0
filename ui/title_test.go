package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestTitleSaysWhatEachPaneShows: the title line's right side showed the
// queue's view ("Open", "search: …") in every pane, the heatmap and tags
// panes too; each pane now says its own context.
func TestTitleSaysWhatEachPaneShows(t *testing.T) {
	h := newHarness(t, newTestService(40), 160, 30)
	title := func() string { return strings.TrimSpace(ansi.Strip(strings.Split(h.view(), "\n")[0])) }
	if got := title(); !strings.HasSuffix(got, " Open") {
		t.Fatalf("queue title: %q", got)
	}
	h.keys("/")
	h.typeText("refund")
	h.keys("enter")
	if got := title(); !strings.HasSuffix(got, "search: refund") {
		t.Fatalf("queue title after a search: %q", got)
	}
	id := h.selected()
	h.keys("enter")
	if got, want := title(), "case "+itoa(id)+" · search: refund"; !strings.HasSuffix(got, want) {
		t.Fatalf("case title %q, want it to end %q", got, want)
	}
	h.keys("3")
	if got := title(); strings.Contains(got, "refund") || !strings.HasSuffix(got, "cases per week") {
		t.Fatalf("heatmap title: %q", got)
	}
	h.keys("4")
	if got := title(); strings.Contains(got, "refund") || !strings.HasSuffix(got, "tags") {
		t.Fatalf("tags title: %q", got)
	}
}
