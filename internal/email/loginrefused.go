package email

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
)

// A refused login is not an outage: the server answered, and no retry
// helps until someone fixes the user or password in the config. A mail
// client says so by name ("login to imap.example.com failed"), so the
// header does too instead of "offline".

// LoginRefused is a mail server's refusal of the desk's login.
type LoginRefused struct {
	Protocol string // "IMAP"
	Server   string // host:port
	User     string
	// Reply is the server's own words, one line ("[AUTHENTICATIONFAILED]
	// Authentication failed."). The password is never part of it: only
	// the server's answer is kept, not the command that carried it.
	Reply string
	// File is the config file to fix, "" when not known.
	File string
}

// Waiting is why replies wait on the refusal, and what to fix where:
// "SMTP login refused by HOST:PORT as USER (535 5.7.8 …) — check
// [mail.smtp] in FILE".
func (e *LoginRefused) Waiting() string {
	file := e.File
	if file == "" {
		file = "the config file"
	}
	return fmt.Sprintf("%s login refused by %s as %s (%s) — check [mail.%s] in %s",
		e.Protocol, e.Server, e.User, e.Reply, strings.ToLower(e.Protocol), file)
}

func (e *LoginRefused) Error() string {
	return fmt.Sprintf("%s server %s refused the login as %s: %s — check the user and password in [mail.%s]",
		e.Protocol, e.Server, e.User, e.Reply, strings.ToLower(e.Protocol))
}

// Trouble is what stops the mail in a few words, for a header: "IMAP
// login refused"; "" for any other failure (a network that does not
// answer: offline) or none.
func Trouble(err error) string {
	var lr *LoginRefused
	if errors.As(err, &lr) {
		return lr.Protocol + " login refused"
	}
	return ""
}

// answered tells a server's NO to a command from a connection that broke
// under it: go-imap v1 returns the server's words as a plain error, and
// the network's failures as net or io errors, or as its own "connection
// closed" once its reader has stopped.
func answered(err error) bool {
	var ne net.Error
	return !errors.As(err, &ne) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) &&
		!errors.Is(err, net.ErrClosed) && err.Error() != "imap: connection closed"
}
