// Package mailtest runs real mail servers for tests, on 127.0.0.1 with
// throwaway configurations in t.TempDir(), stopped when the test ends:
// OpenSMTPD delivering into Maildirs, and the helpers dovecot's tests in
// internal/email share. Any package's tests and benchmarks may use it
// (the ui's reply benchmark measures a key press to OpenSMTPD's
// acceptance with it). .ci/run installs the servers.
package mailtest

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

	"github.com/caredesk/caredesk/internal/config"
)

// The unprivileged owner of the Maildirs: dovecot will not serve mail as
// root.
const (
	MailUID = 65534 // nobody
	MailGID = 65534
)

// NeedServer skips where the server is not installed, except in CI,
// where .ci/run installs it and a missing one is a failure.
func NeedServer(t testing.TB, bin string) string {
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

// FreePort is a TCP port on 127.0.0.1 nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// WaitPort waits until something listens on port, failing the test
// with the given logs after 15 s.
func WaitPort(t testing.TB, port int, logs ...string) {
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

// MailRoot is a folder the mail servers' unprivileged processes can reach:
// every parent of t.TempDir() is opened for traversal.
func MailRoot(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	root := filepath.Join(dir, "mail")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(root, MailUID, MailGID); err != nil {
		t.Fatal(err)
	}
	return dir
}

// UserMaildir is the Maildir both servers use for addr.
func UserMaildir(dir, addr string) string { return filepath.Join(dir, "mail", addr) }

// LogFile opens name in dir for a server's output, closed when the test
// ends.
func LogFile(t testing.TB, dir, name string) *os.File {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// StopProcess ends a server this test started, and waits for it.
func StopProcess(cmd *exec.Cmd) {
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

type SMTPD struct {
	Dir  string
	Port int
	cmd  *exec.Cmd
	lock *os.File
	// resolv is the resolver configuration OpenSMTPD sees (see NoDNS).
	resolv string
}

// NoDNS is the resolver configuration OpenSMTPD runs with in the tests.
// It looks up every client's name (reverse, then forward-confirmed) with
// its own resolver (asr), which asks DNS before /etc/hosts: on 127.0.0.1
// that sent queries to the machine's resolver and, when it did not
// answer, stalled a session for its 5 s timeout. "lookup file" makes asr
// read /etc/hosts only; the nameserver line keeps anything else (glibc at
// Start-up) on this machine, where nothing answers. The file is mounted
// over /etc/resolv.conf in a mount namespace of the server alone
// (unshare -m), so the machine's own file is untouched.
const NoDNS = "nameserver 127.0.0.1\nlookup file\n"

// smtpdLock serialises OpenSMTPD instances on this machine: its queue
// (/var/spool/smtpd) and control socket are compiled in, so two at once
// would share them.
const smtpdLock = "/tmp/caredesk-test-opensmtpd.lock"

// StartSMTPD runs OpenSMTPD on a free port, delivering mail for
// example.com and desk.test into dir/mail/ADDRESS (Maildirs dovecot
// serves); any other domain is refused with a 5xx.
func StartSMTPD(t testing.TB, dir string) *SMTPD {
	t.Helper()
	return StartSMTPDResolving(t, dir, NoDNS)
}

// StartSMTPDResolving is StartSMTPD with resolv as OpenSMTPD's resolver
// configuration.
func StartSMTPDResolving(t testing.TB, dir, resolv string) *SMTPD {
	t.Helper()
	bin := NeedServer(t, "smtpd")
	s := &SMTPD{Dir: dir, Port: FreePort(t), resolv: resolv}
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
`, dir, s.Port)
	cf := filepath.Join(dir, "smtpd.conf")
	os.WriteFile(cf, []byte(conf), 0o600)
	if out, err := exec.Command(bin, "-n", "-f", cf).CombinedOutput(); err != nil {
		t.Fatalf("smtpd -n: %v\n%s", err, out)
	}
	s.Start(t)
	t.Cleanup(s.Stop)
	return s
}

func (s *SMTPD) Start(t testing.TB) {
	t.Helper()
	bin, conf := NeedServer(t, "smtpd"), filepath.Join(s.Dir, "smtpd.conf")
	s.cmd = exec.Command(bin, "-d", "-f", conf)
	if unshare, err := exec.LookPath("unshare"); err == nil {
		// OpenSMTPD's queue is compiled in (/var/spool/smtpd) and outlives
		// the server: a mail an earlier test's server had not delivered
		// when it stopped was delivered by the next server, into the next
		// test's Maildirs — a customer "got" a reply its desk never wrote
		// (TestKillDuringSend, TestReplyToWithRealServers, under load).
		// Each server gets an empty queue of its own, mounted over the
		// spool in a mount namespace of the server alone (unshare -m), as
		// is its resolver configuration; the machine's own are untouched.
		spool := filepath.Join(s.Dir, "spool")
		if err := os.MkdirAll(spool, 0o711); err != nil {
			t.Fatal(err)
		}
		resolv := "/etc/resolv.conf"
		if s.resolv != "" {
			resolv = filepath.Join(s.Dir, "resolv.conf")
			if err := os.WriteFile(resolv, []byte(s.resolv), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// unshare and sh exec in turn: the process started is smtpd's.
		s.cmd = exec.Command(unshare, "-m", "sh", "-c",
			`mount --bind "$1" /var/spool/smtpd && mount --bind "$2" /etc/resolv.conf && exec "$3" -d -f "$4"`,
			"sh", spool, resolv, bin, conf)
	} else {
		t.Logf("no unshare: OpenSMTPD uses the machine's queue and resolver")
	}
	out := LogFile(t, s.Dir, "smtpd.log")
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	WaitPort(t, s.Port, filepath.Join(s.Dir, "smtpd.log"))
}

func (s *SMTPD) Stop() {
	StopProcess(s.cmd)
	s.cmd = nil
}

// SMTPConfig is the desk's [mail.smtp] for this server.
func (s *SMTPD) SMTPConfig() *config.SMTP {
	return &config.SMTP{Host: "127.0.0.1", Port: s.Port, TLS: config.TLSNone}
}

// WaitMail waits until the Maildir of addr holds n messages in new/ and
// cur/ together, and returns their paths.
func WaitMail(t testing.TB, dir, addr string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var files []string
		for _, sub := range []string{"new", "cur"} {
			m, _ := filepath.Glob(filepath.Join(UserMaildir(dir, addr), sub, "*"))
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
