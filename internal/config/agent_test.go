package config

import (
	"slices"
	"strings"
	"testing"
)

// The desk's agents are the [[agent]]s and every team's members, once
// each; a name with a space is refused with its line (issue #14).
func TestAgentNames(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[[agent]]\nname = \"dee\"\n\n[[agent]]\nname = \"ana\"\n\n"+teamsFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.AgentNames(); !slices.Equal(got, []string{"ana", "bo", "chen", "dee"}) {
		t.Fatalf("agents %v", got)
	}
	if got := (&Config{}).AgentNames(); got != nil {
		t.Fatalf("a file without agents lists %v", got)
	}
	_, err = Parse("c.toml", []byte("[[agent]]\nname = \"bo smith\"\n"))
	if err == nil || !strings.Contains(err.Error(), "not an agent name") || !strings.Contains(err.Error(), "c.toml:") {
		t.Fatalf("err %v", err)
	}
}

// An [[agent]] written twice is refused, naming both lines: which of its
// views and keys an agent got was left to chance (new-user finding).
func TestAgentDefinedTwice(t *testing.T) {
	_, err := Parse("kk3.toml", []byte("[[agent]]\nname = \"bo\"\n[[agent]]\nname = \"bo\"\n"))
	if want := "config kk3.toml:4: agent[2].name: agent bo is defined twice (line 2)"; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}
