package cli

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpSink is a real SMTP server (go-smtp) on 127.0.0.1 that keeps what it
// accepts. While hold is set, DATA waits until release: a test can see a
// reply queued before the server takes it.
type smtpSink struct {
	addr     string
	mu       sync.Mutex
	mails    []string
	accepted chan string
	hold     chan struct{} // nil: accept at once
}

func startSMTPSink(t testing.TB, hold bool) *smtpSink {
	t.Helper()
	s := &smtpSink{accepted: make(chan string, 100)}
	if hold {
		s.hold = make(chan struct{})
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	t.Cleanup(func() {
		s.release()
		srv.Close()
		<-done
	})
	return s
}

func (s *smtpSink) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
}

func (s *smtpSink) port() string { _, p, _ := net.SplitHostPort(s.addr); return p }

type sinkSession struct{ s *smtpSink }

func (*sinkSession) Reset()                                    {}
func (*sinkSession) Logout() error                             { return nil }
func (*sinkSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (*sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error { return nil }
func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	hold := ss.s.hold
	ss.s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	ss.s.mu.Lock()
	ss.s.mails = append(ss.s.mails, string(b))
	ss.s.mu.Unlock()
	ss.s.accepted <- string(b)
	return nil
}

const customerMail = "From: Jane Doe <jane@example.com>\r\nTo: care@example.com\r\n" +
	"Subject: Charged twice\r\nMessage-ID: <m1@example.com>\r\nDate: Tue, 10 Mar 2026 09:00:00 +0000\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
	"Hello,\r\n\r\nI was charged twice for my kettle.\r\n\r\nOn Mon, Kettle Shop wrote:\r\n> Your order has shipped.\r\n"

// mailDesk writes a config for a desk whose mail comes from a Maildir
// holding one customer's mail and goes to sink; it returns the config
// file.
func mailDesk(t testing.TB, sink *smtpSink) string {
	t.Helper()
	dir := t.TempDir()
	md := filepath.Join(dir, "Maildir")
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.MkdirAll(filepath.Join(md, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(md, "new", "1773133200.1.test"), []byte(customerMail), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	text := fmt.Sprintf(`[mail]
address = "care@example.com"
name = "Example Care"
signature = "— Example Care team"
poll = "1s"
[mail.maildir]
path = %q
[mail.smtp]
host = "127.0.0.1"
port = %s
tls = "none"
`, md, sink.port())
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestEndToEndTmuxReply: the app on a desk with mail takes the customer's
// mail in from the Maildir, the agent opens the case, presses r, writes,
// ctrl+s: the case says queued until the SMTP server accepts the reply,
// then sent; the server got the reply, threaded. At 80×24 and 200×50.
func TestEndToEndTmuxReply(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			sink := startSMTPSink(t, true)
			cfg := mailDesk(t, sink)
			db := filepath.Join(t.TempDir(), "care.db")
			tt := startTerm(t, size[0], size[1], append(appArgv(t, db), "--config", cfg)...)
			tt.waitFor("Charged twice") // the runner took the mail in; the queue shows it live
			tt.waitFor("mail ✓")
			tt.keys("Enter")
			tt.waitFor("<jane@example.com> · Tue 10 Mar") // the customer's mail heading
			tt.keys("r")
			tt.waitFor("Reply to the customer")
			tt.typeText("Hi Jane, the second charge is refunded.")
			tt.waitFor("Hi Jane, the second charge is refunded.")
			tt.keys("C-s")
			s := tt.waitFor("… queued")
			if !strings.Contains(s, "reply · ana → jane@example.com") {
				t.Fatalf("the case does not show the reply:\n%s", s)
			}
			if f := frameOK(s, size[0], size[1]); f != "" {
				t.Fatalf("%s:\n%s", f, s)
			}
			sink.release()
			var got string
			select {
			case got = <-sink.accepted:
			case <-time.After(waitLimit):
				t.Fatal("the SMTP server got no reply")
			}
			tt.waitFor("✓ sent")
			for _, want := range []string{"Subject: Re: Charged twice [#1]", "In-Reply-To: <m1@example.com>",
				"Auto-Submitted: no", "Hi Jane, the second charge is refunded.", "> I was charged twice"} {
				if !strings.Contains(got, want) {
					t.Errorf("the mail sent lacks %q:\n%s", want, got)
				}
			}
			tt.keys("q")
			tt.exited(0)
		})
	}
}
