package store

import (
	"encoding/binary"
	"errors"
	"time"
	"unsafe"

	"github.com/caredesk/caredesk/model"
)

// The record codec is hand-written: a version byte, uvarint lengths and unix
// nanoseconds. It is several times faster and smaller than JSON or gob (see
// BenchmarkCodec), and a case's summary fields come first so the queue can
// decode a million summaries without touching bodies or extra fields.

const caseCodecV1 = 1

// caseCodecV2 adds the team fields (team, first reply, handoffs) after the
// version. A case without them is still written as v1, byte for byte as
// before teams: a desk without teams keeps its file as it was.
const caseCodecV2 = 2

// caseCodecV3 adds, after the team fields, when the customer wrote again
// after the desk's reply (model.Case.Awaiting); only a case with one is
// written as v3.
const caseCodecV3 = 3

var errCorrupt = errors.New("corrupt record")

type encoder struct{ b []byte }

func (e *encoder) byte1(v byte)     { e.b = append(e.b, v) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) time(t time.Time) { e.uvarint(timeWord(t)) }
func (e *encoder) bool1(v bool)     { e.byte1(boolByte(v)) }
func (e *encoder) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// timeWord is 0 for the zero time, else the zig-zagged unix nanoseconds + 1.
func timeWord(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	n := t.UnixNano()
	return (uint64(n<<1) ^ uint64(n>>63)) + 1
}

func wordTime(w uint64) time.Time {
	if w == 0 {
		return time.Time{}
	}
	w--
	n := int64(w>>1) ^ -int64(w&1)
	return time.Unix(0, n).UTC()
}

// decoder reads what encoder wrote. The first error sticks; later reads
// return zero values, so callers check err once at the end.
type decoder struct {
	b   []byte
	err error
	// intern, when set, shares equal strings (tags, channels, assignees)
	// between records: a walk over a million summaries allocates far less.
	intern map[string]string
	// view makes strings share the record's bytes instead of copying
	// them: only for reading inside the transaction (caseTexts) or from
	// a copy of the record's bytes that is never changed (CustomerCases).
	view bool
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.b = nil
}

func (d *decoder) byte1() byte {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) raw() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	b := d.raw()
	if d.view && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

// istr is str through the intern table, for strings that repeat.
func (d *decoder) istr() string {
	if d.view {
		return d.str()
	}
	b := d.raw()
	if d.intern == nil || len(b) == 0 || len(b) > 64 {
		return string(b)
	}
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	d.intern[s] = s
	return s
}

func (d *decoder) time() time.Time { return wordTime(d.uvarint()) }
func (d *decoder) bool1() bool     { return d.byte1() != 0 }

// count reads a slice length, refusing one longer than the bytes left (each
// element takes at least min bytes), so garbage cannot ask for a huge slice.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.istr()
	}
	return ss
}

func (d *decoder) done() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return d.err
}

// encodeCase appends c's record to b.
func encodeCase(b []byte, c *model.Case) []byte {
	if b == nil {
		n := 64 + len(c.ExternalID) + len(c.Subject) + len(c.Body) + len(c.Assignee) + len(c.Recovery.Text)
		for _, t := range c.Tags {
			n += 1 + len(t)
		}
		for _, f := range c.Fields {
			n += 2 + len(f.Key) + len(f.Value)
		}
		b = make([]byte, 0, n)
	}
	e := encoder{b: b}
	// Summary fields first: the queue reads them and skips the rest (the
	// count of reopenings at the end excepted).
	sum := c.Summary()
	e.summary(&sum)
	// The rest only the case pane needs.
	e.str(c.Body)
	e.str(c.Recovery.Kind)
	e.str(c.Recovery.Text)
	e.uvarint(uint64(len(c.Fields)))
	for _, f := range c.Fields {
		e.str(f.Key)
		e.str(f.Value)
	}
	e.uvarint(uint64(c.Reopens))
	return e.b
}

