package store

import (
	"bytes"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Conversation lists case id's messages, notes and logged replies, oldest
// first; see model.ConversationReader.
func (db *DB) Conversation(id model.CaseID) (out []model.Message, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		c, err := findCase(db, rtx{tx}, id)
		if err != nil {
			return err
		}
		out, err = db.conversation(tx, &c)
		return err
	})
	return out, err
}

// ConversationOf is Conversation of case c as the caller read it: an
// opening taken from its description shares c's Body (a screen opening a
// 30 MB description read and copied it twice).
func (db *DB) ConversationOf(c model.Case) (out []model.Message, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		out, err = db.conversation(tx, &c)
		return err
	})
	return out, err
}

// conversation lists case c's messages, notes and logged replies.
func (db *DB) conversation(tx *bolt.Tx, c *model.Case) ([]model.Message, error) {
	id := c.ID
	var out []model.Message
	opened := false
	err := db.eachMessage(tx, id, func(m model.Message) error {
		opened = opened || m.Opening
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !opened {
		cu, _ := findCustomer(db, rtx{tx}, c.CustomerID) // anonymous cases have none
		out = slices.Insert(out, 0, model.BodyMessage(c, cu))
	}
	// Messages keep their arrival (seq) order: a Date header is the
	// sender's clock, to the second. A note goes after the messages
	// that came before it.
	at := make([]time.Time, len(out))
	for i := range out {
		at[i] = out[i].At
		if i > 0 && at[i].Before(at[i-1]) {
			at[i] = at[i-1]
		}
	}
	var notes []model.Message
	prefix := caseKey(id)
	cur := tx.Bucket(bucketEvents).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		ev, err := decodeEvent(id, v)
		if err != nil {
			return nil, db.corrupt("event", k, err)
		}
		switch ev.Kind {
		case model.EventNote:
			notes = append(notes, model.Message{CaseID: id, Dir: model.DirNote, At: ev.At, Author: ev.Author, Text: ev.To})
		case model.EventReply:
			// a reply logged as given is the desk's reply too, not sent
			notes = append(notes, model.Message{CaseID: id, Dir: model.DirOutbound, At: ev.At, Author: ev.Author, Text: ev.To, Logged: true})
		}
	}
	if len(notes) == 0 {
		return out, nil
	}
	merged := make([]model.Message, 0, len(out)+len(notes))
	i := 0
	for _, n := range notes {
		for i < len(out) && !at[i].After(n.At) {
			merged = append(merged, out[i])
			i++
		}
		merged = append(merged, n)
	}
	return append(merged, out[i:]...), nil
}

// eachMessage walks case id's stored messages in seq order.
func (db *DB) eachMessage(tx *bolt.Tx, id model.CaseID, fn func(model.Message) error) error {
	prefix := caseKey(id)
	cur := tx.Bucket(bucketMessages).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		m, err := decodeMessage(id, v)
		if err != nil {
			return db.corrupt("message", k, err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

// findMessage reads message seq of case id.
func findMessage(db *DB, g getter, id model.CaseID, seq uint64) (model.Message, error) {
	k := messageKey(id, seq)
	v := g.get(bucketMessages, k)
	if v == nil {
		return model.Message{}, model.Errorf(model.ENOTFOUND, "case %d has no message %d", id, seq)
	}
	m, err := decodeMessage(id, v)
	if err != nil {
		return model.Message{}, db.corrupt("message", k, err)
	}
	return m, nil
}

// Attachment returns attachment i of message seq of case id, bytes
// copied out of the transaction.
func (db *DB) Attachment(id model.CaseID, seq uint64, i int) (a model.Attachment, data []byte, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		m, err := findMessage(db, rtx{tx}, id, seq)
		if err != nil {
			return err
		}
		if i < 0 || i >= len(m.Attachments) {
			return model.Errorf(model.ENOTFOUND, "message %d of case %d has no attachment %d", seq, id, i+1)
		}
		a = m.Attachments[i]
		v := tx.Bucket(bucketMsgFiles).Get(fileKey(seq, i))
		if v == nil {
			return model.Errorf(model.EINTERNAL, "%s: the bytes of attachment %d of message %d are missing: run caredesk check", db.path, i+1, seq)
		}
		data = bytes.Clone(v)
		return nil
	})
	return a, data, err
}

// RawMessage returns the original bytes of message seq of case id.
func (db *DB) RawMessage(id model.CaseID, seq uint64) (raw []byte, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := findMessage(db, rtx{tx}, id, seq); err != nil {
			return err
		}
		raw = bytes.Clone(tx.Bucket(bucketMsgRaw).Get(u64(seq)))
		return nil
	})
	return raw, err
}

// Outbox lists the replies queued, sending or failed, oldest first (the
// outbox bucket keeps all three; a failed reply stays until it is sent
// again).
func (db *DB) Outbox() (out []model.Message, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			m, err := findMessage(db, rtx{tx}, model.CaseID(getU64(v)), getU64(k))
			if err != nil {
				return err
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}

// Skipped lists the recognised mail no case took (auto-replies, bounces
// and loops that matched nothing), newest last: kept, never dropped.
func (db *DB) Skipped() (out []model.Message, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSkipped).ForEach(func(k, v []byte) error {
			m, err := decodeMessage(0, v)
			if err != nil {
				return db.corrupt("skipped mail", k, err)
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}
