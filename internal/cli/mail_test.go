package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/mailtest"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// caredesk mail fetch | status | send, as a person runs them: a Maildir
// in, a sendmail command out (a script that keeps what it is given).
func TestMailCommands(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "INBOX")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	for i, from := range []string{"ann@example.com", "bo@example.com"} {
		os.WriteFile(filepath.Join(md, "new", fmt.Sprintf("17000000%02d.M1P1.test", i)),
			[]byte(fmt.Sprintf("From: %s\r\nSubject: Help %d\r\nMessage-ID: <h%d@example.com>\r\n\r\nplease\r\n", from, i, i)), 0o600)
	}
	sent := filepath.Join(dir, "sent")
	os.MkdirAll(sent, 0o700)
	script := filepath.Join(dir, "fake-sendmail")
	os.WriteFile(script, []byte("#!/bin/sh\ncat > "+sent+"/$$.eml\n"), 0o700)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[mail]\naddress = \"care@desk.test\"\nname = \"Care\"\nsendmail = \"%s -t\"\n[mail.maildir]\npath = %q\n", script, md)), 0o600)
	db := filepath.Join(dir, "desk.db")

	r := run(t, nil, "mail", "fetch", "--db", db, "--config", cfg)
	wantExit(t, r, 0)
	if strings.TrimSpace(r.stdout) != "fetched 2, threaded 0, new cases 2, skipped 0 (auto-replies/bounces/loops)" {
		t.Fatalf("fetch said:\n%s", r)
	}
	r = run(t, nil, "mail", "fetch", "--db", db, "--config", cfg)
	if !strings.HasPrefix(r.stdout, "fetched 0,") {
		t.Fatalf("second fetch:\n%s", r)
	}
	// The outbox, then each server checked (here a Maildir and a sendmail).
	r = run(t, nil, "mail", "status", "--db", db, "--config", cfg)
	wantExit(t, r, 0)
	if want := "the outbox is empty\nMaildir " + md + ": ok — 0 mails in new/\nsendmail " + script + " -t: ok — " + script + " is there (nothing sent)\n"; r.stdout != want {
		t.Fatalf("status:\n%s\nwant:\n%s", r, want)
	}

	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Act(1, 0, "ana", model.SendReply{Draft: model.Draft{From: "Care <care@desk.test>", To: []string{"ann@example.com"}, Text: "On it."}})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "mail", "status", "--db", db, "--config", cfg)
	if !strings.Contains(r.stdout, "queued") || !strings.Contains(r.stdout, "ann@example.com") {
		t.Fatalf("status with a reply queued:\n%s", r)
	}
	r = run(t, nil, "mail", "send", "--db", db, "--config", cfg)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "sent    case 1 to ann@example.com") || !strings.Contains(r.stdout, "sent 1, failed 0, waiting 0") {
		t.Fatalf("send:\n%s", r)
	}
	got, _ := filepath.Glob(filepath.Join(sent, "*.eml"))
	if len(got) != 1 {
		t.Fatalf("sendmail got %d mails", len(got))
	}
	raw, _ := os.ReadFile(got[0])
	if !strings.Contains(string(raw), "In-Reply-To: <h0@example.com>") || !strings.Contains(string(raw), "Subject: Re: Help 0 [#1]") {
		t.Fatalf("the mail sent:\n%s", raw)
	}
	r = run(t, nil, "mail", "send", "--db", db, "--config", cfg)
	if !strings.Contains(r.stdout, "sent 0, failed 0, waiting 0") {
		t.Fatalf("second send:\n%s", r)
	}
	// A mail history: the same Maildir imported elsewhere, and an mbox.
	r = run(t, nil, "import", "--db", filepath.Join(dir, "hist.db"), "--config", cfg, md)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "imported 2, updated 0, unchanged 0, rejected 0") {
		t.Fatalf("import of a Maildir:\n%s", r)
	}
	mbox := filepath.Join(dir, "old.mbox")
	os.WriteFile(mbox, []byte("From x@y Mon Dec  7 09:00:00 2026\nFrom: cy@example.com\nSubject: old\nMessage-ID: <old@x>\n\nhi\n"), 0o600)
	r = run(t, nil, "import", "--db", filepath.Join(dir, "hist.db"), mbox)
	if !strings.Contains(r.stdout, "imported 1, updated 0, unchanged 0, rejected 0") {
		t.Fatalf("import of an mbox:\n%s", r)
	}
	// The same on standard input (new-user finding: '-' took it for a CSV).
	data, _ := os.ReadFile(mbox)
	r = run(t, bytes.NewReader(data), "import", "--db", filepath.Join(dir, "stdin.db"), "-")
	if r.code != 0 || !strings.Contains(r.stdout, "imported 1, updated 0, unchanged 0, rejected 0") {
		t.Fatalf("import of an mbox on standard input:\n%s", r)
	}
}

