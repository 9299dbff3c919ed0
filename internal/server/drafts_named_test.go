package server

import (
	"fmt"
	"testing"
)

// On connecting after a restart, the status line names the drafts the
// server kept ("1 draft kept: note on #2 — :drafts opens it"), and
// :drafts opens the case of each, restoring it (new-user finding: a kept
// draft was found only by opening its case, which its agent no longer
// remembered).
func TestReconnectNamesTheKeptDrafts(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 5}, bo)
	sc := d.open(bo, 120, 30)
	sc.openCase("T-000002")
	m := sc.mark()
	sc.keys("n")
	sc.waitFor(m, "save note")
	sc.keys("Half a sentence about the parcel")
	sc.waitFor(m, "Half a sentence about the parcel")
	d.shutdown()
	sc.waitEnd()

	d.restart()
	id := d.caseByExt("T-000002").ID
	sc = d.open(bo, 120, 30)
	sc.waitFor(0, fmt.Sprintf("1 draft kept: note on #%d — :drafts opens it", id))
	sc.waitFor(sc.command("drafts"), "draft restored")
	sc.waitFor(0, "Half a sentence about the parcel")
	sc.mustStep("\x1b", "discard")
	sc.keys("y")
	sc.waitFor(sc.command("drafts"), "no drafts kept")
}
