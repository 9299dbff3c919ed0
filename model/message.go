package model

import (
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A case is a conversation: the customer's mails, the desk's replies and
// the agents' notes, oldest first. Mails and replies are Messages kept by
// the store (raw bytes and attachment bytes beside them); notes stay
// timeline events and are woven into Conversation by time.
//
// For the user interface (see ConversationReader):
//   - Conversation(caseID) lists the messages; an imported case's body is
//     its first inbound message.
//   - Attachment(caseID, seq, i) gives an attachment's bytes.
//   - Act(caseID, version, agent, SendReply{Draft: d}) queues a reply: the
//     store commits it with its Message-ID and an outbox entry in one
//     transaction, before any network I/O. The mail runner sends it.
//   - Outbox() lists the replies that are queued or failed.

// Direction says who wrote a message.
type Direction uint8

const (
	DirInbound  Direction = iota + 1 // from the customer
	DirOutbound                      // a reply from the desk
	DirNote                          // an internal note (never sent)
)

func (d Direction) String() string {
	switch d {
	case DirInbound:
		return "inbound"
	case DirOutbound:
		return "outbound"
	case DirNote:
		return "note"
	}
	return "message"
}

// ParseDirection is the inverse of String.
func ParseDirection(s string) (Direction, bool) {
	for _, d := range []Direction{DirInbound, DirOutbound, DirNote} {
		if d.String() == s {
			return d, true
		}
	}
	return 0, false
}

// Delivery is where an outbound message stands.
type Delivery uint8

const (
	DeliveryNone    Delivery = iota // inbound mail and notes
	DeliveryQueued                  // in the outbox, waiting or retrying
	DeliverySending                 // handed to the server; an interruption leaves it uncertain
	DeliverySent                    // the server accepted it
	DeliveryFailed                  // refused for good (a 5xx, a bounce) or interrupted: see DeliveryNote
)

var deliveryNames = [...]string{"", "queued", "sending", "sent", "failed"}

func (d Delivery) String() string {
	if int(d) < len(deliveryNames) {
		return deliveryNames[d]
	}
	return "unknown"
}

// ParseDelivery is the inverse of String.
func ParseDelivery(s string) (Delivery, bool) {
	for i, n := range deliveryNames {
		if n == s {
			return Delivery(i), true
		}
	}
	return 0, false
}

// Attachment is one attached file of a message; its bytes are kept by the
// store (ConversationReader.Attachment).
type Attachment struct {
	Name string // as the sender named it: untrusted, never a path as is
	Type string // media type, e.g. application/pdf
	Size int64
}

// Message is one mail of a case's conversation.
type Message struct {
	CaseID CaseID
	Seq    uint64 // the store's id for the message, unique in the database
	Dir    Direction
	At     time.Time // the Date header (inbound), or when queued (outbound)
	Author string    // the agent who wrote a reply or note; "" for inbound

	From   string   // "Name <addr>" as received, or the desk's address
	To, Cc []string // addresses
	// ReplyTo is where the sender asks replies to go (Reply-To), bare
	// addresses checked at parse time; the customer is still the From.
	ReplyTo    []string
	Subject    string
	MessageID  string   // with angle brackets, as in the header
	InReplyTo  string   // likewise
	References []string // likewise, oldest first
	Text       string   // the readable text (HTML converted); untrusted

	Attachments []Attachment
	RawSize     int64 // bytes of the original RFC 5322 message; 0 for none

	// Opening marks the message that opened the case; a case without one
	// (imported from a file) shows its body as its first message.
	Opening bool
	// Recognised says why a mail was not treated as a customer's contact
	// ("auto-reply: Auto-Submitted: auto-replied"); "" for a customer mail.
	Recognised string
	// Logged marks a reply logged as given (an EventReply: mail was not
	// set up, nothing was sent); the conversation shows it, never stored.
	Logged bool

	Delivery     Delivery  // outbound only
	DeliveryNote string    // the server's answer or what went wrong
	Attempts     int       // sending attempts so far
	NextTry      time.Time // when the runner tries again (queued)
	// FailedTo is the recipients a bounce reported failed when the others
	// got the reply: sending it again goes to them only. Empty: all of
	// To and Cc.
	FailedTo []string
	// HeaderWarnings names the lines of a received mail's header that
	// were not read, not being header fields ("header line 4 is not a
	// header field, not read: …"), one line each; the raw mail keeps them.
	HeaderWarnings []string
}

// ReplyAddresses is where a reply to the customer's last mail goes: the
// addresses its Reply-To asked for, else its From, else (no mail: an
// imported case) the customer's e-mail on record. The case's customer is
// the From in every case; Reply-To only routes the reply. The desk's own
// addresses (desk, DeskAddresses) are left out of the Reply-To: when
// nothing else is left the reply goes to the From.
func ReplyAddresses(last Message, ok bool, customerEmail string, desk ...string) []string {
	var to []string
	if ok {
		for _, a := range last.ReplyTo {
			if !IsDeskAddress(a, desk) {
				to = append(to, a)
			}
		}
	}
	if len(to) > 0 {
		return to
	}
	if ok {
		if a, err := mail.ParseAddress(last.From); err == nil {
			return []string{a.Address}
		}
	}
	if customerEmail == "" {
		return nil
	}
	return []string{customerEmail}
}

// MaxReplyTo bounds the Reply-To addresses a reply goes to: a mail
// naming hundreds must not make the desk mail them all.
const MaxReplyTo = 5

// MaxMessageSize bounds one message's raw bytes: a mail larger than this is
// refused with a clear message, never cut.
const MaxMessageSize = 25 << 20

// ErrTooLarge is the refusal of a message over MaxMessageSize.
func ErrTooLarge(size int64) error {
	return Errorf(EINVALID, "the message is %.1f MB, more than the %d MB a message may have: not taken in", float64(size)/(1<<20), MaxMessageSize>>20)
}

// Draft is a reply an agent wrote, before the store gives it a Message-ID.
type Draft struct {
	From    string   // the desk's address, "Name <care@example.com>"; required
	To, Cc  []string // addresses
	Subject string   // cleaned to one line; the case token is added if missing
	Text    string
	// InReplyTo is the Seq of the message replied to; 0 means the case's
	// latest inbound message.
	InReplyTo uint64
}

// SendReply queues an e-mail reply to the customer. It is an action so the
// same rules as every case write apply (who may act on the case, version
// conflicts, the read-only viewer); the store writes the message and its
// outbox entry with the case in one transaction.
type SendReply struct{ Draft Draft }

func (SendReply) Name() string { return "reply" }

func (a SendReply) apply(c *Case, author string, now time.Time) ([]Event, error) {
	d := a.Draft
	if strings.TrimSpace(d.Text) == "" {
		return nil, Errorf(EINVALID, "the reply is empty")
	}
	if len(d.Text) > MaxNoteLen {
		return nil, Errorf(EINVALID, "the reply is longer than %d KB", MaxNoteLen>>10)
	}
	if strings.TrimSpace(d.From) == "" {
		return nil, Errorf(EINVALID, "mail is not configured: set [mail] address in the config file")
	}
	if len(d.To) == 0 {
		return nil, Errorf(EINVALID, "the reply has no recipient")
	}
	// The first-response clock stops when the server accepts it (the
	// store's ReplySent), not now: a reply refused or bounced reached no one.
	return append([]Event{{Kind: EventMailReply, From: strings.Join(d.To, ", "), To: d.Text}}, openOnReply(c)...), nil
}

// OutboxEntry is one reply waiting in, or failed out of, the outbox.
type OutboxEntry struct {
	Message Message
}

// Case tokens: the desk puts "[#1234]" in reply subjects so a reply that
// lost its In-Reply-To still finds its case.
var caseTokenRE = regexp.MustCompile(`\[#(\d{1,19})\]`)

// CaseToken returns the case id in subject's last "[#N]", or 0.
func CaseToken(subject string) CaseID {
	m := caseTokenRE.FindAllStringSubmatch(subject, -1)
	if len(m) == 0 {
		return 0
	}
	n, err := strconv.ParseUint(m[len(m)-1][1], 10, 64)
	if err != nil {
		return 0
	}
	return CaseID(n)
}

// ReplySubject is the subject of a reply on case id: "Re: " once, the
// customer's subject cleaned to one line, and the case token.
func ReplySubject(subject string, id CaseID) string {
	s := OneLine(subject)
	for {
		t := strings.TrimSpace(s)
		if len(t) >= 3 && strings.EqualFold(t[:3], "re:") {
			s = t[3:]
			continue
		}
		s = t
		break
	}
	if CaseToken(s) != id {
		s = strings.TrimSpace(s + fmt.Sprintf(" [#%d]", id))
	}
	return "Re: " + s
}

// OneLine makes text safe for a header: every control character (CR, LF,
// tab, NUL, …) becomes a space and runs of spaces collapse. Encoding the
// header is the mail library's job; this only makes sure nothing a
// customer wrote can start a new header line.
func OneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029' {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// BodyMessage is an imported case's body as its first inbound message, for
// cases no mail opened.
func BodyMessage(c *Case, cu Customer) Message {
	from := cu.Email
	if cu.Name != "" && cu.Email != "" {
		from = cu.Name + " <" + cu.Email + ">"
	} else if from == "" {
		from = cu.Name
	}
	return Message{CaseID: c.ID, Dir: DirInbound, At: c.CreatedAt, From: from, Subject: c.Subject, Text: c.Body, Opening: true}
}

// ResendReply puts a failed reply (Seq) back in the outbox: an agent's
// decision after a refusal, a bounce or an interrupted send.
type ResendReply struct{ Seq uint64 }

func (ResendReply) Name() string { return "resend" }

func (a ResendReply) apply(c *Case, author string, now time.Time) ([]Event, error) {
	if a.Seq == 0 {
		return nil, Errorf(EINVALID, "which reply to send again?")
	}
	return []Event{{Kind: EventDelivery, From: strconv.FormatUint(a.Seq, 10), To: "queued again"}}, nil
}

// WriteTranscript writes a conversation whole, as it was written: each
// message under a line saying what it is, who and when ("--- inbound ·
// Jane <jane@example.com> · 2026-03-08T09:15:00Z"). A screen shows the
// first part of a long text; this is how an agent gets all of it.
func WriteTranscript(w io.Writer, msgs []Message) error {
	for _, m := range msgs {
		who := m.Author
		if m.From != "" {
			who = m.From
		}
		if _, err := fmt.Fprintf(w, "--- %s · %s · %s\n%s\n\n", m.Dir, who, m.At.UTC().Format(time.RFC3339), m.Text); err != nil {
			return err
		}
	}
	return nil
}
