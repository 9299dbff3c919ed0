package store

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// An import routes thousands of new cases in one write, and each route is
// a timeline entry ("routed to billing: tag billing/refund; assigned to
// ana"). Kept as an event record per case it was a bbolt put, a key and a
// value per case: most of what routing added to an import (#15 allows 5 %).
// The routes of a write's new cases that bring no history of their own are
// kept instead as one record in the routing bucket — the write's handful of
// distinct texts, then a (case id, text) pair per case as varints, two or
// three bytes a case — and the timeline readers put the entry back right
// after the case's created event, where it was appended (a case without
// history has no other stored event from before its route: later events
// have later sequences, and keepCreated's is sequence 0, before it). Any
// other route — a case with history, mail, a retag, a transfer — stays a
// stored event.

// importRoutesPrefix keys the records: import|first case id(8).
const importRoutesPrefix = "import|"

func importRoutesKey(first model.CaseID) []byte {
	return appendU64([]byte(importRoutesPrefix), uint64(first))
}

// importRoutes is one write's routes of new cases, collected as rows are
// imported and put at flush. Case ids grow within a write and from one
// write to the next, so the records never overlap.
type importRoutes struct {
	first, last model.CaseID
	author      string
	texts       []string
	index       map[string]int // text → its place in texts
	pairs       []byte         // uvarint id - previous id (0 for the first), uvarint text
}

// keepImportRoute keeps new case id's route, by author at w.now, for the
// write's record.
func (w *wtx) keepImportRoute(id model.CaseID, author, text string) {
	r := w.importRoutes
	if r == nil || r.author != author {
		w.putImportRoutes()
		r = &importRoutes{first: id, last: id, author: author, index: map[string]int{}}
		w.importRoutes = r
	}
	i, ok := r.index[text]
	if !ok {
		i = len(r.texts)
		r.texts = append(r.texts, text)
		r.index[text] = i
	}
	r.pairs = binary.AppendUvarint(r.pairs, uint64(id-r.last))
	r.pairs = binary.AppendUvarint(r.pairs, uint64(i))
	r.last = id
}

// putImportRoutes writes the record of the routes kept so far.
func (w *wtx) putImportRoutes() {
	r := w.importRoutes
	if r == nil {
		return
	}
	w.importRoutes = nil
	e := encoder{b: make([]byte, 0, 32+len(r.pairs)+len(r.texts)*48)}
	e.byte1(recordV1)
	e.time(w.now)
	e.str(r.author)
	e.strs(r.texts)
	e.b = append(e.b, r.pairs...)
	w.put(bucketRouting, importRoutesKey(r.first), e.b)
}

// importRouteReader finds cases' import routes. It reads a record's
// pairs in place, in id order from where its last answer left off or from
// the record's mark before the case (routeIndex), so a walk in id order
// (an export) reads each pair once and opening one case reads at most
// markEvery pairs and copies nothing. (Before, a record was decoded whole
// — a 10k-case import write's ids and texts, ~400 KB — and kept for the
// last four records: on a desk of more imports one was decoded for nearly
// every case opened, most of what a save with its reads cost more on a
// desk with teams.)
type importRouteReader struct {
	cur   *bolt.Cursor // on the routing bucket; nil: none
	cache *routeIndexes
	key   []byte      // the record held, bolt's bytes (valid in its transaction); nil: none
	rec   *routeIndex // its index
	// The record holds ids from first up to next (0: no record after it).
	first, next model.CaseID
	pairs       []byte
	pos         int          // pairs[pos:] follow the pair of case prev
	prev        model.CaseID // the id of the pair read last (first before any)
	text        uint64       // its text
	started     bool         // a pair was read since pos was 0
}

func (db *DB) newImportRouteReader(tx *bolt.Tx) *importRouteReader {
	r := &importRouteReader{cache: &db.routeIndexes}
	if b := tx.Bucket(bucketRouting); b != nil {
		r.cur = b.Cursor()
	}
	return r
}

// route returns case id's import route; ok is false for a case that has
// none. err names a record that does not decode.
func (r *importRouteReader) route(id model.CaseID) (ev model.Event, ok bool, key []byte, err error) {
	if r.cur == nil {
		return model.Event{}, false, nil, nil
	}
	if r.key == nil || id < r.first || r.next != 0 && id >= r.next {
		if err := r.seek(id); err != nil {
			return model.Event{}, false, slices.Clone(r.key), err
		}
		if r.key == nil {
			return model.Event{}, false, nil, nil
		}
	}
	r.jump(id)
	if err := r.scanTo(id); err != nil {
		return model.Event{}, false, slices.Clone(r.key), err
	}
	if r.prev != id {
		return model.Event{}, false, nil, nil
	}
	return model.Event{CaseID: id, At: r.rec.at, Author: r.rec.who, Kind: model.EventRouted, To: r.rec.texts[r.text]}, true, nil, nil
}

