package email

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// customerSends plays the customer: a mail to the desk through the SMTP
// server, as any mail client would send it.
func customerSends(t testing.TB, s *opensmtpd, from, subject, msgID, inReplyTo, body string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "From: Ann Example <%s>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\nDate: %s\r\n", from, deskAddr, subject, msgID, time.Now().Format(time.RFC1123Z))
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", inReplyTo, inReplyTo)
	}
	fmt.Fprintf(&b, "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", body)
	if err := smtp.SendMail(fmt.Sprintf("127.0.0.1:%d", s.Port), nil, from, []string{deskAddr}, []byte(b.String())); err != nil {
		t.Fatal(err)
	}
}

func openDesk(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "desk.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func deskCheck(t testing.TB, db *store.DB) {
	t.Helper()
	probs, err := db.Check()
	if err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
}

func readMail(t testing.TB, path string) *mail.Message {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The round trip with real servers: the customer writes to the desk, the
// desk fetches it over IMAP, an agent replies, the reply reaches the
// customer's mailbox through SMTP, the customer answers, and the answer
// lands on the same case.
func TestRoundTripWithRealServers(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	sm := startSMTPD(t, dir)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	src := IMAP{Cfg: dc.imapConfig("Archive"), Addr: deskAddr}
	ctx := context.Background()

	customerSends(t, sm, "ann@example.com", "My kettle leaks", "<k1@example.com>", "", "It leaks since Tuesday.")
	waitMail(t, dir, deskAddr, 1)
	res, err := src.Fetch(ctx, db)
	if err != nil || res.New != 1 || res.Fetched != 1 {
		t.Fatalf("fetch: %s, %v", res, err)
	}
	// Fetching again finds nothing: the mail moved to Archive after the commit.
	if res, err := src.Fetch(ctx, db); err != nil || res.Fetched != 0 {
		t.Fatalf("second fetch: %s, %v", res, err)
	}
	if arch, _ := filepath.Glob(filepath.Join(userMaildir(dir, deskAddr), ".Archive", "*", "*")); len(arch) != 1 {
		t.Fatalf("Archive holds %d mails, want 1", len(arch))
	}
	sums, _ := db.QueueHead([]model.Status{model.StatusNew}, 10)
	if len(sums) != 1 {
		t.Fatalf("queue: %+v", sums)
	}
	c, _ := db.Case(sums[0].ID)
	cu, _ := db.Customer(c.CustomerID)
	if cu.Email != "ann@example.com" || c.Body != "It leaks since Tuesday." {
		t.Fatalf("case %+v customer %+v", c, cu)
	}

	ch := &Channel{Cfg: &config.Mail{Address: deskAddr, Name: "Example Care"}, Transport: SMTP{Cfg: sm.SMTPConfig()}}
	if _, err := db.Act(c.ID, c.Version, "ana", model.SendReply{Draft: model.Draft{From: ch.From(), To: []string{cu.Email},
		Text: "Sorry to hear that.\nA new one is on its way."}}); err != nil {
		t.Fatal(err)
	}
	sent, err := Flush(ctx, db, ch.Transport, time.Now)
	if err != nil || len(sent.Sent) != 1 {
		t.Fatalf("flush: %+v, %v", sent, err)
	}
	got := readMail(t, waitMail(t, dir, "ann@example.com", 1)[0])
	replyID := got.Header.Get("Message-Id")
	if got.Header.Get("In-Reply-To") != "<k1@example.com>" || !strings.Contains(got.Header.Get("Subject"), fmt.Sprintf("[#%d]", c.ID)) ||
		got.Header.Get("Auto-Submitted") != "no" || replyID == "" {
		t.Fatalf("the customer got:\n%v", got.Header)
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox after sending: %+v", out)
	}

	customerSends(t, sm, "ann@example.com", "Re: "+got.Header.Get("Subject"), "<k2@example.com>", replyID, "Thanks! When?")
	waitMail(t, dir, deskAddr, 1)
	res, err = src.Fetch(ctx, db)
	if err != nil || res.Threaded != 1 {
		t.Fatalf("fetch of the answer: %s, %v", res, err)
	}
	conv, _ := db.Conversation(c.ID)
	if len(conv) != 3 || conv[2].Text != "Thanks! When?" || conv[1].Delivery != model.DeliverySent {
		t.Fatalf("conversation: %+v", conv)
	}
	if st, _ := db.Stats(); st.Cases != 1 {
		t.Fatalf("%d cases, want 1", st.Cases)
	}
	deskCheck(t, db)
}
