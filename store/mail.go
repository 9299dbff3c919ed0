package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// mailAuthor is the author of what intake and sending change on a case.
const mailAuthor = "mail"

// maxReferences bounds the References a reply carries (the oldest and
// the newest are the ones that thread).
const maxReferences = 20

// putMessage writes message m of case id (0: skipped mail) with its raw
// bytes and attachment bytes, and indexes its Message-ID (or key).
func (w *wtx) putMessage(m *model.Message, raw []byte, files [][]byte, key string) {
	if m.CaseID == 0 {
		w.put(bucketSkipped, u64(m.Seq), encodeMessage(m))
	} else {
		w.put(bucketMessages, messageKey(m.CaseID, m.Seq), encodeMessage(m))
		w.indexNote(m.CaseID, srcMessage, messageText(m))
	}
	if len(raw) > 0 {
		w.put(bucketMsgRaw, u64(m.Seq), raw)
	}
	for i, f := range files {
		w.put(bucketMsgFiles, fileKey(m.Seq, i), f)
	}
	if key != "" && w.get(bucketMsgID, []byte(key)) == nil {
		w.put(bucketMsgID, []byte(key), messageKey(m.CaseID, m.Seq))
	}
}

func (w *wtx) nextMessageSeq() (uint64, error) { return w.bucket(bucketMessages).NextSequence() }

