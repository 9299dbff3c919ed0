package email

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// authSMTP is an SMTP server on 127.0.0.1 that wants a login (go-smtp's
// server: OpenSMTPD offers AUTH only over TLS, with a certificate and a
// credentials table this test setup does not have). It answers a wrong
// password 535 5.7.8, as Postfix and OpenSMTPD do, and keeps what it took.
type authSMTP struct {
	port int
	mu   sync.Mutex
	got  [][]byte
}

func startAuthSMTP(t *testing.T, user, pass string) *authSMTP {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := &authSMTP{port: l.Addr().(*net.TCPAddr).Port}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &authSession{a: a, user: user, pass: pass}, nil
	}))
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(l) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return a
}

func (a *authSMTP) taken() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.got)
}

type authSession struct {
	a          *authSMTP
	user, pass string
	in         bool
}

func (*authSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.user || pass != s.pass {
			return smtp.ErrAuthFailed
		}
		s.in = true
		return nil
	}), nil
}
func (*authSession) Reset()        {}
func (*authSession) Logout() error { return nil }
func (s *authSession) Mail(string, *smtp.MailOptions) error {
	if !s.in {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (*authSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *authSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.a.mu.Lock()
	s.a.got = append(s.a.got, b)
	s.a.mu.Unlock()
	return err
}

// A wrong SMTP password is the desk's config, not the customer's address:
// the reply stays queued (never failed on the case), the outbox says
// whose login was refused and what to fix in which file, the header names
// it, the log tells it once; once the password is right the reply goes,
// once.
func TestSMTPLoginRefusedKeepsTheReplyQueued(t *testing.T) {
	const right, wrong = "smtp-sekret", "not-the-smtp-sekret-7"
	srv := startAuthSMTP(t, deskAddr, right)
	file := filepath.Join(t.TempDir(), "desk.toml")
	os.WriteFile(file, fmt.Appendf(nil, "[mail]\naddress = %q\npoll = \"1h\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = %d\ntls = \"none\"\nuser = %q\npassword_env = \"CAREDESK_TEST_SMTP_PW\"\n",
		deskAddr, srv.port, deskAddr), 0o600)
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := FromConfig(cfg.Mail)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CAREDESK_TEST_SMTP_PW", wrong)
	db := openDesk(t)
	r := newCase(t, db, "<login1@example.com>")
	if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	now := func() time.Time { return clock }
	res, err := Flush(context.Background(), db, ch.Transport, now)
	if err != nil || len(res.Deferred) != 1 || len(res.Failed) != 0 || res.Trouble != "SMTP login refused" {
		t.Fatalf("flush with a wrong password: %+v %v", res, err)
	}
	want := fmt.Sprintf("waiting: SMTP login refused by 127.0.0.1:%d as %s (535 Authentication failed) — check [mail.smtp] in %s", srv.port, deskAddr, file)
	out, _ := db.Outbox()
	if len(out) != 1 || out[0].Delivery != model.DeliveryQueued || out[0].DeliveryNote != want {
		t.Fatalf("outbox: %+v\nwant note %q", out, want)
	}
	if strings.Contains(out[0].DeliveryNote, wrong) || srv.taken() != 0 {
		t.Fatalf("note %q, %d mails taken", out[0].DeliveryNote, srv.taken())
	}

	// The runner: the header names the refusal, the log tells it once.
	var mu sync.Mutex
	var logged []string
	clock = clock.Add(loginRetry)
	at := clock
	run := &Runner{Store: db, Channel: ch, Now: func() time.Time { return at }, OnError: func(err error) {
		mu.Lock()
		logged = append(logged, err.Error())
		mu.Unlock()
	}}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { run.Run(ctx); close(done) }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		s := run.State()
		if s.SendTrouble == "SMTP login refused" && s.SendErr == want && s.Queued == 1 {
			break
		}
		if time.Now().After(deadline) {
			stop()
			<-done
			t.Fatalf("runner state %+v", s)
		}
	}
	stop()
	<-done
	if len(logged) != 1 || !strings.Contains(logged[0], want[len("waiting: "):]) {
		t.Fatalf("logged %q", logged)
	}

	// The password fixed: within loginRetry the reply goes, once.
	t.Setenv("CAREDESK_TEST_SMTP_PW", right)
	clock = clock.Add(loginRetry)
	res, err = Flush(context.Background(), db, ch.Transport, now)
	if err != nil || len(res.Sent) != 1 || res.Trouble != "" {
		t.Fatalf("flush with the right password: %+v %v", res, err)
	}
	clock = clock.Add(time.Hour)
	if res, _ := Flush(context.Background(), db, ch.Transport, now); len(res.Sent)+len(res.Deferred)+len(res.Failed) != 0 || srv.taken() != 1 {
		t.Fatalf("after sending: %+v, %d mails taken", res, srv.taken())
	}
	deskCheck(t, db)
}
