package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	netmail "net/mail"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // ISO-8859-*, Windows-125x, Shift_JIS, …
	"github.com/emersion/go-message/mail"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// maxDepth bounds nested multiparts and forwarded messages: real mail
// nests a handful deep; a hostile one could nest thousands.
const maxDepth = 16

// maxText bounds the readable text kept of one message (the raw bytes are
// kept whole regardless).
const maxText = 1 << 20

// Parse reads one received message. desk is the desk's own address, for
// loop detection. A message over model.MaxMessageSize is refused; one that
// is damaged is still taken in with whatever could be read (its raw bytes
// are kept whole), so nothing a customer sent is lost.
func Parse(raw []byte, desk string) (model.Inbound, error) {
	if int64(len(raw)) > model.MaxMessageSize {
		return model.Inbound{}, model.ErrTooLarge(int64(len(raw)))
	}
	sum := sha256.Sum256(raw)
	in := model.Inbound{Raw: raw, Hash: hex.EncodeToString(sum[:])}
	e, err := message.Read(bytes.NewReader(raw))
	var warnings []string
	if err != nil && e == nil {
		// A line that is not a header field: read the rest (headerlines.go).
		if mended, notes, ok := mendHeader(raw); ok {
			if e, _ = message.Read(bytes.NewReader(mended)); e != nil {
				warnings = notes
			}
		}
	}
	if e == nil {
		// Not even a header: keep it as text so it can be read and answered.
		in.Message = model.Message{Text: clean(string(raw)), Subject: "(unreadable message)"}
		return in, nil
	}
	// The body first: its first text part's charset reads the headers.
	p := &walker{}
	p.entity(e, 0)
	readEightBit(&e.Header, p.charset)
	h := mail.Header{Header: e.Header}
	m := &in.Message
	m.HeaderWarnings = warnings
	m.From = headerText(h, "From")
	if name, addr, ok := sender(h); ok {
		in.Sender = model.Customer{Name: name, Email: strings.ToLower(addr)}
		m.From = model.FormatAddress(name, addr)
	}
	m.To = addressList(h, "To")
	m.Cc = addressList(h, "Cc")
	m.ReplyTo = replyTo(h)
	m.Subject = subjectText(h)
	if t, err := h.Date(); err == nil {
		m.At = t.UTC()
	}
	if id, err := h.MessageID(); err == nil && bareID(clean(id)) != "" {
		m.MessageID = "<" + bareID(clean(id)) + ">"
	}
	m.InReplyTo = firstID(h, "In-Reply-To")
	m.References = idList(h, "References")

	m.Text = p.text()
	m.Attachments = p.attachments
	in.Files = p.files
	in.Kind, in.Reason, in.BounceOf = classify(h, in.Sender.Email, desk, p)
	if in.Kind == model.MailBounce {
		in.BouncedTo = failedRecipients(p.status)
	}
	return in, nil
}

// attachmentName is the file name as the sender gave it, on one line; an
// escape character stays, as in a subject, so the screen shows a whole
// sequence as one ␛ and a saved name makes it one "_" (ui) — turned into
// a space here, its tail ("[31m") would read as the name.
func attachmentName(name string) string {
	parts := strings.Split(clean(name), "\x1b")
	for i, p := range parts {
		parts[i] = model.OneLine(p)
	}
	return strings.Join(parts, "\x1b")
}

// sender is the From's name and address. A name with an escape or
// control character (a spammer's, or a mis-encoded one) makes the address
// list unreadable to net/mail; the address still names the customer, so
// the decoded text is read again without them. The name keeps no control.
func sender(h mail.Header) (name, addr string, ok bool) {
	text := decodeText(h.Get("From"))
	if addrs, err := h.AddressList("From"); err == nil && len(addrs) > 0 {
		name, addr = addrs[0].Name, addrs[0].Address
	} else if a, err := netmail.ParseAddress(textsafe.Plain(textsafe.DropEscapes(clean(text)))); err == nil {
		name, addr = a.Name, a.Address
	} else {
		return "", "", false
	}
	name = textsafe.Plain(textsafe.DropEscapes(clean(name)))
	return name, model.OneLine(clean(addr)), true
}

// headerText decodes a header's encoded words; a broken one is kept as
// sent rather than lost (decodeText).
func headerText(h mail.Header, key string) string {
	return model.OneLine(clean(decodeText(h.Get(key))))
}

