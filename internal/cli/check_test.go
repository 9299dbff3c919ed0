package cli

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A desk whose teams have SLA targets is healthy to check, backup and
// restore, with or without its config (new-user finding: every such desk
// was "201 problems", even right after check --repair).
func TestCheckATeamDeskWithAndWithoutItsConfig(t *testing.T) {
	dir := t.TempDir()
	cfg, err := filepath.Abs("demo_config.toml")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "team.db")
	wantExit(t, run(t, nil, "import", "--db", db, "--config", cfg, writeDemoCSV(t, dir, 300, 3)), 0)

	r := run(t, nil, "check", "--db", db, "--config", cfg)
	wantExit(t, r, 0)
	if !strings.HasPrefix(r.stdout, "ok: ") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("with its config:\n%s", r)
	}
	// As the app does, check reads $CAREDESK_CONFIG when --config is not given.
	cmd := exec.Command(binary, "check", "--db", db)
	cmd.Env = append(testEnv(t), "CAREDESK_CONFIG="+cfg)
	if out, err := cmd.CombinedOutput(); err != nil || !bytes.HasPrefix(out, []byte("ok: ")) {
		t.Errorf("with $CAREDESK_CONFIG: %v\n%s", err, out)
	}
	// Without it, all but the team-timed due times is checked, and it says so.
	r = run(t, nil, "check", "--db", db)
	wantExit(t, r, 0)
	if !strings.HasPrefix(r.stdout, "note: the due times of team cases in idx_queue were not checked: ") ||
		!strings.Contains(r.stdout, "'caredesk check --config FILE' checks them too)\nok: ") {
		t.Errorf("without its config:\n%s", r)
	}
	bak := filepath.Join(dir, "bak.db")
	wantExit(t, run(t, nil, "backup", "--db", db, bak), 0)
	wantExit(t, run(t, nil, "restore", "--db", filepath.Join(dir, "back.db"), bak), 0)

	// The summary counts the problems, not the lines that list them.
	damage(t, db, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("idx_created")); err != nil {
			return err
		}
		_, err := tx.CreateBucket([]byte("idx_created"))
		return err
	})
	r = run(t, nil, "check", "--db", db, "--config", cfg)
	wantExit(t, r, 1)
	if !strings.Contains(r.stdout, "… and 100 more problems\n") {
		t.Errorf("cut list:\n%s", r)
	}
	oneLine(t, r, "team.db: 300 problems;")
	r = run(t, nil, "check", "--db", db, "--config", cfg, "--repair")
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "repaired\nok: ") {
		t.Errorf("repair:\n%s", r)
	}
	wantExit(t, run(t, nil, "check", "--db", db, "--config", cfg), 0)
}

// report --metric sla without the desk's config measures team cases against
// the around-the-clock defaults: it says so on stderr, and not with it.
func TestReportSaysWithoutTheDesksConfig(t *testing.T) {
	dir := t.TempDir()
	cfg, err := filepath.Abs("demo_config.toml")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "team.db")
	wantExit(t, run(t, nil, "import", "--db", db, "--config", cfg, writeDemoCSV(t, dir, 200, 3)), 0)
	r := run(t, nil, "report", "--db", db, "--config", cfg, "--metric", "sla", "--format", "csv")
	wantExit(t, r, 0)
	if strings.Contains(r.stderr, "note:") {
		t.Errorf("with its config:\n%s", r)
	}
	r = run(t, nil, "report", "--db", db, "--metric", "sla", "--format", "csv")
	wantExit(t, r, 0)
	if !strings.Contains(r.stderr, "note: team cases were measured against the desk's around-the-clock defaults") ||
		!strings.Contains(r.stderr, "'caredesk report --config FILE' measures them") {
		t.Errorf("without its config:\n%s", r)
	}
}