// summary writes the version byte and the summary fields of a case
// record: the version is the oldest that holds them.
func (e *encoder) summary(s *model.Summary) {
	v3 := !s.Awaiting.IsZero()
	v2 := v3 || s.Team != "" || !s.FirstReply.IsZero() || s.Handoffs != 0
	switch {
	case v3:
		e.byte1(caseCodecV3)
	case v2:
		e.byte1(caseCodecV2)
	default:
		e.byte1(caseCodecV1)
	}
	e.uvarint(uint64(s.ID))
	e.str(s.ExternalID)
	e.time(s.CreatedAt)
	e.time(s.UpdatedAt)
	e.str(string(s.Channel))
	e.uvarint(uint64(s.CustomerID))
	e.str(s.Subject)
	e.byte1(byte(s.Priority))
	e.byte1(byte(s.Status))
	e.str(s.Assignee)
	e.strs(s.Tags)
	e.time(s.FollowUp)
	e.uvarint(s.Version)
	if v2 {
		e.str(s.Team)
		e.time(s.FirstReply)
		e.uvarint(uint64(s.Handoffs))
	}
	if v3 {
		e.time(s.Awaiting)
	}
}

// appendSummaryRecord appends the record of a case with s's summary and
// nothing else (no body, recovery or fields): what decodeSummary reads of
// the whole record, a tenth of its size or less. idx_customer keeps one
// beside each key, so a customer's cases are one range read.
func appendSummaryRecord(b []byte, s *model.Summary) []byte {
	e := encoder{b: b}
	e.summary(s)
	e.str("")    // body
	e.str("")    // recovery kind
	e.str("")    // recovery text
	e.uvarint(0) // fields
	e.uvarint(uint64(s.Reopens))
	return e.b
}

// summaryRecordSize is about what appendSummaryRecord appends.
func summaryRecordSize(s *model.Summary) int {
	n := 48 + len(s.ExternalID) + len(s.Channel) + len(s.Subject) + len(s.Assignee) + len(s.Team)
	for _, t := range s.Tags {
		n += 1 + len(t)
	}
	return n
}

func (d *decoder) summary(s *model.Summary) {
	v := d.byte1()
	if v != caseCodecV1 && v != caseCodecV2 && v != caseCodecV3 {
		d.fail()
		return
	}
	s.ID = model.CaseID(d.uvarint())
	s.ExternalID = d.str()
	s.CreatedAt = d.time()
	s.UpdatedAt = d.time()
	s.Channel = model.Channel(d.istr())
	s.CustomerID = model.CustomerID(d.uvarint())
	s.Subject = d.str()
	s.Priority = model.Priority(d.byte1())
	s.Status = model.Status(d.byte1())
	s.Assignee = d.istr()
	s.Tags = d.strs()
	s.FollowUp = d.time()
	s.Version = d.uvarint()
	if v >= caseCodecV2 {
		s.Team = d.istr()
		s.FirstReply = d.time()
		h := d.uvarint()
		if h > 1<<32-1 {
			d.fail()
		}
		s.Handoffs = uint32(h)
	}
	if v == caseCodecV3 {
		s.Awaiting = d.time()
	}
}

// decodeSummary reads the summary part of a case record, and its count of
// reopenings from the record's end: the body, recovery and fields between
// are skipped, not copied.
func decodeSummary(b []byte, intern map[string]string) (model.Summary, error) {
	return readSummary(decoder{b: b, intern: intern})
}

func readSummary(d decoder) (model.Summary, error) {
	var s model.Summary
	d.summary(&s)
	d.raw() // body
	d.raw() // recovery kind
	d.raw() // recovery text
	for n := d.count(2); n > 0; n-- {
		d.raw() // key
		d.raw() // value
	}
	s.Reopens = d.reopens()
	return s, d.err
}

// reopens reads the count of reopenings that ends a case record.
func (d *decoder) reopens() uint32 {
	r := d.uvarint()
	if r > 1<<32-1 {
		d.fail()
	}
	return uint32(r)
}

// decodeCase reads a whole case record; it copies every string, so the
// result outlives the transaction.
func decodeCase(b []byte) (model.Case, error) { return readCase(decoder{b: b}) }

