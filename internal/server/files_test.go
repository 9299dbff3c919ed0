package server

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/store"
)

// A lead and an agent over real SSH try every way a local app reaches a
// file: :backup FILE, :report FILE, :import FILE, the i key and tab
// completion, aimed at the server's agents file, its host key and a folder
// of CSV files. None is offered, none writes, reads or lists a server
// file. A lead's :backup asks the server, which writes the copy into its
// backup folder under a name of its own and says where; an agent's is
// refused.
func TestSessionsReachNoServerFile(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	backups := t.TempDir()
	d := startDesk(t, deskOpts{cases: 20, backupDir: backups}, ana, bo)
	secret := t.TempDir()
	if err := os.WriteFile(filepath.Join(secret, "payroll.csv"), []byte("external_id,created_at\nP-1,2026-11-24T09:00:00Z\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	agentsFile := filepath.Join(d.dir, "agents")
	before, _ := os.ReadFile(agentsFile)
	waitForFile(t, backups, "desk.db.backup-2") // the day's copy, at start

	_, port, _ := net.SplitHostPort(d.addr)
	for _, a := range []testAgent{ana, bo} {
		sc := d.open(a, 140, 30)
		for _, line := range []string{"report " + agentsFile + ".csv", "import " + filepath.Join(secret, "payroll.csv"), "backup " + agentsFile} {
			m := sc.command(line)
			// :report and :import name the server's ssh commands.
			want := "the server chooses where its backups go"
			switch {
			case strings.HasPrefix(line, "report"):
				want = "reports: ssh -p " + port + " " + a.name + "@127.0.0.1 report"
			case strings.HasPrefix(line, "import"):
				want = "imports (leads): ssh -p " + port + " " + a.name + "@127.0.0.1 import < cases.csv"
			}
			sc.waitFor(m, want)
		}
		// Tab completion after each file command: nothing of the folder.
		for _, typed := range []string{"report " + secret + "/", "import " + secret + "/", "backup " + secret + "/", "rep", "imp"} {
			sc.mustStep(":", "enter run")
			sc.mustStep(typed, typed)
			m := sc.mark()
			sc.keys("\t")
			time.Sleep(50 * time.Millisecond)
			sc.keys("\x1b")
			sc.waitFor(m, "? help")
			if out := sc.text(m); strings.Contains(out, "payroll") || strings.Contains(out, "report ") || strings.Contains(out, "import ") {
				t.Errorf("%s: tab after %q showed %q", a.name, typed, tail(out, 300))
			}
		}
		m := sc.mark()
		sc.keys("i")
		time.Sleep(50 * time.Millisecond)
		if strings.Contains(sc.text(m), ":import") {
			t.Errorf("%s: the i key opened an import", a.name)
		}
		m = sc.command("backup")
		if a.role == "lead" {
			sc.waitFor(m, "backup written to "+backups+"/desk.db.backup-")
		} else {
			sc.waitFor(m, "only a lead can take a backup")
		}
		sc.close()
	}

	if after, _ := os.ReadFile(agentsFile); string(after) != string(before) {
		t.Fatal("the agents file changed")
	}
	for _, p := range []string{agentsFile + ".csv", filepath.Join(secret, "payroll.csv.tmp")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
	if _, err := d.db.CaseByExternalID("P-1"); err == nil {
		t.Error("the server's payroll.csv was imported")
	}
	entries, _ := os.ReadDir(backups)
	var copies []string
	for _, e := range entries {
		copies = append(copies, e.Name())
	}
	if len(copies) != 2 {
		t.Fatalf("backup folder holds %v: want the day's copy and ana's", copies)
	}
	for _, c := range copies {
		if probs, err := store.VerifyFile(filepath.Join(backups, c)); err != nil || len(probs) > 0 {
			t.Errorf("copy %s: %v %v", c, err, probs)
		}
	}
}

// waitForFile waits for a file whose name starts with prefix in dir.
func waitForFile(t *testing.T, dir, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) && !strings.Contains(e.Name(), ".tmp") {
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s* in %s", prefix, dir)
	return ""
}
