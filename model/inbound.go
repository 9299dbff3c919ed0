package model

import (
	"strings"
	"time"
)

// MailKeyPrefix starts the external id of a case a customer's mail opened
// ("mail:sha256:" and the message's hash, or "mail:" and its key): unique,
// but nothing a person reads, so screens shorten it and replies never
// quote it.
const MailKeyPrefix = "mail:"

// IsMailKey reports whether an external id is one made for a mail.
func IsMailKey(ext string) bool { return strings.HasPrefix(ext, MailKeyPrefix) }

// MailKind is what a received mail was recognised as.
type MailKind uint8

const (
	MailContact   MailKind = iota // a customer writing: a new case or a turn of one
	MailAutoReply                 // an auto-reply or vacation notice
	MailBounce                    // a delivery failure report
	MailLoop                      // mail from the desk's own address
)

func (k MailKind) String() string {
	switch k {
	case MailContact:
		return "contact"
	case MailAutoReply:
		return "auto-reply"
	case MailBounce:
		return "bounce"
	case MailLoop:
		return "loop"
	}
	return "mail"
}

// Inbound is one received mail, parsed and classified by the mail package,
// for the store to file (store.DB.Receive).
type Inbound struct {
	Message Message  // Dir DirInbound: headers, text, attachments' names
	Raw     []byte   // the whole original message
	Files   [][]byte // attachment bytes, one per Message.Attachments
	Sender  Customer // the From address, for finding the customer
	Hash    string   // hex SHA-256 of Raw: the dedupe key of a mail without Message-ID
	Kind    MailKind
	Reason  string // what was recognised, for a kind other than MailContact
	// BounceOf lists Message-IDs a bounce reports on (from the returned
	// message's headers), so the failure lands on the reply it is about.
	BounceOf []string
	// BouncedTo is the recipients a bounce reports failed (bare, lower
	// case); empty when the report names none it could read.
	BouncedTo []string
	// ReceivedAt is when the desk received the mail: the case it opens
	// was created then (the SLA and the queue count from it). Zero: now,
	// as for live intake — a customer's Date header is the message's own
	// date, shown, never when the case came in, or a sender could jump the
	// queue. A history import sets it to the mail's date.
	ReceivedAt time.Time
}

// ReceiveOutcome says what the store did with a mail.
type ReceiveOutcome uint8

const (
	ReceivedNew        ReceiveOutcome = iota + 1 // opened a new case
	ReceivedThreaded                             // joined an existing case
	ReceivedRecognised                           // an auto-reply, bounce or loop filed on its case
	ReceivedSkipped                              // recognised, no case to file it on: kept aside
	ReceivedDuplicate                            // already taken in: nothing written
)

// Received is the outcome of filing one mail.
type Received struct {
	Outcome  ReceiveOutcome
	Case     CaseID // 0 when skipped
	Seq      uint64
	Reopened bool
	Err      error // this mail was refused (ReceiveAll goes on with the rest)
	// Bounced is, for a bounce that marked one of the desk's replies
	// failed, what that reply's delivery note now says; "" otherwise.
	Bounced string
}

// MailRecord is one message of a case with its bytes, as an export
// carries it and an import brings it back.
type MailRecord struct {
	Message Message
	Raw     []byte   // the original RFC 5322 bytes; nil for none
	Files   [][]byte // attachment bytes, one per Message.Attachments
}
