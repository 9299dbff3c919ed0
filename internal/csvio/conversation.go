package csvio

import (
	"errors"
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// A case's conversation in one CSV cell, for a spreadsheet user to read:
// the messages in order, each a line "--- inbound 2026-11-24T09:30:00Z",
// its headers ("From: …", one line per address), a blank line and its
// text. A text line that starts with "--- " or "\" is written with a "\"
// before it; header values write a line break as \n and "\" as \\. Raw
// mail and attachment bytes are not carried (jsonl carries them), so a
// message with attachments lists none here.
//
//	--- inbound 2026-11-24T09:30:00Z
//	From: Zoë Quinn <zoe@example.net>
//	Subject: Broken kettle
//
//	The kettle arrived cracked.
//	--- outbound 2026-11-24T10:02:00Z
//	…

const convSep = "--- "

// The headers, in the order they are written.
const (
	hAuthor       = "Author"
	hFrom         = "From"
	hTo           = "To"
	hCc           = "Cc"
	hSubject      = "Subject"
	hMessageID    = "Message-ID"
	hInReplyTo    = "In-Reply-To"
	hReferences   = "References"
	hOpening      = "Opening"
	hRecognised   = "Recognised"
	hDelivery     = "Delivery"
	hDeliveryNote = "Delivery-Note"
)

// FormatConversation writes mail as one cell ("" for none).
func FormatConversation(mail []model.MailRecord) (string, error) {
	var b strings.Builder
	for i, r := range mail {
		m := &r.Message
		if m.Dir != model.DirInbound && m.Dir != model.DirOutbound {
			return "", fmt.Errorf("message %d: direction %v cannot be exported", i+1, m.Dir)
		}
		if !validText(append(append(append([]string{m.Author, m.From, m.Subject, m.MessageID, m.InReplyTo, m.Text, m.Recognised, m.DeliveryNote}, m.To...), m.Cc...), m.References...)...) {
			return "", fmt.Errorf("message %d holds invalid UTF-8", i+1)
		}
		if !timeInRange(m.At) {
			return "", fmt.Errorf("message %d has a time outside years 0-9999", i+1)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(convSep + m.Dir.String() + " " + formatTime(m.At) + "\n")
		header := func(k, v string) {
			if v != "" {
				b.WriteString(k + ": " + escapeHeader(v) + "\n")
			}
		}
		header(hAuthor, m.Author)
		header(hFrom, m.From)
		for _, a := range m.To {
			header(hTo, a)
		}
		for _, a := range m.Cc {
			header(hCc, a)
		}
		header(hSubject, m.Subject)
		header(hMessageID, m.MessageID)
		header(hInReplyTo, m.InReplyTo)
		for _, a := range m.References {
			header(hReferences, a)
		}
		if m.Opening {
			header(hOpening, "yes")
		}
		header(hRecognised, m.Recognised)
		header(hDelivery, m.Delivery.String())
		header(hDeliveryNote, m.DeliveryNote)
		b.WriteByte('\n')
		for j, line := range strings.Split(m.Text, "\n") {
			if j > 0 {
				b.WriteByte('\n')
			}
			if strings.HasPrefix(line, convSep) || strings.HasPrefix(line, `\`) {
				b.WriteByte('\\')
			}
			b.WriteString(line)
		}
	}
	return b.String(), nil
}

// ParseConversation reads a cell FormatConversation wrote.
func ParseConversation(s string) ([]model.MailRecord, error) {
	lines := strings.Split(s, "\n")
	if !strings.HasPrefix(lines[0], convSep) {
		return nil, errors.New(`want "--- inbound TIME" or "--- outbound TIME" first`)
	}
	var out []model.MailRecord
	for i := 0; i < len(lines); {
		n := len(out) + 1
		dir, at, ok := strings.Cut(strings.TrimPrefix(lines[i], convSep), " ")
		d, known := model.ParseDirection(dir)
		if !ok || !known || d == model.DirNote {
			return nil, fmt.Errorf("message %d: %q: want inbound or outbound and a time", n, clip(lines[i]))
		}
		m := model.Message{Dir: d}
		var err error
		if m.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("message %d: %s", n, badTime("time", at))
		}
		i++
		for ; i < len(lines) && lines[i] != ""; i++ {
			k, v, ok := strings.Cut(lines[i], ": ")
			if !ok {
				return nil, fmt.Errorf("message %d: %q is not a header (a blank line ends the headers)", n, clip(lines[i]))
			}
			if v, err = unescapeHeader(v); err != nil {
				return nil, fmt.Errorf("message %d: %s: %v", n, k, err)
			}
			if err := setHeader(&m, k, v); err != nil {
				return nil, fmt.Errorf("message %d: %v", n, err)
			}
		}
		if i == len(lines) {
			return nil, fmt.Errorf("message %d: no blank line after the headers", n)
		}
		i++
		var text []string
		for ; i < len(lines) && !strings.HasPrefix(lines[i], convSep); i++ {
			text = append(text, strings.TrimPrefix(lines[i], `\`))
		}
		// The line break before the next message is the one that
		// joins the blocks, so the text's own lines join back exactly.
		m.Text = strings.Join(text, "\n")
		out = append(out, model.MailRecord{Message: m})
	}
	return out, nil
}

func setHeader(m *model.Message, k, v string) error {
	one := func(dst *string) error {
		if *dst != "" {
			return fmt.Errorf("%s appears twice", k)
		}
		*dst = v
		return nil
	}
	switch k {
	case hAuthor:
		return one(&m.Author)
	case hFrom:
		return one(&m.From)
	case hTo:
		m.To = append(m.To, v)
	case hCc:
		m.Cc = append(m.Cc, v)
	case hSubject:
		return one(&m.Subject)
	case hMessageID:
		return one(&m.MessageID)
	case hInReplyTo:
		return one(&m.InReplyTo)
	case hReferences:
		m.References = append(m.References, v)
	case hOpening:
		if v != "yes" || m.Opening {
			return fmt.Errorf("Opening: want yes, once")
		}
		m.Opening = true
	case hRecognised:
		return one(&m.Recognised)
	case hDelivery:
		d, ok := model.ParseDelivery(v)
		if !ok || d == model.DeliveryNone || m.Delivery != model.DeliveryNone {
			return fmt.Errorf("Delivery %q: want queued, sending, sent or failed, once", clip(v))
		}
		m.Delivery = d
	case hDeliveryNote:
		return one(&m.DeliveryNote)
	default:
		return fmt.Errorf("unknown header %q", clip(k))
	}
	return nil
}

var headerEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`)

func escapeHeader(v string) string { return headerEscaper.Replace(v) }

func unescapeHeader(v string) (string, error) {
	if !strings.Contains(v, `\`) {
		return v, nil
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' {
			b.WriteByte(v[i])
			continue
		}
		if i+1 == len(v) {
			return "", errors.New(`a lone \ at the end`)
		}
		i++
		switch v[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			return "", fmt.Errorf(`\%c is not an escape (\\, \n, \r)`, v[i])
		}
	}
	return b.String(), nil
}
