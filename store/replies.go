package store

import (
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// defaultReplies seed a new database, so the reply picker is useful on day
// one.
var defaultReplies = []model.Reply{
	{Name: "Apology and refund", Text: "Hello {{customer}},\n\nI am sorry about the trouble with case {{case}}. I have issued a full refund; you should see it within 5 business days.\n\n{{agent}}"},
	{Name: "Need more information", Text: "Hello {{customer}},\n\nThank you for contacting us about case {{case}}. To look into it, could you send us your order number and a short description of what happened?\n\n{{agent}}"},
	{Name: "Replacement on its way", Text: "Hello {{customer}},\n\nI have arranged a replacement for case {{case}}; it ships today and you will get a tracking number by e-mail.\n\n{{agent}}"},
	{Name: "Resolved, follow-up welcome", Text: "Hello {{customer}},\n\nI believe case {{case}} is now resolved. If anything is still not right, just reply to this message and it comes straight back to me.\n\n{{agent}}"},
}

func seedReplies(tx *bolt.Tx) error {
	b := tx.Bucket(bucketReplies)
	for _, r := range defaultReplies {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.ID = seq
		if err := b.Put(u64(seq), encodeReply(&r)); err != nil {
			return err
		}
	}
	return nil
}

// Replies returns the canned replies in the order they were made.
func (db *DB) Replies() (out []model.Reply, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketReplies).ForEach(func(k, v []byte) error {
			r, err := decodeReply(v)
			if err != nil {
				return db.corrupt("reply", k, err)
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// SaveReply creates a reply (ID 0) or replaces one.
func (db *DB) SaveReply(r model.Reply) (model.Reply, error) {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		return model.Reply{}, model.Errorf(model.EINVALID, "the reply needs a name")
	}
	if strings.TrimSpace(r.Text) == "" {
		return model.Reply{}, model.Errorf(model.EINVALID, "the reply is empty")
	}
	if len(r.Text) > model.MaxNoteLen {
		return model.Reply{}, model.Errorf(model.EINVALID, "the reply is longer than %d KB", model.MaxNoteLen>>10)
	}
	var saved model.Reply
	err := db.update("", func(w *wtx) error {
		// r is left as given: a group commit may run this again, and a
		// second run must create the reply again, not look for its id.
		saved = r
		if saved.ID == 0 {
			seq, err := w.bucket(bucketReplies).NextSequence()
			if err != nil {
				return err
			}
			saved.ID = seq
		} else if w.get(bucketReplies, u64(saved.ID)) == nil {
			return model.Errorf(model.ENOTFOUND, "reply %d not found", saved.ID)
		}
		if err := w.replyNameFree(saved); err != nil {
			return err
		}
		w.put(bucketReplies, u64(saved.ID), encodeReply(&saved))
		w.replies = true
		return nil
	})
	if err != nil {
		return model.Reply{}, err
	}
	return saved, nil
}

// DeleteReply removes reply id.
func (db *DB) DeleteReply(id uint64) error {
	return db.update("", func(w *wtx) error {
		if w.get(bucketReplies, u64(id)) == nil {
			return model.Errorf(model.ENOTFOUND, "reply %d not found", id)
		}
		w.del(bucketReplies, u64(id))
		w.replies = true
		return nil
	})
}

// replyNameFree refuses a name another template has, ignoring case: the
// desk's shared list keeps one of each, whichever screen saves it (two
// leads' ctrl+n at once, or a list loaded before another's save, passed
// the screens' own check).
func (w *wtx) replyNameFree(r model.Reply) error {
	c := w.bucket(bucketReplies).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		other, err := decodeReply(v)
		if err != nil {
			return w.db.corrupt("reply", k, err)
		}
		if other.ID != r.ID && strings.EqualFold(other.Name, r.Name) {
			return model.Errorf(model.EINVALID, "a template named %s exists", other.Name)
		}
	}
	return nil
}
