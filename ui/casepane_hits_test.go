package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/exp/golden"
)

// escrowCase adds a case whose long body holds "Escrow" on three lines
// far apart, among 300 others.
func escrowCase(svc *memService) model.CaseID {
	var body strings.Builder
	for i := range 60 {
		switch i {
		case 5, 30, 55:
			fmt.Fprintf(&body, "Line %d: the escrow account was short again.\n", i)
		default:
			fmt.Fprintf(&body, "Line %d: nothing to see here.\n", i)
		}
	}
	return svc.add(model.Case{ExternalID: "ESC-1", CreatedAt: testNow.Add(-48 * 3600e9), Channel: model.ChannelEmail,
		Subject: "Mortgage payment question", Body: body.String(), Status: model.StatusOpen}, model.Customer{Name: "Renée Müller"})
}

// A case opened from a word search marks the words in its details, counts
// the lines holding them, and > and < step between them.
func TestCasePaneMarksSearchHits(t *testing.T) {
	svc := newTestService(300)
	id := escrowCase(svc)
	h := newHarness(t, svc, 80, 24)
	h.a.testQueue().e.styles.Match = h.a.testQueue().e.styles.Match.Transform(strings.ToUpper)
	h.keys("/")
	h.typeText("escrow")
	h.searched()
	if n, ok := h.a.testQueue().ix.Matches(); n != 1 || !ok {
		t.Fatalf("escrow matches %d", n)
	}
	h.keys("enter")
	if h.a.opened != id {
		t.Fatalf("opened %d", h.a.opened)
	}
	v := h.view()
	if !strings.Contains(v, "3 hits (>/<)") || !strings.Contains(v, "the ESCROW account") {
		t.Fatalf("the hits are not marked:\n%s", v)
	}
	cp := h.a.panes[paneCase].(*casePane)
	var tops []int
	for _, k := range []string{">", ">", ">", ">", "<"} {
		h.keys(k)
		hit := cp.hits[cp.hitAt]
		tops = append(tops, hit)
		if y := cp.body.YOffset; hit < y || hit >= y+cp.body.Height || !strings.Contains(cp.bodyLines[hit], "ESCROW") {
			t.Fatalf("%s: hit line %d not in view from %d: %q", k, hit, y, cp.bodyLines[hit])
		}
	}
	if tops[0] >= tops[1] || tops[1] >= tops[2] || tops[3] != tops[0] || tops[4] != tops[2] {
		t.Fatalf("> and < went %v", tops)
	}
	h.keys("g")
	golden.RequireEqual(t, []byte(h.view()))
}

// Without a search, nothing is marked and > says so.
func TestCasePaneWithoutSearchHasNoHits(t *testing.T) {
	svc := newTestService(30)
	id := escrowCase(svc)
	h := newHarness(t, svc, 80, 24)
	h.a.Update(openCaseMsg{id: id})
	h.run(h.a.panes[paneCase].Update(openCaseMsg{id: id}))
	if v := h.view(); strings.Contains(v, "hits") {
		t.Fatalf("hits without a search:\n%s", v)
	}
}
