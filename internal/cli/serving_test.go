package cli

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// TestReportOnAServedDatabasePointsToSSH: `caredesk report` on a file a
// running `caredesk serve` holds says how to ask the server instead, and
// the note it reads is gone once the server stops.
func TestReportOnAServedDatabasePointsToSSH(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 50)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := "ana lead " + string(gossh.MarshalAuthorizedKey(signer.PublicKey()))
	if err := os.WriteFile(filepath.Join(dir, "agents"), []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve", "--db", db, "--listen", "127.0.0.1:0")
	cmd.Env = testEnv(t)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		}
	}
	defer stop()
	sc := bufio.NewScanner(stderr)
	port := ""
	for sc.Scan() {
		if l := sc.Text(); strings.Contains(l, "msg=serving") {
			_, rest, _ := strings.Cut(l, "listen=127.0.0.1:")
			port, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if port == "" {
		t.Fatal("serve did not say where it listens")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	r := run(t, nil, "report", "--db", db)
	wantExit(t, r, 1)
	oneLine(t, r, "is held by caredesk serve on 127.0.0.1:"+port+": ask it with ssh -p "+port+" NAME@127.0.0.1 report (the same flags)")
	stop()
	if _, err := os.Stat(db + ".serving"); !os.IsNotExist(err) {
		t.Errorf("the serving note outlived the server: %v", err)
	}
	// Without a server the report runs.
	wantExit(t, run(t, nil, "report", "--db", db, "-o", filepath.Join(dir, "r.csv")), 0)
}
