package email

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// newCase gives the desk one case from ann@example.com, filed straight
// into the store.
func newCase(t testing.TB, db interface {
	Receive(model.Inbound) (model.Received, error)
}, id string) model.Received {
	t.Helper()
	raw := fmt.Sprintf("From: Ann <ann@example.com>\r\nTo: %s\r\nSubject: Help\r\nMessage-ID: %s\r\n\r\nplease\r\n", deskAddr, id)
	in, err := Parse([]byte(raw), deskAddr)
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.Receive(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func draftTo(to ...string) model.Draft {
	return model.Draft{From: `"Example Care" <care@desk.test>`, To: to, Text: "We are on it."}
}

// Offline: the SMTP server is down, the reply waits in the outbox and the
// case says queued; the server comes back and the reply goes, once.
func TestOfflineThenOnline(t *testing.T) {
	dir := mailRoot(t)
	sm := startSMTPD(t, dir)
	db := openDesk(t)
	r := newCase(t, db, "<off1@example.com>")
	sm.Stop()
	if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	now := func() time.Time { return clock }
	tr := SMTP{Cfg: sm.SMTPConfig()}
	res, err := Flush(context.Background(), db, tr, now)
	if err != nil || len(res.Deferred) != 1 || len(res.Sent) != 0 {
		t.Fatalf("offline flush: %+v %v", res, err)
	}
	out, _ := db.Outbox()
	if len(out) != 1 || out[0].Delivery != model.DeliveryQueued || !strings.Contains(out[0].DeliveryNote, "connect") {
		t.Fatalf("outbox while offline: %+v", out)
	}
	// Not due yet: a flush right away tries nothing.
	if res, _ := Flush(context.Background(), db, tr, now); len(res.Sent)+len(res.Deferred) != 0 {
		t.Fatalf("a deferred reply was retried at once: %+v", res)
	}
	sm.Start(t)
	clock = clock.Add(2 * time.Minute)
	res, err = Flush(context.Background(), db, tr, now)
	if err != nil || len(res.Sent) != 1 {
		t.Fatalf("online flush: %+v %v", res, err)
	}
	res, _ = Flush(context.Background(), db, tr, func() time.Time { return clock.Add(time.Hour) })
	if len(res.Sent) != 0 {
		t.Fatalf("sent again: %+v", res)
	}
	if got := waitMail(t, dir, "ann@example.com", 1); len(got) != 1 {
		t.Fatalf("the customer got %d mails", len(got))
	}
	time.Sleep(300 * time.Millisecond) // a second delivery would show by now
	if got := waitMail(t, dir, "ann@example.com", 1); len(got) != 1 {
		t.Fatalf("the customer got %d mails", len(got))
	}
	deskCheck(t, db)
}

// A 5xx from the server is shown on the case and in the outbox, and not
// retried; ResendReply puts it back.
func TestServer5xxShownOnTheCase(t *testing.T) {
	dir := mailRoot(t)
	sm := startSMTPD(t, dir)
	db := openDesk(t)
	r := newCase(t, db, "<fail1@example.com>")
	if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: draftTo("someone@elsewhere.invalid")}); err != nil {
		t.Fatal(err)
	}
	res, err := Flush(context.Background(), db, SMTP{Cfg: sm.SMTPConfig()}, time.Now)
	if err != nil || len(res.Failed) != 1 {
		t.Fatalf("flush: %+v %v", res, err)
	}
	conv, _ := db.Conversation(r.Case)
	reply := conv[len(conv)-1]
	if reply.Delivery != model.DeliveryFailed || !strings.Contains(reply.DeliveryNote, "550") {
		t.Fatalf("reply: %s %q", reply.Delivery, reply.DeliveryNote)
	}
	evs, _ := db.Events(r.Case)
	if last := evs[len(evs)-1]; last.Kind != model.EventDelivery || !strings.Contains(last.To, "failed: RCPT TO someone@elsewhere.invalid: 550") {
		t.Fatalf("last event: %+v", last)
	}
	if res, _ := Flush(context.Background(), db, SMTP{Cfg: sm.SMTPConfig()}, func() time.Time { return time.Now().Add(time.Hour) }); len(res.Failed)+len(res.Sent) != 0 {
		t.Fatalf("a failed reply was retried unasked: %+v", res)
	}
	deskCheck(t, db)
}

