package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Closing the terminal on caredesk demo (SIGHUP), or a SIGTERM, cleans up
// as q does: the database is closed and the demo's temporary folder is
// gone (new-user finding: a killed tmux window left /tmp/caredesk-demo-NNN
// with its 16 MB database behind).
func TestDemoCleansUpOnHangupAndTerm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		end  func(tt *tmuxTerm, pid int)
	}{
		{"SIGHUP", func(_ *tmuxTerm, pid int) { syscall.Kill(pid, syscall.SIGHUP) }},
		{"SIGTERM", func(_ *tmuxTerm, pid int) { syscall.Kill(pid, syscall.SIGTERM) }},
		{"window closed", func(tt *tmuxTerm, _ int) { tt.stop() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tmp, pidFile := filepath.Join(dir, "tmp"), filepath.Join(dir, "pid")
			if err := os.Mkdir(tmp, 0o700); err != nil {
				t.Fatal(err)
			}
			sh := "echo $$ >" + shellQuote(pidFile) + "; exec env TMPDIR=" + shellQuote(tmp) + " HOME=" + shellQuote(dir) +
				" " + shellQuote(binary) + " demo --cases 200"
			tt := startTerm(t, 80, 24, "sh", "-c", sh)
			tt.waitFor("view My team")
			b, _ := os.ReadFile(pidFile)
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatalf("pid file: %q", b)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 1 {
				t.Fatalf("the demo's folder is not in TMPDIR: %v", left)
			}
			tc.end(tt, pid)
			deadline := time.Now().Add(waitLimit)
			for syscall.Kill(pid, 0) == nil {
				if time.Now().After(deadline) {
					t.Fatalf("caredesk demo still runs %v after %s", waitLimit, tc.name)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("after %s the demo left %s in TMPDIR", tc.name, left[0].Name())
			}
		})
	}
}
