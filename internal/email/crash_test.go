package email

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The kill -9 tests run a fetch or a send in a child process (this test
// binary, with helperEnv set) and kill it at random moments; the next
// run must complete the work with nothing lost and nothing doubled.
const helperEnv = "CAREDESK_EMAIL_TEST_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode))
	}
	os.Exit(m.Run())
}

// runHelper fetches over IMAP or sends the outbox by SMTP, once, against
// the database and ports in the environment.
func runHelper(mode string) int {
	db, err := store.Open(os.Getenv("HELPER_DB"), store.Options{Timeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer db.Close()
	port, _ := strconv.Atoi(os.Getenv("HELPER_PORT"))
	ctx := context.Background()
	switch mode {
	case "fetch":
		cfg := &config.IMAP{Host: "127.0.0.1", Port: port, TLS: config.TLSNone, User: deskAddr,
			Password: config.Password{Env: "CAREDESK_TEST_IMAP_PW"}, Folder: "INBOX", Done: "Archive"}
		_, err = IMAP{Cfg: cfg, Addr: deskAddr}.Fetch(ctx, db)
	case "send":
		if _, err = db.RecoverInterrupted(); err == nil {
			_, err = Flush(ctx, db, SMTP{Cfg: &config.SMTP{Host: "127.0.0.1", Port: port, TLS: config.TLSNone}}, time.Now)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// killDuring starts the helper and kills it with SIGKILL after a random
// delay up to max; it reports whether the helper finished first.
func killDuring(t *testing.T, mode, dbPath string, port int, max time.Duration) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "HELPER_DB="+dbPath, "HELPER_PORT="+strconv.Itoa(port),
		"CAREDESK_TEST_IMAP_PW="+deskPass)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("helper %s: %v", mode, err)
		}
		return true
	case <-time.After(time.Duration(rand.Int64N(int64(max)))):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return false
	}
}

// writeInbox puts n customer mails into the desk's IMAP inbox (as the
// delivery agent would), readable by dovecot.
func writeInbox(t testing.TB, dir string, n int) {
	t.Helper()
	md := userMaildir(dir, deskAddr)
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
		os.Chown(filepath.Join(md, sub), mailUID, mailGID)
	}
	os.Chown(md, mailUID, mailGID)
	for i := range n {
		raw := fmt.Sprintf("From: Customer %d <c%d@example.com>\r\nTo: %s\r\nSubject: Question %d\r\nMessage-ID: <q%d@example.com>\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n\r\nQuestion number %d.\r\n", i, i, deskAddr, i, i, i)
		p := filepath.Join(md, "new", fmt.Sprintf("%d.M%dP1.test", 1700000000+i, i))
		os.WriteFile(p, []byte(raw), 0o600)
		os.Chown(p, mailUID, mailGID)
	}
}

func TestKillDuringFetch(t *testing.T) {
	const n = 1000
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	writeInbox(t, dir, n)
	dbPath := filepath.Join(t.TempDir(), "desk.db")
	kills := 0
	for round := 0; round < 6; round++ {
		if !killDuring(t, "fetch", dbPath, dc.port, 600*time.Millisecond) {
			kills++
		}
	}
	t.Logf("%d of 6 fetches killed mid-way", kills)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := (IMAP{Cfg: dc.imapConfig("Archive"), Addr: deskAddr}).Fetch(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	st, _ := db.Stats()
	if st.Cases != n {
		t.Fatalf("%d cases after the fetches, want %d (one per mail)", st.Cases, n)
	}
	seen := map[string]bool{}
	db.EachSummary(func(s model.Summary) error {
		conv, _ := db.Conversation(s.ID)
		for _, m := range conv {
			if seen[m.MessageID] {
				t.Errorf("%s filed twice", m.MessageID)
			}
			seen[m.MessageID] = true
		}
		return nil
	})
	left, _ := filepath.Glob(filepath.Join(userMaildir(dir, deskAddr), "cur", "*"))
	left2, _ := filepath.Glob(filepath.Join(userMaildir(dir, deskAddr), "new", "*"))
	arch, _ := filepath.Glob(filepath.Join(userMaildir(dir, deskAddr), ".Archive", "*", "*"))
	if len(left)+len(left2) != 0 || len(arch) != n {
		t.Fatalf("INBOX still holds %d, Archive %d, want 0 and %d", len(left)+len(left2), len(arch), n)
	}
	deskCheck(t, db)
}

func TestKillDuringSend(t *testing.T) {
	const n = 60
	dir := mailRoot(t)
	sm := startSMTPD(t, dir)
	dbPath := filepath.Join(t.TempDir(), "desk.db")
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := newCase(t, db, "<kill@example.com>")
	for i := range n {
		d := draftTo("ann@example.com")
		d.Text = fmt.Sprintf("Reply %d", i)
		if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: d}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	kills := 0
	for round := 0; round < 6; round++ {
		if !killDuring(t, "send", dbPath, sm.Port, 800*time.Millisecond) {
			kills++
		}
	}
	t.Logf("%d of 6 sends killed mid-way", kills)
	db, err = store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.RecoverInterrupted(); err != nil {
		t.Fatal(err)
	}
	if _, err := Flush(context.Background(), db, SMTP{Cfg: sm.SMTPConfig()}, time.Now); err != nil {
		t.Fatal(err)
	}
	conv, _ := db.Conversation(r.Case)
	state := map[string]model.Delivery{}
	for _, m := range conv {
		if m.Dir == model.DirOutbound {
			state[m.MessageID] = m.Delivery
		}
	}
	sent, uncertain := 0, 0
	for _, d := range state {
		switch d {
		case model.DeliverySent:
			sent++
		case model.DeliveryFailed:
			uncertain++
		default:
			t.Errorf("a reply is still %s", d)
		}
	}
	// Every sent reply reaches the customer exactly once; an uncertain
	// one at most once; none twice.
	files := waitMail(t, dir, "ann@example.com", sent)
	time.Sleep(500 * time.Millisecond)
	files = waitMail(t, dir, "ann@example.com", sent)
	got := map[string]int{}
	for _, f := range files {
		got[readMail(t, f).Header.Get("Message-Id")]++
	}
	for id, k := range got {
		if k > 1 {
			t.Errorf("%s reached the customer %d times", id, k)
		}
		if _, ok := state[id]; !ok {
			t.Errorf("the customer got %s, which the desk does not know", id)
		}
	}
	for id, d := range state {
		if d == model.DeliverySent && got[id] != 1 {
			t.Errorf("%s is marked sent but reached the customer %d times", id, got[id])
		}
	}
	t.Logf("%d replies: %d sent, %d marked uncertain for an agent to check", n, sent, uncertain)
	deskCheck(t, db)
}
