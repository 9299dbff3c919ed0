package email

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// `caredesk serve` logged nothing when sending failed (a new-user
// finding): the operator, and a desk with no screen open at night, never
// learned that replies were stuck. The runner's log (OnError, WARN lines
// in serve) now says once when replies start to wait, once when they go
// again, and names the case of each reply refused or bounced. A real
// sendmail program (a script whose answer the test sets) and a Maildir.
func TestRunnerLogsSendingTroubleByCase(t *testing.T) {
	db := openDesk(t)
	dir := t.TempDir()
	md := filepath.Join(dir, "INBOX")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	mode := filepath.Join(dir, "mode")
	setMode := func(m string) {
		if err := os.WriteFile(mode, []byte(m), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	setMode("temp")
	script := filepath.Join(dir, "sendmail.sh")
	body := fmt.Sprintf("#!/bin/sh\ncat >/dev/null\ncase \"$(cat %s)\" in\n"+
		"temp) echo 'sendmail: cannot connect to relay: Connection refused' >&2; exit 75;;\n"+
		"refuse) echo '550 5.1.1 <nobody@example.com>: no such user' >&2; exit 67;;\nesac\nexit 0\n", mode)
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	ch, err := FromConfig(&config.Mail{Address: deskAddr, Poll: config.Duration{Duration: 50 * time.Millisecond},
		Maildir: &config.Maildir{Path: md}, Sendmail: script + " -t"})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logged []string
	clock := time.Now().Add(30 * time.Second) // every reply queued in the test is due
	r := &Runner{Store: db, Channel: ch,
		Now:     func() time.Time { mu.Lock(); defer mu.Unlock(); return clock },
		OnError: func(err error) { mu.Lock(); logged = append(logged, err.Error()); mu.Unlock() }}
	until := runRunner(t, r)
	lines := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), logged...) }
	reply := func(msgID string) model.CaseID {
		t.Helper()
		c := newCase(t, db, msgID)
		if _, err := db.Act(c.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
			t.Fatal(err)
		}
		return c.Case
	}

	reply("<l1@example.com>")
	until("the first reply waiting", func(s State) bool { return s.Queued == 1 && s.SendErr != "" })
	reply("<l2@example.com>")
	until("the second reply tried and waiting", func(s State) bool {
		out, _ := db.Outbox()
		return s.Queued == 2 && len(out) == 2 && out[1].Attempts == 1
	})
	if l := lines(); len(l) != 1 || !strings.Contains(l[0], "replies wait, tried again on their own") ||
		!strings.Contains(l[0], "cannot connect to relay") || strings.Contains(l[0], "stopped") {
		t.Fatalf("logged %q, want one line saying replies wait", l)
	}

	setMode("ok")
	mu.Lock()
	clock = clock.Add(2 * time.Hour) // both due again
	mu.Unlock()
	reply("<l3@example.com>")
	until("every reply sent", func(s State) bool { return s.Queued == 0 && s.SendErr == "" })
	if l := lines(); len(l) != 2 || !strings.Contains(l[1], "takes replies again") {
		t.Fatalf("logged %q, want the recovery as the second line", l)
	}

	setMode("refuse")
	refused := reply("<l4@example.com>")
	until("the refused reply failed", func(s State) bool { return s.Failed == 1 })
	if l := lines(); len(l) != 3 || !strings.Contains(l[2], fmt.Sprintf("case #%d:", refused)) || !strings.Contains(l[2], "550 5.1.1") {
		t.Fatalf("logged %q, want the refused reply by its case", l)
	}

	// A bounce of a reply that had gone is logged by its case too.
	conv, _ := db.Conversation(1)
	sent := conv[len(conv)-1]
	dsn := dsnOf("<dsn9@mx.example.com>", sent.MessageID,
		"Final-Recipient: rfc822; ann@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n")
	if err := os.WriteFile(filepath.Join(md, "new", "dsn9"), []byte(dsn), 0o600); err != nil {
		t.Fatal(err)
	}
	until("the bounce taken in", func(s State) bool { return s.Failed == 2 })
	for deadline := time.Now().Add(10 * time.Second); len(lines()) < 4 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
	}
	if l := lines(); len(l) != 4 || !strings.Contains(l[3], "case #1:") || !strings.Contains(l[3], "bounced") {
		t.Fatalf("logged %q, want the bounce by its case", l)
	}
	deskCheck(t, db)
}