// A bounce of a desk reply, as a mail server sends it, lands on the case
// and marks the reply failed; the case does not reopen.
func TestBounceOfAReplyThroughTheServers(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	sm := startSMTPD(t, dir)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	r := newCase(t, db, "<b1@example.com>")
	db.Act(r.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}, model.SetStatus{To: model.StatusResolved})
	if res, err := Flush(context.Background(), db, SMTP{Cfg: sm.SMTPConfig()}, time.Now); err != nil || len(res.Sent) != 1 {
		t.Fatalf("flush %+v %v", res, err)
	}
	out := readMail(t, waitMail(t, dir, "ann@example.com", 1)[0])
	tmpl, _ := os.ReadFile(filepath.Join("testdata", "corpus", "bounce.eml"))
	bounce := strings.ReplaceAll(string(tmpl), "<caredesk.5.7.cccc@desk.test>", out.Header.Get("Message-Id"))
	deliverRaw(t, sm, "", deskAddr, bounce)
	waitMail(t, dir, deskAddr, 1)
	res, err := IMAP{Cfg: dc.imapConfig(""), Addr: deskAddr}.Fetch(context.Background(), db)
	if err != nil || res.Skipped != 1 {
		t.Fatalf("fetch: %s %v", res, err)
	}
	c, _ := db.Case(r.Case)
	if c.Status != model.StatusResolved {
		t.Fatalf("a bounce moved the case to %s", c.Status)
	}
	conv, _ := db.Conversation(r.Case)
	var reply model.Message
	for _, m := range conv {
		if m.Dir == model.DirOutbound {
			reply = m
		}
	}
	if reply.Delivery != model.DeliveryFailed || reply.DeliveryNote != "bounced: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown" {
		t.Fatalf("reply after the bounce: %s %q", reply.Delivery, reply.DeliveryNote)
	}
	deskCheck(t, db)
}

// Over IMAP, a message over 25 MB is refused by its RFC822.SIZE without
// being downloaded, stays in the folder, and the others go in. The
// refusal names its sender and subject (from its header alone), made
// plain: an agent finds it in the mailbox by them.
func TestIMAPRefusesTooLargeBySize(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	writeInbox(t, dir, 2)
	big := filepath.Join(userMaildir(dir, deskAddr), "new", "1800000000.big.test")
	os.WriteFile(big, []byte(hugeMail), 0o600)
	os.Chown(big, mailUID, mailGID)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	src := IMAP{Cfg: dc.imapConfig(""), Addr: deskAddr}
	res, err := src.Fetch(context.Background(), db)
	if err != nil || res.New != 2 || len(res.Refused) != 1 || res.Refused[0] != "INBOX UID 3"+hugeNamed {
		t.Fatalf("fetch: %s %q %v", res, res.Refused, err)
	}
	res, err = src.Fetch(context.Background(), db)
	if err != nil || res.New != 0 || len(res.Refused) != 1 {
		t.Fatalf("second fetch: %s %v (the big one stays unhandled and is named again)", res, err)
	}
}

// hugeMail is over the size limit, from Big with a subject that carries
// an escape sequence (an OSC 52 clipboard write).
var hugeMail = "From: =?utf-8?q?Big=07?= <big@example.com>\r\nSubject: =?utf-8?q?huge=1B]52;c;eA=3D=3D=07_attachment?=\r\nMessage-ID: <big@x>\r\n\r\n" +
	strings.Repeat("x", model.MaxMessageSize)

// hugeNamed is how a refusal names hugeMail after where it is.
const hugeNamed = ` (Big <big@example.com> · "huge attachment"): the message is 25.0 MB, more than the 25 MB a message may have: not taken in`
