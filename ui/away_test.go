package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// An agent who is away sees it in the header until :back — set by
// themselves or by a lead on another screen (new-user finding: bo was
// never told, and :away left no mark to remind anyone after lunch).
func TestHeaderSaysAwayUntilBack(t *testing.T) {
	svc, _ := teamDesk(t, 60)
	header := func(h *harness) string { return strings.SplitN(h.view(), "\n", 2)[0] }

	bo := newHarnessWith(t, svc, testNow, 120, 30, Options{Agent: "bo"})
	if strings.Contains(header(bo), "away") {
		t.Fatalf("bo is not away yet: %q", header(bo))
	}
	// A lead's :away bo on another screen reaches bo's as a change notice.
	if err := svc.SetAway("bo", true); err != nil {
		t.Fatal(err)
	}
	bo.send(changeMsg(model.Change{Teams: true}))
	if !strings.Contains(header(bo), "@bo · away (:back)") {
		t.Fatalf("bo's header after a lead set him away: %q", header(bo))
	}
	bo.keys(":")
	bo.typeText("back")
	bo.keys("enter")
	if strings.Contains(header(bo), "away") {
		t.Fatalf("bo's header after :back: %q", header(bo))
	}

	// At start, and on one's own :away.
	ana := newHarnessWith(t, svc, testNow, 120, 30, Options{Agent: "ana", Lead: true})
	ana.keys(":")
	ana.typeText("away")
	ana.keys("enter")
	if !strings.Contains(header(ana), "@ana · away") {
		t.Fatalf("ana's header after :away: %q", header(ana))
	}
	again := newHarnessWith(t, svc, testNow, 120, 30, Options{Agent: "ana", Lead: true})
	if !strings.Contains(header(again), "@ana · away") {
		t.Fatalf("a new screen of an away agent: %q", header(again))
	}
}

// :away and :back take only the desk's agents, as :assign does: `:away de`
// (for dee) said "de is away" and marked nobody, and dee kept getting
// routed cases (a new-user finding). The same names complete.
func TestAwayTakesOnlyTheDesksAgents(t *testing.T) {
	svc, _ := teamDesk(t, 20)
	agents := func() []string { return []string{"ana", "bo", "chen", "dee"} }
	h := newHarnessWith(t, svc, testNow, 80, 24, Options{Agent: "chen", Lead: true, Agents: agents})
	for _, cmd := range []string{"away nosuch", "away de", "back de"} {
		h.keys(":")
		h.typeText(cmd)
		h.keys("enter")
		h.pump()
		name := strings.Fields(cmd)[1]
		if want := name + " is not an agent of this desk (agents: ana, bo, chen, dee)"; !strings.Contains(h.a.statusText, want) {
			t.Fatalf(":%s: status %q, want %q", cmd, h.a.statusText, want)
		}
		if away, _ := svc.Away(); len(away) != 0 {
			t.Fatalf(":%s marked %v away", cmd, away)
		}
	}
	h.keys(":")
	h.typeText("away d")
	h.keys("tab")
	if got := h.a.cmd.input.Value(); got != "away dee" {
		t.Fatalf("completion %q", got)
	}
	h.keys("enter")
	h.pump()
	if away, _ := svc.Away(); len(away) != 1 || away[0] != "dee" {
		t.Fatalf(":away dee marked %v (status %q)", away, h.a.statusText)
	}
	if !strings.Contains(h.a.statusText, "dee is away") {
		t.Fatalf("status %q", h.a.statusText)
	}
}
