package email

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"

	gomail "github.com/emersion/go-message/mail"

	"github.com/caredesk/caredesk/model"
)

// Compose writes a queued reply as an RFC 5322 message: From the desk,
// To/Cc the customer, the subject with its case token, In-Reply-To and
// References to the customer's mail, Auto-Submitted: no (a person wrote
// it), text/plain UTF-8. Every header goes through go-message, which
// encodes non-ASCII as encoded words; values are one line before they get
// there, so a customer's CR/LF can never start a header of its own. The
// bytes depend only on the message, so a retry sends the same mail.
func Compose(m model.Message) ([]byte, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("the desk's address %q: %v", m.From, err)
	}
	to, err := parseAddrs(m.To)
	if err != nil {
		return nil, err
	}
	if len(to) == 0 {
		return nil, fmt.Errorf("the reply has no recipient")
	}
	cc, err := parseAddrs(m.Cc)
	if err != nil {
		return nil, err
	}
	var h gomail.Header
	h.SetAddressList("From", []*gomail.Address{from})
	h.SetAddressList("To", to)
	if len(cc) > 0 {
		h.SetAddressList("Cc", cc)
	}
	h.SetSubject(model.OneLine(m.Subject))
	h.SetDate(m.At)
	h.SetMessageID(bareID(m.MessageID))
	if m.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{bareID(m.InReplyTo)})
	}
	if len(m.References) > 0 {
		refs := make([]string, len(m.References))
		for i, r := range m.References {
			refs[i] = bareID(r)
		}
		h.SetMsgIDList("References", refs)
	}
	h.Set("Auto-Submitted", "no")
	h.Set("MIME-Version", "1.0")
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var buf bytes.Buffer
	w, err := gomail.CreateSingleInlineWriter(&buf, h)
	if err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if _, err := w.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func parseAddrs(in []string) ([]*gomail.Address, error) {
	var out []*gomail.Address
	for _, s := range in {
		list, err := mail.ParseAddressList(model.OneLine(s))
		if err != nil {
			return nil, fmt.Errorf("%q is not an e-mail address", model.OneLine(s))
		}
		out = append(out, list...)
	}
	return out, nil
}

// bareID drops the angle brackets the model keeps around a Message-ID; a
// CR/LF or bracket inside one is removed, so an id cannot carry a header.
func bareID(id string) string {
	id = strings.TrimSpace(id)
	id = strings.TrimPrefix(strings.TrimSuffix(id, ">"), "<")
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == '<' || r == '>' || r == 0x7f {
			return -1
		}
		return r
	}, id)
}

// Recipients are the envelope recipients of a reply: To and Cc, or after
// a bounce for some of them only those (FailedTo) — the others have it.
// The headers still name everyone, as the first sending did.
func Recipients(m model.Message) ([]string, error) {
	list := append(append([]string{}, m.To...), m.Cc...)
	if len(m.FailedTo) > 0 {
		list = m.FailedTo
	}
	addrs, err := parseAddrs(list)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = a.Address
	}
	return out, nil
}

// envelopeFrom is the desk's bare address, the SMTP MAIL FROM.
func envelopeFrom(m model.Message) (string, error) {
	a, err := mail.ParseAddress(m.From)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}
