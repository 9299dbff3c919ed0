package config

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Mail is the [mail] section: the desk's address and where its mail comes
// from (IMAP or a Maildir) and goes through (SMTP or a sendmail command).
type Mail struct {
	Address   string `toml:"address"` // From of replies; mail from it is a loop
	Name      string `toml:"name"`
	Signature string `toml:"signature"`
	// Poll is how often to fetch when the server offers no IDLE (default 1m).
	Poll Duration `toml:"poll"`

	IMAP     *IMAP    `toml:"imap"`
	Maildir  *Maildir `toml:"maildir"`
	SMTP     *SMTP    `toml:"smtp"`
	Sendmail string   `toml:"sendmail"` // a command line, e.g. "/usr/sbin/sendmail -t"

	// File is the config file the section was read from, for messages
	// that say what to fix where ("check [mail.smtp] in FILE").
	File string `toml:"-"`
}

// IMAP is [mail.imap].
type IMAP struct {
	Host string `toml:"host"`
	Port int    `toml:"port"`
	TLS  string `toml:"tls"` // tls | starttls | none
	User string `toml:"user"`
	Password
	Folder string `toml:"folder"` // default INBOX
	Done   string `toml:"done"`   // folder handled mail moves to; "" only flags it \Seen
}

// Maildir is [mail.maildir].
type Maildir struct {
	Path string `toml:"path"` // the folder holding new/, cur/, tmp/; ~ is the home folder
}

// SMTP is [mail.smtp].
type SMTP struct {
	Host string `toml:"host"`
	Port int    `toml:"port"`
	TLS  string `toml:"tls"` // tls | starttls | none
	User string `toml:"user"`
	Password
}

// Password says where a password comes from; the password itself is
// never in the file. Neither set: no authentication.
type Password struct {
	Cmd string `toml:"password_cmd"` // run with sh -c; its first line is the password
	Env string `toml:"password_env"` // name of an environment variable holding it
}

// Duration is a TOML string like "90s" or "2m".
type Duration struct{ time.Duration }

// UnmarshalText reads a Go duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil || v < 0 {
		return fmt.Errorf("%q is not a duration like \"30s\" or \"2m\"", b)
	}
	d.Duration = v
	return nil
}

// The TLS modes.
const (
	TLSImplicit = "tls"
	TLSStart    = "starttls"
	TLSNone     = "none"
)

// Addr is host:port.
func (m *IMAP) Addr() string { return net.JoinHostPort(m.Host, fmt.Sprint(m.Port)) }

// Addr is host:port.
func (s *SMTP) Addr() string { return net.JoinHostPort(s.Host, fmt.Sprint(s.Port)) }

func (m *Mail) check(c *checker) {
	if m.Address == "" {
		c.failf("address", "missing: the desk's e-mail address, e.g. \"care@example.com\"")
	} else if a, err := mail.ParseAddress(m.Address); err != nil || a.Name != "" || a.Address != m.Address {
		c.failf("address", "%q is not a plain e-mail address like \"care@example.com\"", m.Address)
	}
	if strings.ContainsAny(m.Name, "\r\n") {
		c.failf("name", "must be one line")
	}
	if m.Poll.Duration == 0 {
		m.Poll.Duration = time.Minute
	} else if m.Poll.Duration < time.Second {
		c.failf("poll", "at least \"1s\"")
	}
	switch {
	case m.IMAP != nil && m.Maildir != nil:
		c.failf("maildir", "give either [mail.imap] or [mail.maildir], not both")
	case m.IMAP != nil:
		m.IMAP.check(c.in("imap"))
	case m.Maildir != nil:
		m.Maildir.check(c.in("maildir"))
	}
	switch {
	case m.SMTP != nil && m.Sendmail != "":
		c.failf("sendmail", "give either [mail.smtp] or sendmail, not both")
	case m.SMTP != nil:
		m.SMTP.check(c.in("smtp"))
	case m.Sendmail != "":
		if len(strings.Fields(m.Sendmail)) == 0 {
			c.failf("sendmail", "a command line, e.g. \"/usr/sbin/sendmail -t\"")
		}
	}
}

