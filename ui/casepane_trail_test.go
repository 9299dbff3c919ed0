package ui

import (
	"strings"
	"testing"
)

// esc from a customer's other case goes back to the case it was opened
// from, on the same entry of Other cases; esc again goes to the queue.
func TestCasePaneOtherCaseEscGoesBack(t *testing.T) {
	h := newCPHarness(t, 120, 30).open(1042)
	follow := func() openCaseMsg {
		t.Helper()
		m, ok := h.out[len(h.out)-1].(openCaseMsg)
		if !ok {
			t.Fatalf("sent %#v", h.out)
		}
		h.send(m)
		return m
	}
	h.keys("J", "J", "j", "enter")
	if m := follow(); m.id != 1012 || h.p.id != 1012 {
		t.Fatalf("opened %d", h.p.id)
	}
	if help := helpText(h.p.FullHelp()); !strings.Contains(help, "esc back to #1042") {
		t.Errorf("help says:\n%s", help)
	}
	h.keys("esc")
	if m := follow(); m.id != 1042 || !h.p.ready() {
		t.Fatalf("esc went to %d", m.id)
	}
	if h.p.focus != secOther || h.p.otherSel != 1 {
		t.Errorf("back on section %v, entry %d", h.p.focus, h.p.otherSel)
	}
	h.keys("esc")
	if _, ok := h.out[len(h.out)-1].(backMsg); !ok {
		t.Fatalf("second esc sent %#v", h.out[len(h.out)-1])
	}
	// A case opened from the queue starts a new trail.
	h.send(openCaseMsg{id: 1012, nav: navOther})
	h.send(openCaseMsg{id: 1042})
	h.keys("esc")
	if _, ok := h.out[len(h.out)-1].(backMsg); !ok {
		t.Fatalf("esc after a fresh open sent %#v", h.out[len(h.out)-1])
	}
}
