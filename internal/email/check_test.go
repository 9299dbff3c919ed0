package email

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
)

// The server check logs in for real: dovecot opens the folder and counts
// its messages, the SMTP server takes the login (nothing is sent); a
// wrong password is the server's refusal, a server that never answers is
// cut at the timeout.
func TestCheckLogsInToTheServers(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	writeInbox(t, dir, 3)
	sm := startAuthSMTP(t, deskAddr, "smtp-sekret")
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	t.Setenv("CAREDESK_TEST_SMTP_PW", "smtp-sekret")
	smtpCfg := &config.SMTP{Host: "127.0.0.1", Port: sm.port, TLS: config.TLSNone, User: deskAddr, Password: config.Password{Env: "CAREDESK_TEST_SMTP_PW"}}
	ch := &Channel{Cfg: &config.Mail{Address: deskAddr}, Source: IMAP{Cfg: dc.imapConfig(""), Addr: deskAddr}, Transport: SMTP{Cfg: smtpCfg, File: "desk.toml"}}
	got := ch.Check(context.Background(), 10*time.Second)
	if len(got) != 2 || !got[0].OK || !got[1].OK || sm.taken() != 0 ||
		got[0].String() != "IMAP "+dc.imapConfig("").Addr()+" as care@desk.test: ok — logged in, INBOX holds 3 messages" ||
		got[1].String() != "SMTP "+smtpCfg.Addr()+" as care@desk.test: ok — logged in, nothing sent" {
		t.Fatalf("check: %q", got)
	}

	t.Setenv("CAREDESK_TEST_IMAP_PW", "wrong-imap")
	t.Setenv("CAREDESK_TEST_SMTP_PW", "wrong-smtp")
	got = ch.Check(context.Background(), 10*time.Second)
	if len(got) != 2 || got[0].OK || got[1].OK || !strings.Contains(got[0].Text, "Authentication failed") ||
		got[1].Text != "SMTP login refused by "+smtpCfg.Addr()+" as care@desk.test (535 Authentication failed) — check [mail.smtp] in desk.toml" ||
		strings.Contains(got[0].Text+got[1].Text, "wrong-") {
		t.Fatalf("check with wrong passwords: %q", got)
	}

	// A server that takes the connection and never says a word.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	mute := &config.SMTP{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, TLS: config.TLSNone}
	muteIMAP := *dc.imapConfig("")
	muteIMAP.Port = mute.Port
	ch = &Channel{Cfg: &config.Mail{Address: deskAddr}, Source: IMAP{Cfg: &muteIMAP}, Transport: SMTP{Cfg: mute}}
	start := time.Now()
	got = ch.Check(context.Background(), time.Second)
	if len(got) != 2 || got[0].OK || got[1].OK || !strings.HasPrefix(got[0].Text, "no answer within 1s") || !strings.HasPrefix(got[1].Text, "no answer within 1s") || time.Since(start) > 10*time.Second {
		t.Fatalf("check of a mute server: %q after %s", got, time.Since(start))
	}
}
