package ui

import (
	"bytes"
	"context"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/emersion/go-smtp"
)

// The reply figure: from the agent's ctrl+s in the composer to a real SMTP
// server on 127.0.0.1 (go-smtp) accepting the mail — the reply committed
// to the outbox (SendReply), the mail runner woken by the store's change
// notice, the mail composed and handed over. Its anchor, in the same run,
// is one bare SMTP transaction of the same mail to the same server: what
// any client pays. Target: under 200 ms.

// benchSink accepts every mail and signals each one.
type benchSink struct{ accepted chan struct{} }

type benchSession struct{ s *benchSink }

func (*benchSession) Reset()                               {}
func (*benchSession) Logout() error                        { return nil }
func (*benchSession) Mail(string, *smtp.MailOptions) error { return nil }
func (*benchSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss *benchSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	ss.s.accepted <- struct{}{}
	return nil
}

func startBenchSink(b *testing.B) (*benchSink, string) {
	b.Helper()
	s := &benchSink{accepted: make(chan struct{}, 16)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &benchSession{s: s}, nil }))
	srv.Domain = "localhost"
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	b.Cleanup(func() {
		srv.Close()
		<-done
	})
	return s, l.Addr().String()
}

func BenchmarkReplyKeyToSMTP(b *testing.B) {
	sink, addr := startBenchSink(b)
	db, id := mailDB(b)
	e := cpEnv(db)
	e.now, e.mail = func() time.Time { return mailNow }, deskMail
	h := &cpHarness{p: newCasePane(e)} // no *testing.T: the loop checks itself
	h.p.SetSize(100, 34)
	h.send(openCaseMsg{id: id})
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	cfg := &config.Mail{Address: deskMail.Address, Name: deskMail.Name, Poll: config.Duration{Duration: time.Hour},
		SMTP: &config.SMTP{Host: host, Port: p, TLS: config.TLSNone}}
	ch, err := email.FromConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runner := &email.Runner{Store: db, Channel: ch}
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		runner.Run(ctx)
	}()
	defer func() { cancel(); <-ran }()
	time.Sleep(50 * time.Millisecond) // the runner subscribes before the first reply
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h.keys("r", "Hi Jane, the second charge is refunded.")
		b.StartTimer()
		h.keys("ctrl+s") // commits the reply, as the program's command would
		<-sink.accepted
		b.StopTimer()
		if h.p.Capturing() {
			b.Fatalf("the reply was not queued: %s", h.view())
		}
		awaitSent(h, db, id) // untimed
		b.StartTimer()
	}
}

// BenchmarkReplyAnchorSMTP is the anchor: one SMTP transaction of a
// composed reply to the same kind of server.
// awaitSent waits for the runner to record the reply sent, then lets the
// pane see the case's new version, as its change notice would.
func awaitSent(h *cpHarness, db *store.DB, id model.CaseID) {
	for {
		out, _ := db.Outbox()
		if len(out) == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	c, _ := db.Case(id)
	h.send(changeMsg{Cases: []model.Summary{c.Summary()}, Author: "mail"})
}

func BenchmarkReplyAnchorSMTP(b *testing.B) {
	sink, addr := startBenchSink(b)
	raw, err := email.Compose(model.Message{From: deskMail.from(), To: []string{"jane@example.com"},
		Subject: "Re: Charged twice [#1]", MessageID: "<caredesk.1.2.x@example.com>", At: mailNow,
		Text: "Hi Jane, the second charge is refunded."})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := smtp.Dial(addr) // plain, as the desk's runner talks to 127.0.0.1 (tls = "none")
		if err != nil {
			b.Fatal(err)
		}
		if err := c.SendMail(deskMail.Address, []string{"jane@example.com"}, bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
		<-sink.accepted
		c.Quit()
	}
}
