package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With a config that lists the desk's agents, the app and the demo refuse
// at start to work as any other name — the --agent typo, a stray
// $CAREDESK_AGENT or a login name that is not the agent's — naming the
// list, as assign does, before a database is opened; a listed name goes
// on (here to the terminal check).
func TestAppRefusesAnAgentOffTheDesk(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[[agent]]\nname = \"dee\"\n\n[[team]]\nname = \"billing\"\nmembers = [\"ana\", \"bo\"]\nareas = [\"billing\"]\n"), 0o600)
	db := filepath.Join(dir, "d.db")
	for _, tc := range []struct {
		args  []string
		extra []string
		want  string
	}{
		{[]string{"--agent", "zed"}, nil, "--agent zed is not an agent of this desk (agents: ana, bo, dee)"},
		{nil, []string{"CAREDESK_AGENT=ann"}, "$CAREDESK_AGENT ann is not an agent of this desk (agents: ana, bo, dee)"},
		{nil, []string{"CAREDESK_AGENT=", "USER=zed", "LOGNAME=zed"}, "(the login name; no --agent or $CAREDESK_AGENT)"},
	} {
		r := runPiped(t, tc.extra, append([]string{"--db", db, "--config", cfg}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v %v: want exit 2 and %q\n%s", tc.args, tc.extra, tc.want, r)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused start created the database")
	}
	r := runPiped(t, nil, "demo", "--agent", "zed")
	if r.code != 2 || !strings.Contains(r.stderr, "--agent zed is not an agent of this desk (agents: ana, bo, chen, dee, eli)") {
		t.Errorf("demo --agent zed:\n%s", r)
	}
	for _, args := range [][]string{{"--db", db, "--config", cfg, "--agent", "bo"}, {"demo", "--agent", "chen"}} {
		if r := runPiped(t, nil, args...); !strings.Contains(r.stderr, notATerminal) {
			t.Errorf("%v was refused:\n%s", args, r)
		}
	}
}
