package email

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// `caredesk mail status` checks the servers as a mail client's "test
// settings" does: it logs in to IMAP and opens the folder, connects and
// logs in to SMTP, and sends nothing. Each says ok or the server's own
// refusal, within CheckTimeout.

// CheckTimeout bounds each server's check.
const CheckTimeout = 15 * time.Second

// ServerCheck is one server's answer.
type ServerCheck struct {
	Server string // "IMAP 127.0.0.1:993 as care@desk.test"
	OK     bool
	Text   string // "INBOX holds 3 messages", or why not
}

func (c ServerCheck) String() string {
	if c.OK {
		return c.Server + ": ok — " + c.Text
	}
	return c.Server + ": ✗ " + c.Text
}

// Check checks the channel's intake and sending, each within timeout.
func (ch *Channel) Check(ctx context.Context, timeout time.Duration) []ServerCheck {
	var out []ServerCheck
	run := func(server string, fn func(context.Context) (string, error)) {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		text, err := fn(cctx)
		var ne net.Error
		switch {
		case err != nil && ctx.Err() == nil && (cctx.Err() != nil || errors.As(err, &ne) && ne.Timeout()):
			// cut by the timeout: go-imap's own deadline may end it first
			out = append(out, ServerCheck{Server: server, Text: fmt.Sprintf("no answer within %s (%v)", timeout, err)})
		case err != nil:
			out = append(out, ServerCheck{Server: server, Text: oneLine(err.Error())})
		default:
			out = append(out, ServerCheck{Server: server, OK: true, Text: text})
		}
	}
	switch src := ch.Source.(type) {
	case IMAP:
		run(withUser("IMAP "+src.Cfg.Addr(), src.Cfg.User), src.check)
	case Maildir:
		run("Maildir "+src.Path, func(context.Context) (string, error) { return src.check() })
	}
	switch tr := ch.Transport.(type) {
	case SMTP:
		run(withUser("SMTP "+tr.Cfg.Addr(), tr.Cfg.User), tr.check)
	case Sendmail:
		run("sendmail "+tr.Command, func(context.Context) (string, error) { return tr.check() })
	}
	return out
}

func withUser(server, user string) string {
	if user == "" {
		return server
	}
	return server + " as " + user
}

// check logs in, opens the folder and counts its messages.
func (m IMAP) check(ctx context.Context) (string, error) {
	c, err := m.connect(ctx)
	if err != nil {
		return "", err
	}
	stop := context.AfterFunc(ctx, func() { c.Terminate() })
	defer stop()
	defer c.Logout()
	mb := c.Mailbox()
	if mb == nil {
		return "", fmt.Errorf("no folder open after selecting %s", m.Cfg.Folder)
	}
	return fmt.Sprintf("logged in, %s holds %d messages", m.Cfg.Folder, mb.Messages), nil
}

// check connects and logs in (with a user set), then quits: no mail.
func (s SMTP) check(ctx context.Context) (string, error) {
	c, done, err := s.session(ctx)
	if err != nil {
		return "", err
	}
	defer done()
	if err := c.Quit(); err != nil {
		return "", fmt.Errorf("quit: %w", err)
	}
	if s.Cfg.User == "" {
		return "connected (no login configured), nothing sent", nil
	}
	return "logged in, nothing sent", nil
}

// check counts what waits in new/.
func (md Maildir) check() (string, error) {
	n := 0
	for _, sub := range []string{"new", "cur", "tmp"} {
		names, err := os.ReadDir(filepath.Join(md.Path, sub))
		if err != nil {
			return "", err
		}
		if sub == "new" {
			n = len(names)
		}
	}
	return fmt.Sprintf("%d mails in new/", n), nil
}

// check finds the command.
func (s Sendmail) check() (string, error) {
	args := strings.Fields(s.Command)
	if len(args) == 0 {
		return "", fmt.Errorf("no command configured")
	}
	p, err := exec.LookPath(args[0])
	if err != nil {
		return "", err
	}
	return p + " is there (nothing sent)", nil
}