// A reply the server refuses is reported by the run that met it, and every
// later run says failed replies wait (exit 1) until --retry-failed sends
// them again.
func TestMailSendReportsFailedAndRetries(t *testing.T) {
	dir := t.TempDir()
	sent := filepath.Join(dir, "sent")
	os.MkdirAll(sent, 0o700)
	script := filepath.Join(dir, "fake-sendmail")
	os.WriteFile(script, []byte("#!/bin/sh\necho '550 5.1.1 unknown user' >&2\nexit 67\n"), 0o700)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[mail]\naddress = \"care@desk.test\"\nsendmail = \"%s -t\"\n", script)), 0o600)
	db := filepath.Join(dir, "desk.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := email.Parse([]byte("From: Ann <ann@example.com>\r\nSubject: Help\r\nMessage-ID: <f1@example.com>\r\n\r\nplease\r\n"), "care@desk.test")
	c, err := s.Receive(in)
	if err == nil {
		_, err = s.Act(c.Case, 0, "ana", model.SendReply{Draft: model.Draft{From: "care@desk.test", To: []string{"ann@example.com"}, Cc: []string{"x@other.org"}, Text: "On it."}})
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "mail", "send", "--db", db, "--config", cfg)
	wantExit(t, r, 1)
	if !strings.Contains(r.stdout, "failed  case 1 to ann@example.com; cc x@other.org") || !strings.Contains(r.stdout, "sent 0, failed 1, waiting 0") ||
		!strings.Contains(r.stdout, "1 failed replies wait to be sent again (cases 1)") {
		t.Fatalf("send with a refused reply:\n%s", r)
	}
	r = run(t, nil, "mail", "status", "--db", db, "--config", cfg)
	// the outbox's row: the line before the server check's
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if f := strings.Fields(lines[len(lines)-2]); len(f) < 7 || f[1] != "failed" || f[4] != "1" || !strings.Contains(r.stdout, "ann@example.com; cc x@other.org") {
		t.Fatalf("status of a reply refused on its first try (want TRIES 1, To and Cc):\n%s", r)
	}
	r = run(t, nil, "mail", "send", "--db", db, "--config", cfg)
	wantExit(t, r, 1)
	if !strings.Contains(r.stdout, "sent 0, failed 0, waiting 0") || !strings.Contains(r.stdout, "1 failed replies wait to be sent again") {
		t.Fatalf("a later send must still say the failed reply waits:\n%s", r)
	}
	os.WriteFile(script, []byte("#!/bin/sh\ncat > "+sent+"/$$.eml\n"), 0o700)
	r = run(t, nil, "mail", "send", "--retry-failed", "--db", db, "--config", cfg)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "queued again 1 failed replies") || !strings.Contains(r.stdout, "sent 1, failed 0, waiting 0") || strings.Contains(r.stdout, "wait to be sent again") {
		t.Fatalf("send --retry-failed:\n%s", r)
	}
	if got, _ := filepath.Glob(filepath.Join(sent, "*.eml")); len(got) != 1 {
		t.Fatalf("sendmail got %d mails", len(got))
	}
	r = run(t, nil, "mail", "send", "--help")
	if !strings.Contains(r.stdout+r.stderr, "--retry-failed") {
		t.Fatalf("send --help:\n%s", r)
	}
}

// While the app holds the database, mail status says so and where the
// outbox is shown, instead of a bare lock error.
func TestMailStatusWhileTheAppHoldsTheDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[mail]\naddress = \"care@desk.test\"\n"), 0o600)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := run(t, nil, "mail", "status", "--db", db, "--config", cfg)
	if r.code == 0 || !strings.Contains(r.stderr, "open in the caredesk app") || !strings.Contains(r.stderr, ":outbox") {
		t.Fatalf("status while the app holds the db:\n%s", r)
	}
}

// With a real server: of two replies OpenSMTPD takes one and refuses the
// other (a domain it does not serve: 5xx). `mail send` names the refused
// one with the server's answer, the sent one too, and exits non-zero.
func TestMailSendWithOneRefusedByOpenSMTPD(t *testing.T) {
	dir := mailtest.MailRoot(t)
	sm := mailtest.StartSMTPD(t, dir)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[mail]\naddress = \"care@desk.test\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = %d\ntls = \"none\"\n", sm.Port)), 0o600)
	db := filepath.Join(dir, "desk.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, to := range []string{"ann@example.com", "bob@nowhere.invalid"} {
		in, _ := email.Parse([]byte(fmt.Sprintf("From: %s\r\nSubject: Help\r\nMessage-ID: <r%d@example.com>\r\n\r\nplease\r\n", to, i)), "care@desk.test")
		c, err := s.Receive(in)
		if err == nil {
			_, err = s.Act(c.Case, 0, "ana", model.SendReply{Draft: model.Draft{From: "care@desk.test", To: []string{to}, Text: "On it."}})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	r := run(t, nil, "mail", "send", "--db", db, "--config", cfg)
	wantExit(t, r, 1)
	if !strings.Contains(r.stdout, "sent    case 1 to ann@example.com") || !strings.Contains(r.stdout, "failed  case 2 to bob@nowhere.invalid: RCPT TO bob@nowhere.invalid: 550") ||
		!strings.Contains(r.stdout, "sent 1, failed 1, waiting 0") {
		t.Fatalf("send with one refused:\n%s", r)
	}
	mailtest.WaitMail(t, dir, "ann@example.com", 1)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// A server that is not ok makes mail status say why and exit 1, after
// the outbox.
func TestMailStatusSaysAServerIsNotOK(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[mail]\naddress = \"care@desk.test\"\nsendmail = \"/nonexistent/sendmail -t\"\n"), 0o600)
	db := filepath.Join(dir, "desk.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r := run(t, nil, "mail", "status", "--db", db, "--config", cfg)
	wantExit(t, r, 1)
	if !strings.HasPrefix(r.stdout, "the outbox is empty\nsendmail /nonexistent/sendmail -t: ✗ ") || !strings.Contains(r.stderr, "a mail server did not answer ok") {
		t.Fatalf("status with a missing sendmail:\n%s", r)
	}
}