// queueReply writes an agent's reply on case c: the message with its new
// Message-ID, threaded to the customer's message, and its outbox entry.
// It runs inside Act, so the reply commits with the case's event.
func (w *wtx) queueReply(c *model.Case, author string, d model.Draft) error {
	seq, err := w.nextMessageSeq()
	if err != nil {
		return err
	}
	from, err := mail.ParseAddress(d.From)
	if err != nil {
		return model.Errorf(model.EINVALID, "the desk's address %q is not an e-mail address", d.From)
	}
	if err := model.CheckNotDesk(append(slices.Clone(d.To), d.Cc...), model.DeskAddresses(from.Address, w.db.routing)); err != nil {
		return err
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	var nonce [8]byte
	rand.Read(nonce[:])
	m := model.Message{CaseID: c.ID, Seq: seq, Dir: model.DirOutbound, At: w.now, Author: author,
		From: model.FormatAddress(from.Name, from.Address), To: cleanAddrs(d.To), Cc: cleanAddrs(d.Cc),
		Subject:   model.ReplySubject(d.Subject, c.ID),
		MessageID: fmt.Sprintf("<caredesk.%d.%d.%s@%s>", c.ID, seq, hex.EncodeToString(nonce[:]), domain),
		Text:      d.Text, Delivery: model.DeliveryQueued, NextTry: w.now}
	if strings.TrimSpace(d.Subject) == "" {
		m.Subject = model.ReplySubject(c.Subject, c.ID)
	}
	if parent, ok, err := w.replyParent(c.ID, d.InReplyTo); err != nil {
		return err
	} else if ok && parent.MessageID != "" {
		m.InReplyTo = parent.MessageID
		m.References = append(slices.Clone(parent.References), parent.MessageID)
		if n := len(m.References); n > maxReferences {
			m.References = append(m.References[:1:1], m.References[n-maxReferences+1:]...)
		}
	}
	w.putMessage(&m, nil, nil, m.MessageID)
	w.put(bucketOutbox, u64(seq), caseKey(c.ID))
	return nil
}

func cleanAddrs(in []string) []string {
	out := make([]string, 0, len(in))
	for _, a := range in {
		if a = model.OneLine(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// replyParent is the message a reply answers: seq, or when 0 the case's
// latest inbound message.
func (w *wtx) replyParent(id model.CaseID, seq uint64) (model.Message, bool, error) {
	if seq != 0 {
		m, err := findMessage(w.db, w, id, seq)
		return m, err == nil, err
	}
	var last model.Message
	found := false
	err := w.db.eachMessage(w.tx, id, func(m model.Message) error {
		if m.Dir == model.DirInbound && m.Recognised == "" {
			last, found = m, true
		}
		return nil
	})
	return last, found, err
}

// Receive files one received mail in one transaction: a new case, a turn
// of an existing one (reopening it when finished, putting a pending one
// back to open), a recognised auto-reply, bounce or loop noted on its
// case, or — recognised with no case to go to — kept aside. A mail taken
// in before (same Message-ID from the same sender, or the same bytes) is
// a duplicate and writes nothing, so a fetch can always be repeated.
func (db *DB) Receive(in model.Inbound) (model.Received, error) {
	res, err := db.ReceiveAll([]model.Inbound{in})
	if err != nil {
		return model.Received{}, err
	}
	return res[0], res[0].Err
}

// ReceiveAll files mails as Receive does, all in one transaction (a fetch
// commits a batch at a time: one disk sync instead of one per mail). A
// mail refused on its own (too large) has its Err set and the others go
// in; any other error writes nothing.
func (db *DB) ReceiveAll(ins []model.Inbound) (res []model.Received, err error) {
	err = db.updateAlone(mailAuthor, func(w *wtx) error {
		res = make([]model.Received, len(ins))
		for i := range ins {
			in := &ins[i]
			if int64(len(in.Raw)) > model.MaxMessageSize {
				res[i].Err = model.ErrTooLarge(int64(len(in.Raw)))
				continue
			}
			if len(in.Files) != len(in.Message.Attachments) {
				res[i].Err = model.Errorf(model.EINVALID, "receive: %d attachments listed, %d given", len(in.Message.Attachments), len(in.Files))
				continue
			}
			if err := w.receive(in, &res[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// dedupeKey is the Message-ID, else the content hash.
func dedupeKey(in *model.Inbound) string {
	if in.Message.MessageID != "" {
		return in.Message.MessageID
	}
	return "sha256:" + in.Hash
}

func (w *wtx) receive(in *model.Inbound, res *model.Received) error {
	key := dedupeKey(in)
	if v := w.get(bucketMsgID, []byte(key)); v != nil {
		if w.isDuplicate(v, in) {
			res.Outcome, res.Case, res.Seq = model.ReceivedDuplicate, idOfPrefix(v), getU64(v[8:])
			return nil
		}
	}
	seq, err := w.nextMessageSeq()
	if err != nil {
		return err
	}
	m := in.Message
	m.Seq, m.Dir, m.Author, m.RawSize = seq, model.DirInbound, "", int64(len(in.Raw))
	m.Delivery, m.DeliveryNote, m.Attempts, m.NextTry = model.DeliveryNone, "", 0, time.Time{}
	if m.At.IsZero() || model.CheckCreated(m.At) != "" || m.At.After(w.now.Add(24*time.Hour)) {
		m.At = w.now
	}
	m.At = m.At.UTC()
	target, err := w.threadTarget(in)
	if err != nil {
		return err
	}
	if in.Kind != model.MailContact {
		m.Recognised = in.Kind.String() + ": " + model.OneLine(in.Reason)
		return w.receiveRecognised(in, &m, key, target, res)
	}
	if target == 0 {
		return w.openCase(in, &m, key, res)
	}
	c, err := findCase(w.db, w, target)
	if err != nil {
		return err
	}
	old := c.Clone()
	var evs []model.Event
	if c.Status == model.StatusResolved || c.Status == model.StatusClosed || c.Status == model.StatusPending {
		// The customer wrote again: the rules see a reopen as from any
		// agent's status change.
		evs, err = model.Apply(&c, mailAuthor, w.now, model.SetStatus{To: model.StatusOpen})
		if err != nil {
			return err
		}
		res.Reopened = model.IsReopen(old.Status, c.Status)
	}
	m.CaseID = c.ID
	w.putMessage(&m, in.Raw, in.Files, key)
	model.MarkAwaiting(&c, w.now) // the desk owes the customer its next reply, from now
	c.UpdatedAt = w.now
	c.Version++
	w.writeCase(&old, &c)
	res.Outcome, res.Case, res.Seq = model.ReceivedThreaded, c.ID, seq
	return w.appendEvents(evs)
}

// isDuplicate reports whether the mail indexed at v (case|seq) is in.
// Same Message-ID from another sender is not the same mail: a forged or
// colliding id must not make a customer's mail vanish.
func (w *wtx) isDuplicate(v []byte, in *model.Inbound) bool {
	if in.Message.MessageID == "" {
		return true // the key was the content hash
	}
	id, seq := idOfPrefix(v), getU64(v[8:])
	var rec []byte
	if id == 0 {
		rec = w.get(bucketSkipped, u64(seq))
	} else {
		rec = w.get(bucketMessages, messageKey(id, seq))
	}
	m, err := decodeMessage(id, rec)
	if err != nil {
		return false
	}
	return m.Dir == model.DirInbound && strings.EqualFold(addrOf(m.From), addrOf(in.Message.From))
}

func addrOf(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return strings.TrimSpace(s)
}

// threadTarget finds the case a mail belongs to: In-Reply-To, then
// References newest first, then the Message-IDs a bounce reports on, then
// the subject's case token; 0 for none.
//
// A customer's mail (not an auto-reply or bounce, which only notes the
// case) joins a case by any of them only when it comes from an address
// the case knows (addressOnCase): the next reply goes to the last mail's
// sender, and a Message-ID is no secret — everyone on the customer's To
// and Cc, and any list it went through, has it — no more than a case
// number, which anyone can write in a subject. A stranger's mail opens a
// case of their own: joined and shown as theirs, an agent answering the
// case would still answer it, under the customer's conversation.
func (w *wtx) threadTarget(in *model.Inbound) (model.CaseID, error) {
	ids := []string{in.Message.InReplyTo}
	for i := len(in.Message.References) - 1; i >= 0; i-- {
		ids = append(ids, in.Message.References[i])
	}
	ids = append(ids, in.BounceOf...)
	from := addrOf(in.Message.From)
	tried := map[model.CaseID]bool{}
	for _, id := range ids {
		if id == "" {
			continue
		}
		v := w.get(bucketMsgID, []byte(id))
		if v == nil || idOfPrefix(v) == 0 {
			continue
		}
		t := idOfPrefix(v)
		if in.Kind != model.MailContact {
			return t, nil
		}
		if tried[t] {
			continue
		}
		tried[t] = true
		if on, err := w.addressOnCase(t, from); err != nil || on {
			return t, err
		}
	}
	if t := model.CaseToken(in.Message.Subject); t != 0 && !tried[t] && w.get(bucketCases, caseKey(t)) != nil {
		on, err := w.addressOnCase(t, from)
		if err != nil || on {
			return t, err
		}
	}
	return 0, nil
}

// addressOnCase says whether addr is the case's customer's e-mail or an
// address its conversation has had mail from or sent mail to. An
// auto-reply or bounce noted on the case threads by its Message-IDs
// alone, so its sender and recipients are none of these.
func (w *wtx) addressOnCase(id model.CaseID, addr string) (bool, error) {
	if addr == "" {
		return false, nil
	}
	c, err := findCase(w.db, w, id)
	if err != nil {
		return false, err
	}
	if c.CustomerID != 0 {
		cu, err := findCustomer(w.db, w, c.CustomerID)
		if err != nil {
			return false, err
		}
		if strings.EqualFold(cu.Email, addr) {
			return true, nil
		}
	}
	errFound := errors.New("found")
	err = w.db.eachMessage(w.tx, id, func(m model.Message) error {
		if m.Recognised != "" {
			return nil
		}
		if strings.EqualFold(addrOf(m.From), addr) {
			return errFound
		}
		for _, to := range append(slices.Clone(m.To), m.Cc...) {
			if strings.EqualFold(addrOf(to), addr) {
				return errFound
			}
		}
		return nil
	})
	if err == errFound {
		return true, nil
	}
	return false, err
}

// openCase makes a new case of a customer's first mail.
func (w *wtx) openCase(in *model.Inbound, m *model.Message, key string, res *model.Received) error {
	ext := model.MailKeyPrefix + key
	if in.Hash != "" {
		ext = model.MailKeyPrefix + "sha256:" + in.Hash // unique even when a Message-ID is reused
	}
	if id := findExternal(w, ext); id != 0 {
		// The same mail was imported from a file before: thread it there.
		m.CaseID = id
		w.putMessage(m, in.Raw, in.Files, key)
		res.Outcome, res.Case, res.Seq = model.ReceivedThreaded, id, m.Seq
		return nil
	}
	seq, err := w.bucket(bucketCases).NextSequence()
	if err != nil {
		return err
	}
	c := model.Case{ID: model.CaseID(seq), ExternalID: ext, CreatedAt: w.receivedAt(in), UpdatedAt: w.now,
		Channel: model.ChannelEmail, Subject: m.Subject, Body: m.Text,
		Priority: model.PriorityNormal, Status: model.StatusNew, Version: 1}
	if c.CustomerID, err = w.customerFor(in.Sender, c.CreatedAt); err != nil {
		return err
	}
	m.CaseID, m.Opening = c.ID, true
	// Routing's entry point for new cases (routing.go); a case given the
	// mailbox it came to in model.MailboxField is routed by it.
	if mb := w.db.routing.Mailbox(recipients(m)); mb != "" {
		c.Fields = []model.Field{{Key: model.MailboxField, Value: mb}}
		(&fieldKeySet{w: w}).add(c.Fields) // the export's mailbox column
	}
	routed, err := w.routeNew(&c, mailAuthor)
	if err != nil {
		return err
	}
	w.writeCase(nil, &c)
	w.putMessage(m, in.Raw, in.Files, key)
	res.Outcome, res.Case, res.Seq = model.ReceivedNew, c.ID, m.Seq
	return w.appendEvents(append([]model.Event{{CaseID: c.ID, At: c.CreatedAt, Author: mailAuthor, Kind: model.EventCreated}}, routed...))
}

// recipients are the bare addresses mail m was sent to: To, then Cc.
func recipients(m *model.Message) []string {
	var out []string
	for _, a := range append(slices.Clone(m.To), m.Cc...) {
		out = append(out, addrOf(a))
	}
	return out
}

// receivedAt is when the case a mail opens came in: when the desk
// received it (model.Inbound.ReceivedAt, a history import's dates), else
// now — never the customer's Date header, which only dates the message.
func (w *wtx) receivedAt(in *model.Inbound) time.Time {
	t := in.ReceivedAt
	if t.IsZero() || model.CheckCreated(t) != "" || t.After(w.now) {
		return w.now
	}
	return t.UTC()
}

// splitRecipients parts a reply's recipients (To and Cc, bare, lower
// case) into those a bounce names or an earlier bounce named (failed) and
// the rest (got).
func splitRecipients(r model.Message, bounced []string) (failed, got []string) {
	for _, a := range append(slices.Clone(r.To), r.Cc...) {
		addr := strings.ToLower(a)
		if p, err := mail.ParseAddress(a); err == nil {
			addr = strings.ToLower(p.Address)
		}
		if slices.Contains(bounced, addr) || slices.Contains(r.FailedTo, addr) {
			failed = append(failed, addr)
		} else {
			got = append(got, addr)
		}
	}
	return failed, got
}

// receiveRecognised files an auto-reply, bounce or loop: on its case with
// a notice (a bounce of a desk reply also marks that reply failed), or
// aside when it matches no case. It never reopens a case or opens one.
func (w *wtx) receiveRecognised(in *model.Inbound, m *model.Message, key string, target model.CaseID, res *model.Received) error {
	if target == 0 {
		w.putMessage(m, in.Raw, in.Files, key)
		res.Outcome, res.Seq = model.ReceivedSkipped, m.Seq
		return nil
	}
	c, err := findCase(w.db, w, target)
	if err != nil {
		return err
	}
	old := c.Clone()
	m.CaseID = c.ID
	w.putMessage(m, in.Raw, in.Files, key)
	evs := []model.Event{{CaseID: c.ID, At: w.now, Author: mailAuthor, Kind: model.EventMailNotice, From: model.OneLine(m.From), To: m.Recognised}}
	if in.Kind == model.MailBounce {
		for _, id := range append([]string{in.Message.InReplyTo}, append(slices.Clone(in.Message.References), in.BounceOf...)...) {
			ev, wasSent, ok, err := w.bounceReply(c.ID, id, model.OneLine(in.Reason), in.BouncedTo)
			if err != nil {
				return err
			}
			if ok {
				evs = append(evs, ev)
				res.Bounced = strings.TrimPrefix(ev.To, "failed: ")
				if wasSent && !c.FirstReply.IsZero() {
					if c.FirstReply, err = w.firstReply(c.ID); err != nil {
						return err
					}
				}
				break
			}
		}
	}
	c.UpdatedAt = w.now
	c.Version++
	w.writeCase(&old, &c)
	res.Outcome, res.Case, res.Seq = model.ReceivedRecognised, c.ID, m.Seq
	return w.appendEvents(evs)
}

// bounceReply marks the desk's reply with Message-ID id on case cid as
// failed, when it is one (ok), saying whether it had been taken as sent
// by everyone (wasSent). A bounce for some of its recipients only (bounced,
// from the report) marks those in FailedTo — a resend goes to them alone —
// and the note says who got it; the reply still answered the customer.
func (w *wtx) bounceReply(cid model.CaseID, id, why string, bounced []string) (ev model.Event, wasSent, ok bool, err error) {
	v := w.get(bucketMsgID, []byte(id))
	if v == nil || idOfPrefix(v) != cid {
		return ev, false, false, nil
	}
	r, err := findMessage(w.db, w, cid, getU64(v[8:]))
	if err != nil || r.Dir != model.DirOutbound {
		return ev, false, false, err
	}
	wasSent = r.Delivery == model.DeliverySent || len(r.FailedTo) > 0 // it reached someone
	failed, got := splitRecipients(r, bounced)
	r.Delivery, r.DeliveryNote = model.DeliveryFailed, "bounced: "+why
	if len(failed) > 0 && len(got) > 0 && wasSent {
		r.FailedTo = failed
		r.DeliveryNote = fmt.Sprintf("bounced for %s: %s (%s got it)", strings.Join(failed, ", "), why, strings.Join(got, ", "))
		wasSent = false // the others got it: the customer was answered
	} else {
		r.FailedTo = nil
	}
	r.DeliveryNote = model.OneLine(r.DeliveryNote)
	w.put(bucketMessages, messageKey(cid, r.Seq), encodeMessage(&r))
	w.put(bucketOutbox, u64(r.Seq), caseKey(cid))
	return model.Event{CaseID: cid, At: w.now, Author: mailAuthor, Kind: model.EventDelivery, From: r.MessageID, To: "failed: " + r.DeliveryNote}, wasSent, true, nil
}