// jump goes to the last mark at or before id when it is ahead of where
// the reader stands, or id is behind it (to the record's start when no
// mark is before id).
func (r *importRouteReader) jump(id model.CaseID) {
	marks := r.rec.marks
	i := sort.Search(len(marks), func(i int) bool { return marks[i].id > id }) - 1
	switch {
	case i >= 0 && (!r.started || marks[i].id > r.prev || id < r.prev):
		m := marks[i]
		r.pos, r.prev, r.text, r.started = m.pos, m.id, m.text, true
	case r.started && id < r.prev:
		r.pos, r.prev, r.started = 0, r.first, false
	}
}

// scanTo reads pairs until the one of id or past it, or to the end.
// Locals, not the reader's fields, in the loop: it reads up to markEvery
// pairs to open one case, every pair in an export.
func (r *importRouteReader) scanTo(id model.CaseID) error {
	b, pos, prev, text, started := r.pairs, r.pos, r.prev, r.text, r.started
	for !started || prev < id {
		// An import's run of consecutive ids: delta 1, a small text.
		if pos+1 < len(b) && b[pos]-1 < 0x7f && b[pos+1] < 0x80 {
			prev += model.CaseID(b[pos])
			text, pos, started = uint64(b[pos+1]), pos+2, true
			continue
		}
		if pos == len(b) {
			break
		}
		delta, t, n := routePair(b[pos:])
		if n <= 0 || started && delta == 0 {
			return errCorrupt
		}
		prev += model.CaseID(delta)
		text, pos, started = t, pos+n, true
	}
	r.pos, r.prev, r.text, r.started = pos, prev, text, started
	if prev == id && text >= uint64(len(r.rec.texts)) {
		return errCorrupt
	}
	return nil
}

// seek holds the record that may hold id: the last one starting at or
// before it.
func (r *importRouteReader) seek(id model.CaseID) error {
	r.key = nil
	after, _ := r.cur.Seek(importRoutesKey(id + 1))
	var k, v []byte
	if after == nil {
		k, v = r.cur.Last()
	} else {
		k, v = r.cur.Prev()
	}
	if !isImportRoutesKey(k) {
		return nil
	}
	r.key, r.first, r.next = k, importRoutesFirst(k), 0
	if isImportRoutesKey(after) {
		r.next = importRoutesFirst(after)
	}
	if r.rec = r.cache.get(k, v); r.rec == nil {
		rec, err := indexRoutes(r.first, v)
		if err != nil {
			return err
		}
		r.rec = rec
		r.cache.put(k, rec)
	}
	r.pairs, r.pos, r.prev, r.started = v[r.rec.pairsAt:], 0, r.first, false
	return nil
}

func isImportRoutesKey(k []byte) bool {
	return len(k) == len(importRoutesPrefix)+8 && bytes.HasPrefix(k, []byte(importRoutesPrefix))
}

func importRoutesFirst(k []byte) model.CaseID {
	return model.CaseID(getU64(k[len(importRoutesPrefix):]))
}

// routePair reads one (id delta, text) pair, n its length (≤ 0: bad). Both
// are one byte in an import's run of consecutive ids.
func routePair(b []byte) (delta, text uint64, n int) {
	if len(b) >= 2 && b[0] < 0x80 && b[1] < 0x80 {
		return uint64(b[0]), uint64(b[1]), 2
	}
	delta, n1 := binary.Uvarint(b)
	if n1 <= 0 {
		return 0, 0, -1
	}
	text, n2 := binary.Uvarint(b[n1:])
	if n2 <= 0 {
		return 0, 0, -1
	}
	return delta, text, n1 + n2
}

// routeIndex is what reading a record needs besides its pairs: its time,
// author and texts, where its pairs start, and a mark every markEvery
// pairs. Made by one pass over the record that checks every pair, shared
// read-only.
type routeIndex struct {
	raw     []byte // the record, to use the index only while it is the same
	at      time.Time
	who     string
	texts   []string
	pairsAt int
	marks   []routeMark
}

// markEvery is how many pairs a record has between two marks.
const markEvery = 64

// routeMark is where a record's pairs stand after the pair of case id:
// pairs[pos:] follow it.
type routeMark struct {
	pos  int
	id   model.CaseID
	text uint64
}

