package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The end-to-end tests run the built binary in a real terminal: a tmux
// window, driven the way a person would drive it (keys in, screen out),
// through the shared tui script (../../../shared/tools/tui) when it sits
// beside the repository, else through tmux on a private socket
// (CAREDESK_E2E_RAW_TMUX=1 forces that). tmux is required: CI installs it.

// waitLimit bounds every wait for the screen.
const waitLimit = 10 * time.Second

// repoRelative is path resolved from this package's folder (go test runs
// in it): the shared folder sits beside the repository.
func repoRelative(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return abs
}

// datasetsDir is $CAREDESK_DATASETS, else the CFPB samples in the
// repository's testdata/cfpb.
func datasetsDir(t *testing.T) string {
	t.Helper()
	d := os.Getenv("CAREDESK_DATASETS")
	if d == "" {
		d = repoRelative("../../testdata/cfpb")
	}
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("CFPB samples: %v", err)
	}
	return d
}

// tmuxTerm is one program running in a tmux window.
type tmuxTerm struct {
	t    *testing.T
	tool string // the tui script, or "" to drive tmux directly
	name string
	env  []string
	// socketPath is the private server's socket, removed at the end.
	socketPath string
}

// startTerm starts argv in a fresh w×h window and stops it when the test
// ends. The program's environment is given on its command line (env …):
// a tmux server that is already running would not pass ours on.
func startTerm(t *testing.T, w, h int, argv ...string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatalf("the end-to-end tests need tmux (CI installs it): %v", err)
	}
	tt := &tmuxTerm{t: t, name: fmt.Sprintf("caredesk-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()%1e9), env: os.Environ()}
	if os.Getenv("CAREDESK_E2E_RAW_TMUX") == "" {
		if p := repoRelative("../../../shared/tools/tui"); isExecutable(p) {
			tt.tool = p
		}
	}
	t.Cleanup(tt.stop)
	if tt.tool != "" {
		tt.run(append([]string{"start", tt.name, "-s", fmt.Sprintf("%dx%d", w, h), "--"}, argv...)...)
		return tt
	}
	// Without the script: a tmux server of the window's own (-L name),
	// ended with it.
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = shellQuote(a)
	}
	// As the tui script does: the status stays on the screen after the
	// program ends.
	script := strings.Join(quoted, " ") + "; echo; echo '[exited with status' $?']'; sleep 86400"
	tt.tmux("-f", "/dev/null", "new-session", "-d", "-s", tt.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h),
		"-e", "TERM=xterm-256color", "-e", "COLORTERM=truecolor", script)
	tt.socketPath = strings.TrimSpace(tt.tmux("display-message", "-p", "-t", tt.name, "#{socket_path}"))
	return tt
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// run runs the tui script.
func (tt *tmuxTerm) run(args ...string) string {
	tt.t.Helper()
	cmd := exec.Command(tt.tool, args...)
	cmd.Env = tt.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tui %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// tmux runs tmux on the window's private server.
func (tt *tmuxTerm) tmux(args ...string) string {
	tt.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tt.name}, args...)...).CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (tt *tmuxTerm) stop() {
	if tt.tool != "" {
		exec.Command(tt.tool, "stop", tt.name).Run()
		return
	}
	exec.Command("tmux", "-L", tt.name, "kill-server").Run()
	if tt.socketPath != "" {
		os.Remove(tt.socketPath)
	}
}

// keys types tmux key names ("Enter", "Escape", "C-c") or literal text.
func (tt *tmuxTerm) keys(ks ...string) {
	tt.t.Helper()
	if tt.tool != "" {
		tt.run(append([]string{"keys", tt.name}, ks...)...)
		return
	}
	for _, k := range ks {
		tt.tmux("send-keys", "-t", tt.name, k)
	}
}

// typeText types s character by character, never as key names.
func (tt *tmuxTerm) typeText(s string) {
	tt.t.Helper()
	if tt.tool != "" {
		tt.run("type", tt.name, s)
		return
	}
	tt.tmux("send-keys", "-t", tt.name, "-l", s)
}

