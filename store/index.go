package store

import (
	"bytes"
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// entry is one index key (and value) a case puts in an index bucket.
type entry struct {
	bucket []byte
	key    []byte
	val    []byte
}

var empty = []byte{}

// indexEntries lists every index entry of c. Writes diff the lists of the
// old and new case; Check and Repair derive the indexes from it, so there is
// one definition of what each index holds.
func indexEntries(c *model.Case, sla model.SLAPolicy) []entry {
	es := make([]entry, 0, 5+len(c.Tags))
	es = append(es,
		entry{bucketExternal, []byte(c.ExternalID), caseKey(c.ID)},
		entry{bucketCreated, createdKey(c.CreatedAt, c.ID), empty},
		entry{bucketQueue, queueKey(c.Status, c.Priority, caseDue(c, sla), c.ID), empty},
	)
	if c.CustomerID != 0 {
		es = append(es, entry{bucketCustomerIdx, customerCaseKey(c.CustomerID, c.ID), customerCaseSummary(c)})
	}
	for _, t := range c.Tags {
		es = append(es, entry{bucketTagIdx, tagKey(t, c.ID), empty})
	}
	return es
}

// customerCaseSummary is c's idx_customer value: its summary record, so
// that the customer's cases are read side by side with their keys rather
// than by a lookup of each case (67 random reads for the load test's
// customers, on every open of one of their cases).
func customerCaseSummary(c *model.Case) []byte {
	s := c.Summary()
	return appendSummaryRecord(make([]byte, 0, summaryRecordSize(&s)), &s)
}

// caseDue is the due time idx_queue orders by: model's one SLA rule.
func caseDue(c *model.Case, sla model.SLAPolicy) time.Time {
	if c.Team == "" || sla.Teams == nil {
		return sla.Due(c.CreatedAt, c.FollowUp, c.Priority)
	}
	s := model.Summary{CreatedAt: c.CreatedAt, FollowUp: c.FollowUp, Priority: c.Priority, Team: c.Team, FirstReply: c.FirstReply, Awaiting: c.Awaiting}
	return sla.DueOf(&s)
}

func sameEntry(a, b entry) bool {
	return bytes.Equal(a.bucket, b.bucket) && bytes.Equal(a.key, b.key) && bytes.Equal(a.val, b.val)
}

// hasKey reports whether es has e's key, whatever its value.
func hasKey(es []entry, e entry) bool {
	for _, x := range es {
		if bytes.Equal(x.bucket, e.bucket) && bytes.Equal(x.key, e.key) {
			return true
		}
	}
	return false
}

func hasEntry(es []entry, e entry) bool {
	for _, x := range es {
		if sameEntry(x, e) {
			return true
		}
	}
	return false
}

// countCase adds sign to every counter c contributes to: the totals, its
// status, its tags' case counts, its tag × day counters and, once per
// area however many of the area's tags it carries, its area × day
// counters.
func (w *wtx) countCase(c *model.Case, sign int64) {
	w.counts[countCases] += sign
	w.counts[statusCountKey(c.Status)] += sign
	if c.Assignee != "" && c.Status.Active() {
		w.counts[w.agentKeys(c.Assignee).open] += sign
	}
	day := model.DayOf(c.CreatedAt)
	if len(c.Tags) == 0 {
		w.tagDay[string(tagDayKey("", day))] += sign
	}
	for _, t := range c.Tags {
		w.tagDay[string(tagDayKey(t, day))] += sign
		w.tagCases[t] += sign
	}
	for _, a := range caseAreas(c.Tags) {
		w.areaDay[string(tagDayKey(a, day))] += sign
	}
}

// caseAreas lists the areas of tags, each once.
func caseAreas(tags []string) []string {
	var out []string
	for _, t := range tags {
		if a := model.TagArea(t); !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// noteTagsAdded records when c's tags were put on it: a new case's with
// the case (an imported complaint was tagged when it was filed), a tag
// added later now. A rename or merge is not a new use.
func (w *wtx) noteTagsAdded(old, c *model.Case) {
	if w.retagging {
		return
	}
	at := w.now.Unix()
	if old == nil {
		at = c.CreatedAt.Unix()
	}
	for _, t := range c.Tags {
		if old != nil {
			if _, had := slices.BinarySearch(old.Tags, t); had {
				continue
			}
		}
		w.noteTagAdded(t, at)
	}
}

func (w *wtx) noteTagAdded(tag string, at int64) {
	fl, ok := w.tagAdded[tag]
	if !ok {
		w.tagAdded[tag] = [2]int64{at, at}
		return
	}
	w.tagAdded[tag] = [2]int64{min(fl[0], at), max(fl[1], at)}
}

// writeCase stores c and brings every index and counter from old (nil for
// a new case) to c.
func (w *wtx) writeCase(old, c *model.Case) {
	w.put(bucketCases, caseKey(c.ID), encodeCase(nil, c))
	w.indexCaseText(old, c)
	w.noteTagsAdded(old, c)
	if old == nil {
		w.putNewEntries(c)
		w.countCase(c, +1)
		w.touchCase(c)
		return
	}
	newEs, oldEs := indexEntries(c, w.db.sla), indexEntries(old, w.db.sla)
	for _, e := range oldEs {
		if !hasKey(newEs, e) { // a key kept takes its new value below: no delete
			w.del(e.bucket, e.key)
		}
	}
	for _, e := range newEs {
		if !hasEntry(oldEs, e) {
			w.put(e.bucket, e.key, e.val)
		}
	}
	w.countCase(old, -1)
	w.countCase(c, +1)
	w.touchCase(c)
}

// putNewEntries puts the index entries of a new case: indexEntries' keys,
// built in one allocation (an import writes millions of them).
func (w *wtx) putNewEntries(c *model.Case) {
	n := len(c.ExternalID) + 8 + 16 + 18 + 20
	for _, t := range c.Tags {
		n += len(t) + 9
	}
	var sum model.Summary
	if c.CustomerID != 0 {
		sum = c.Summary()
		n += summaryRecordSize(&sum)
	}
	buf := make([]byte, 0, n)
	key := func(b []byte) []byte { // b was appended to buf: take it off
		k := b[len(buf):len(b):len(b)]
		buf = b
		return k
	}
	id := uint64(c.ID)
	w.put(bucketExternal, key(append(buf, c.ExternalID...)), key(appendU64(buf, id)))
	w.put(bucketCreated, key(appendU64(appendTime(buf, c.CreatedAt), id)), empty)
	due := caseDue(c, w.db.sla)
	w.put(bucketQueue, key(appendU64(appendTime(append(buf, byte(c.Status), byte(c.Priority)), due), id)), empty)
	if c.CustomerID != 0 {
		w.put(bucketCustomerIdx, key(appendCustomerCase(buf, c.CustomerID, c.ID)), key(appendSummaryRecord(buf, &sum)))
	}
	for _, t := range c.Tags {
		w.put(bucketTagIdx, key(appendU64(append(append(buf, t...), 0), id)), empty)
	}
}

// appendEvents adds events to their cases' timelines.
func (w *wtx) appendEvents(evs []model.Event) error {
	b := w.bucket(bucketEvents)
	for i := range evs {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		w.put(bucketEvents, eventKey(evs[i].CaseID, seq), encodeEvent(&evs[i]))
		if src, ok := eventWords(evs[i].Kind); ok {
			w.indexNote(evs[i].CaseID, src, evs[i].To)
		}
		if evs[i].Kind == model.EventCreated {
			w.markCreated(evs[i].CaseID)
		}
	}
	return nil
}

// findCase reads case id through g.
func findCase(db *DB, g getter, id model.CaseID) (model.Case, error) {
	v := g.get(bucketCases, caseKey(id))
	if v == nil {
		return model.Case{}, model.Errorf(model.ENOTFOUND, "case %d not found", id)
	}
	db.casesRead.Add(1)
	c, err := decodeCase(v)
	if err != nil {
		return model.Case{}, db.corrupt("case", caseKey(id), err)
	}
	return c, nil
}

// findExternal returns the id of the case with external id ext, or 0.
func findExternal(g getter, ext string) model.CaseID {
	if ext == "" {
		return 0
	}
	return model.CaseID(getU64(g.get(bucketExternal, []byte(ext))))
}
