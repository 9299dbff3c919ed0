package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

// The word index: which cases hold each word, kept in the same
// transaction as every change to the text it indexes, so a search never
// disagrees with the store.
//
// idx_words keys are shard(4)|word|0x00|source: the shard is the high
// bits of the case ids the value holds (shardBits), source says where in a
// case the word stands (a letter, and for an extra field its order in
// field_keys). The shard comes first (schema 6) because case ids are
// given in order: an import's new words all land at the end of the
// bucket, in order, instead of in every page of it — a batch used to
// rewrite most of the index, and a million-case import touched pages all
// over the file. A search seeks each shard for word|0x00 (wordsInShards),
// and the rest of the key tells the ranking where.
// A customer's name, e-mail and phone are words of each of their cases
// (source srcCustomer, schema 12), so a name is one posting lookup like
// any other word. They were indexed per customer until then, and a search
// mapped the customers found to their cases through idx_customer: one
// seek per matching case once that index was keyed by case shard first
// (schema 10), 100 ms for a common first name at a million cases. The
// cost moved to the rarer write: a customer whose words change (learnt a
// name, an e-mail) updates the postings of every case of theirs, in the
// same transaction (customerWordsChanged).
//
// Case ids past 2^32 are not indexed (four billion cases): the postings
// are 32-bit roaring bitmaps.

// Where a word stands in a case: the byte after word|0x00.
const (
	srcSubject  byte = 's'
	srcBody     byte = 'b'
	srcNote     byte = 'n' // notes and replies logged on the timeline
	srcMessage  byte = 'm' // conversation messages (the e-mail channel)
	srcTag      byte = 't'
	srcExternal byte = 'x'
	srcRecovery byte = 'r' // what was done for the customer (Case.Recovery.Text)
	srcField    byte = 'f' // followed by the field key's order(4)
	srcCustomer byte = 'c' // the case's customer: name, e-mail, phone
)

// shardBits is how many low bits of a case id one posting value spans:
// about one import batch (ingest.BatchSize), so that a batch's words are
// mostly new keys past the end of the index; a search seeks a word once
// per shard, 123 shards at a million cases. A var: tests lower it to
// spread a few hundred cases over many shards.
var shardBits = 13

// wordKey is the index key of term (word|0x00|…) in shard.
func wordKey(shard uint32, term []byte) []byte {
	return append(binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(term)), shard), term...)
}

// maxIndexedID bounds the ids a 32-bit posting can hold.
const maxIndexedID = 1<<32 - 1

// wordSource is the part of an idx_words key after the word: 0x00, the
// source, and a field's order.
func wordSource(src byte, field uint32) []byte {
	if src == srcField {
		return binary.BigEndian.AppendUint32([]byte{0, src}, field)
	}
	return []byte{0, src}
}

// termSet collects one text's word keys (word|0x00|source) without a
// string per word; sorted and de-duplicated by done.
type termSet struct {
	buf   []byte
	spans [][2]int32
	word  fulltext.Scratch
}

func (ts *termSet) reset() { ts.buf, ts.spans = ts.buf[:0], ts.spans[:0] }

// add puts every word of text, followed by source, in the set.
func (ts *termSet) add(text string, source []byte) {
	if text == "" {
		return
	}
	fulltext.EachIn(&ts.word, text, func(w []byte) {
		start := len(ts.buf)
		ts.buf = append(append(ts.buf, w...), source...)
		ts.spans = append(ts.spans, [2]int32{int32(start), int32(len(ts.buf))})
	})
}

func (ts *termSet) term(i int) []byte { return ts.buf[ts.spans[i][0]:ts.spans[i][1]] }

// done sorts and de-duplicates the set.
func (ts *termSet) done() {
	slices.SortFunc(ts.spans, func(a, b [2]int32) int {
		return bytes.Compare(ts.buf[a[0]:a[1]], ts.buf[b[0]:b[1]])
	})
	ts.spans = slices.CompactFunc(ts.spans, func(a, b [2]int32) bool {
		return bytes.Equal(ts.buf[a[0]:a[1]], ts.buf[b[0]:b[1]])
	})
}

// fieldOrder finds the order of an extra-field key; ok is false for a key
// field_keys does not hold (then its words are not indexed by field).
type fieldOrder func(key string) (uint32, bool)

// caseTerms puts in ts every word key of a case's own text: subject,
// body, tags, external id, extra fields and recovery text, and its
// customer cu's words (nil: none), sorted and de-duplicated.
// Notes and messages are indexed where they are written.
// Writes, Check and Repair all use it: one definition of what the index
// holds.
func caseTerms(ts *termSet, c *model.Case, cu *model.Customer, order fieldOrder) {
	caseWords(ts, c, cu, order)
	ts.done()
}

