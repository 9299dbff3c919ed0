package server

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"
)

// A lookup that reads a changed agents file tells the server at once (its
// watch then ends a removed agent's screens without waiting for its next
// check); a lookup of an unchanged file does not.
func TestAgentsFileReloadTellsTheServer(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	path := filepath.Join(t.TempDir(), "agents")
	writeAgents(t, path, ana, bo)
	f, err := loadAgentsFile(path, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	told := func() bool {
		select {
		case <-f.reloaded:
			return true
		default:
			return false
		}
	}
	told() // the first load
	if _, ok := f.Lookup("ana", ana.signer.PublicKey()); !ok || told() {
		t.Fatalf("an unchanged file: ana found %v, the server told %v", ok, !ok)
	}
	writeAgents(t, path, ana)
	if _, ok := f.Lookup("ana", ana.signer.PublicKey()); !ok || !told() {
		t.Fatal("the lookup that read bo's removal did not tell the server")
	}
}

// An agent added to the agents file while a screen is open is offered by
// its assign prompt the next time it opens, and can be assigned (the
// agents file is read at each prompt; the names already on cases are the
// index's, TestAssignOffersANameAssignedSince).
func TestAssignOffersAnAgentAddedLater(t *testing.T) {
	ana, bo, cy := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent"), newTestAgent(t, "cyrus", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana, bo)
	sa := d.open(ana, 120, 32)
	sa.openCase("T-000007")
	sa.mustStep("a", "Assign to")
	sa.mustStep("\x1b", "a assign")
	writeAgents(t, filepath.Join(d.dir, "agents"), ana, bo, cy)
	sa.mustStep("a", "Assign to")
	sa.mustStep("cyr", "cyrus")
	m := sa.mark()
	sa.keys("\r")
	sa.waitForAny(m, "assigned", "not an agent")
	if c := d.caseByExt("T-000007"); c.Assignee != "cyrus" {
		t.Fatalf("assignee %q, want cyrus:\n%s", c.Assignee, sa.text(m))
	}
}
