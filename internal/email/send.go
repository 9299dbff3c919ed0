package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/caredesk/caredesk/internal/config"
)

// Transport hands one composed mail to a server. handing is called once
// the server has accepted sender and recipients, right before the data
// goes: the outbox commits "sending" there, so an interruption after it is
// known to be uncertain and one before it is known to be harmless.
type Transport interface {
	Send(ctx context.Context, from string, to []string, raw []byte, handing func() error) (accepted string, err error)
}

// SendError is a failure to hand a mail over. Permanent ones (a 5xx, a
// sendmail that says no) are shown on the case; the others are retried.
type SendError struct {
	Permanent bool
	// Answered: the server (or sendmail) said no. A failure without an
	// answer after the data went is uncertain: the mail may have gone.
	Answered bool
	Msg      string
	// Login is set when the server refused the desk's login: the
	// config is wrong, not the customer's address, so the reply waits.
	Login *LoginRefused
}

func (e *SendError) Error() string { return e.Msg }

// Unwrap gives the refused login, so Trouble names it.
func (e *SendError) Unwrap() error {
	if e.Login == nil {
		return nil
	}
	return e.Login
}

func temporary(format string, args ...any) error {
	return &SendError{Msg: fmt.Sprintf(format, args...)}
}

// smtpFailure classifies an error from the SMTP client.
func smtpFailure(stage string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		msg := fmt.Sprintf("%s: %d %s", stage, se.Code, oneLine(se.Message))
		return &SendError{Permanent: se.Code >= 500, Answered: true, Msg: msg}
	}
	var sendErr *SendError
	if errors.As(err, &sendErr) {
		return err
	}
	return temporary("%s: %v", stage, err)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// SMTP sends through an SMTP server (go-smtp's client): implicit TLS,
// STARTTLS or plain (loopback only, the config insists), with AUTH PLAIN
// when a user is set.
type SMTP struct {
	Cfg *config.SMTP
	TLS *tls.Config // nil: verify the server's certificate for Cfg.Host
	// File is the config file, named when the server refuses the login.
	File string
}

// session opens a logged-in connection that ctx's end closes; done ends
// it (Send and the status check share it).
func (s SMTP) session(ctx context.Context) (*smtp.Client, func(), error) {
	c, err := s.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	return c, func() { stop(); c.Close() }, nil
}

// Send implements Transport.
func (s SMTP) Send(ctx context.Context, from string, to []string, raw []byte, handing func() error) (string, error) {
	c, done, err := s.session(ctx)
	if err != nil {
		return "", err
	}
	defer done()
	if err := c.Mail(from, nil); err != nil {
		return "", smtpFailure("MAIL FROM", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return "", smtpFailure("RCPT TO "+rcpt, err)
		}
	}
	if err := handing(); err != nil {
		c.Reset()
		return "", err
	}
	w, err := c.Data()
	if err != nil {
		return "", smtpFailure("DATA", err)
	}
	if _, err := w.Write(raw); err != nil {
		return "", smtpFailure("DATA", err)
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		return "", smtpFailure("DATA", err)
	}
	c.Quit()
	return "250 " + oneLine(resp.StatusText), nil
}

// open dials, secures and logs in (with a user set); the caller closes
// the client. ctx ending closes it.
func (s SMTP) open(ctx context.Context) (*smtp.Client, error) {
	cfg := s.Cfg
	tc := s.TLS
	if tc == nil {
		tc = &tls.Config{ServerName: cfg.Host}
	}
	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr())
	if err != nil {
		return nil, temporary("connect to %s: %v", cfg.Addr(), err)
	}
	if cfg.TLS == config.TLSImplicit {
		conn = tls.Client(conn, tc)
	}
	var c *smtp.Client
	if cfg.TLS == config.TLSStart {
		c, err = smtp.NewClientStartTLS(conn, tc)
		if err != nil {
			conn.Close()
			return nil, smtpFailure("starttls", err)
		}
	} else {
		c = smtp.NewClient(conn)
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := s.login(ctx, c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// login authenticates as the configured user (none: nothing to do).
func (s SMTP) login(ctx context.Context, c *smtp.Client) error {
	cfg := s.Cfg
	if cfg.User == "" {
		return nil
	}
	pw, err := cfg.Secret(ctx)
	if err != nil {
		return temporary("%v", err)
	}
	if err := c.Auth(sasl.NewPlainClient("", cfg.User, pw)); err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) && se.Code >= 500 {
			// A 535 (or any no to the login) is the desk's config, not
			// the customer's address: the reply must not fail.
			lr := &LoginRefused{Protocol: "SMTP", Server: cfg.Addr(), User: cfg.User, File: s.File,
				Reply: oneLine(fmt.Sprintf("%d %s", se.Code, se.Message))}
			return &SendError{Answered: true, Msg: lr.Waiting(), Login: lr}
		}
		return smtpFailure("login as "+cfg.User, err)
	}
	return nil
}

// Sendmail pipes the mail into a sendmail-compatible command (e.g.
// "/usr/sbin/sendmail -t"). Its words come from the config file, never
// from a customer; the recipients are added after "--" unless the command
// reads them from the headers (-t).
type Sendmail struct {
	Command string
}

// exTempFail is sendmail's "try again later" exit status (sysexits.h).
const exTempFail = 75

// Send implements Transport.
func (s Sendmail) Send(ctx context.Context, from string, to []string, raw []byte, handing func() error) (string, error) {
	args := strings.Fields(s.Command)
	if len(args) == 0 {
		return "", &SendError{Permanent: true, Msg: "sendmail: no command configured"}
	}
	if !hasArg(args, "-t") {
		args = append(append(args, "--"), to...)
	}
	if err := handing(); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = bytes.NewReader(raw)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return "accepted by " + args[0], nil
	case errors.As(err, &ee) && ee.ExitCode() == exTempFail:
		return "", &SendError{Answered: true, Msg: fmt.Sprintf("%s: try again later: %s", args[0], oneLine(errb.String()))}
	case errors.As(err, &ee):
		return "", &SendError{Permanent: true, Answered: true, Msg: fmt.Sprintf("%s exited %d: %s", args[0], ee.ExitCode(), oneLine(errb.String()))}
	}
	return "", temporary("%s: %v", args[0], err)
}

func hasArg(args []string, a string) bool {
	for _, x := range args[1:] {
		if x == a {
			return true
		}
	}
	return false
}
