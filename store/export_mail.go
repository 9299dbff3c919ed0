package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// EachCaseMail is EachCaseFull with every case's messages and their bytes
// (raw mail and attachments), for an export that round-trips them.
func (db *DB) EachCaseMail(fn func(model.Case, model.Customer, []model.Event, []model.MailRecord) error) error {
	return db.view(func(tx *bolt.Tx) error {
		var mail []model.MailRecord
		return db.eachCaseIn(tx, true, func(c model.Case, cu model.Customer, evs []model.Event) error {
			mail = mail[:0]
			err := db.eachMessage(tx, c.ID, func(m model.Message) error {
				rec := model.MailRecord{Message: m, Raw: bytes.Clone(tx.Bucket(bucketMsgRaw).Get(u64(m.Seq)))}
				for i := range m.Attachments {
					rec.Files = append(rec.Files, bytes.Clone(tx.Bucket(bucketMsgFiles).Get(fileKey(m.Seq, i))))
				}
				mail = append(mail, rec)
				return nil
			})
			if err != nil {
				return err
			}
			return fn(c, cu, evs, mail)
		})
	})
}

// importMail writes an imported case's messages, each with a new seq,
// indexed, in the outbox when an outbound one is not sent yet.
func (w *wtx) importMail(id model.CaseID, recs []model.MailRecord) error {
	for _, r := range recs {
		seq, err := w.nextMessageSeq()
		if err != nil {
			return err
		}
		m := r.Message
		m.CaseID, m.Seq, m.RawSize = id, seq, int64(len(r.Raw))
		if len(r.Files) != len(m.Attachments) {
			return model.Errorf(model.EINVALID, "case %d: message %q lists %d attachments and carries %d", id, m.MessageID, len(m.Attachments), len(r.Files))
		}
		for i := range m.Attachments {
			m.Attachments[i].Size = int64(len(r.Files[i]))
		}
		if m.RawSize > model.MaxMessageSize {
			return model.ErrTooLarge(m.RawSize)
		}
		key := m.MessageID
		if key == "" && m.Dir == model.DirInbound && len(r.Raw) > 0 {
			key = "sha256:" + sha256Hex(r.Raw)
		}
		w.putMessage(&m, r.Raw, r.Files, key)
		if m.Dir == model.DirOutbound && m.Delivery != model.DeliverySent {
			w.put(bucketOutbox, u64(seq), caseKey(id))
		}
	}
	return nil
}
