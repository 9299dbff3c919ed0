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
