package email

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A reply to two recipients, a bounce (RFC 3464) for one of them: only
// that one is failed, the note says who got it, the first response stands
// (the customer was answered), and sending it again mails only the one
// that bounced — never the other a second time. Real SMTP server.
func TestBounceForOneRecipientRetriesOnlyThatOne(t *testing.T) {
	dir := mailRoot(t)
	sm := startSMTPD(t, dir)
	db := openDesk(t)
	r := newCase(t, db, "<two1@example.com>")
	if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com", "bob@example.com")}); err != nil {
		t.Fatal(err)
	}
	tr := SMTP{Cfg: sm.SMTPConfig()}
	if res, err := Flush(context.Background(), db, tr, time.Now); err != nil || len(res.Sent) != 1 {
		t.Fatalf("flush: %+v %v", res, err)
	}
	waitMail(t, dir, "ann@example.com", 1)
	waitMail(t, dir, "bob@example.com", 1)
	conv, _ := db.Conversation(r.Case)
	reply := conv[len(conv)-1]
	dsn := dsnOf("<dsn1@mx.example.com>", reply.MessageID,
		"Final-Recipient: rfc822; Ann@Example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n",
		"Final-Recipient: rfc822; bob@example.com\r\nAction: delivered\r\nStatus: 2.0.0\r\n")
	in, err := Parse([]byte(dsn), deskAddr)
	if err != nil || in.Kind != model.MailBounce || !slices.Equal(in.BouncedTo, []string{"ann@example.com"}) {
		t.Fatalf("parsed bounce: kind %v, bounced to %q, %v", in.Kind, in.BouncedTo, err)
	}
	if _, err := db.ReceiveAll([]model.Inbound{in}); err != nil {
		t.Fatal(err)
	}
	out, _ := db.Outbox()
	if len(out) != 1 || out[0].Delivery != model.DeliveryFailed || !slices.Equal(out[0].FailedTo, []string{"ann@example.com"}) ||
		!strings.Contains(out[0].DeliveryNote, "bounced for ann@example.com") || !strings.Contains(out[0].DeliveryNote, "bob@example.com got it") {
		t.Fatalf("outbox after a bounce for one of two: %+v", out)
	}
	if c, _ := db.Case(r.Case); c.FirstReply.IsZero() {
		t.Fatal("the first response was taken back though bob@ got the reply")
	}
	if _, err := db.Act(r.Case, 0, "ana", model.ResendReply{Seq: out[0].Seq}); err != nil {
		t.Fatal(err)
	}
	if res, err := Flush(context.Background(), db, tr, time.Now); err != nil || len(res.Sent) != 1 {
		t.Fatalf("resend: %+v %v", res, err)
	}
	waitMail(t, dir, "ann@example.com", 2)
	time.Sleep(300 * time.Millisecond) // a second delivery to bob@ would show by now
	if got := waitMail(t, dir, "bob@example.com", 1); len(got) != 1 {
		t.Fatalf("bob@ got the reply %d times: the resend went to everyone", len(got))
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox after the resend: %+v", out)
	}
	deskCheck(t, db)
}

// dsnOf is a delivery report (RFC 3464) id from mx.example.com on the
// desk's reply with Message-ID reply, one block per recipient.
func dsnOf(id, reply string, recipients ...string) string {
	return fmt.Sprintf("Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.com\r\nTo: %s\r\nSubject: Undelivered Mail\r\nMessage-ID: %s\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"+
		"--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"+
		"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n%s"+
		"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: %s\r\nMessage-ID: %s\r\n--b--\r\n", deskAddr, id, strings.Join(recipients, "\r\n"), deskAddr, reply)
}
