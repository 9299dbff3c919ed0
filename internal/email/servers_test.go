package email

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/mailtest"
)

// Real mail servers for the tests: Debian's dovecot-imapd serving Maildirs
// over IMAP and OpenSMTPD delivering into the same Maildirs, each with a
// throwaway configuration in t.TempDir(), on 127.0.0.1 and a free port,
// stopped when the test ends. .ci/run installs both.

const (
	deskAddr = "care@desk.test"
	deskPass = "sekret"
	mailUID  = mailtest.MailUID
	mailGID  = mailtest.MailGID
)

// The shared helpers and OpenSMTPD live in internal/mailtest, so other
// packages' tests reach the same servers; these names keep this package's
// tests short.
type opensmtpd = mailtest.SMTPD

var (
	needServer  = mailtest.NeedServer
	freePort    = mailtest.FreePort
	waitPort    = mailtest.WaitPort
	mailRoot    = mailtest.MailRoot
	userMaildir = mailtest.UserMaildir
	logFile     = mailtest.LogFile
	stopProcess = mailtest.StopProcess
	waitMail    = mailtest.WaitMail
	startSMTPD  = mailtest.StartSMTPD
)

type dovecot struct {
	dir  string
	port int
	cmd  *exec.Cmd
}

// startDovecot serves the Maildirs under dir/mail over IMAP, the desk's
// login being deskAddr/deskPass, with an Archive folder.
func startDovecot(t testing.TB, dir string) *dovecot {
	t.Helper()
	bin := needServer(t, "dovecot")
	d := &dovecot{dir: dir, port: freePort(t)}
	for _, sub := range []string{"run", "state"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "passwd"), []byte(deskAddr+":{PLAIN}"+deskPass+"\n"), 0o644) // a throwaway test password
	conf := fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:%[1]s/mail/%%u
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = 1
imap_idle_notify_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[3]d gid=%[4]d home=%[1]s/mail/%%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[2]d
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
namespace inbox {
  inbox = yes
  mailbox Archive {
    auto = create
  }
}
`, dir, d.port, mailUID, mailGID)
	cf := filepath.Join(dir, "dovecot.conf")
	os.WriteFile(cf, []byte(conf), 0o644)
	d.cmd = exec.Command(bin, "-F", "-c", cf)
	d.cmd.Stdout, d.cmd.Stderr = logFile(t, dir, "dovecot.out"), logFile(t, dir, "dovecot.out")
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopProcess(d.cmd)
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
			t.Logf("dovecot.log:\n%s", log)
		}
	})
	waitPort(t, d.port, filepath.Join(dir, "dovecot.log"), filepath.Join(dir, "dovecot.out"))
	return d
}

// imapConfig is the desk's [mail.imap] for this server.
func (d *dovecot) imapConfig(done string) *config.IMAP {
	return &config.IMAP{Host: "127.0.0.1", Port: d.port, TLS: config.TLSNone, User: deskAddr,
		Password: config.Password{Env: "CAREDESK_TEST_IMAP_PW"}, Folder: "INBOX", Done: done}
}

// deliverRaw hands raw to the SMTP server as from (""= the null sender of
// a bounce) for to.
func deliverRaw(t testing.TB, s *opensmtpd, from, to, raw string) {
	t.Helper()
	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", s.Port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail(from, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt(to, nil); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c.Quit()
}
