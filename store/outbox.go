package store

import (
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// The outbox's life: an agent's SendReply commits a reply as queued with
// an outbox entry (Act). The runner takes due ones (DueReplies), marks
// each sending (StartSending) just before handing it to the server, then
// sent (ReplySent, which leaves the outbox), deferred back to queued with a
// later try (ReplyDeferred: offline, a 4xx) or failed (ReplyFailed: a 5xx).
// A reply found still sending when the runner starts was interrupted with
// the server's answer unknown: RecoverInterrupted marks it failed rather
// than send it twice; the agent decides (ResendReply).

// mailActs writes what the mail actions of an Act change besides the case:
// the reply message and its outbox entry, a failed reply queued again.
func (w *wtx) mailActs(c *model.Case, author string, acts []model.Action, evs []model.Event) error {
	for _, a := range acts {
		switch a := a.(type) {
		case model.SendReply:
			if err := w.queueReply(c, author, a.Draft); err != nil {
				return err
			}
		case model.ResendReply:
			if err := w.requeue(c.ID, a.Seq); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *wtx) requeue(id model.CaseID, seq uint64) error {
	m, err := findMessage(w.db, w, id, seq)
	if err != nil {
		return err
	}
	if m.Dir != model.DirOutbound || m.Delivery != model.DeliveryFailed {
		return model.Errorf(model.EINVALID, "message %d of case %d is not a failed reply (it is %s)", seq, id, m.Delivery)
	}
	m.Delivery, m.NextTry, m.Attempts = model.DeliveryQueued, w.now, 0
	w.put(bucketMessages, messageKey(id, seq), encodeMessage(&m))
	w.put(bucketOutbox, u64(seq), caseKey(id))
	return nil
}

// DueReplies lists the queued replies whose next try is at or before now,
// oldest first.
func (db *DB) DueReplies(now time.Time) (out []model.Message, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			m, err := findMessage(db, rtx{tx}, model.CaseID(getU64(v)), getU64(k))
			if err != nil {
				return err
			}
			if m.Delivery == model.DeliveryQueued && !m.NextTry.After(now) {
				out = append(out, m)
			}
			return nil
		})
	})
	return out, err
}

// changeReply rewrites reply seq of case id with fn, in the outbox or out
// of it, with an optional delivery event, and bumps the case so every
// screen sees the new state.
func (db *DB) changeReply(id model.CaseID, seq uint64, raw []byte, fn func(m *model.Message) (keep bool, ev string, err error)) (out model.Message, err error) {
	err = db.update(mailAuthor, func(w *wtx) error {
		m, err := findMessage(db, w, id, seq)
		if err != nil {
			return err
		}
		if m.Dir != model.DirOutbound {
			return model.Errorf(model.EINVALID, "message %d of case %d is not a reply", seq, id)
		}
		keep, ev, err := fn(&m)
		if err != nil {
			return err
		}
		w.put(bucketMessages, messageKey(id, seq), encodeMessage(&m))
		if len(raw) > 0 {
			w.put(bucketMsgRaw, u64(seq), raw)
		}
		if keep {
			w.put(bucketOutbox, u64(seq), caseKey(id))
		} else {
			w.del(bucketOutbox, u64(seq))
		}
		out = m
		if ev == "" {
			return nil
		}
		c, err := findCase(db, w, id)
		if err != nil {
			return err
		}
		old := c.Clone()
		if m.Delivery == model.DeliverySent {
			model.MarkReplied(&c, w.now) // the first reply that reached the customer
		}
		c.Version++
		c.UpdatedAt = w.now
		w.writeCase(&old, &c)
		return w.appendEvents([]model.Event{{CaseID: id, At: w.now, Author: mailAuthor, Kind: model.EventDelivery, From: m.MessageID, To: ev}})
	})
	return out, err
}

// StartSending marks a queued reply as being handed to the server and
// counts the attempt; it is committed before the message's data goes out.
// A reply not queued (sent meanwhile, failed, taken by another sender) is
// ECONFLICT: the caller must not send it.
func (db *DB) StartSending(id model.CaseID, seq uint64) (model.Message, error) {
	return db.changeReply(id, seq, nil, func(m *model.Message) (bool, string, error) {
		if m.Delivery != model.DeliveryQueued {
			return false, "", model.Errorf(model.ECONFLICT, "reply %d of case %d is %s, not queued", seq, id, m.Delivery)
		}
		m.Delivery = model.DeliverySending
		m.Attempts++
		return true, "", nil
	})
}

// ReplySent records the server's acceptance, with the bytes that were
// sent, and takes the reply out of the outbox.
func (db *DB) ReplySent(id model.CaseID, seq uint64, raw []byte, note string) error {
	if int64(len(raw)) > model.MaxMessageSize {
		return model.ErrTooLarge(int64(len(raw)))
	}
	_, err := db.changeReply(id, seq, raw, func(m *model.Message) (bool, string, error) {
		m.Delivery, m.DeliveryNote, m.RawSize = model.DeliverySent, model.OneLine(note), int64(len(raw))
		if len(m.FailedTo) > 0 { // sent again to those a bounce named: now everyone has it
			m.DeliveryNote = model.OneLine("sent again to " + strings.Join(m.FailedTo, ", ") + ": " + note)
			m.FailedTo = nil
		}
		return false, "sent", nil
	})
	return err
}

// ReplyDeferred puts a reply that could not go now (offline, a 4xx) back in
// the queue until next.
func (db *DB) ReplyDeferred(id model.CaseID, seq uint64, note string, next time.Time) error {
	_, err := db.changeReply(id, seq, nil, func(m *model.Message) (bool, string, error) {
		if m.Delivery == model.DeliveryQueued {
			m.Attempts++ // it never got as far as StartSending
		}
		m.Delivery, m.DeliveryNote, m.NextTry = model.DeliveryQueued, model.OneLine(note), next.UTC()
		return true, "", nil
	})
	return err
}

// ReplyFailed records a refusal for good (a 5xx): shown on the case and in
// the outbox until an agent sends it again.
func (db *DB) ReplyFailed(id model.CaseID, seq uint64, note string) error {
	_, err := db.changeReply(id, seq, nil, func(m *model.Message) (bool, string, error) {
		if m.Delivery == model.DeliveryQueued {
			m.Attempts++ // refused before the data (a RCPT TO), so StartSending never counted it
		}
		m.Delivery, m.DeliveryNote = model.DeliveryFailed, model.OneLine(note)
		return true, "failed: " + m.DeliveryNote, nil
	})
	return err
}

// RecoverInterrupted marks every reply left sending by a process that
// stopped mid-send as failed: the server may or may not have taken it, and
// sending it again unasked could send it twice.
func (db *DB) RecoverInterrupted() (int, error) {
	var stuck []model.Message
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			m, err := findMessage(db, rtx{tx}, model.CaseID(getU64(v)), getU64(k))
			if err == nil && m.Delivery == model.DeliverySending {
				stuck = append(stuck, m)
			}
			return err
		})
	})
	if err != nil {
		return 0, err
	}
	for _, m := range stuck {
		err := db.ReplyFailed(m.CaseID, m.Seq, "interrupted while the server was taking it: it may or may not have gone; check with the customer, then send it again")
		if err != nil {
			return 0, err
		}
	}
	return len(stuck), nil
}