// subjectText is the subject as the customer sent it: encoded words
// decoded and folding undone (go-message), invalid UTF-8 and NULs
// replaced, and nothing else changed — an escape character stays, as it
// does in the body, and the screen shows it (textsafe) where it draws the
// subject. A reply's subject is made one line again (model.ReplySubject)
// before it becomes a header.
func subjectText(h mail.Header) string {
	return strings.TrimSpace(clean(decodeText(h.Get("Subject"))))
}

// replyTo is where the sender asks replies to go: the Reply-To header's
// addresses, each parsed as an address (net/mail via go-message) and kept
// bare — no display name, no line break, lower case — at most
// model.MaxReplyTo of them. A list that does not parse whole is read an
// address at a time (replyto.go): what parses is kept, the rest left out,
// never kept as text; none at all and the reply goes to From.
func replyTo(h mail.Header) []string {
	var list []string
	if addrs, err := h.AddressList("Reply-To"); err == nil {
		for _, a := range addrs {
			list = append(list, a.Address)
		}
	} else {
		list = eachAddress(h.Get("Reply-To"))
	}
	var out []string
	for _, a := range list {
		addr := strings.ToLower(clean(a))
		if addr == "" || addr != model.OneLine(addr) || strings.ContainsAny(addr, " <>,;") || slices.Contains(out, addr) {
			continue
		}
		if out = append(out, addr); len(out) == model.MaxReplyTo {
			break
		}
	}
	return out
}

func addressList(h mail.Header, key string) []string {
	addrs, err := h.AddressList(key)
	if err != nil {
		if v := headerText(h, key); v != "" {
			return []string{model.OneLine(v)}
		}
		return nil
	}
	out := make([]string, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, model.FormatAddress(clean(a.Name), clean(a.Address)))
	}
	return out
}

func idList(h mail.Header, key string) []string {
	ids, err := h.MsgIDList(key)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = bareID(clean(id)); id != "" {
			out = append(out, "<"+id+">")
		}
	}
	return out
}

