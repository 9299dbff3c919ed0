package server

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// The load test's ledger fails on an acknowledged change the store does
// not have, and accepts either outcome of a save never acknowledged.
func TestLoadLedgerFindsALostChange(t *testing.T) {
	a := newTestAgent(t, "ana", "agent")
	d := startDesk(t, deskOpts{cases: 4}, a)
	l := newLedger()
	l.at(1).saved("ana", model.AddTag{Tag: "ghost/tag"}) // acknowledged, never written
	l.at(2).maybe("ana", model.AddTag{Tag: "ghost/maybe"})
	l.at(3).saved("ana", model.SetStatus{To: model.StatusNew})
	l.at(3).maybe("ana", model.SetStatus{To: model.StatusPending})
	l.at(4).maybe("ana", model.Claim{})
	lost, unsure, n := l.verify(t, d)
	if n != 4 || unsure != 3 {
		t.Errorf("checked %d cases with %d unsure saves, want 4 and 3", n, unsure)
	}
	if len(lost) != 1 || !strings.Contains(lost[0], "case 1:") || !strings.Contains(lost[0], "ghost/tag") {
		t.Fatalf("lost %q, want case 1's tag alone", lost)
	}
	// a real loss of a status: acknowledged pending, the store says new
	l.at(4).saved("ana", model.SetStatus{To: model.StatusPending})
	if lost, _, _ := l.verify(t, d); len(lost) != 2 {
		t.Fatalf("lost %q, want cases 1 and 4", lost)
	}
}
