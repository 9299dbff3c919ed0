package email

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// With real servers: Ann writes from her own address asking for replies
// at her office (Reply-To, with a hostile display name). The case is
// Ann's; the reply lands in the office's Maildir, not in Ann's, and
// carries nothing of the Reply-To's name.
func TestReplyToWithRealServers(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	sm := startSMTPD(t, dir)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	raw := "From: Ann Example <ann@example.com>\r\nTo: " + deskAddr + "\r\n" +
		"Reply-To: =?utf-8?q?Office=0D=0ABcc=3A_victim=40example.com?= <Office@Example.com>\r\n" +
		"Subject: Invoice\r\nMessage-ID: <inv1@example.com>\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n\r\nSend it to my office.\r\n"
	deliverRaw(t, sm, "ann@example.com", deskAddr, raw)
	waitMail(t, dir, deskAddr, 1)
	if res, err := (IMAP{Cfg: dc.imapConfig("Archive"), Addr: deskAddr}).Fetch(context.Background(), db); err != nil || res.New != 1 {
		t.Fatalf("fetch: %s %v", res, err)
	}
	sums, _ := db.QueueHead([]model.Status{model.StatusNew}, 10)
	c, _ := db.Case(sums[0].ID)
	if cu, _ := db.Customer(c.CustomerID); cu.Email != "ann@example.com" {
		t.Fatalf("the customer is %+v", cu)
	}
	conv, _ := db.Conversation(c.ID)
	last := conv[len(conv)-1]
	ch := &Channel{Cfg: &config.Mail{Address: deskAddr, Name: "Example Care"}, Transport: SMTP{Cfg: sm.SMTPConfig()}}
	to := model.ReplyAddresses(last, true, "ann@example.com")
	if _, err := db.Act(c.ID, c.Version, "ana", model.SendReply{Draft: model.Draft{From: ch.From(), To: to, Text: "Sent to your office."}}); err != nil {
		t.Fatal(err)
	}
	if sent, err := Flush(context.Background(), db, ch.Transport, time.Now); err != nil || len(sent.Sent) != 1 {
		t.Fatalf("flush: %+v %v", sent, err)
	}
	got := readMail(t, waitMail(t, dir, "office@example.com", 1)[0])
	if to, err := got.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "office@example.com" || got.Header.Get("Bcc") != "" || strings.Contains(fmt.Sprint(got.Header), "victim") {
		t.Fatalf("the office got:\n%v", got.Header)
	}
	if ann, _ := filepath.Glob(filepath.Join(userMaildir(dir, "ann@example.com"), "*", "*")); len(ann) != 0 {
		t.Fatalf("Ann's own mailbox got the reply too: %v", ann)
	}
	if victim, _ := filepath.Glob(filepath.Join(userMaildir(dir, "victim@example.com"), "*", "*")); len(victim) != 0 {
		t.Fatalf("the name's Bcc got mail: %v", victim)
	}
	deskCheck(t, db)
}

// A Reply-To list with one address that does not parse keeps the others
// (new-user finding: Tess's reply went to her From); a piece that does not
// parse is left out whole, quoted commas do not split a name.
func TestReplyToKeepsTheAddressesThatParse(t *testing.T) {
	for list, want := range map[string][]string{
		`tess.work@example.com, "Broken" <not an address>`:           {"tess.work@example.com"},
		"rita.work@example.com, \"x\" <evil\x1b@example.com>":        {"rita.work@example.com"},
		`"Smith, J" <J@Example.com>, bad <<>>, k@x.org (a, comment)`: {"j@example.com", "k@x.org"},
		"victim@evil.example\r\n\tBcc: other@evil.example":           nil,
		`"never closed, a@example.com`:                               nil,
	} {
		raw := "From: Tess Two <tess@example.com>\r\nTo: care@desk.test\r\nReply-To: " + list + "\r\nSubject: hi\r\nMessage-ID: <rt@example.com>\r\n\r\nhi\r\n"
		in, err := Parse([]byte(raw), deskAddr)
		if err != nil || !slices.Equal(in.Message.ReplyTo, want) {
			t.Errorf("Reply-To %q: kept %q, want %q (%v)", list, in.Message.ReplyTo, want, err)
		}
	}
}
