package ui

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/mailtest"
	"github.com/caredesk/caredesk/model"
)

// The reply figure against a real MTA: from the agent's ctrl+s to
// OpenSMTPD on 127.0.0.1 accepting the mail (its 250 to the data), the
// whole way an agent's reply goes — committed to the outbox, the runner
// woken by the change notice, the mail composed, a connection opened and
// the SMTP transaction run. The anchor, in the same run
// (go test -run '^$' -bench 'Reply.*OpenSMTPD' -benchtime 100x ./ui/),
// is one bare SMTP transaction of the same mail to the same server.
// OpenSMTPD asks no DNS here (mailtest.NoDNS). Target: p95 under 200 ms.

// acceptedTransport signals each mail the server accepted: Send returns
// once the server answered the data with its 250.
type acceptedTransport struct {
	email.Transport
	accepted chan time.Time
}

func (a acceptedTransport) Send(ctx context.Context, from string, to []string, raw []byte, handing func() error) (string, error) {
	ok, err := a.Transport.Send(ctx, from, to, raw, handing)
	if err == nil {
		a.accepted <- time.Now()
	}
	return ok, err
}

// reportPercentiles reports the median, 95th percentile and worst of took.
func reportPercentiles(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[len(took)*95/100]), "p95-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
}

func BenchmarkReplyKeyToOpenSMTPD(b *testing.B) {
	dir := mailtest.MailRoot(b)
	sm := mailtest.StartSMTPD(b, dir)
	db, id := mailDB(b)
	e := cpEnv(db)
	e.now, e.mail = func() time.Time { return mailNow }, deskMail
	h := &cpHarness{p: newCasePane(e)} // no *testing.T: the loop checks itself
	h.p.SetSize(100, 34)
	h.send(openCaseMsg{id: id})
	cfg := &config.Mail{Address: deskMail.Address, Name: deskMail.Name, Poll: config.Duration{Duration: time.Hour}, SMTP: sm.SMTPConfig()}
	ch, err := email.FromConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	accepted := make(chan time.Time, 16)
	ch.Transport = acceptedTransport{Transport: ch.Transport, accepted: accepted}
	ctx, cancel := context.WithCancel(context.Background())
	runner := &email.Runner{Store: db, Channel: ch}
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		runner.Run(ctx)
	}()
	defer func() { cancel(); <-ran }()
	time.Sleep(50 * time.Millisecond) // the runner subscribes before the first reply
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h.keys("r", "Hi Jane, the second charge is refunded.")
		b.StartTimer()
		start := time.Now()
		h.keys("ctrl+s") // commits the reply, as the program's command would
		at := <-accepted
		b.StopTimer()
		took = append(took, at.Sub(start))
		if h.p.Capturing() {
			b.Fatalf("the reply was not queued: %s", h.view())
		}
		awaitSent(h, db, id) // untimed
		b.StartTimer()
	}
	b.StopTimer()
	reportPercentiles(b, took)
	mailtest.WaitMail(b, dir, "jane@example.com", b.N) // delivered before the folder goes
}

// BenchmarkReplyAnchorOpenSMTPD is the anchor: one bare SMTP transaction
// (connect, MAIL, RCPT, DATA, 250) of a composed reply to the same server.
func BenchmarkReplyAnchorOpenSMTPD(b *testing.B) {
	dir := mailtest.MailRoot(b)
	sm := mailtest.StartSMTPD(b, dir)
	raw, err := email.Compose(model.Message{From: deskMail.from(), To: []string{"jane@example.com"},
		Subject: "Re: Charged twice [#1]", MessageID: "<caredesk.1.2.x@example.com>", At: mailNow,
		Text: "Hi Jane, the second charge is refunded."})
	if err != nil {
		b.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sm.Port)
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		c, err := smtp.Dial(addr) // plain, as the desk's runner talks to 127.0.0.1 (tls = "none")
		if err != nil {
			b.Fatal(err)
		}
		if err := c.SendMail(deskMail.Address, []string{"jane@example.com"}, bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		c.Quit()
	}
	b.StopTimer()
	reportPercentiles(b, took)
	mailtest.WaitMail(b, dir, "jane@example.com", b.N)
}