// Warning is what a [mail] that passes its checks still lacks, one line
// naming the section ("" when nothing): intake with no way to send means
// every reply is logged, never mailed.
func (m *Mail) Warning() string {
	intake, sends := m.IMAP != nil || m.Maildir != nil, m.SMTP != nil || m.Sendmail != ""
	switch {
	case intake && !sends:
		return "[mail] takes mail in but has no [mail.smtp] or sendmail: replies are logged, never sent"
	case !intake && !sends:
		return "[mail] has no [mail.imap] or [mail.maildir] and no [mail.smtp] or sendmail: no mail comes in or goes out"
	}
	return ""
}

// MaildirWarning says that [mail.maildir]'s path is no Maildir (yet): a
// warning, not a refusal, since mbsync or the delivery agent may make it
// after the config is written; nil when it is one or there is none.
func (cfg *Config) MaildirWarning() *Error {
	if cfg.Mail == nil || cfg.Mail.Maildir == nil {
		return nil
	}
	path := cfg.Mail.Maildir.Path
	for _, sub := range []string{"new", "cur"} {
		if fi, err := os.Stat(filepath.Join(path, sub)); err != nil || !fi.IsDir() {
			return &Error{File: cfg.Path, Line: lineOf(cfg.data, "mail.maildir.path"), Key: "mail.maildir.path",
				Msg: fmt.Sprintf("warning: %s is not a Maildir (no %s/ folder): mail fetch fails until it is one", path, sub)}
		}
	}
	return nil
}

func (m *IMAP) check(c *checker) {
	checkServer(c, m.Host, &m.Port, &m.TLS, map[string]int{TLSImplicit: 993, TLSStart: 143, TLSNone: 143})
	m.Password.check(c, m.User)
	if m.Folder == "" {
		m.Folder = "INBOX"
	}
	if m.Done == m.Folder {
		c.failf("done", "must differ from folder %q (or be left out to only mark mail \\Seen)", m.Folder)
	}
}

func (s *SMTP) check(c *checker) {
	checkServer(c, s.Host, &s.Port, &s.TLS, map[string]int{TLSImplicit: 465, TLSStart: 587, TLSNone: 25})
	s.Password.check(c, s.User)
}

func (m *Maildir) check(c *checker) {
	if m.Path == "" {
		c.failf("path", "missing: the Maildir folder (the one holding new/ and cur/)")
		return
	}
	m.Path = expandHome(m.Path)
}

// checkServer checks host, port and tls, filling the port's default.
// Plain text is allowed only to this machine: a password or a customer's
// mail never crosses a network unencrypted.
func checkServer(c *checker, host string, port *int, mode *string, ports map[string]int) {
	if host == "" {
		c.failf("host", "missing: the server's host name")
	}
	if *mode == "" {
		*mode = TLSImplicit
	}
	def, ok := ports[*mode]
	if !ok {
		c.failf("tls", "%q is not one of tls, starttls, none", *mode)
		return
	}
	if *mode == TLSNone && !isLoopback(host) {
		c.failf("tls", "\"none\" is allowed only for 127.0.0.1 or localhost, not %q: use tls or starttls", host)
	}
	if *port == 0 {
		*port = def
	} else if *port < 1 || *port > 65535 {
		c.failf("port", "%d is not a port (1-65535)", *port)
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (p *Password) check(c *checker, user string) {
	if p.Cmd != "" && p.Env != "" {
		c.failf("password_env", "give either password_cmd or password_env, not both")
	}
	if (p.Cmd != "" || p.Env != "") && user == "" {
		c.failf("user", "missing: a password is given but no user to log in as")
	}
}

// Secret returns the password: password_cmd's first line of output, or the
// environment variable. It is read at each use and never kept.
func (p Password) Secret(ctx context.Context) (string, error) {
	switch {
	case p.Cmd != "":
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		var out, errb bytes.Buffer
		cmd := exec.CommandContext(ctx, "sh", "-c", p.Cmd)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			// The command's stderr may say why; its stdout might be the secret.
			return "", fmt.Errorf("password_cmd failed: %v %s", err, firstLine(errb.String()))
		}
		return firstLine(out.String()), nil
	case p.Env != "":
		v, ok := os.LookupEnv(p.Env)
		if !ok {
			return "", fmt.Errorf("password_env: $%s is not set", p.Env)
		}
		return v, nil
	}
	return "", nil
}

// HasSecret reports whether a password is configured.
func (p Password) HasSecret() bool { return p.Cmd != "" || p.Env != "" }

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimRight(s, "\r")
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}
