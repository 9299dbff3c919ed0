package store

import (
	"bytes"
	"encoding/binary"
	"slices"
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

// importRouteReader finds cases' import routes. It keeps the record it
// read last, so a walk in id order (an export) decodes each record once.
type importRouteReader struct {
	cur   *bolt.Cursor // on the routing bucket; nil: none
	cache *routeRecords
	rec   *routeRecord // the record held; nil: none
}

func (db *DB) newImportRouteReader(tx *bolt.Tx) *importRouteReader {
	r := &importRouteReader{cache: &db.routeRecords}
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
	if rec := r.rec; rec == nil || id < rec.first || len(rec.ids) == 0 || id > rec.ids[len(rec.ids)-1] {
		// The record that may hold id: the last one starting at or before it.
		k, v := r.cur.Seek(importRoutesKey(id + 1))
		if k == nil {
			k, v = r.cur.Last()
		} else {
			k, v = r.cur.Prev()
		}
		if k == nil || !bytes.HasPrefix(k, []byte(importRoutesPrefix)) || len(k) != len(importRoutesPrefix)+8 {
			return model.Event{}, false, nil, nil
		}
		if rec == nil || !bytes.Equal(k, rec.key) {
			if r.rec = r.cache.get(k, v); r.rec == nil {
				rec, err := decodeRouteRecord(k, v)
				if err != nil {
					return model.Event{}, false, slices.Clone(k), err
				}
				r.rec = rec
				r.cache.put(rec)
			}
		}
	}
	rec := r.rec
	i, found := slices.BinarySearch(rec.ids, id)
	if !found {
		return model.Event{}, false, nil, nil
	}
	return model.Event{CaseID: id, At: rec.at, Author: rec.who, Kind: model.EventRouted, To: rec.texts[rec.text[i]]}, true, nil, nil
}

// routeRecord is one decoded import routes record, shared read-only.
type routeRecord struct {
	key, raw []byte
	first    model.CaseID
	at       time.Time
	who      string
	ids      []model.CaseID
	texts    []string
	text     []int
}

// routeRecords keeps the records decoded last. Opening a case reads its
// import route, and a record holds an import write's thousands of cases:
// decoding it for every case opened was a twentieth of a team server's
// CPU with 50 screens. A record is used again only while its bytes are
// the same.
type routeRecords struct {
	mu   sync.Mutex
	recs [4]*routeRecord
	next int
}

func (c *routeRecords) get(k, v []byte) *routeRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.recs {
		if r != nil && bytes.Equal(r.key, k) && bytes.Equal(r.raw, v) {
			return r
		}
	}
	return nil
}

func (c *routeRecords) put(r *routeRecord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recs[c.next] = r
	c.next = (c.next + 1) % len(c.recs)
}

// decodeRouteRecord decodes record k, v.
func decodeRouteRecord(k, v []byte) (*routeRecord, error) {
	r := &routeRecord{key: slices.Clone(k), raw: slices.Clone(v)}
	r.first = model.CaseID(getU64(k[len(importRoutesPrefix):]))
	d := decoder{b: v}
	if d.byte1() != recordV1 {
		return nil, errCorrupt
	}
	r.at, r.who, r.texts = d.time(), d.str(), d.strs()
	if d.err != nil {
		return nil, d.err
	}
	id := r.first
	for len(d.b) > 0 && d.err == nil {
		id += model.CaseID(d.uvarint())
		t := d.uvarint()
		if d.err == nil && (t >= uint64(len(r.texts)) || len(r.ids) > 0 && id <= r.ids[len(r.ids)-1]) {
			d.fail()
		}
		r.ids, r.text = append(r.ids, id), append(r.text, int(t))
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
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
		if len(k) != len(importRoutesPrefix)+8 {
			p.addf("import routes key %x is malformed", k)
			continue
		}
		r, err := decodeRouteRecord(k, v)
		if err != nil {
			p.addf("import routes %x do not decode: %v", k, err)
			continue
		}
		for _, id := range r.ids {
			if cases.Get(caseKey(id)) == nil {
				p.addf("import route of case %d: the case does not exist", id)
			}
		}
	}
}
