package email

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

func reply(subject, text string) model.Message {
	return model.Message{CaseID: 7, Seq: 3, Dir: model.DirOutbound, At: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC),
		From: `"Example Care" <care@desk.test>`, To: []string{"Ann <ann@example.com>"}, Subject: subject,
		MessageID: "<caredesk.7.3.ab@desk.test>", InReplyTo: "<m1@example.com>", References: []string{"<m0@example.com>", "<m1@example.com>"},
		Text: text}
}

func TestComposeIsWellFormed(t *testing.T) {
	raw, err := Compose(reply(model.ReplySubject("Kettle – leaks", 7), "Hello Ann,\nwe are on it.\n— Care"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	for k, want := range map[string]string{
		"Message-Id": "<caredesk.7.3.ab@desk.test>", "In-Reply-To": "<m1@example.com>",
		"References": "<m0@example.com> <m1@example.com>", "Auto-Submitted": "no",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	dec := new(mimeDecoder)
	if s := dec.decode(h.Get("Subject")); s != "Re: Kettle – leaks [#7]" {
		t.Errorf("subject %q", s)
	}
	// Read back by the desk's own parser, as the customer's answer would be.
	in, err := Parse(raw, "other@desk.test")
	if err != nil {
		t.Fatal(err)
	}
	if in.Message.Text != "Hello Ann,\nwe are on it.\n— Care" || in.Message.MessageID != "<caredesk.7.3.ab@desk.test>" {
		t.Errorf("read back: %+v", in.Message)
	}
}

// Nothing a customer wrote can become a header of the reply: raw CR/LF,
// encoded newlines decoded into the subject, Unicode line separators,
// or a Message-ID with a line break in it.
func TestComposeHeaderInjection(t *testing.T) {
	for _, subject := range []string{
		"Hello\r\nBcc: victim@example.com",
		"Hello\nBcc: victim@example.com\n\nbody",
		"Hello\rBcc: victim@example.com",
		"Hello\u2028Bcc: victim@example.com",
		"Hello\x00Bcc: victim@example.com",
		"=?UTF-8?Q?x=0D=0ABcc:_victim@example.com?=",
	} {
		for _, inject := range []string{"subject", "message-id", "to"} {
			m := reply(subject, "text")
			switch inject {
			case "message-id":
				m.InReplyTo = "<a@b>\r\nBcc: victim@example.com"
			case "to":
				m.To = []string{"ann@example.com\r\nBcc: victim@example.com"}
			}
			raw, err := Compose(m)
			if err != nil {
				continue // refusing is safe too
			}
			msg, err := mail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s %q: unreadable: %v", inject, subject, err)
			}
			if _, ok := msg.Header["Bcc"]; ok {
				t.Errorf("%s %q: injected a Bcc header:\n%s", inject, subject, raw)
			}
			if len(msg.Header["Subject"]) != 1 {
				t.Errorf("%s %q: %d subjects", inject, subject, len(msg.Header["Subject"]))
			}
			head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
			for _, line := range strings.Split(string(head), "\r\n") {
				if strings.HasPrefix(strings.ToLower(line), "bcc:") {
					t.Errorf("%s %q: a header line starts with Bcc", inject, subject)
				}
			}
		}
	}
}

func TestComposeRefusesBadAddresses(t *testing.T) {
	m := reply("x", "y")
	m.To = []string{"not an address"}
	if _, err := Compose(m); err == nil {
		t.Fatal("composed to a non-address")
	}
	m.To = nil
	if _, err := Compose(m); err == nil {
		t.Fatal("composed with no recipient")
	}
}

type mimeDecoder struct{}

func (mimeDecoder) decode(s string) string {
	out, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}

// A reply to a decoded non-ASCII name goes out with the name encoded by
// the library, and reads back as the same name.
func TestComposeEncodesDecodedNames(t *testing.T) {
	m := model.Message{From: "Désk Care <care@desk.test>", To: []string{"Jürgen Müller <jm@example.de>"}, Subject: "Re: Hi",
		MessageID: "<r1@desk.test>", Text: "Hallo", At: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	raw, err := Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "ü") {
		t.Fatalf("raw non-ASCII in headers:\n%s", raw)
	}
	in, err := Parse(raw, "")
	if err != nil || in.Message.To[0] != "Jürgen Müller <jm@example.de>" || in.Message.From != "Désk Care <care@desk.test>" {
		t.Fatalf("read back %q %q %v", in.Message.From, in.Message.To, err)
	}
}
