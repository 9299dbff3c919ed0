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

// A view whose tag: filter selects no tag of the desk's taxonomy is named
// with its line, and the rename that emptied it (new-user finding "a tag
// rename empties the config's views"); a prefix that still selects a tag,
// and a -tag:, are not.
func TestViewTagWarnings(t *testing.T) {
	data := "[[view]]\nname = \"refunds\"\nquery = \"tag:billing/refund-request status:active\"\n\n" +
		"[[view]]\nname = \"billing\"\nquery = \"tag:billing/ -tag:gone/x\"\n\n" +
		"[[agent]]\nname = \"bo\"\n[[agent.view]]\nname = \"my odd\"\nquery = \"@me tag:nosuch/tag\"\n"
	cfg, err := Parse("c.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range cfg.ViewTagWarnings([]string{"billing/refund", "delivery/late"}, map[string]string{"billing/refund-request": "billing/refund"}) {
		got = append(got, w.Error())
	}
	want := []string{
		`config c.toml:3: view[1].query: warning: tag:billing/refund-request names no tag of the desk's taxonomy: view "refunds" counts 0 until its query is edited (the tag was renamed to billing/refund)`,
		`config c.toml:13: agent[1].view[1].query: warning: tag:nosuch/tag names no tag of the desk's taxonomy: view "my odd" counts 0 until its query is edited`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
