package store

import (
	"bytes"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

// A phrase can only stand inside one text, so before any text is read the
// candidates are narrowed by source: a case is read for its subject only
// when every word of the phrase is in its subject, for its notes only
// when every word is in its notes, and so on. Then only those texts are
// read, and matched without a string per word. A phrase of common words
// ("the courier") still reads every case that holds them all in one text.

// phraseCands are the cases that hold every word of a phrase in one
// source, by where the texts are read from.
type phraseCands struct {
	record    *roaring.Bitmap // subject, body, tags, external id, fields, recovery: the case record
	notes     *roaring.Bitmap // the timeline
	messages  *roaring.Bitmap // the conversation
	customers *roaring.Bitmap // the customer's name, e-mail, phone
}

// phraseCandidates intersects each word's postings source by source.
func (s *searcher) phraseCandidates(toks []string) (phraseCands, error) {
	var bySrc map[string]*roaring.Bitmap
	for i, tok := range toks {
		seek := append([]byte(tok), 0)
		mine := map[string]*roaring.Bitmap{}
		err := wordsInShards(s.words, seek, func(shard uint32, k, v []byte) error {
			if len(k) < 4+len(seek)+1 {
				return s.db.corrupt("idx_words entry", k, errCorrupt)
			}
			src := string(k[4+len(seek):]) // shard(4)|word|0x00|source
			if i > 0 && bySrc[src] == nil {
				return nil // an earlier word is not in this source
			}
			return s.addPosting(mine, src, shard, k, v)
		})
		if err != nil {
			return phraseCands{}, err
		}
		if i > 0 {
			for src, bm := range mine {
				bm.And(bySrc[src])
			}
		}
		bySrc = mine
	}
	pc := phraseCands{record: roaring.New(), notes: roaring.New(), messages: roaring.New(), customers: roaring.New()}
	for src, bm := range bySrc {
		switch src[0] {
		case srcNote:
			pc.notes.Or(bm)
		case srcMessage:
			pc.messages.Or(bm)
		case srcCustomer:
			pc.customers.Or(bm)
		default:
			pc.record.Or(bm)
		}
	}
	return pc, nil
}

// confirmPhrase keeps the cases of cands with a text holding toks one
// after the other.
func (s *searcher) confirmPhrase(cands *roaring.Bitmap, toks []string) (*roaring.Bitmap, error) {
	pc, err := s.phraseCandidates(toks)
	if err != nil {
		return nil, err
	}
	p := newPhrase(toks)
	out := roaring.New()
	// Customers first: each may stand for many cases, and is read once.
	cases := s.tx.Bucket(bucketCases).Cursor()
	custs := s.tx.Bucket(bucketCustomers)
	holds := map[model.CustomerID]bool{}
	var k, v []byte
	for ids := roaring.And(pc.customers, cands).Iterator(); ids.HasNext(); {
		id := model.CaseID(ids.Next())
		k, v = nextCase(cases, k, v, id)
		if k == nil || getU64(k) != uint64(id) {
			continue
		}
		sum, err := decodeSummary(v, nil)
		if err != nil {
			return nil, s.db.corrupt("case", k, err)
		}
		found, ok := holds[sum.CustomerID]
		if !ok {
			if cv := custs.Get(customerKey(sum.CustomerID)); cv != nil {
				cu, err := decodeCustomer(cv)
				if err != nil {
					return nil, s.db.corrupt("customer", customerKey(sum.CustomerID), err)
				}
				found = p.in(cu.Name) || p.in(cu.Email) || p.in(cu.Phone)
			}
			holds[sum.CustomerID] = found
		}
		if found {
			out.Add(uint32(id))
		}
	}
	k, v = nil, nil
	it := roaring.And(pc.record, cands)
	it.AndNot(out)
	for ids := it.Iterator(); ids.HasNext(); {
		id := model.CaseID(ids.Next())
		k, v = nextCase(cases, k, v, id)
		if k == nil || getU64(k) != uint64(id) {
			continue
		}
		found := false
		if err := caseTexts(v, func(text string) bool { found = p.in(text); return found }); err != nil {
			return nil, s.db.corrupt("case", k, err)
		}
		if found {
			out.Add(uint32(id))
		}
	}
	events := s.tx.Bucket(bucketEvents).Cursor()
	notes := roaring.And(pc.notes, cands)
	notes.AndNot(out)
	for ids := notes.Iterator(); ids.HasNext(); {
		id := model.CaseID(ids.Next())
		prefix := caseKey(id)
		for k, v := events.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = events.Next() {
			ev, err := decodeEvent(id, v)
			if err != nil {
				continue // check reports it
			}
			if _, ok := eventWords(ev.Kind); ok && p.in(ev.To) {
				out.Add(uint32(id))
				break
			}
		}
	}
	msgs := s.tx.Bucket(bucketMessages).Cursor()
	mail := roaring.And(pc.messages, cands)
	mail.AndNot(out)
	for ids := mail.Iterator(); ids.HasNext(); {
		id := model.CaseID(ids.Next())
		prefix := caseKey(id)
		for k, v := msgs.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = msgs.Next() {
			if m, err := decodeMessage(id, v); err == nil && p.in(messageText(&m)) {
				out.Add(uint32(id))
				break
			}
		}
	}
	return out, nil
}

// nextCase moves the cases cursor from k to the record of id: a few steps
// forward when it is near (a phrase of common words has dense
// candidates), a seek from the root otherwise.
func nextCase(c *bolt.Cursor, k, v []byte, id model.CaseID) ([]byte, []byte) {
	const near = 16
	if k != nil && getU64(k) < uint64(id) && uint64(id)-getU64(k) <= near {
		for k != nil && getU64(k) < uint64(id) {
			k, v = c.Next()
		}
		return k, v
	}
	return c.Seek(caseKey(id))
}

// phrase matches folded words one after the other in a text, keeping the
// last few words in reused buffers rather than a string each.
type phrase struct {
	toks []string
	ring [][]byte
}

func newPhrase(toks []string) *phrase {
	return &phrase{toks: toks, ring: make([][]byte, len(toks))}
}

// in reports whether text holds the phrase.
func (p *phrase) in(text string) bool {
	k, n, found := len(p.toks), 0, false
	fulltext.Each(text, func(w []byte) {
		if found {
			return
		}
		p.ring[n%k] = append(p.ring[n%k][:0], w...)
		n++
		if n < k || string(w) != p.toks[k-1] {
			return
		}
		for j := range k - 1 {
			if string(p.ring[(n-k+j)%k]) != p.toks[j] {
				return
			}
		}
		found = true
	})
	return found
}
