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
	"time"

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
	// import and check said "close the other one first": stop the server
	// the whole team works on (a new-user finding).
	rows := writeDemoCSV(t, dir, 3, 7)
	r = run(t, nil, "import", "--db", db, rows)
	wantExit(t, r, 1)
	oneLine(t, r, "is held by caredesk serve on 127.0.0.1:"+port+": send it with ssh -p "+port+" NAME@127.0.0.1 import < "+rows+" (leads)")
	r = run(t, nil, "check", "--db", db)
	wantExit(t, r, 1)
	oneLine(t, r, "check: "+db+" is held by caredesk serve on 127.0.0.1:"+port+": it cannot run while the server serves this file")
	r = run(t, nil, "mail", "status", "--db", db)
	wantExit(t, r, 1)
	oneLine(t, r, "mail status: "+db+" is held by caredesk serve on 127.0.0.1:"+port+", which fetches and sends the mail itself")
	stop()
	if _, err := os.Stat(db + ".serving"); !os.IsNotExist(err) {
		t.Errorf("the serving note outlived the server: %v", err)
	}
	// Without a server the report runs.
	wantExit(t, run(t, nil, "report", "--db", db, "-o", filepath.Join(dir, "r.csv")), 0)
}

// serve --config with [mail] runs the mail for the whole team: a mail
// dropped into the desk's Maildir is taken in by the server (moved to
// cur/ only after its case is committed) while agents are connected.
func TestServeRunsTheMail(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 5)
	md := filepath.Join(dir, "Maildir")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[mail]\naddress = \"care@desk.test\"\npoll = \"1s\"\n[mail.maildir]\npath = \""+md+"\"\n"), 0o600)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	os.WriteFile(filepath.Join(dir, "agents"), []byte("ana lead "+string(gossh.MarshalAuthorizedKey(signer.PublicKey()))), 0o600)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve", "--db", db, "--config", cfg, "--listen", "127.0.0.1:0")
	cmd.Env = testEnv(t)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	sc := bufio.NewScanner(stderr)
	var log strings.Builder
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "msg=mail ") {
			break
		}
	}
	if !strings.Contains(log.String(), "intake=true") {
		t.Fatalf("serve did not start the mail:\n%s", log.String())
	}
	go func() {
		for sc.Scan() {
		}
	}()
	os.WriteFile(filepath.Join(md, "new", "1700000000.M1P1.test"), []byte("From: Ann <ann@example.com>\r\nSubject: Served\r\nMessage-ID: <served@example.com>\r\n\r\nhello\r\n"), 0o600)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if cur, _ := filepath.Glob(filepath.Join(md, "cur", "*")); len(cur) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not take in the mail within 20s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