// indexRoutes reads record v, whose first case is first, checking every
// pair.
func indexRoutes(first model.CaseID, v []byte) (*routeIndex, error) {
	d := decoder{b: v}
	if d.byte1() != recordV1 {
		return nil, errCorrupt
	}
	rec := &routeIndex{raw: slices.Clone(v), at: d.time(), who: d.str(), texts: d.strs()}
	if d.err != nil {
		return nil, d.err
	}
	rec.pairsAt = len(v) - len(d.b)
	rec.marks = make([]routeMark, 0, len(d.b)/2/markEvery)
	err := eachRoute(first, d.b, len(rec.texts), func(n int, id model.CaseID, text uint64, pos int) {
		if n%markEvery == markEvery-1 {
			rec.marks = append(rec.marks, routeMark{pos, id, text})
		}
	})
	return rec, err
}

// eachRoute reads every pair of a record, checking each, and calls fn
// with the nth pair's case id, text, and where the pairs after it start.
func eachRoute(first model.CaseID, pairs []byte, ntexts int, fn func(n int, id model.CaseID, text uint64, pos int)) error {
	id := first
	for pos, n := 0, 0; pos < len(pairs); n++ {
		delta, text, size := routePair(pairs[pos:])
		if size <= 0 || text >= uint64(ntexts) || n > 0 && delta == 0 {
			return errCorrupt
		}
		id += model.CaseID(delta)
		pos += size
		fn(n, id, text, pos)
	}
	return nil
}

// routeIndexes keeps records' indexes. A record is written once, by the
// import write it is of; its index is used again only while its bytes
// are the same (compared with a copy: a few µs, against a decode).
type routeIndexes struct {
	mu    sync.Mutex
	byKey map[string]*routeIndex
	size  int // the bytes of the records kept
}

// routeIndexBytes bounds the records kept: a million imported cases' are
// ~2.5 MB.
const routeIndexBytes = 8 << 20

func (c *routeIndexes) get(k, v []byte) *routeIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rec := c.byKey[string(k)]; rec != nil && bytes.Equal(rec.raw, v) {
		return rec
	}
	return nil
}

func (c *routeIndexes) put(k []byte, rec *routeIndex) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[string]*routeIndex{}
	}
	if old := c.byKey[string(k)]; old != nil {
		c.size -= len(old.raw)
		delete(c.byKey, string(k))
	}
	for key, old := range c.byKey { // any makes room: cases are opened at random
		if c.size+len(rec.raw) <= routeIndexBytes {
			break
		}
		c.size -= len(old.raw)
		delete(c.byKey, key)
	}
	c.byKey[string(k)] = rec
	c.size += len(rec.raw)
}

// importRouteIDs reads every case id of record k, v, checking each pair.
func importRouteIDs(k, v []byte) (ids []model.CaseID, err error) {
	rec, err := indexRoutes(importRoutesFirst(k), v)
	if err != nil {
		return nil, err
	}
	err = eachRoute(importRoutesFirst(k), v[rec.pairsAt:], len(rec.texts), func(_ int, id model.CaseID, _ uint64, _ int) { ids = append(ids, id) })
	return ids, err
}

// withImportRoute puts case id's import route, if it has one, right after
// the created event that starts its timeline (withCreated's result).
func (db *DB) withImportRoute(r *importRouteReader, evs []model.Event, id model.CaseID) ([]model.Event, error) {
	ev, ok, k, err := r.route(id)
	if err != nil {
		return nil, db.corrupt("import routes", k, err)
	}
	if !ok {
		return evs, nil
	}
	return slices.Insert(evs, min(1, len(evs)), ev), nil
}

// checkImportRoutes checks that every import route record decodes and
// names cases that exist.
func (db *DB) checkImportRoutes(tx *bolt.Tx, p *problems) {
	b := tx.Bucket(bucketRouting)
	if b == nil {
		return
	}
	cases := tx.Bucket(bucketCases)
	c := b.Cursor()
	for k, v := c.Seek([]byte(importRoutesPrefix)); k != nil && bytes.HasPrefix(k, []byte(importRoutesPrefix)); k, v = c.Next() {
		if !isImportRoutesKey(k) {
			p.addf("import routes key %x is malformed", k)
			continue
		}
		ids, err := importRouteIDs(k, v)
		if err != nil {
			p.addf("import routes %x do not decode: %v", k, err)
			continue
		}
		for _, id := range ids {
			if cases.Get(caseKey(id)) == nil {
				p.addf("import route of case %d: the case does not exist", id)
			}
		}
	}
}
