package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
)

// harnessWith drives an app built with opt (its file abilities as given).
func harnessWith(t *testing.T, svc model.CaseService, opt Options) *harness {
	t.Helper()
	opt.Agent, opt.Now, opt.Location = "ana", func() time.Time { return testNow }, time.UTC
	a := newRoot(svc, opt)
	a.testQueue().input.Cursor.SetMode(cursor.CursorStatic)
	a.cmd.input.Cursor.SetMode(cursor.CursorStatic)
	a.e.timer = noTimer
	h := &harness{t: t, a: a}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.run(a.Init())
	return h
}

// cmdNames lists the command line's commands.
func cmdNames(a *app) []string {
	var out []string
	for _, c := range a.cmd.cmds {
		out = append(out, c.name)
	}
	return out
}

// An app handed no file abilities (a team server's session) has no
// command that reaches a file, no i key, and completes no path: not even
// of a folder that exists and holds a CSV file.
func TestNoFilesNoFileCommands(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cases.csv"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := harnessWith(t, newMemService(func() time.Time { return testNow }), Options{})
	for _, name := range []string{"import", "report", "backup"} {
		if slices.Contains(cmdNames(h.a), name) {
			t.Errorf(":%s is offered without file abilities", name)
		}
	}
	for _, line := range []string{"backup " + dir + "/", "report " + dir + "/", "import " + dir + "/"} {
		h.keys(":")
		h.typeText(line)
		h.keys("tab")
		if v := h.a.cmd.input.Value(); strings.Contains(v, "cases.csv") || v == "backup " || v == "report " || v == "import " {
			t.Errorf("%q completed to %q", line, v)
		}
		h.keys("enter")
		// :report and :import say where they went (the server's ssh
		// commands), not "unknown command" (a new-user finding).
		want := "unknown command"
		switch {
		case strings.HasPrefix(line, "report"):
			want = "reports go through ssh … report"
		case strings.HasPrefix(line, "import"):
			want = "imports (leads) go through ssh … import"
		}
		if v := h.view(); !strings.Contains(v, want) {
			t.Errorf(":%s: want %q: %s", line, want, v)
		}
	}
	for _, prefix := range []string{"ba", "rep", "im"} {
		h.keys(":")
		h.typeText(prefix)
		h.keys("tab")
		if v := h.a.cmd.input.Value(); strings.HasPrefix(v, "backup") || strings.HasPrefix(v, "report") || strings.HasPrefix(v, "import") {
			t.Errorf("%q completed to %q", prefix, v)
		}
		h.keys("esc")
	}
	if h.a.testQueue().keys.Import.Enabled() {
		t.Error("the i key is on")
	}
	h.keys("1", "?")
	if strings.Contains(h.view(), "import CSV") {
		t.Errorf("help shows the import key:\n%s", h.view())
	}
}

// On a team server :report and :import name the ssh command as this agent
// runs it on this server.
func TestReportOnServerNamesTheSSHCommand(t *testing.T) {
	h := harnessWith(t, newMemService(func() time.Time { return testNow }), Options{SSHCommand: "ssh -p 2323 ana@127.0.0.1"})
	wantCommandLines(t, h, map[string]string{
		"report brief.md":   "reports: ssh -p 2323 ana@127.0.0.1 report --format md > brief.md (run it on your own machine)",
		"import cases.csv":  "imports (leads): ssh -p 2323 ana@127.0.0.1 import < cases.csv (run it on your own machine)",
		"Report x.html":     "reports: ssh -p 2323 ana@127.0.0.1 report",
		"frobnicate report": "unknown command",
	})
}

// wantCommandLines runs each command line and looks for its answer on
// screen.
func wantCommandLines(t *testing.T, h *harness, answers map[string]string) {
	t.Helper()
	for line, want := range answers {
		h.keys(":")
		h.typeText(line)
		h.keys("enter")
		if v := h.view(); !strings.Contains(v, want) {
			t.Errorf(":%s: want %q in\n%s", line, want, v)
		}
	}
}

