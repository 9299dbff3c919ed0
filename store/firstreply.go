package store

import (
	"bytes"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// The first-response clock has one record: Case.FirstReply, in the case
// record (so the queue's SLA clock and the reports read it from the
// summary). What stops it is model.FirstReplyOf's rule over the case's
// history; this file derives it from the stored history, for a bounce
// that takes a sent reply back, for check and repair, and for migration 9,
// which merged the mail channel's first_reply bucket into it.

// firstReply works case id's first reply out of its stored history, as
// this write sees it: after a bounce took a sent reply back.
func (w *wtx) firstReply(id model.CaseID) (time.Time, error) {
	var evs []model.Event
	prefix := caseKey(id)
	cur := w.tx.Bucket(bucketEvents).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		ev, err := decodeEvent(id, v)
		if err != nil {
			return time.Time{}, w.db.corrupt("event", k, err)
		}
		if ev.Kind == model.EventReply || ev.Kind == model.EventDelivery {
			evs = append(evs, ev)
		}
	}
	var failed error
	first := model.FirstReplyOf(evs, func(mid string) bool {
		v := w.get(bucketMsgID, []byte(mid))
		if v == nil || idOfPrefix(v) != id {
			return false
		}
		m, err := findMessage(w.db, w, id, getU64(v[8:]))
		if err != nil {
			failed = err
			return false
		}
		// A reply bounced for some of its recipients (FailedTo) reached the others.
		return m.Dir == model.DirOutbound && (m.Delivery == model.DeliverySent || len(m.FailedTo) > 0)
	})
	return first, failed
}

// firstReplies derives every case's first reply from the whole history:
// the replies still sent (messages), then each case's logged replies and
// sent deliveries (events). Cases never answered are absent.
func firstReplies(tx *bolt.Tx) (map[model.CaseID]time.Time, error) {
	sent := map[string]bool{}
	err := tx.Bucket(bucketMessages).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil // reported by check
		}
		m, err := decodeMessage(idOfPrefix(k), v)
		if err != nil {
			return nil // reported by check
		}
		if m.Dir == model.DirOutbound && m.Delivery == model.DeliverySent && m.MessageID != "" {
			sent[string(caseKey(m.CaseID))+m.MessageID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[model.CaseID]time.Time{}
	err = tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil // reported by check
		}
		id := idOfPrefix(k)
		ev, err := decodeEvent(id, v)
		if err != nil {
			return nil // reported by check
		}
		at := model.FirstReplyOf([]model.Event{ev}, func(mid string) bool { return sent[string(k[:8])+mid] })
		if at.IsZero() {
			return nil
		}
		if have, ok := out[id]; !ok || at.Before(have) {
			out[id] = at
		}
		return nil
	})
	return out, err
}

// migrateFirstReply makes Case.FirstReply the one record of the clock:
// every case's is worked out afresh from its history — a reply queued but
// refused or bounced no longer counts, and files from before teams gain
// theirs — and the mail channel's first_reply bucket goes. Cases whose
// clock changed are rewritten; the queue index, whose due times follow
// the clock, is rebuilt by the next writer to open the file.
func migrateFirstReply(tx *bolt.Tx, opt *Options) error {
	want, err := firstReplies(tx)
	if err != nil {
		return err
	}
	cases := tx.Bucket(bucketCases)
	var fixed []model.Case
	err = cases.ForEach(func(k, v []byte) error {
		c, err := decodeCase(v)
		if err != nil {
			return fmt.Errorf("case %d: %w", getU64(k), err)
		}
		if at := want[c.ID]; !at.Equal(c.FirstReply) {
			c.FirstReply = at
			fixed = append(fixed, c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range fixed {
		if err := cases.Put(caseKey(fixed[i].ID), encodeCase(nil, &fixed[i])); err != nil {
			return err
		}
	}
	if len(fixed) > 0 {
		if err := tx.Bucket(bucketMeta).Delete(metaTeamSLA); err != nil {
			return err
		}
	}
	if tx.Bucket(bucketFirstReplyOld) != nil {
		return tx.DeleteBucket(bucketFirstReplyOld)
	}
	return nil
}

// checkFirstReplies compares each case's clock with its history.
func checkFirstReplies(tx *bolt.Tx, p *problems) {
	want, err := firstReplies(tx)
	if err != nil {
		p.addf("first replies: %v", err)
		return
	}
	tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		s, err := decodeSummary(v, nil)
		if err != nil {
			return nil // reported with the cases
		}
		if at := want[s.ID]; !at.Equal(s.FirstReply) {
			p.addf("case %d: first reply %s, its history says %s", s.ID, fmtClock(s.FirstReply), fmtClock(at))
		}
		return nil
	})
}

func fmtClock(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.UTC().Format(time.RFC3339)
}
