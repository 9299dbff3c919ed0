package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// A refused change closes its picker and the status line says why, in 80
// columns.
func TestRefusedStatusClosesPickerAndSaysWhy(t *testing.T) {
	h := newCPHarness(t, 80, 24).open(1042)
	h.svc.failAct = model.Errorf(model.EDENIED, "case #1042 is dana's: only dana or a lead can change the status of it (you can tag it)")
	h.keys("s", "down", "enter")
	if h.p.Capturing() {
		t.Fatal("the status picker stayed open after a refusal")
	}
	s := h.lastStatus()
	if !s.err {
		t.Fatalf("status %+v", s)
	}
	if got := fitMessage(s.text, 80); !strings.Contains(got, "only dana or a lead can change the status of it") {
		t.Fatalf("at 80 columns the status reads %q", got)
	}
}

func TestFitMessageKeepsTheEssentials(t *testing.T) {
	long := "billing/" + strings.Repeat("very-long-retired-tag-", 3) + "name"
	for _, tc := range []struct {
		text string
		w    int
		want []string
	}{
		{"not saved: tag " + long + " is retired: use its replacement", 80,
			[]string{"not saved: tag billing/", "…", "is retired: use its replacement"}},
		{"merge " + long + " (2 cases) into delivery/late-delivery-" + long + " (4 cases)? No undo. y/n", 80,
			[]string{"merge billing/", "(2 cases) into", "(4 cases)? No undo. y/n"}},
		{"merge a (2 cases) into b (4 cases)? No undo. y/n", 30, []string{"merge a (2 cases) into", "… y/n"}},
		{"case #1042 is dana's: only dana or a lead can change the status of it (you can tag it)", 70,
			[]string{"only dana or a lead can change the status of it"}},
		{"short", 80, []string{"short"}},
	} {
		got := fitMessage(tc.text, tc.w)
		if w := ansi.StringWidth(got); w > tc.w {
			t.Errorf("%q is %d cells in %d", got, w, tc.w)
		}
		for _, s := range tc.want {
			if !strings.Contains(got, s) {
				t.Errorf("fitMessage(%q, %d) = %q lacks %q", tc.text, tc.w, got, s)
			}
		}
	}
}

// A message clears on the next command or move; what that causes shows.
func TestStatusClearsOnTheNextAction(t *testing.T) {
	h := newHarness(t, newTestService(50), 80, 24)
	statusLine := func() string { return statusLineOf(h) }
	h.send(statusMsg{text: "tag is empty", err: true})
	if !strings.Contains(statusLine(), "tag is empty") {
		t.Fatalf("status line %q", statusLine())
	}
	h.keys(":")
	h.typeText("view overdue")
	h.keys("enter")
	if s := statusLine(); strings.Contains(s, "tag is empty") {
		t.Fatalf("after :view overdue the status line still reads %q", s)
	}
	h.send(statusMsg{text: "could not read tags", err: true})
	h.keys("j")
	if s := statusLine(); strings.Contains(s, "could not read tags") {
		t.Fatalf("after j the status line still reads %q", s)
	}
	h.keys(":")
	h.typeText("bogus")
	h.keys("enter")
	if s := statusLine(); !strings.Contains(s, "unknown command") {
		t.Fatalf("the new error does not show: %q", s)
	}
}

// p in a window too narrow for the preview says why nothing happens.
func TestPreviewTooNarrowSaysWhy(t *testing.T) {
	h := newHarness(t, newTestService(50), 80, 24)
	h.keys("p")
	if v := ansi.Strip(h.view()); !strings.Contains(v, "preview needs 140 columns; this terminal has 80") {
		t.Fatalf("p at 80 columns:\n%s", v)
	}
	if !h.a.testQueue().preview {
		t.Fatal("p at 80 columns turned the preview off for wider windows")
	}
}

func TestPreviewToggleWhenWide(t *testing.T) {
	h := newHarness(t, newTestService(50), 160, 30)
	h.keys("p")
	if h.a.testQueue().preview {
		t.Fatal("p at 160 columns did not hide the preview")
	}
}

// Another agent's change notice does not replace an error on the status
// line (a refused save): the error stays until the agent's next key.
func TestNoticeKeepsTheError(t *testing.T) {
	h := newHarness(t, newTestService(50), 80, 24)
	statusLine := func() string { return statusLineOf(h) }
	h.send(statusMsg{text: "not saved: case 4 is closed", err: true})
	h.send(statusMsg{text: "case #4 updated by chen", notice: true})
	if s := statusLine(); !strings.Contains(s, "not saved: case 4 is closed") {
		t.Fatalf("a notice replaced the error: %q", s)
	}
	h.keys("j")
	h.send(statusMsg{text: "case #4 updated by chen", notice: true})
	if s := statusLine(); !strings.Contains(s, "updated by chen") {
		t.Fatalf("after a key the notice does not show: %q", s)
	}
}

// statusLineOf is the status line of h's screen, above the key hints.
func statusLineOf(h *harness) string {
	lines := strings.Split(ansi.Strip(h.view()), "\n")
	return lines[len(lines)-2]
}