// caseWords is caseTerms unsorted, with repeats: a new case's words go
// straight to the postings, which drop the repeats of one id.
func caseWords(ts *termSet, c *model.Case, cu *model.Customer, order fieldOrder) {
	if cu != nil {
		customerWords(ts, cu)
	}
	ts.add(c.Subject, []byte{0, srcSubject})
	ts.add(c.Body, []byte{0, srcBody})
	for _, t := range c.Tags {
		ts.add(t, []byte{0, srcTag})
	}
	ts.add(c.ExternalID, []byte{0, srcExternal})
	ts.add(c.Recovery.Text, []byte{0, srcRecovery})
	for _, f := range c.Fields {
		if o, ok := order(f.Key); ok {
			ts.add(f.Value, wordSource(srcField, o))
		}
	}
}

// customerWords adds the words a customer gives each of their cases:
// name, e-mail, phone.
func customerWords(ts *termSet, cu *model.Customer) {
	src := []byte{0, srcCustomer}
	ts.add(cu.Name, src)
	ts.add(cu.Email, src)
	ts.add(cu.Phone, src)
}

// sameWords reports whether two versions of a customer give their cases
// the same words.
func sameWords(a, b *model.Customer) bool {
	return a.Name == b.Name && a.Email == b.Email && a.Phone == b.Phone
}

// sameText reports whether two versions of a case index the same words,
// without tokenizing: most writes (status, assignee) change none.
func sameText(a, b *model.Case) bool {
	return a.CustomerID == b.CustomerID && a.Subject == b.Subject && a.Body == b.Body && a.ExternalID == b.ExternalID &&
		a.Recovery.Text == b.Recovery.Text && slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Fields, b.Fields)
}

// postings are a write's changes to one word index, by key without the
// shard: ids added and removed, in the order made (id<<1, |1 for a
// removal), so that when one write changes a case twice the last wins.
type postings map[string]*posting

// A posting's first ops live in the posting itself: most words of an
// import batch are in one or two of its cases (customers' e-mails and
// phones are), and their ops then cost no allocation of their own.
type posting struct {
	ops    []uint64
	inline [2]uint64
}

func (p postings) note(term []byte, id uint64, add bool) { p.noteIn(nil, term, id, add) }

// noteIn is note with new postings taken from slab (nil: one allocation
// each): the word worker makes hundreds of thousands per import.
func (p postings) noteIn(slab *[]posting, term []byte, id uint64, add bool) {
	ps := p[string(term)]
	if ps == nil {
		if slab == nil {
			ps = &posting{}
		} else {
			if len(*slab) == cap(*slab) {
				*slab = make([]posting, 0, 4096) // never grown: the postings point into it
			}
			*slab = append(*slab, posting{})
			ps = &(*slab)[len(*slab)-1]
		}
		ps.ops = ps.inline[:0]
		p[string(term)] = ps
	}
	op := id << 1
	if !add {
		op |= 1
	}
	if n := len(ps.ops); n > 0 && ps.ops[n-1] == op {
		return // the word again in the same case
	}
	ps.ops = append(ps.ops, op)
}

// sort puts the ops in id order, those of one id in the order made.
func (ps *posting) sort() {
	byID := func(a, b uint64) int { return cmp.Compare(a>>1, b>>1) }
	if !slices.IsSortedFunc(ps.ops, byID) { // an import notes its new cases in order
		slices.SortStableFunc(ps.ops, byID)
	}
}

// split returns the ids the posting adds and removes, each ascending,
// the last change of an id winning. The adds reuse the posting's memory:
// it is spent.
func (ps *posting) split() (add, del []uint64) {
	ps.sort()
	n := 0 // ops[:n] are the adds so far: n never passes i
	for i, op := range ps.ops {
		if i+1 < len(ps.ops) && ps.ops[i+1]>>1 == op>>1 {
			continue
		}
		if op&1 == 0 {
			ps.ops[n] = op >> 1
			n++
		} else {
			del = append(del, op>>1)
		}
	}
	return ps.ops[:n], del
}

// diffTerms notes in p what moves case id from old's words to new's: both
// sorted sets.
func diffTerms(p postings, old, new *termSet, id uint64) {
	i, j := 0, 0
	for i < len(old.spans) || j < len(new.spans) {
		switch {
		case j == len(new.spans):
			p.note(old.term(i), id, false)
			i++
		case i == len(old.spans):
			p.note(new.term(j), id, true)
			j++
		default:
			switch c := bytes.Compare(old.term(i), new.term(j)); {
			case c < 0:
				p.note(old.term(i), id, false)
				i++
			case c > 0:
				p.note(new.term(j), id, true)
				j++
			default:
				i, j = i+1, j+1
			}
		}
	}
}

