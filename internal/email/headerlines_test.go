package email

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-message"

	"github.com/caredesk/caredesk/model"
)

// trudyMail has a Reply-To continuation that lost its leading space
// (line 4): the new-user finding's mail.
const trudyMail = "From: Trudy <trudy@example.com>\r\nTo: care@desk.test\r\n" +
	"Reply-To: \"x\" <a@example.com>, b@example.com\r\n, c@example.com, d@example.com\r\n" +
	"Subject: reply-to storm\r\nMessage-ID: <t4@example.com>\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n\r\nPlease answer all of us.\r\n"

// One line that is not a header field no longer makes the whole mail
// "(unreadable message)" from nobody: the rest of the header is read,
// the line is left out — its addresses get no reply — and named.
func TestAHeaderLineThatIsNoFieldIsLeftOutAndNamed(t *testing.T) {
	in, err := Parse([]byte(trudyMail), deskAddr)
	if err != nil {
		t.Fatal(err)
	}
	m := in.Message
	if in.Sender.Email != "trudy@example.com" || in.Sender.Name != "Trudy" || m.Subject != "reply-to storm" || m.MessageID != "<t4@example.com>" {
		t.Fatalf("read as %+v from %+v", m, in.Sender)
	}
	if !slices.Equal(m.ReplyTo, []string{"a@example.com", "b@example.com"}) || m.Text != "Please answer all of us." {
		t.Fatalf("reply-to %v, text %q", m.ReplyTo, m.Text)
	}
	if len(m.HeaderWarnings) != 1 || m.HeaderWarnings[0] != `header line 4 is not a header field, not read: ", c@example.com, d@example.com"` {
		t.Fatalf("warnings %q", m.HeaderWarnings)
	}
	if string(in.Raw) != trudyMail {
		t.Fatal("the raw mail was changed")
	}
}

// The leniency is bounded: what has no header to speak of stays a text
// read whole, and a skipped line never reaches a reply's header.
func TestHeaderLeniencyIsBounded(t *testing.T) {
	tenBad := "From: a <a@example.com>\r\nSubject: x\r\nTo: care@desk.test\r\n" + strings.Repeat("no field here\r\n", 9) + "\r\nbody\r\n"
	for name, raw := range map[string]string{
		"prose":          "Hello, I need help\r\nMy order: it did not come\r\n\r\nThanks\r\n",
		"one field":      "From: a <a@example.com>\r\nnot a field\r\n\r\nbody\r\n",
		"as many bad":    "From: a <a@example.com>\r\nSubject: x\r\nbad one\r\nbad two\r\n\r\nbody\r\n",
		"nine bad lines": tenBad,
	} {
		in, err := Parse([]byte(raw), deskAddr)
		if err != nil || in.Message.Subject != "(unreadable message)" || in.Message.Text != raw {
			t.Errorf("%s: read as %+v (%v)", name, in.Message, err)
		}
	}
	// A stray line that would be a Bcc if folded or mended is no header.
	raw := "From: Eve <eve@example.com>\r\nTo: care@desk.test\r\nSubject: hi\r\nBcc victim@example.com\r\n" +
		" Bcc: victim2@example.com\r\nMessage-ID: <e1@example.com>\r\n\r\nhello\r\n"
	in, err := Parse([]byte(raw), deskAddr)
	if err != nil || in.Sender.Email != "eve@example.com" || len(in.Message.HeaderWarnings) != 1 {
		t.Fatalf("read as %+v (%v)", in.Message, err)
	}
	r := model.Message{Dir: model.DirOutbound, From: deskAddr, To: model.ReplyAddresses(in.Message, true, ""),
		Subject: model.ReplySubject(in.Message.Subject, 3), InReplyTo: in.Message.MessageID, Text: "hi"}
	out, err := Compose(r)
	if err != nil || bytes.Contains(out, []byte("victim")) {
		t.Fatalf("the reply:\n%s (%v)", out, err)
	}
}

// With dovecot: the new-user finding's mail fetched over IMAP opens
// Trudy's case under its subject, the line named on its message, the raw
// mail kept whole.
func TestAMalformedHeaderLineOverIMAP(t *testing.T) {
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	writeInbox(t, dir, 0)
	p := filepath.Join(userMaildir(dir, deskAddr), "new", "1700000001.M1P1.trudy")
	os.WriteFile(p, []byte(trudyMail), 0o600)
	os.Chown(p, mailUID, mailGID)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	db := openDesk(t)
	if res, err := (IMAP{Cfg: dc.imapConfig("Archive"), Addr: deskAddr}).Fetch(context.Background(), db); err != nil || res.New != 1 {
		t.Fatalf("fetch: %s %v", res, err)
	}
	sums, _ := db.QueueHead([]model.Status{model.StatusNew}, 10)
	c, _ := db.Case(sums[0].ID)
	if cu, _ := db.Customer(c.CustomerID); cu.Email != "trudy@example.com" || c.Subject != "reply-to storm" {
		t.Fatalf("case %+v of %+v", c, cu)
	}
	conv, _ := db.Conversation(c.ID)
	m := conv[len(conv)-1]
	if len(m.HeaderWarnings) != 1 || !strings.Contains(m.HeaderWarnings[0], "header line 4") || !slices.Equal(model.ReplyAddresses(m, true, ""), []string{"a@example.com", "b@example.com"}) {
		t.Fatalf("the message: %+v", m)
	}
	if raw, err := db.RawMessage(c.ID, m.Seq); err != nil || !bytes.Contains(raw, []byte(", c@example.com, d@example.com")) {
		t.Fatalf("raw %q %v", raw, err)
	}
	deskCheck(t, db)
}

// FuzzMendHeader: a mended header is one go-message reads, made of whole
// lines of the mail, its body untouched, with a note per line left out.
func FuzzMendHeader(f *testing.F) {
	f.Add([]byte(trudyMail))
	f.Add([]byte("From: a <a@example.com>\r\nSubject: x\r\n\tcontinued\r\nstray\r\n More\r\nTo: b@example.com\r\n\r\nbody"))
	f.Add([]byte(" first\nFrom: a@example.com\nSubject: s\nTo: t@example.com\n\nbody\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		mended, notes, ok := mendHeader(raw)
		if !ok {
			return
		}
		if len(notes) == 0 || len(notes) > maxSkippedLines || len(mended) >= len(raw) {
			t.Fatalf("%d notes, %d of %d bytes kept", len(notes), len(mended), len(raw))
		}
		if e, err := message.Read(bytes.NewReader(mended)); e == nil {
			t.Fatalf("the mended header does not read: %v\n%q", err, mended)
		}
		if i := bytes.Index(raw, []byte("\n\r\n")); i >= 0 && !bytes.HasSuffix(mended, raw[i:]) {
			t.Fatalf("the body changed: %q", mended)
		}
		for _, n := range notes {
			if strings.ContainsAny(n, "\r\n\x00\x1b") {
				t.Fatalf("note %q", n)
			}
		}
	})
}