// caseTexts calls fn with each text of a case record the word index
// reads (external id, subject, tags, body, recovery text, field values),
// sharing the record's bytes and skipping everything else, until fn says
// stop: what a phrase search reads of a hundred thousand records.
func caseTexts(b []byte, fn func(text string) (stop bool)) error {
	d := decoder{b: b, view: true}
	v := d.byte1()
	if v != caseCodecV1 && v != caseCodecV2 && v != caseCodecV3 {
		return errCorrupt
	}
	d.uvarint() // id
	if fn(d.str()) {
		return d.err
	}
	d.uvarint() // created
	d.uvarint() // updated
	d.raw()     // channel
	d.uvarint() // customer
	if fn(d.str()) {
		return d.err
	}
	d.byte1() // priority
	d.byte1() // status
	d.raw()   // assignee
	for n := d.count(1); n > 0; n-- {
		if fn(d.str()) {
			return d.err
		}
	}
	d.uvarint() // follow-up
	d.uvarint() // version
	if v >= caseCodecV2 {
		d.raw()     // team
		d.uvarint() // first reply
		d.uvarint() // handoffs
	}
	if v == caseCodecV3 {
		d.uvarint() // awaiting
	}
	if fn(d.str()) { // body
		return d.err
	}
	d.raw() // recovery kind
	if fn(d.str()) {
		return d.err
	}
	for n := d.count(2); n > 0; n-- {
		d.raw() // key
		if fn(d.str()) {
			return d.err
		}
	}
	return d.err
}

func readCase(d decoder) (model.Case, error) {
	var s model.Summary
	d.summary(&s)
	c := model.Case{ID: s.ID, ExternalID: s.ExternalID, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		Channel: s.Channel, CustomerID: s.CustomerID, Subject: s.Subject, Priority: s.Priority,
		Status: s.Status, Assignee: s.Assignee, Tags: s.Tags, FollowUp: s.FollowUp, Version: s.Version,
		Team: s.Team, FirstReply: s.FirstReply, Handoffs: s.Handoffs, Awaiting: s.Awaiting}
	c.Body = d.str()
	c.Recovery.Kind = d.str()
	c.Recovery.Text = d.str()
	if n := d.count(2); n > 0 {
		c.Fields = make([]model.Field, n)
		for i := range c.Fields {
			c.Fields[i] = model.Field{Key: d.str(), Value: d.str()}
		}
	}
	c.Reopens = d.reopens()
	if err := d.done(); err != nil {
		return model.Case{}, err
	}
	return c, nil
}

const recordV1 = 1

func encodeCustomer(cu *model.Customer) []byte {
	e := encoder{b: make([]byte, 0, 64)}
	e.byte1(recordV1)
	e.uvarint(uint64(cu.ID))
	e.str(cu.Name)
	e.str(cu.Email)
	e.str(cu.Phone)
	e.time(cu.FirstContact)
	return e.b
}

func decodeCustomer(b []byte) (model.Customer, error) {
	d := decoder{b: b}
	if d.byte1() != recordV1 {
		return model.Customer{}, errCorrupt
	}
	cu := model.Customer{ID: model.CustomerID(d.uvarint()), Name: d.str(), Email: d.str(), Phone: d.str(), FirstContact: d.time()}
	return cu, d.done()
}

// encodeEvent leaves out the case id: it is in the key.
func encodeEvent(ev *model.Event) []byte {
	e := encoder{b: make([]byte, 0, 24+len(ev.Author)+len(ev.From)+len(ev.To))}
	e.byte1(recordV1)
	e.time(ev.At)
	e.str(ev.Author)
	e.byte1(byte(ev.Kind))
	e.str(ev.From)
	e.str(ev.To)
	return e.b
}

func decodeEvent(id model.CaseID, b []byte) (model.Event, error) {
	d := decoder{b: b}
	if d.byte1() != recordV1 {
		return model.Event{}, errCorrupt
	}
	ev := model.Event{CaseID: id, At: d.time(), Author: d.str(), Kind: model.EventKind(d.byte1()), From: d.str(), To: d.str()}
	return ev, d.done()
}

