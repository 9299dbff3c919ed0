package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// The mail buckets' derived data — the Message-ID index and the outbox —
// is defined once here (mailDerived), from the message records and the
// raw bytes; check compares the stored buckets with it and repair writes
// it. (The first-response clock is the case record's: firstreply.go.)

// mailDerived is what the derived mail buckets must hold.
type mailDerived struct {
	msgID  map[string][]byte // key → case|seq, the lowest seq winning
	outbox map[uint64]model.CaseID
}

// deriveMail walks the messages and the skipped mail. Every
// record it cannot read is a problem (p may be nil when repairing: then
// the first one is the error).
func (db *DB) deriveMail(tx *bolt.Tx, p *problems) (*mailDerived, error) {
	d := &mailDerived{msgID: map[string][]byte{}, outbox: map[uint64]model.CaseID{}}
	raw, files := tx.Bucket(bucketMsgRaw), tx.Bucket(bucketMsgFiles)
	cases := tx.Bucket(bucketCases)
	bad := func(format string, args ...any) error {
		if p == nil {
			return model.Errorf(model.EINTERNAL, "%s: "+format+": restore from a backup", append([]any{db.path}, args...)...)
		}
		p.addf(format, args...)
		return nil
	}
	visit := func(id model.CaseID, k, v []byte) error {
		m, err := decodeMessage(id, v)
		if err != nil {
			return bad("message %x: record does not decode: %v", k, err)
		}
		if id != 0 && cases.Get(caseKey(id)) == nil {
			return bad("message %d: case %d does not exist", m.Seq, id)
		}
		r := raw.Get(u64(m.Seq))
		if int64(len(r)) != m.RawSize {
			return bad("message %d of case %d: %d raw bytes kept, the record says %d", m.Seq, id, len(r), m.RawSize)
		}
		for i := range m.Attachments {
			if f := files.Get(fileKey(m.Seq, i)); int64(len(f)) != m.Attachments[i].Size {
				return bad("message %d of case %d: attachment %d has %d bytes, the record says %d", m.Seq, id, i+1, len(f), m.Attachments[i].Size)
			}
		}
		key := m.MessageID
		if key == "" && m.Dir == model.DirInbound && len(r) > 0 {
			key = "sha256:" + sha256Hex(r)
		}
		if key != "" {
			if have, ok := d.msgID[key]; !ok || getU64(have[8:]) > m.Seq {
				d.msgID[key] = messageKey(id, m.Seq)
			}
		}
		if m.Dir == model.DirOutbound && m.Delivery != model.DeliverySent {
			d.outbox[m.Seq] = id
		}
		return nil
	}
	err := tx.Bucket(bucketMessages).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return bad("message key %x is malformed", k)
		}
		return visit(idOfPrefix(k), k, v)
	})
	if err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketSkipped).ForEach(func(k, v []byte) error { return visit(0, k, v) })
	if err != nil {
		return nil, err
	}
	return d, err
}

// checkMail compares the derived mail buckets with a recount, both ways.
func (db *DB) checkMail(tx *bolt.Tx, p *problems) {
	d, err := db.deriveMail(tx, p)
	if err != nil {
		p.addf("mail: %v", err)
		return
	}
	compare := func(name []byte, want map[string][]byte) {
		b := tx.Bucket(name)
		b.ForEach(func(k, v []byte) error {
			if w, ok := want[string(k)]; !ok {
				p.addf("%s entry %q: no message has it", name, k)
			} else if !bytes.Equal(w, v) {
				p.addf("%s entry %q points to %x, the messages say %x", name, k, v, w)
			}
			return nil
		})
		for k := range want {
			if b.Get([]byte(k)) == nil {
				p.addf("%s is missing %q", name, k)
			}
		}
	}
	compare(bucketMsgID, d.msgID)
	compare(bucketOutbox, d.outboxEntries())
	checkFirstReplies(tx, p)
}

func (d *mailDerived) outboxEntries() map[string][]byte {
	m := make(map[string][]byte, len(d.outbox))
	for seq, id := range d.outbox {
		m[string(u64(seq))] = caseKey(id)
	}
	return m
}

// repairMail writes the derived mail buckets afresh (Repair has emptied
// them).
func (db *DB) repairMail(tx *bolt.Tx, w *wtx) error {
	d, err := db.deriveMail(tx, nil)
	if err != nil {
		return err
	}
	for name, entries := range map[string]map[string][]byte{string(bucketMsgID): d.msgID,
		string(bucketOutbox): d.outboxEntries()} {
		for k, v := range entries {
			w.put([]byte(name), []byte(k), v)
		}
	}
	return nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
