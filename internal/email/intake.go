package email

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Desk is what intake needs of the store: store.DB.ReceiveAll.
type Desk interface {
	ReceiveAll(ins []model.Inbound) ([]model.Received, error)
}

// FetchResult counts what a fetch or a mail import did.
type FetchResult struct {
	Fetched    int // mails read from the source
	New        int // new cases
	Threaded   int // mails that joined an existing case
	Skipped    int // auto-replies, bounces, loops (noted on their case or kept aside)
	Duplicates int // already taken in: nothing written
	Refused    []string
	// Bounced is a line per desk reply a bounce marked failed: "case #2:
	// the reply to ann@example.com bounced: …".
	Bounced []string
}

func (r *FetchResult) add(o FetchResult) {
	r.Fetched += o.Fetched
	r.New += o.New
	r.Threaded += o.Threaded
	r.Skipped += o.Skipped
	r.Duplicates += o.Duplicates
	r.Refused = append(r.Refused, o.Refused...)
	r.Bounced = append(r.Bounced, o.Bounced...)
}

// AsImport counts a mail import as an import of cases counts its rows, for
// the line every import ends with ("imported N, updated U, unchanged K,
// rejected R"): a new case is imported, a mail that joined a case updated
// it, a mail already in or skipped left the desk unchanged, a refused one
// is rejected.
func (r FetchResult) AsImport() (res model.ImportResult, rejected int) {
	return model.ImportResult{Imported: r.New, Updated: r.Threaded, Unchanged: r.Duplicates + r.Skipped}, len(r.Refused)
}

// String is the line `caredesk mail fetch` prints.
func (r FetchResult) String() string {
	s := fmt.Sprintf("fetched %d, threaded %d, new cases %d, skipped %d (auto-replies/bounces/loops)", r.Fetched, r.Threaded, r.New, r.Skipped)
	if r.Duplicates > 0 {
		s += fmt.Sprintf(", already in %d", r.Duplicates)
	}
	if len(r.Refused) > 0 {
		s += fmt.Sprintf(", refused %d", len(r.Refused))
	}
	return s
}

// Batch limits: a fetch commits this many mails (or bytes) at a time, so
// its memory does not grow with the mailbox, and a crash loses at most a
// batch's work — which the next fetch redoes, the store dropping what it
// already has.
const (
	batchMails = 200
	batchBytes = 32 << 20
)

// batch gathers parsed mails and files them together.
type batch struct {
	desk    Desk
	addr    string // the desk's own address
	ins     []model.Inbound
	where   []string // a name per mail for refusals (file, UID)
	size    int
	res     FetchResult
	onFiled func(where []string) error // marks the batch handled at the source
	// history: an import of a desk's past mail, each case created at its
	// mail's date; live intake leaves that to the store (received now).
	history bool
}

// add parses raw (named where) into the batch, filing when full.
func (b *batch) add(raw []byte, where string) error {
	b.res.Fetched++
	if len(bytes.TrimSpace(raw)) == 0 {
		// An empty file in a Maildir (an mbox separator with nothing
		// after it is refused alike): no customer, no text, a case
		// nobody could answer, counted in every figure.
		b.res.Refused = append(b.res.Refused, where+": an empty message")
		return nil
	}
	in, err := Parse(raw, b.addr)
	if err != nil {
		b.res.Refused = append(b.res.Refused, refusal(where, raw, err))
		return nil
	}
	if b.history {
		in.ReceivedAt = in.Message.At
	}
	b.ins = append(b.ins, in)
	b.where = append(b.where, where)
	b.size += len(raw)
	if len(b.ins) >= batchMails || b.size >= batchBytes {
		return b.flush()
	}
	return nil
}

// flush files the batch in one transaction, then lets the source mark
// what was filed (never before the commit).
func (b *batch) flush() error {
	if len(b.ins) == 0 {
		return nil
	}
	res, err := b.desk.ReceiveAll(b.ins)
	if err != nil {
		return err
	}
	var done []string
	for i, r := range res {
		switch {
		case r.Err != nil:
			b.res.Refused = append(b.res.Refused, b.where[i]+": "+model.ErrorMessage(r.Err))
			continue
		case r.Outcome == model.ReceivedNew:
			b.res.New++
		case r.Outcome == model.ReceivedThreaded:
			b.res.Threaded++
		case r.Outcome == model.ReceivedRecognised || r.Outcome == model.ReceivedSkipped:
			b.res.Skipped++
			if r.Bounced != "" {
				b.res.Bounced = append(b.res.Bounced, fmt.Sprintf("case #%d: a reply failed, not delivered (an agent must check it): %s", r.Case, r.Bounced))
			}
		case r.Outcome == model.ReceivedDuplicate:
			b.res.Duplicates++
		}
		done = append(done, b.where[i])
	}
	clear(b.ins) // drop the mails' bytes
	b.ins, b.where, b.size = b.ins[:0], b.where[:0], 0
	if b.onFiled != nil && len(done) > 0 {
		return b.onFiled(done)
	}
	return nil
}

// refusedLines formats refusals for a command's stderr.
func refusedLines(r FetchResult) string { return strings.Join(r.Refused, "\n") }