// At 80 columns the ssh command itself survives whole, even with a long
// host name: the remark after it goes first (new-user finding "`:report
// brief.md` tells bo only").
func TestReportOnServerFitsTheCommandAt80Columns(t *testing.T) {
	h := harnessWith(t, newMemService(func() time.Time { return testNow }), Options{SSHCommand: "ssh -p 24801 bo@care-desk.example.com"})
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	wantCommandLines(t, h, map[string]string{
		"report brief.md":  "reports: ssh -p 24801 bo@care-desk.example.com report --format md > brief.md",
		"import cases.csv": "imports (leads): ssh -p 24801 bo@care-desk.example.com import < cases.csv",
	})
}

// recordBackups is a server's backup ability: it says where the copy went.
type recordBackups struct{ calls int }

func (r *recordBackups) BackupNow() (string, error) {
	r.calls++
	return "/srv/caredesk/backups/caredesk.db.backup-20261124-184537", nil
}

// With only a server's backup ability, :backup asks the server and takes
// no FILE.
func TestServerBackupTakesNoFile(t *testing.T) {
	b := &recordBackups{}
	h := harnessWith(t, newMemService(func() time.Time { return testNow }), Options{Backups: b})
	h.keys(":")
	h.typeText("backup /etc/passwd")
	h.keys("enter")
	if v := h.view(); b.calls != 0 || !strings.Contains(v, "the server chooses where its backups go") {
		t.Fatalf("backup with a FILE: %d calls\n%s", b.calls, v)
	}
	h.keys(":")
	h.typeText("backup ")
	h.keys("tab")
	if v := h.a.cmd.input.Value(); v != "backup " {
		t.Fatalf("completion after backup: %q", v)
	}
	h.keys("enter")
	if v := h.view(); b.calls != 1 || !strings.Contains(v, "backup written to /srv/caredesk/backups/") {
		t.Fatalf(":backup: %d calls\n%s", b.calls, v)
	}
}

// A local app's writers refuse the open database, folders and devices, and
// replace an existing file only after y.
func TestLocalWritersRefuseAndAsk(t *testing.T) {
	dir := t.TempDir()
	svc := newMemService(func() time.Time { return testNow })
	svc.path = filepath.Join(dir, "desk.db")
	if err := os.WriteFile(svc.path, []byte("the database"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(svc.path, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(svc.path, hard); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, svc, testNow, 160, 30)
	for _, tc := range []struct{ line, want string }{
		{"backup " + svc.path, "is the open database"},
		{"backup " + link, "is a link to the open database"},
		{"report " + hard, "is a link to the open database"},
		{"backup " + dir, "is a folder"},
		{"backup /dev/null", "is a device"},
		{"report " + fifo, "is not a regular file"},
		{"report " + filepath.Join(dir, "no", "such.csv"), "no folder"},
	} {
		h.keys(":")
		h.typeText(tc.line)
		h.keys("enter")
		if v := h.view(); !strings.Contains(v, tc.want) {
			t.Errorf(":%s: want %q\n%s", tc.line, tc.want, v)
		}
	}
	if b, _ := os.ReadFile(svc.path); string(b) != "the database" {
		t.Fatalf("the database was written over: %q", b)
	}

	old := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(old, []byte("last week"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.keys(":")
	h.typeText("report " + old)
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "exists: replace it? y/n") {
		t.Fatalf("no question:\n%s", v)
	}
	h.keys("n")
	if b, _ := os.ReadFile(old); string(b) != "last week" || !strings.Contains(h.view(), "left as it was") {
		t.Fatalf("n replaced the file (%q):\n%s", b, h.view())
	}
	h.keys(":")
	h.typeText("report " + old)
	h.keys("enter", "y")
	if b, _ := os.ReadFile(old); string(b) == "last week" || !strings.Contains(h.view(), "report written to") {
		t.Fatalf("y did not replace the file (%q):\n%s", b, h.view())
	}

	// :backup alone writes next to the database, named by the time.
	h.keys(":")
	h.typeText("backup")
	h.keys("enter")
	want := svc.path + ".backup-" + testNow.UTC().Format("20060102-150405")
	if _, err := os.Stat(want); err != nil || !strings.Contains(h.view(), "backup written to") {
		t.Fatalf("no backup at %s (%v):\n%s", want, err, h.view())
	}
}
