package config

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const full = `# the desk
[mail]
address   = "care@example.com"
name      = "Example Care"
signature = "— Example Care team"

[mail.imap]
host = "imap.example.com"
port = 993
tls = "tls"
user = "care@example.com"
password_cmd = "echo s3cret; echo second-line"
folder = "INBOX"
done = "Archive"

[mail.smtp]
host = "smtp.example.com"
tls = "starttls"
user = "care@example.com"
password_env = "CAREDESK_TEST_SMTP_PW"
`

func TestParseFull(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Mail
	if m.Address != "care@example.com" || m.IMAP.Addr() != "imap.example.com:993" || m.IMAP.Done != "Archive" {
		t.Fatalf("mail = %+v imap = %+v", m, m.IMAP)
	}
	if m.SMTP.Port != 587 {
		t.Errorf("smtp starttls default port = %d, want 587", m.SMTP.Port)
	}
	if m.Poll.Duration != time.Minute {
		t.Errorf("poll default = %v", m.Poll)
	}
	pw, err := m.IMAP.Secret(context.Background())
	if err != nil || pw != "s3cret" {
		t.Errorf("imap secret = %q, %v", pw, err)
	}
	t.Setenv("CAREDESK_TEST_SMTP_PW", "from-env")
	if pw, err := m.SMTP.Secret(context.Background()); err != nil || pw != "from-env" {
		t.Errorf("smtp secret = %q, %v", pw, err)
	}
}