// indexCaseText brings the word index from old's text (nil for a new
// case) to c's.
func (w *wtx) indexCaseText(old, c *model.Case) {
	if uint64(c.ID) > maxIndexedID || old != nil && sameText(old, c) {
		return
	}
	if old == nil && w.bulk {
		w.indexNewCase(c, w.customerText(c.CustomerID)) // on the word worker (wordworker.go)
		return
	}
	if old == nil { // nothing to take away: no need to sort
		w.newTerms.reset()
		cu := w.customerText(c.CustomerID)
		caseWords(&w.newTerms, c, cu.orNil(), w.fieldOrder)
		p := w.words()
		for i := range w.newTerms.spans {
			p.note(w.newTerms.term(i), uint64(c.ID), true)
		}
		return
	}
	// The same customer gives both versions the same words: they cancel.
	var oldCu, newCu caseCustomer
	if old.CustomerID != c.CustomerID {
		oldCu, newCu = w.customerText(old.CustomerID), w.customerText(c.CustomerID)
	}
	w.oldTerms.reset()
	caseTerms(&w.oldTerms, old, oldCu.orNil(), w.fieldOrder)
	w.newTerms.reset()
	caseTerms(&w.newTerms, c, newCu.orNil(), w.fieldOrder)
	diffTerms(w.words(), &w.oldTerms, &w.newTerms, uint64(c.ID))
}

// caseCustomer is the customer whose words a case is indexed with, by
// value (an import makes one per case); ok false for none.
type caseCustomer struct {
	cu model.Customer
	ok bool
}

func (c *caseCustomer) orNil() *model.Customer {
	if !c.ok {
		return nil
	}
	return &c.cu
}

// customerText is customer id as this write knows it, for the words it
// gives its cases. The customer customerFor last found is at hand (an
// import's repeat customer comes from the row, which customerFor checked
// says what the record does); others are read.
func (w *wtx) customerText(id model.CustomerID) caseCustomer {
	if id == 0 {
		return caseCustomer{}
	}
	if w.lastCustomer.ID == id {
		return caseCustomer{w.lastCustomer, true}
	}
	cu, err := findCustomer(w.db, w, id)
	if err != nil {
		return caseCustomer{} // Check reports a case whose customer is missing
	}
	return caseCustomer{cu, true}
}

// knowCustomer notes cu's words as the ones customerText gives: the
// customer customerFor found, or one whose words changed.
func (w *wtx) knowCustomer(cu model.Customer) {
	w.lastCustomer = model.Customer{ID: cu.ID, Name: cu.Name, Email: cu.Email, Phone: cu.Phone}
}

// indexNote adds the words of a note, reply or message to its case (and,
// migrating an older file, of its recovery text).
func (w *wtx) indexNote(id model.CaseID, src byte, text string) {
	if uint64(id) > maxIndexedID || text == "" {
		return
	}
	w.newTerms.reset()
	w.newTerms.add(text, []byte{0, src})
	p := w.words()
	for i := range w.newTerms.spans {
		p.note(w.newTerms.term(i), uint64(id), true)
	}
}

// messageText is what the word index reads of a conversation message.
// Messages are never taken off a case, and re-writing one (its delivery
// state) only adds words it already has.
func messageText(m *model.Message) string { return m.Subject + "\n" + m.Text }

// customerWordsChanged moves every case of customer cu from old's words
// to cu's: the cases stored with it (idx_customer, one seek per shard)
// that this write has not changed, and those this write has written with
// it. A new customer has no cases yet.
func (w *wtx) customerWordsChanged(old, cu *model.Customer) {
	w.knowCustomer(*cu)
	if old == nil || sameWords(old, cu) {
		return
	}
	var from, to termSet
	customerWords(&from, old)
	from.done()
	customerWords(&to, cu)
	to.done()
	p := w.words()
	_ = eachCustomerCase(w.bucket(bucketCustomerIdx).Cursor(), cu.ID, func(k, _ []byte) error {
		if id := idOf(k); uint64(id) <= maxIndexedID {
			if _, here := w.changed[id]; !here {
				diffTerms(p, &from, &to, uint64(id))
			}
		}
		return nil
	})
	for i := range w.cases {
		if s := &w.cases[i]; s.CustomerID == cu.ID && uint64(s.ID) <= maxIndexedID {
			diffTerms(p, &from, &to, uint64(s.ID))
		}
	}
}

func (w *wtx) words() postings {
	if w.caseWords == nil {
		w.caseWords = postings{}
	}
	return w.caseWords
}

// fieldOrder is the order of an extra-field key in field_keys.
func (w *wtx) fieldOrder(key string) (uint32, bool) {
	if o, ok := w.fieldOrders[key]; ok {
		return o, true
	}
	v := w.get(bucketFieldKeys, []byte(key))
	if v == nil {
		return 0, false
	}
	if w.fieldOrders == nil {
		w.fieldOrders = map[string]uint32{}
	}
	o := uint32(getU64(v))
	w.fieldOrders[key] = o
	return o, true
}
