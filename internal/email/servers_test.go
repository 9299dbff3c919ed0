package email

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/caredesk/caredesk/internal/config"
)

// Real mail servers for the tests: Debian's dovecot-imapd serving Maildirs
// over IMAP and OpenSMTPD delivering into the same Maildirs, each with a
// throwaway configuration in t.TempDir(), on 127.0.0.1 and a free port,
// stopped when the test ends. .ci/run installs both.

const (
	deskAddr = "care@desk.test"
	deskPass = "sekret"
	mailUID  = 65534 // nobody: dovecot will not serve mail as root
	mailGID  = 65534
)

// needServer skips where the server is not installed, except in CI,
// where .ci/run installs it and a missing one is a failure.
func needServer(t testing.TB, bin string) string {
	t.Helper()
	p, err := exec.LookPath(bin)
	if err != nil {
		for _, dir := range []string{"/usr/sbin", "/usr/bin"} {
			if _, serr := os.Stat(filepath.Join(dir, bin)); serr == nil {
				return filepath.Join(dir, bin)
			}
		}
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (.ci/run installs it)", bin)
		}
		t.Skipf("%s is not installed: apt-get install dovecot-imapd opensmtpd", bin)
	}
	return p
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitPort(t testing.TB, port int, logs ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	var b strings.Builder
	for _, l := range logs {
		data, _ := os.ReadFile(l)
		b.Write(data)
	}
	t.Fatalf("nothing listens on 127.0.0.1:%d after 15s:\n%s", port, b.String())
}

// mailRoot is a folder the mail servers' unprivileged processes can reach:
// every parent of t.TempDir() is opened for traversal.
func mailRoot(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	root := filepath.Join(dir, "mail")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(root, mailUID, mailGID); err != nil {
		t.Fatal(err)
	}
	return dir
}

// userMaildir is the Maildir both servers use for addr.
func userMaildir(dir, addr string) string { return filepath.Join(dir, "mail", addr) }

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

func logFile(t testing.TB, dir, name string) *os.File {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// stopProcess ends a server this test started, and waits for it.
func stopProcess(cmd *exec.Cmd) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

type opensmtpd struct {
	dir  string
	port int
	cmd  *exec.Cmd
	lock *os.File
}

// smtpdLock serialises OpenSMTPD instances on this machine: its queue
// (/var/spool/smtpd) and control socket are compiled in, so two at once
// would share them.
const smtpdLock = "/tmp/caredesk-test-opensmtpd.lock"

// startSMTPD runs OpenSMTPD on a free port, delivering mail for
// example.com and desk.test into dir/mail/ADDRESS (Maildirs dovecot
// serves); any other domain is refused with a 5xx.
func startSMTPD(t testing.TB, dir string) *opensmtpd {
	t.Helper()
	bin := needServer(t, "smtpd")
	s := &opensmtpd{dir: dir, port: freePort(t)}
	lock, err := os.OpenFile(smtpdLock, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	s.lock = lock
	t.Cleanup(func() { lock.Close() }) // after stop: cleanups run last-first
	conf := fmt.Sprintf(`table vusers { "@example.com" = "nobody", "@desk.test" = "nobody" }
listen on 127.0.0.1 port %[2]d
action "deliver" maildir "%[1]s/mail/%%{dest.user:lowercase}@%%{dest.domain:lowercase}" virtual <vusers>
match from any for domain "example.com" action "deliver"
match from any for domain "desk.test" action "deliver"
`, dir, s.port)
	cf := filepath.Join(dir, "smtpd.conf")
	os.WriteFile(cf, []byte(conf), 0o600)
	if out, err := exec.Command(bin, "-n", "-f", cf).CombinedOutput(); err != nil {
		t.Fatalf("smtpd -n: %v\n%s", err, out)
	}
	s.start(t)
	t.Cleanup(s.stop)
	return s
}

func (s *opensmtpd) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command(needServer(t, "smtpd"), "-d", "-f", filepath.Join(s.dir, "smtpd.conf"))
	out := logFile(t, s.dir, "smtpd.log")
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitPort(t, s.port, filepath.Join(s.dir, "smtpd.log"))
}

func (s *opensmtpd) stop() {
	stopProcess(s.cmd)
	s.cmd = nil
}

// smtpConfig is the desk's [mail.smtp] for this server.
func (s *opensmtpd) smtpConfig() *config.SMTP {
	return &config.SMTP{Host: "127.0.0.1", Port: s.port, TLS: config.TLSNone}
}

// waitMail waits until the Maildir of addr holds n messages in new/ and
// cur/ together, and returns their paths.
func waitMail(t testing.TB, dir, addr string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var files []string
		for _, sub := range []string{"new", "cur"} {
			m, _ := filepath.Glob(filepath.Join(userMaildir(dir, addr), sub, "*"))
			files = append(files, m...)
		}
		if len(files) >= n {
			return files
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "smtpd.log"))
			t.Fatalf("%s has %d messages after 20s, want %d\n%s", addr, len(files), n, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// deliverRaw hands raw to the SMTP server as from (""= the null sender of
// a bounce) for to.
func deliverRaw(t testing.TB, s *opensmtpd, from, to, raw string) {
	t.Helper()
	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", s.port))
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
