package email

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// The background runner, as the app and caredesk serve run it: a mail
// the customer sends shows up as a case without waiting for the poll
// (IMAP IDLE), a reply an agent queues goes out at once (the store's
// change notice), and the state line says so.
func TestRunnerIdleAndImmediateSend(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	sm := startSMTPD(t, dir)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	cfg := &config.Mail{Address: deskAddr, Name: "Example Care", Poll: config.Duration{Duration: time.Hour},
		IMAP: dc.imapConfig(""), SMTP: sm.SMTPConfig()}
	ch, err := FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	states := make(chan State, 100)
	r := &Runner{Store: db, Channel: ch, OnState: func(s State) {
		select {
		case states <- s:
		default:
		}
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 20 s (the poll is an hour, so IDLE or the change notice must do it)", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("the first fetch", func() bool { return !r.State().LastFetch.IsZero() })
	customerSends(t, sm, "ann@example.com", "Kettle", "<r1@example.com>", "", "It leaks.")
	waitFor("the mail as a case", func() bool { st, _ := db.Stats(); return st.Cases == 1 })
	if line := r.State().Line(time.Now()); !strings.HasPrefix(line, "mail ✓") {
		t.Fatalf("state line %q", line)
	}
	if _, err := db.Act(1, 0, "ana", model.SendReply{Draft: model.Draft{From: ch.From(), To: []string{"ann@example.com"}, Text: "On it."}}); err != nil {
		t.Fatal(err)
	}
	waitFor("the reply sent", func() bool { out, _ := db.Outbox(); return len(out) == 0 })
	waitMail(t, dir, "ann@example.com", 1)
	deskCheck(t, db)
}
