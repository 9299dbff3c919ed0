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
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[[team]]\nname = \"billing\"\nareas = [\"billing\"]\n\n[[team]]\nname = \"delivery\"\nareas = [\"delivery\"]\nmembers = [\"ana\", \"bo\"]\n"), 0o600)
	agents := filepath.Join(dir, "agents")
	os.WriteFile(agents, []byte("# the desk\nana agent "+key+"\ncy agent "+key+"\ndee lead "+key+"\ned boss "+key+"\n"), 0o600)

	r := run(t, nil, "config", "check", "--config", cfg, "--agents", agents)
	for _, want := range []string{
		"caredesk: agents " + agents + ": line 5: ed: ",
		"caredesk: config " + cfg + ":8: team[2].members: \"bo\" is not in the agents file " + agents + ": routing gives them no case until they are added\n",
		"caredesk: agents " + agents + ":3: warning: cy is in no team: routing gives them no case and they have no My team view\n",
		"caredesk: agents " + agents + ": 2 problems\n",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if r.code != 1 || strings.Contains(r.stderr, "dee") || strings.Contains(r.stdout, "agents "+agents+": ok") {
		t.Fatalf("a lead in no team is usual; the problems fail the check: %s", r)
	}

	os.WriteFile(agents, []byte("ana agent "+key+"\nbo agent "+key+"\ndee lead "+key+"\n"), 0o600)
	r = run(t, nil, "config", "check", "--config", cfg, "--agents", agents)
	if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "agents "+agents+": ok (3 agents, 2 teams)\n") {
		t.Fatalf("%s", r)
	}
	os.Chmod(agents, 0o666)
	if r = run(t, nil, "config", "check", "--config", cfg, "--agents", agents); r.code != 1 || !strings.Contains(r.stderr, "writable by others") {
		t.Fatalf("a file the server refuses passes: %s", r)
	}
}
