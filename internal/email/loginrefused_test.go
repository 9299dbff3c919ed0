package email

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
)

// A wrong password is told apart from an outage, as a mail client tells
// them: dovecot's refusal is a LoginRefused naming the server, the user
// and dovecot's words ("IMAP login refused" for the header), never the
// password; a server that is not there is no refusal (offline).
func TestIMAPWrongPasswordIsARefusedLogin(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	const wrong = "not-the-sekret-42"
	t.Setenv("CAREDESK_TEST_IMAP_PW", wrong)
	db := openDesk(t)
	src := IMAP{Cfg: dc.imapConfig(""), Addr: deskAddr}
	_, err := src.FetchOnce(context.Background(), db)
	var lr *LoginRefused
	if !errors.As(err, &lr) {
		t.Fatalf("a wrong password gave %T %v, want a refused login", err, err)
	}
	if got := Trouble(err); got != "IMAP login refused" {
		t.Fatalf("Trouble = %q", got)
	}
	for _, want := range []string{"127.0.0.1", deskAddr, "Authentication failed", "[mail.imap]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %q", err, want)
		}
	}
	if strings.Contains(err.Error(), wrong) {
		t.Fatalf("the error shows the password: %q", err)
	}

	// The runner keeps the refusal as its fetch error, for the header.
	ch, err := FromConfig(&config.Mail{Address: deskAddr, Poll: config.Duration{Duration: time.Minute}, IMAP: dc.imapConfig("")})
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{Store: db, Channel: ch}
	until := runRunner(t, r)
	until("the refused login in the state", func(s State) bool { return Trouble(s.FetchErr) == "IMAP login refused" })

	// The right password logs in; a server that is gone is no refusal.
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	if _, err := src.FetchOnce(context.Background(), db); err != nil {
		t.Fatalf("the right password: %v", err)
	}
	stopProcess(dc.cmd)
	_, err = src.FetchOnce(context.Background(), db)
	if err == nil || Trouble(err) != "" {
		t.Fatalf("a stopped server gave %v (trouble %q), want an outage", err, Trouble(err))
	}
}
