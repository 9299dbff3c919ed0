package email

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// The tester's repro of a header that said "offline: 0 queued" for a poll
// after mail came in by IMAP IDLE: dovecot on 127.0.0.1, tls none, poll
// 30 s, done = "Archive" as the README's example has it, a failed reply in
// the outbox; while the runner idles, a mail is dropped into the INBOX
// Maildir, then one comes by SMTP. Every state from then on is online.
// (Moving a mail to Archive expunged it, go-imap v1 kept the old message
// count, and the next fetch's FETCH 1,* on the emptied folder was refused.)
func TestIdleArrivalKeepsTheStateOnline(t *testing.T) {
	for _, done := range []string{"Archive", ""} {
		t.Run("done="+done, func(t *testing.T) { idleArrivals(t, done) })
	}
}

func idleArrivals(t *testing.T, done string) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	sm := startSMTPD(t, dir)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	cfg := &config.Mail{Address: deskAddr, Name: "Example Care", Poll: config.Duration{Duration: 30 * time.Second},
		IMAP: dc.imapConfig(done), SMTP: sm.SMTPConfig()}
	ch, err := FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r0 := newCase(t, db, "<f1@example.com>")
	if _, err := db.Act(r0.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
		t.Fatal(err)
	}
	out, _ := db.Outbox()
	if err := db.ReplyFailed(r0.Case, out[0].Seq, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var offline []string
	r := &Runner{Store: db, Channel: ch, OnState: func(s State) {
		if s.FetchErr != nil || s.SendErr != "" {
			mu.Lock()
			offline = append(offline, fmt.Sprintf("fetch: %v, send: %q", s.FetchErr, s.SendErr))
			mu.Unlock()
		}
	}}
	until := runRunner(t, r)
	until("the first fetch", func(s State) bool { return !s.LastFetch.IsZero() })
	time.Sleep(300 * time.Millisecond) // idling
	inbox := filepath.Join(userMaildir(dir, deskAddr), "new")
	raw := fmt.Sprintf("From: Bea <bea@example.com>\r\nTo: %s\r\nSubject: dropped\r\nMessage-ID: <drop@example.com>\r\nDate: %s\r\n\r\nHello.\r\n",
		deskAddr, time.Now().Format(time.RFC1123Z))
	p := filepath.Join(inbox, fmt.Sprintf("%d.drop.host", time.Now().UnixNano()))
	if err := os.WriteFile(p, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chown(p, mailUID, mailGID)
	until("the dropped mail as a case", func(State) bool { st, _ := db.Stats(); return st.Cases == 2 })
	customerSends(t, sm, "ann@example.com", "Kettle", "<r1@example.com>", "", "It leaks.")
	until("the sent mail as a case", func(State) bool { st, _ := db.Stats(); return st.Cases == 3 })
	time.Sleep(1500 * time.Millisecond) // IDLE again after each, and the fetches its own moves cause
	mu.Lock()
	defer mu.Unlock()
	if len(offline) > 0 || r.State().FetchErr != nil {
		t.Fatalf("offline while both servers answer: %q (now %+v)", offline, r.State())
	}
}
