package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The app draws a screen only on a terminal that can take one. Anywhere
// else (output piped, input piped, TERM=dumb or unset) it says so in one
// line on stderr, exits 1 within moments, writes no escape sequences and
// creates no database (checkTerminal in app.go runs before anything is
// opened).

const (
	notATerminal = "the app needs a terminal (standard input and output are not one)"
	dumbTerminal = "the app needs a terminal that can move the cursor"
)

// refusedQuickly is how soon a refusal must come.
const refusedQuickly = 2 * time.Second

// runPiped runs the binary with standard input from /dev/null and output
// into buffers, extra added to the test environment.
func runPiped(t *testing.T, extra []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(testEnv(t), extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("caredesk %s hung without a terminal:\n%s", strings.Join(args, " "), r)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	noPanic(t, r, args...)
	return r
}

// refused checks a refusal: exit 1, quickly, one clean line on stderr
// containing want, nothing on stdout.
func refused(t *testing.T, r result, want string) {
	t.Helper()
	wantExit(t, r, 1)
	oneLine(t, r, want)
	if r.stdout != "" {
		t.Errorf("wrote to standard output:\n%s", r)
	}
	if strings.ContainsRune(r.stderr, '\x1b') {
		t.Errorf("escape sequences on stderr:\n%q", r.stderr)
	}
	if r.took > refusedQuickly {
		t.Errorf("took %v to refuse", r.took)
	}
}

// TestAppWithoutTerminal: `caredesk` and `caredesk demo` run from a script
// (input and output piped) refuse at once and touch nothing.
func TestAppWithoutTerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "sub", "care.db")
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o700)
	for _, args := range [][]string{
		{"--db", db},
		{"--db", db, "--read-only"},
		{"demo"},
		{"demo", "--keep", filepath.Join(dir, "demo.db")},
	} {
		r := runPiped(t, []string{"TMPDIR=" + tmp}, args...)
		refused(t, r, notATerminal)
		if !strings.Contains(r.stderr, "'caredesk import', 'export' or 'report'") {
			t.Errorf("the refusal does not say what to use instead:\n%s", r)
		}
	}
	for _, p := range []string{filepath.Dir(db), filepath.Join(dir, "demo.db")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused run created %s", p)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("a refused demo left %s in TMPDIR", left[0].Name())
	}
}

// termRun is what one command did inside a terminal window.
type termRun struct {
	code           int
	stdout, stderr string // stdout is "" when it went to the terminal
	screen         string
	took           time.Duration
}

// runInTerminal runs the binary in a tmux window (so a terminal is there)
// with env set, standard input piped from echo when pipeIn, standard
// output into a file when pipeOut, stderr always into a file.
func runInTerminal(t *testing.T, env []string, pipeIn, pipeOut bool, args ...string) termRun {
	t.Helper()
	dir := t.TempDir()
	outF, errF, rcF := filepath.Join(dir, "out"), filepath.Join(dir, "err"), filepath.Join(dir, "rc")
	var sh strings.Builder
	if pipeIn {
		sh.WriteString("echo | ")
	}
	sh.WriteString("env HOME=" + shellQuote(dir))
	for _, e := range env {
		sh.WriteString(" " + shellQuote(e))
	}
	for _, a := range append([]string{binary}, args...) {
		sh.WriteString(" " + shellQuote(a))
	}
	if pipeOut {
		sh.WriteString(" >" + shellQuote(outF))
	}
	sh.WriteString(" 2>" + shellQuote(errF) + "; echo $? >" + shellQuote(rcF+".tmp") + " && mv " + shellQuote(rcF+".tmp") + " " + shellQuote(rcF))
	start := time.Now()
	tt := startTerm(t, 80, 24, "sh", "-c", sh.String())
	var rc []byte
	for {
		var err error
		if rc, err = os.ReadFile(rcF); err == nil {
			break
		}
		if time.Since(start) > waitLimit {
			t.Fatalf("caredesk %s did not end within %v in a terminal; the screen shows:\n%s", strings.Join(args, " "), waitLimit, tt.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	r := termRun{took: time.Since(start)}
	r.code, _ = strconv.Atoi(strings.TrimSpace(string(rc)))
	out, _ := os.ReadFile(outF)
	errb, _ := os.ReadFile(errF)
	r.stdout, r.stderr = string(out), string(errb)
	r.screen = tt.waitFor("[exited with status")
	if panicked(r.screen) || panicked(r.stderr) {
		t.Fatalf("caredesk %s crashed:\n%s\n%s", strings.Join(args, " "), r.stderr, r.screen)
	}
	return r
}

// TestAppInAPoorTerminal: a terminal is there, but output or input is
// piped, or TERM cannot move the cursor: one line, exit 1, no screen.
func TestAppInAPoorTerminal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name            string
		env             []string
		pipeIn, pipeOut bool
		args            []string
		want            string
	}{
		{"stdout piped", nil, false, true, []string{"--db", "care.db"}, notATerminal},
		{"stdin piped", nil, true, false, []string{"--db", "care.db"}, notATerminal},
		{"demo stdout piped", nil, false, true, []string{"demo"}, notATerminal},
		{"TERM=dumb", []string{"TERM=dumb"}, false, false, []string{"--db", "care.db"}, dumbTerminal + ` (TERM="dumb"); set TERM=xterm-256color`},
		{"TERM empty", []string{"TERM="}, false, false, []string{"--db", "care.db"}, dumbTerminal + ` (TERM="")`},
		{"demo TERM=dumb", []string{"TERM=dumb"}, false, false, []string{"demo"}, dumbTerminal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "care.db" {
					args[i] = filepath.Join(dir, a)
				}
			}
			r := runInTerminal(t, tc.env, tc.pipeIn, tc.pipeOut, args...)
			if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "caredesk: ") || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("want exit 1 and one line containing %q; exit %d, stderr %q", tc.want, r.code, r.stderr)
			}
			if r.took > refusedQuickly+time.Second { // the window's start included
				t.Errorf("took %v to refuse", r.took)
			}
			if r.stdout != "" || strings.ContainsRune(r.stderr, '\x1b') {
				t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
			}
			// Nothing was drawn: the terminal shows only the exit line.
			if rest := strings.TrimSpace(strings.Replace(r.screen, "[exited with status 0]", "", 1)); rest != "" {
				t.Errorf("the refusal left this on the terminal:\n%s", r.screen)
			}
			if _, err := os.Stat(filepath.Join(dir, "care.db")); err == nil {
				t.Error("a refused run created the database")
			}
		})
	}
}
