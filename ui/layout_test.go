package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"

	"github.com/charmbracelet/x/ansi"
)

// Layout findings from a new user's first session, each pinned where it
// was seen.

// TestQueueListStopsBeforeThePreview: at 200×50 the SLA column ran into
// the preview's border ("✗ overdue 39h│"); the list keeps a blank column
// before it.
func TestQueueListStopsBeforeThePreview(t *testing.T) {
	h := newHarness(t, newTestService(300), 200, 50)
	h.keys("j")
	rows := 0
	for _, l := range strings.Split(ansi.Strip(h.view()), "\n") {
		at := strings.Index(l, "│")
		if at < 0 {
			continue
		}
		rows++
		if before := l[:at]; !strings.HasSuffix(before, " ") {
			t.Errorf("the list touches the preview's border: %q", before[max(len(before)-30, 0):]+"│")
		}
	}
	if rows < 40 {
		t.Fatalf("the preview's border is on %d lines", rows)
	}
}

// TestTagsPaneKeepsNumbersByTheTags: at 200×50 the TAG column stretched
// to ~160 cells and the counts sat at the far right; the column is as wide
// as the longest tag needs (and no narrower than at 80 columns), in the
// list and in the merge picker.
func TestTagsPaneKeepsNumbersByTheTags(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 200, 50)
	const most = 2 + 40 + 7 // marker, the narrowest tag column, the count
	lines := strings.Split(ansi.Strip(p.View()), "\n")
	if at := strings.Index(lines[1], "CASES"); at < 0 || at+len("CASES") > most {
		t.Errorf("CASES ends at cell %d of the header, want by %d:\n%s", at+len("CASES"), most, lines[1])
	}
	for _, l := range lines[2:6] {
		// the count ends the tag column: "  tag   5  2026-02-26 …"
		tag := strings.Fields(l)
		if len(tag) < 2 {
			t.Fatalf("no tag row: %q", l)
		}
		if end := ansi.StringWidth(l[:strings.Index(l, " "+tag[1]+" ")]) + 1 + len(tag[1]); end > most {
			t.Errorf("a tag's count is far from it: %q", strings.TrimRight(l, " "))
		}
	}
	hmKeys(p, "m")
	for _, l := range strings.Split(ansi.Strip(p.View()), "\n")[2:5] {
		if n := ansi.StringWidth(strings.TrimRight(l, " ")); n > most {
			t.Errorf("a merge target's line ends at cell %d, want by %d: %q", n, most, l)
		}
	}
}

// TestCommandHintTakesTheRoomLeft: the command line's hint was cut at half
// the line however short the typed text ("status NAME — set the stat",
// "… note  foll…" at 200 columns); it takes the room the typed text
// leaves.
func TestCommandHintTakesTheRoomLeft(t *testing.T) {
	last := func(h *harness) string {
		lines := strings.Split(ansi.Strip(h.view()), "\n")
		return lines[len(lines)-2]
	}
	h := newHarness(t, newTestService(30), 56, 24)
	h.keys(":")
	h.typeText("status ")
	if l := last(h); !strings.HasSuffix(strings.TrimRight(l, " "), "status NAME — set the status") {
		t.Errorf("at 56 columns the hint is cut: %q", l)
	}
	h = newHarness(t, newTestService(30), 200, 50)
	h.keys(":", "tab")
	if l := last(h); ansi.StringWidth(strings.TrimRight(l, " ")) < 195 || !strings.Contains(l, "transfer") {
		t.Errorf("at 200 columns the command names stop short of the line's end: %q", l)
	}
}

// TestFooterEndsOnAWholeKey: at 80 columns the case pane's footer ended in
// a dangling "• t tags •" (bubbles/help adds the key that does not fit when
// its "…" does not fit either, and the line was then cut). At every width
// the footer shows whole keys, then "…" if some did not fit.
func TestFooterEndsOnAWholeKey(t *testing.T) {
	h := newHarness(t, newTestService(30), 80, 24)
	h.keys("enter")
	lines := strings.Split(ansi.Strip(h.view()), "\n")
	if foot := strings.TrimRight(lines[len(lines)-1], " "); strings.HasSuffix(foot, "•") || !strings.Contains(foot, "reply") {
		t.Errorf("the case pane's footer at 80 columns: %q", foot)
	}
	ks := h.a.focusedShortHelp()
	for w := 1; w <= 240; w++ {
		foot := ansi.Strip(h.a.help.short(ks, w))
		switch {
		case ansi.StringWidth(foot) > w:
			t.Fatalf("at %d columns the footer is %d wide: %q", w, ansi.StringWidth(foot), foot)
		case strings.HasSuffix(strings.TrimRight(foot, " "), "•"):
			t.Fatalf("at %d columns the footer ends on a separator: %q", w, foot)
		}
	}
}

// TestMailKeyShownShort: a case opened by mail has an external id of
// 64 hex characters ("mail:sha256:…"), which wrapped the 200-column
// queue's preview and filled the case's title. The title leaves it out
// (#id says which case); the preview shows it shortened.
func TestMailKeyShownShort(t *testing.T) {
	hash := strings.Repeat("3f9a2c1b", 8)
	svc := newMemService(func() time.Time { return testNow })
	svc.add(model.Case{ExternalID: "mail:sha256:" + hash, Subject: "Parcel missing", CreatedAt: testNow.Add(-time.Hour),
		Status: model.StatusOpen, Priority: model.PriorityUrgent, Channel: model.ChannelEmail}, model.Customer{Name: "Ana"})
	h := newHarness(t, svc, 200, 50)
	v := ansi.Strip(h.view())
	if strings.Contains(v, hash[:20]) || !strings.Contains(v, "urgent · open · email · mail:3f9a2c1b…") {
		t.Errorf("the preview shows the mail's key whole or not at all:\n%s", v)
	}
	h.keys("enter")
	title := strings.Split(ansi.Strip(h.view()), "\n")[2]
	if strings.Contains(title, "mail:") || !strings.Contains(title, "#1  Parcel missing") {
		t.Errorf("the case's title: %q", title)
	}
}
