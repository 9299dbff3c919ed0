package email

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// A mail refused unread (over the size limit) is named by who sent it and
// what about, from its header alone, so an agent can find it in the
// mailbox and answer another way: a UID or a file name says nothing to
// someone looking at a mail client.

// refusedHeadBytes is how much of a mail file is read for its header.
const refusedHeadBytes = 64 << 10

// maxRefusedField bounds the sender and the subject in a refusal's line.
const maxRefusedField = 80

// refusal is a refused mail's line: where it is, who sent it and what
// about when its header says ("INBOX UID 14 (Big <big@example.com> ·
// "huge attachment")"), then why.
func refusal(where string, head []byte, why error) string {
	if name := refusedName(head); name != "" {
		where += " (" + name + ")"
	}
	return where + ": " + model.ErrorMessage(why)
}

// refusedName is `From · "Subject"` from the start of a mail (its header,
// or more), each made plain — no control, escape sequence or line break
// a customer put there — and cut short; "" when it names neither.
func refusedName(head []byte) string {
	head = head[:min(len(head), refusedHeadBytes)]
	if i := bytes.Index(head, []byte("\n\r\n")); i >= 0 {
		head = head[:i+1]
	} else if i := bytes.Index(head, []byte("\n\n")); i >= 0 {
		head = head[:i+1]
	}
	e, err := message.Read(bytes.NewReader(append(bytes.Clone(head), "\r\n"...)))
	if err != nil && e == nil {
		mended, _, ok := mendHeader(head)
		if !ok {
			return ""
		}
		if e, _ = message.Read(bytes.NewReader(mended)); e == nil {
			return ""
		}
	}
	h := mail.Header{Header: e.Header}
	var parts []string
	from := headerText(h, "From")
	if name, addr, ok := sender(h); ok {
		from = model.FormatAddress(name, addr)
	}
	if from = shortPlain(from); from != "" {
		parts = append(parts, from)
	}
	if subject := shortPlain(subjectText(h)); subject != "" {
		parts = append(parts, `"`+subject+`"`)
	}
	return strings.Join(parts, " · ")
}

// shortPlain is s on one line without controls, at most maxRefusedField
// bytes.
func shortPlain(s string) string {
	s = textsafe.Plain(s)
	if len(s) <= maxRefusedField {
		return s
	}
	s = s[:maxRefusedField]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
