package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// config check --agents reads the agents file the team server will use
// against the config's teams: a line the server leaves out and a member
// missing from the file are errors naming file and line (routing would
// never give that member a case), an agent in no team a warning; fixed,
// it is one ok line.
func TestConfigCheckAgentsAgainstTeams(t *testing.T) {
	dir := t.TempDir()
	key := func() string {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		signer, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	}
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[[team]]\nname = \"billing\"\nareas = [\"billing\"]\n\n[[team]]\nname = \"delivery\"\nareas = [\"delivery\"]\nmembers = [\"ana\", \"bo\"]\n"), 0o600)
	agents := filepath.Join(dir, "agents")
	os.WriteFile(agents, []byte("# the desk\nana agent "+key()+"\ncy agent "+key()+"\ndee lead "+key()+"\ned boss "+key()+"\n"), 0o600)

	r := run(t, nil, "config", "check", "--config", cfg, "--agents", agents)
	for _, want := range []string{
		"caredesk: agents " + agents + ":5: ed: ",
		"caredesk: config " + cfg + ":8: team[2].members: \"bo\" is not in the agents file " + agents + ": routing gives them no case until they are added\n",
		"caredesk: agents " + agents + ":3: warning: cy is in no team: routing gives them no case and they have no My team view\n",
		"caredesk: agents " + agents + ": 2 problems\n",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	// A newcomer reads the first line: no "ok" before the problems.
	if r.code != 1 || strings.Contains(r.stderr, "dee") || strings.Contains(r.stdout, "ok") {
		t.Fatalf("a lead in no team is usual; the problems fail the check: %s", r)
	}

	os.WriteFile(agents, []byte("ana agent "+key()+"\nbo agent "+key()+"\ndee lead "+key()+"\n"), 0o600)
	r = run(t, nil, "config", "check", "--config", cfg, "--agents", agents)
	if r.code != 0 || r.stderr != "" || r.stdout != "config "+cfg+": ok (2 teams, 0 views, 0 keys remapped)\nagents "+agents+": ok (3 agents, 2 teams)\n" {
		t.Fatalf("%s", r)
	}
	os.Chmod(agents, 0o666)
	if r = run(t, nil, "config", "check", "--config", cfg, "--agents", agents); r.code != 1 || !strings.Contains(r.stderr, "writable by others") {
		t.Fatalf("a file the server refuses passes: %s", r)
	}
}

// A key on an earlier line of the agents file, under another name, would
// let its holder log in as both (new-user finding): an error naming both
// lines, which the server leaves out.
func TestConfigCheckAgentsRefusesAKeyOnTwoNames(t *testing.T) {
	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	chen := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	agents := filepath.Join(dir, "agents")
	os.WriteFile(agents, []byte("chen agent "+chen+"\n\ndee agent "+chen+"\n"), 0o600)
	r := run(t, nil, "config", "check", "--agents", agents)
	if r.code != 1 || r.stderr != "caredesk: agents "+agents+":3: dee: the public key is chen's, on line 1: one key is one agent's, or its holder could log in as both (the server leaves this line out)\n"+
		"caredesk: agents "+agents+": 1 problem\n" || strings.Contains(r.stdout, "ok") {
		t.Fatalf("%s", r)
	}
}