func (tt *tmuxTerm) resize(w, h int) {
	tt.t.Helper()
	if tt.tool != "" {
		tt.run("resize", tt.name, fmt.Sprintf("%dx%d", w, h))
		return
	}
	tt.tmux("resize-window", "-t", tt.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// screen is what the window shows, one string per row.
func (tt *tmuxTerm) screen() string {
	tt.t.Helper()
	if tt.tool != "" {
		return tt.run("screen", tt.name)
	}
	return tt.tmux("capture-pane", "-p", "-t", tt.name)
}

// waitFor waits until the screen shows text; it fails with the screen
// after waitLimit.
func (tt *tmuxTerm) waitFor(text string) string {
	tt.t.Helper()
	return tt.waitUntil(fmt.Sprintf("%q on the screen", text), func(s string) bool { return strings.Contains(s, text) })
}

func (tt *tmuxTerm) waitUntil(what string, ok func(screen string) bool) string {
	tt.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := tt.screen()
		if panicked(s) {
			tt.t.Fatalf("the program crashed:\n%s", s)
		}
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("waited %v for %s; the screen shows:\n%s", waitLimit, what, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func panicked(s string) bool {
	return strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") || strings.Contains(s, "caredesk: internal error")
}

// loadedQueue is the queue's position line once every case is in: keys
// that move the cursor do nothing while it still says "loading".
var loadedQueue = regexp.MustCompile(`(?m)^sort: .* · \d+/\d+ *$`)

func (tt *tmuxTerm) waitLoaded() {
	tt.t.Helper()
	tt.waitUntil("the queue to load", loadedQueue.MatchString)
}

// exited waits for the program to end and returns the screen; it fails
// unless the exit status is code.
func (tt *tmuxTerm) exited(code int) string {
	tt.t.Helper()
	s := tt.waitFor("[exited with status")
	if want := fmt.Sprintf("[exited with status %d]", code); !strings.Contains(s, want) {
		tt.t.Fatalf("want %s; the screen shows:\n%s", want, s)
	}
	return s
}

// pickComplaint returns the Complaint ID and Issue of a complaint in the
// middle of a CFPB export.
func pickComplaint(t *testing.T, path string) (id, issue string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("%s: %d rows, %v", path, len(rows), err)
	}
	col := func(name string) int {
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("%s has no %q column", path, name)
		}
		return i
	}
	r := rows[len(rows)/2]
	return r[col("Complaint ID")], r[col("Issue")]
}

// exportedTags exports db as CSV and returns every case's tags by
// external id.
func exportedTags(t *testing.T, db string) map[string][]string {
	t.Helper()
	r := run(t, nil, "export", "--db", db, "--format", "csv")
	wantExit(t, r, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("export: %d rows, %v", len(rows), err)
	}
	idCol, tagCol := slices.Index(rows[0], "external_id"), slices.Index(rows[0], "tags")
	if idCol < 0 || tagCol < 0 {
		t.Fatalf("export header %v has no external_id or tags", rows[0])
	}
	out := make(map[string][]string, len(rows)-1)
	for _, row := range rows[1:] {
		var tags []string
		if row[tagCol] != "" {
			tags = strings.Split(row[tagCol], ";")
		}
		out[row[idCol]] = tags
	}
	return out
}

// appArgv is the command line that opens the app on db as ana, with the
// test's private HOME.
func appArgv(t *testing.T, db string) []string {
	home := t.TempDir()
	return []string{"env", "HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"CAREDESK_DB=" + filepath.Join(home, "default.db"), binary, "--db", db, "--agent", "ana"}
}

// TestEndToEndTmux: an agent imports the CFPB sample, opens the app in a
// terminal, finds a complaint by its id, tags it, quits, and the export
// carries the tag on exactly that complaint.
func TestEndToEndTmux(t *testing.T) {
	t.Parallel()
	src := filepath.Join(datasetsDir(t), "cfpb-complaints-2023.csv")
	id, issue := pickComplaint(t, src)
	const tag = "voc/e2e-check"
	db := filepath.Join(t.TempDir(), "care.db")
	r := run(t, nil, "import", "--db", db, src)
	wantExit(t, r, 0)
	if !strings.HasPrefix(r.stdout, "imported ") || !strings.HasSuffix(r.stdout, ", rejected 0\n") {
		t.Fatalf("import:\n%s", r)
	}
	before := exportedTags(t, db)
	if _, ok := before[id]; !ok {
		t.Fatalf("complaint %s was not imported", id)
	}

	tt := startTerm(t, 120, 40, appArgv(t, db)...)
	tt.waitLoaded()
	// Characters that arrive in one read reach the app as one key event
	// (tmux send-keys -l writes them at once, as a fast typist or a slow
	// link does): they must still work as keys.
	tt.typeText("jjj")
	tt.waitFor(" · 4/")
	tt.typeText("/id:" + id)
	tt.waitFor("1 match")
	tt.keys("Enter")
	tt.waitFor("(" + id + ")") // the case pane's header: "#N (external id)"
	tt.keys("t")
	tt.waitFor("tag, e.g.") // the tag picker's empty input
	tt.typeText(tag)
	tt.waitFor("new tag " + tag + " (not in the taxonomy) — enter twice to create")
	tt.keys("Enter")
	tt.waitFor("new tag " + tag + " — enter again to create")
	tt.keys("Enter")
	tt.waitFor("tag " + tag + " added")
	tt.keys("Escape")
	s := tt.waitUntil("the tag picker to close", func(s string) bool { return !strings.Contains(s, "Tags ───") })
	if !strings.Contains(s, "tag "+tag+" added") {
		t.Fatalf("the status line does not confirm the tag:\n%s", s)
	}
	tt.keys("q")
	tt.exited(0)

	after := exportedTags(t, db)
	if len(after) != len(before) {
		t.Fatalf("%d cases before, %d after", len(before), len(after))
	}
	for ext, tags := range after {
		has := slices.Contains(tags, tag)
		switch {
		case ext == id && !has:
			t.Errorf("complaint %s (%s) exported with tags %v: %s missing", id, issue, tags, tag)
		case ext != id && has:
			t.Errorf("complaint %s got %s too", ext, tag)
		case !slices.Equal(slices.DeleteFunc(slices.Clone(tags), func(s string) bool { return s == tag }), before[ext]):
			t.Errorf("complaint %s: tags %v became %v", ext, before[ext], tags)
		}
	}
}

// TestEndToEndTmuxResize resizes the terminal while an agent works: after
// every resize the header is back on the first row and no row was drawn
// wider than the window; at 10×3 the app still shows its name.
func TestEndToEndTmuxResize(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "care.db")
	wantExit(t, run(t, nil, "import", "--db", db, writeDemoCSV(t, dir, 1500, 11)), 0)
	tt := startTerm(t, 120, 40, appArgv(t, db)...)
	tt.waitLoaded()
	fits := func(w, h int, where string) {
		t.Helper()
		tt.waitUntil(fmt.Sprintf("a whole %d×%d frame %s", w, h, where), func(s string) bool { return frameOK(s, w, h) == "" })
	}
	fits(120, 40, "in the queue")
	tt.typeText("jjx")
	tt.waitFor(" · 4/")
	tt.resize(80, 24)
	fits(80, 24, "in the queue")
	tt.typeText("/refund")
	tt.waitFor("match")
	tt.resize(200, 50)
	fits(200, 50, "searching")
	tt.keys("Enter")
	tt.waitFor("Timeline")
	tt.resize(120, 40)
	fits(120, 40, "in a case")
	tt.keys("t")
	tt.waitFor("tag, e.g.")
	tt.resize(80, 24)
	fits(80, 24, "in the tag picker")
	// Escape and the next key sent together read as alt+key, in any
	// terminal: wait for the picker to close first.
	tt.keys("Escape")
	tt.waitUntil("the tag picker to close", func(s string) bool { return !strings.Contains(s, "tag, e.g.") })
	tt.keys("3")
	tt.waitFor("Issue heatmap")
	tt.resize(200, 50)
	fits(200, 50, "in the heatmap")
	tt.keys("4")
	tt.waitFor("Tag taxonomy")
	tt.resize(80, 24)
	fits(80, 24, "in the tags pane")
	tt.keys("1")
	tt.waitUntil("the queue", func(s string) bool { return !strings.Contains(s, "Tag taxonomy") })
	// Too small for anything but the name: the app keeps running and
	// says what it is.
	tt.resize(10, 3)
	fits(10, 3, "in the queue")
	tt.resize(120, 40)
	fits(120, 40, "back from 10×3")
	tt.waitFor("1 Queue 2 Case 3 Heatmap 4 Tags")
	tt.keys("q")
	tt.exited(0)
}

// frameOK says what is wrong with a w×h screen, or "". A row drawn wider
// than the window wraps onto the next one and pushes the frame down: the
// header leaves the first row and the footer the last. (tmux's
// capture-pane -J cannot tell: rows that tmux itself wrapped when the
// window shrank keep their wrapped mark after the app redraws them.)
func frameOK(screen string, w, h int) string {
	rows := strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
	if len(rows) != h {
		return fmt.Sprintf("%d rows", len(rows))
	}
	if !strings.HasPrefix(rows[0], " caredesk") {
		return "the header is not on the first row"
	}
	for i, l := range rows {
		if lw := ansi.StringWidth(l); lw > w {
			return fmt.Sprintf("row %d is %d cells wide", i, lw)
		}
	}
	// From 7 rows on, the last one is the footer's key help.
	if h >= 7 && !strings.Contains(rows[h-1], " • ") {
		return "the footer is not on the last row"
	}
	return ""
}