func TestParseMaildirSendmail(t *testing.T) {
	home, _ := os.UserHomeDir()
	cfg, err := Parse("c.toml", []byte("[mail]\naddress = \"a@b.c\"\nsendmail = \"/usr/sbin/sendmail -t\"\n[mail.maildir]\npath = \"~/Mail/care\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mail.Maildir.Path != filepath.Join(home, "Mail/care") || cfg.Mail.Sendmail == "" {
		t.Fatalf("%+v", cfg.Mail)
	}
}

// Every mistake is one line naming the file, the line, the key and what
// is expected.
// A [mail] that parses but cannot do its whole job says what it lacks.
func TestMailWarning(t *testing.T) {
	for in, want := range map[string]string{
		"[mail]\naddress = \"a@b.c\"\nsendmail = \"/usr/sbin/sendmail -t\"\n[mail.maildir]\npath = \"/m\"\n": "",
		"[mail]\naddress = \"a@b.c\"\n[mail.maildir]\npath = \"/m\"\n":                                       "takes mail in but has no [mail.smtp] or sendmail",
		"[mail]\naddress = \"a@b.c\"\n":                                       "no mail comes in or goes out",
		"[mail]\naddress = \"a@b.c\"\nsendmail = \"/usr/sbin/sendmail -t\"\n": "",
	} {
		cfg, err := Parse("c.toml", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Mail.Warning(); (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: warning %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", "[mail]\naddress = \"a@b.c\"\nadress = \"x\"\n", "c.toml:3: mail.adress: unknown key"},
		{"unknown section", "[mail]\naddress = \"a@b.c\"\n[mail.pop3]\nhost = \"x\"\n", "c.toml:3: mail.pop3: unknown key"},
		{"bad type", "[mail]\naddress = \"a@b.c\"\n[mail.imap]\nhost = \"h\"\nport = \"993\"\n", "c.toml:5: mail.imap.port: expected an integer (a port number), got a string"},
		{"address not a string", "[mail]\naddress = 5\n", "c.toml:2: mail.address: expected a string (the desk's e-mail address), got an integer"},
		{"table for a string", "[mail]\naddress = \"a@b.c\"\nname = [1]\n", "c.toml:3: mail.name: expected a string (the name the desk signs with), got a list"},
		{"syntax", "[mail\naddress = 1\n", "c.toml:2: "},
		{"value for a section", "mail = \"care@desk.test\"\n", "c.toml:1: mail: expected a table (the [mail] section), got a string"},
		{"value for a subsection", "[mail]\naddress = \"a@b.c\"\nsmtp = \"localhost\"\n", "c.toml:3: mail.smtp: expected a table (the [mail.smtp] section), got a string"},
		{"missing address", "[mail]\nname = \"x\"\n", "c.toml: mail.address: missing"},
		{"bad address", "[mail]\naddress = \"Care <a@b.c>\"\n", "c.toml:2: mail.address: \"Care <a@b.c>\" is not a plain e-mail address"},
		{"tls none remote", "[mail]\naddress = \"a@b.c\"\n[mail.smtp]\nhost = \"smtp.example.com\"\ntls = \"none\"\n", "c.toml:5: mail.smtp.tls: \"none\" is allowed only for 127.0.0.1 or localhost"},
		{"tls unknown", "[mail]\naddress = \"a@b.c\"\n[mail.imap]\nhost = \"h\"\ntls = \"ssl\"\n", "c.toml:5: mail.imap.tls: \"ssl\" is not one of tls, starttls, none"},
		{"bad port", "[mail]\naddress = \"a@b.c\"\n[mail.imap]\nhost = \"h\"\nport = 70000\n", "c.toml:5: mail.imap.port: 70000 is not a port"},
		{"both intakes", "[mail]\naddress = \"a@b.c\"\n[mail.imap]\nhost = \"h\"\n[mail.maildir]\npath = \"/x\"\n", "c.toml:5: mail.maildir: give either"},
		{"both passwords", "[mail]\naddress = \"a@b.c\"\n[mail.smtp]\nhost = \"h\"\nuser = \"u\"\npassword_cmd = \"x\"\npassword_env = \"Y\"\n", "c.toml:7: mail.smtp.password_env: give either"},
		{"password no user", "[mail]\naddress = \"a@b.c\"\n[mail.smtp]\nhost = \"h\"\npassword_env = \"Y\"\n", "c.toml: mail.smtp.user: missing"},
		{"bad duration", "[mail]\naddress = \"a@b.c\"\npoll = \"soon\"\n", "c.toml:3: mail.poll: "},
		{"password in file", "[mail]\naddress = \"a@b.c\"\n[mail.imap]\nhost = \"h\"\npassword = \"hunter2\"\n", "c.toml:5: mail.imap.password: unknown key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tc.text))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			msg := "config " + strings.TrimPrefix(err.Error(), "config ")
			if !strings.HasPrefix(msg, "config "+tc.want) {
				t.Errorf("error = %q, want prefix %q", msg, "config "+tc.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is more than one line: %q", msg)
			}
			if strings.Contains(msg, "hunter2") {
				t.Errorf("error shows the password: %q", msg)
			}
		})
	}
}

func TestLoadPaths(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("CAREDESK_CONFIG", "")
	// No file at the default place: nothing configured.
	cfg, err := Load("")
	if err != nil || cfg.Mail != nil {
		t.Fatalf("missing default: %+v %v", cfg, err)
	}
	def := filepath.Join(dir, "caredesk", "config.toml")
	os.MkdirAll(filepath.Dir(def), 0o700)
	os.WriteFile(def, []byte("[mail]\naddress = \"default@x.y\"\n"), 0o600)
	if cfg, err := Load(""); err != nil || cfg.Mail.Address != "default@x.y" || cfg.Path != def {
		t.Fatalf("default: %+v %v", cfg, err)
	}
	env := filepath.Join(dir, "env.toml")
	os.WriteFile(env, []byte("[mail]\naddress = \"env@x.y\"\n"), 0o600)
	t.Setenv("CAREDESK_CONFIG", env)
	if cfg, err := Load(""); err != nil || cfg.Mail.Address != "env@x.y" {
		t.Fatalf("env: %+v %v", cfg, err)
	}
	flag := filepath.Join(dir, "flag.toml")
	os.WriteFile(flag, []byte("[mail]\naddress = \"flag@x.y\"\n"), 0o600)
	if cfg, err := Load(flag); err != nil || cfg.Mail.Address != "flag@x.y" {
		t.Fatalf("flag: %+v %v", cfg, err)
	}
	// A file named explicitly must exist.
	if _, err := Load(filepath.Join(dir, "nope.toml")); err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Errorf("missing --config file: %v", err)
	}
	t.Setenv("CAREDESK_CONFIG", filepath.Join(dir, "gone.toml"))
	if _, err := Load(""); err == nil {
		t.Errorf("missing $CAREDESK_CONFIG file accepted")
	}
}

func TestSecretCommandFails(t *testing.T) {
	p := Password{Cmd: "echo the-secret; exit 3"}
	_, err := p.Secret(context.Background())
	if err == nil || strings.Contains(err.Error(), "the-secret") {
		t.Fatalf("err = %v", err)
	}
}
