package email

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	if st := r.State(); st.FetchErr != nil || st.SendErr != "" || st.LastFetch.IsZero() {
		t.Fatalf("state %+v", st)
	}
	if _, err := db.Act(1, 0, "ana", model.SendReply{Draft: model.Draft{From: ch.From(), To: []string{"ann@example.com"}, Text: "On it."}}); err != nil {
		t.Fatal(err)
	}
	waitFor("the reply sent", func() bool { out, _ := db.Outbox(); return len(out) == 0 })
	waitMail(t, dir, "ann@example.com", 1)
	deskCheck(t, db)
}

// With intake and no way to send ([mail.maildir], no [mail.smtp] or
// sendmail), replies left in the outbox still count in the state: a
// header that says only "mail ✓" would hide that they wait.
func TestRunnerCountsTheOutboxWithoutSending(t *testing.T) {
	db := openDesk(t)
	md := filepath.Join(t.TempDir(), "INBOX")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	r0 := newCase(t, db, "<w1@example.com>")
	if _, err := db.Act(r0.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
		t.Fatal(err)
	}
	ch, err := FromConfig(&config.Mail{Address: deskAddr, Poll: config.Duration{Duration: time.Hour}, Maildir: &config.Maildir{Path: md}})
	if err != nil || ch.Transport != nil {
		t.Fatalf("channel %+v %v", ch, err)
	}
	r := &Runner{Store: db, Channel: ch}
	until := runRunner(t, r)
	until("the waiting reply counted", func(s State) bool { return s.Queued == 1 && !s.LastFetch.IsZero() })
	r1 := newCase(t, db, "<w2@example.com>")
	if _, err := db.Act(r1.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
		t.Fatal(err)
	}
	until("the second reply counted on the change", func(s State) bool { return s.Queued == 2 })
	if st := r.State(); st.SendErr != "" || st.Failed != 0 || !st.NoSending {
		t.Fatalf("state %+v", st)
	}
}

// A customer's mail over the size limit stays at its source and is refused
// on every fetch: the state says so (for the header and :outbox) for as
// long as it is there, and the log is told once, not on every poll.
func TestRunnerShowsRefusedMail(t *testing.T) {
	db := openDesk(t)
	md := filepath.Join(t.TempDir(), "INBOX")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	big := filepath.Join(md, "new", "big")
	if err := os.WriteFile(big, []byte("From: a@example.com\r\n\r\nhi\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, model.MaxMessageSize+1<<20); err != nil { // sparse: no 26 MB written
		t.Fatal(err)
	}
	ch, err := FromConfig(&config.Mail{Address: deskAddr, Poll: config.Duration{Duration: 20 * time.Millisecond}, Maildir: &config.Maildir{Path: md}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logged []string
	fetches := 0
	r := &Runner{Store: db, Channel: ch, OnError: func(err error) {
		mu.Lock()
		logged = append(logged, err.Error())
		mu.Unlock()
	}, OnState: func(s State) {
		mu.Lock()
		if !s.LastFetch.IsZero() {
			fetches++
		}
		mu.Unlock()
	}}
	until := runRunner(t, r)
	until("the refusal in the state", func(s State) bool { return len(s.Refused) == 1 })
	if st := r.State(); !strings.Contains(st.Refused[0], "big") || !strings.Contains(st.Refused[0], "MB") {
		t.Fatalf("refusal %q names neither the mail nor its size", st.Refused[0])
	}
	mu.Lock()
	start := fetches
	mu.Unlock()
	until("more fetches", func(State) bool { mu.Lock(); defer mu.Unlock(); return fetches > start+3 })
	if st := r.State(); len(st.Refused) != 1 {
		t.Fatalf("a later fetch forgot the refused mail: %+v", st)
	}
	mu.Lock()
	if len(logged) != 1 || !strings.Contains(logged[0], "big") {
		t.Errorf("logged %q, want the refusal once", logged)
	}
	mu.Unlock()
	os.Remove(big) // dealt with: the state clears
	until("the refusal gone", func(s State) bool { return len(s.Refused) == 0 })
}

// runRunner runs r until the test ends; until waits (10 s at most) for
// its state to satisfy ok.
func runRunner(t *testing.T, r *Runner) (until func(what string, ok func(State) bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return func(what string, ok func(State) bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(r.State()); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: state %+v", what, r.State())
			}
		}
	}
}