func encodeReply(r *model.Reply) []byte {
	e := encoder{}
	e.byte1(recordV1)
	e.uvarint(r.ID)
	e.str(r.Name)
	e.str(r.Text)
	return e.b
}

func decodeReply(b []byte) (model.Reply, error) {
	d := decoder{b: b}
	if d.byte1() != recordV1 {
		return model.Reply{}, errCorrupt
	}
	r := model.Reply{ID: d.uvarint(), Name: d.str(), Text: d.str()}
	return r, d.done()
}

// tagRecord is what the tags bucket keeps per tag.
type tagRecord struct {
	Cases     int64 // cases carrying the tag now
	Retired   bool
	Uses      int64 // times an agent added it
	LastAdded int64 // unix seconds an agent last added it
	// First and Last are when the tag was first and last put on a case
	// (with the case, for a case created with it; by an agent or an
	// import later), unix seconds; 0: not known (a tag whose record Repair
	// recreated), and Tags falls back to its cases' creation days.
	First, Last int64
	Label       string // readable name ("Incorrect information on your report"); "" none
}

// recordV2 of a tag adds First, Last and Label (schema 6).
const tagRecordV2 = 2

func encodeTag(t *tagRecord) []byte {
	e := encoder{b: make([]byte, 0, 24+len(t.Label))}
	e.byte1(tagRecordV2)
	e.varint(t.Cases)
	e.bool1(t.Retired)
	e.varint(t.Uses)
	e.varint(t.LastAdded)
	e.varint(t.First)
	e.varint(t.Last)
	e.str(t.Label)
	return e.b
}

func decodeTag(b []byte) (tagRecord, error) {
	d := decoder{b: b}
	v := d.byte1()
	if v != recordV1 && v != tagRecordV2 {
		return tagRecord{}, errCorrupt
	}
	t := tagRecord{Cases: d.varint(), Retired: d.bool1(), Uses: d.varint(), LastAdded: d.varint()}
	if v == tagRecordV2 {
		t.First, t.Last, t.Label = d.varint(), d.varint(), d.str()
	}
	return t, d.done()
}

// added widens the record's first and last use to include at.
func (t *tagRecord) added(at int64) {
	if at == 0 {
		return
	}
	if t.First == 0 || at < t.First {
		t.First = at
	}
	t.Last = max(t.Last, at)
}

// TagChange is one entry of the taxonomy's history: a rename, merge or
// retirement.
type TagChange struct {
	At     time.Time
	Author string
	Kind   string // rename, merge, retire, unretire
	From   string
	To     string
}

func encodeTagChange(tc *TagChange) []byte {
	e := encoder{}
	e.byte1(recordV1)
	e.time(tc.At)
	e.str(tc.Author)
	e.str(tc.Kind)
	e.str(tc.From)
	e.str(tc.To)
	return e.b
}

func decodeTagChange(b []byte) (TagChange, error) {
	d := decoder{b: b}
	if d.byte1() != recordV1 {
		return TagChange{}, errCorrupt
	}
	tc := TagChange{At: d.time(), Author: d.str(), Kind: d.str(), From: d.str(), To: d.str()}
	return tc, d.done()
}

func encodeSLA(p model.SLAPolicy) []byte {
	e := encoder{}
	e.byte1(recordV1)
	for _, d := range []time.Duration{p.Urgent, p.High, p.Normal, p.Low} {
		e.varint(int64(d))
	}
	return e.b
}

func decodeSLA(b []byte) (model.SLAPolicy, error) {
	d := decoder{b: b}
	if d.byte1() != recordV1 {
		return model.SLAPolicy{}, errCorrupt
	}
	p := model.SLAPolicy{Urgent: time.Duration(d.varint()), High: time.Duration(d.varint()),
		Normal: time.Duration(d.varint()), Low: time.Duration(d.varint())}
	return p, d.done()
}
