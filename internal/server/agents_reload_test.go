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