func firstID(h mail.Header, key string) string {
	if ids := idList(h, key); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// clean makes text valid UTF-8 without NULs; what reaches a screen is
// sanitised there too (ui/sanitize.go).
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// walker collects a message's readable text and attachments, and what a
// bounce report says.
type walker struct {
	parts       []string
	size        int
	attachments []model.Attachment
	files       [][]byte
	// bounce report pieces: the delivery-status text and the Message-IDs
	// of the returned message.
	status   string
	returned []string
	report   bool // multipart/report; report-type=delivery-status
	// charset is the first text part's declared charset ("" for none):
	// the one raw 8-bit headers are read in (eightbit.go).
	charset string
}

// noteCharset keeps the charset of the first text part seen.
func (p *walker) noteCharset(params map[string]string) {
	if p.charset == "" {
		p.charset = params["charset"]
	}
}

func (p *walker) text() string {
	t := strings.TrimSpace(strings.Join(p.parts, "\n\n"))
	if len(t) > maxText {
		t = t[:maxText]
		for !utf8.ValidString(t) {
			t = t[:len(t)-1]
		}
		t += "\n[… the rest of the text is in the original message]"
	}
	return t
}

func (p *walker) addText(s string) {
	s = strings.TrimSpace(clean(strings.ReplaceAll(s, "\r\n", "\n")))
	if s == "" || p.size > maxText {
		return
	}
	p.size += len(s)
	p.parts = append(p.parts, s)
}

// entity walks one MIME entity. Errors inside a part (bad base64, an
// unknown charset) keep what was read and go on: the raw bytes are kept.
func (p *walker) entity(e *message.Entity, depth int) {
	if depth > maxDepth {
		p.addText("[parts nested too deep are not shown; they are in the original message]")
		return
	}
	ct, params, err := e.Header.ContentType()
	if err != nil || ct == "" {
		ct = "text/plain"
	}
	if mr := e.MultipartReader(); mr != nil {
		if ct == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status") {
			p.report = true
		}
		if ct == "multipart/alternative" {
			p.alternative(mr, depth)
			return
		}
		for {
			// An unknown charset or encoding still gives a readable part;
			// any other error (io.EOF included) gives none.
			part, _ := mr.NextPart()
			if part == nil {
				return
			}
			p.entity(part, depth+1)
		}
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	body, _ := io.ReadAll(io.LimitReader(e.Body, model.MaxMessageSize+1))
	switch {
	case ct == "message/rfc822" || ct == "message/global":
		p.forwarded(body, depth)
		if disp == "attachment" {
			p.attach(nameOr(name, "message.eml"), ct, body)
		}
	case ct == "message/delivery-status" || ct == "message/global-delivery-status":
		p.status += string(body)
		p.addText(string(body))
	case ct == "text/rfc822-headers" || ct == "text/global-headers":
		p.returnedHeaders(body)
	case disp == "attachment" || (name != "" && !strings.HasPrefix(ct, "text/")):
		p.attach(name, ct, body)
	case ct == "text/html":
		p.noteCharset(params)
		p.addText(htmlText(string(body)))
	case strings.HasPrefix(ct, "text/"):
		p.noteCharset(params)
		p.addText(string(body))
	default:
		p.attach(nameOr(name, "part"), ct, body)
	}
}

func nameOr(name, def string) string {
	if strings.TrimSpace(name) == "" {
		return def
	}
	return name
}

func (p *walker) attach(name, ct string, body []byte) {
	p.attachments = append(p.attachments, model.Attachment{Name: attachmentName(name), Type: ct, Size: int64(len(body))})
	p.files = append(p.files, body)
}

// alternative keeps one of the alternatives: text/plain first, else HTML
// as text, else the first that gives any text.
func (p *walker) alternative(mr message.MultipartReader, depth int) {
	var plain, html string
	var other []*walker
	for {
		part, _ := mr.NextPart()
		if part == nil {
			break
		}
		ct, params, _ := part.Header.ContentType()
		switch ct {
		case "text/plain", "text/html":
			p.noteCharset(params)
		}
		switch ct {
		case "text/plain":
			b, _ := io.ReadAll(io.LimitReader(part.Body, model.MaxMessageSize))
			if plain == "" {
				plain = string(b)
			}
		case "text/html":
			b, _ := io.ReadAll(io.LimitReader(part.Body, model.MaxMessageSize))
			if html == "" {
				html = string(b)
			}
		default:
			sub := &walker{}
			sub.entity(part, depth+1)
			other = append(other, sub)
		}
	}
	switch {
	case strings.TrimSpace(plain) != "":
		p.addText(plain)
	case strings.TrimSpace(html) != "":
		p.addText(htmlText(html))
	default:
		for _, o := range other {
			if t := o.text(); t != "" {
				p.noteCharset(map[string]string{"charset": o.charset})
				p.addText(t)
				p.attachments = append(p.attachments, o.attachments...)
				p.files = append(p.files, o.files...)
				return
			}
		}
	}
	// Inline images of a multipart/related alternative are still kept.
	for _, o := range other {
		p.attachments = append(p.attachments, o.attachments...)
		p.files = append(p.files, o.files...)
	}
}

// forwarded shows a message/rfc822 part as a quoted header block and its
// text, and keeps its attachments.
func (p *walker) forwarded(body []byte, depth int) {
	e, err := message.Read(bytes.NewReader(body))
	if err != nil && e == nil {
		p.addText(string(body))
		return
	}
	h := mail.Header{Header: e.Header}
	if id, err := h.MessageID(); err == nil && id != "" {
		p.returned = append(p.returned, "<"+id+">")
	}
	var hdr strings.Builder
	hdr.WriteString("---------- Forwarded message ----------\n")
	for _, k := range []string{"From", "Date", "Subject", "To"} {
		if v := headerText(h, k); v != "" {
			fmt.Fprintf(&hdr, "%s: %s\n", k, model.OneLine(v))
		}
	}
	p.addText(hdr.String())
	sub := &walker{}
	sub.entity(e, depth+1)
	p.addText(sub.text())
	p.attachments = append(p.attachments, sub.attachments...)
	p.files = append(p.files, sub.files...)
}

// returnedHeaders reads the headers of a bounced message.
func (p *walker) returnedHeaders(body []byte) {
	e, _ := message.Read(bytes.NewReader(append(bytes.TrimRight(body, "\r\n"), "\r\n\r\n"...)))
	if e == nil {
		return
	}
	h := mail.Header{Header: e.Header}
	if id, err := h.MessageID(); err == nil && id != "" {
		p.returned = append(p.returned, "<"+id+">")
	}
}
