package caseindex

import (
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// Update loop's upserts. Only one goroutine uses a builder at a time.
type builder struct {
	snap    Snapshot
	in      *interns
	custIdx map[model.CustomerID]uint32
	owned   map[int]bool // chunks copied since the last freeze
	// inPlace writes rows without copying their chunk: the caller knows
	// no other goroutine reads a frozen snapshot meanwhile.
	inPlace bool
	arena   []byte // the block search texts are packed into
	textBuf []byte // scratch for building a search text
	// assigned counts the rows of each interned assignee: a name stays
	// interned after its last case leaves it (an undone typo), but is
	// no longer anyone's (Snapshot.Assignees).
	assigned []int32
}

func newBuilder(sla model.SLAPolicy) *builder {
	b := &builder{in: newInterns(), custIdx: map[model.CustomerID]uint32{}, owned: map[int]bool{}}
	b.snap.sla = sla
	b.sync()
	return b
}

func (b *builder) sync() {
	b.snap.who, b.snap.tagsets, b.snap.channels, b.snap.teams = b.in.who, b.in.tagsets, b.in.channels, b.in.teams
	b.snap.assigned = slices.Clone(b.assigned) // a few names: the snapshot keeps its own
}

// countAssigned adds d to the rows of interned assignee who.
func (b *builder) countAssigned(who uint32, d int32) {
	if int(who) >= len(b.assigned) {
		b.assigned = append(b.assigned, make([]int32, int(who)+1-len(b.assigned))...)
	}
	b.assigned[who] += d
}

// freeze returns the current snapshot; later writes copy what they touch.
func (b *builder) freeze() *Snapshot {
	b.sync()
	b.snap.gen++
	clear(b.owned)
	s := b.snap
	b.snap.chunks = slices.Clip(b.snap.chunks)
	b.snap.custs = slices.Clip(b.snap.custs)
	return &s
}

// writable returns row i for writing, copying its chunk if a frozen
// snapshot may share it and be read elsewhere.
func (b *builder) writable(i int) *Row {
	c := i >> chunkBits
	if !b.owned[c] && !b.inPlace {
		cp := *b.snap.chunks[c]
		chunks := slices.Clone(b.snap.chunks)
		chunks[c] = &cp
		b.snap.chunks = chunks
		b.owned[c] = true
	}
	return &b.snap.chunks[c][i&chunkMask]
}

func (b *builder) appendRow(r Row) {
	i := b.snap.n
	if i>>chunkBits == len(b.snap.chunks) {
		b.snap.chunks = append(b.snap.chunks, new([chunkSize]Row))
		b.owned[i>>chunkBits] = true
	}
	*b.writable(i) = r
	b.snap.n++
	b.countAssigned(r.who, 1)
}

// upsertCustomer adds or replaces a customer and reports whether its name
// or e-mail changed, which changes the search text of its cases.
func (b *builder) upsertCustomer(c model.Customer) (uint32, bool) {
	cr := customerRow{id: c.ID, name: textsafe.Line(c.Name), email: textsafe.Line(c.Email)}
	if i, ok := b.custIdx[c.ID]; ok {
		old := b.snap.custs[i-1]
		if old == cr {
			return i, false
		}
		custs := slices.Clone(b.snap.custs)
		custs[i-1] = cr
		b.snap.custs = custs
		return i, true
	}
	b.snap.custs = append(b.snap.custs, cr)
	i := uint32(len(b.snap.custs))
	b.custIdx[c.ID] = i
	return i, false
}

// makeRow turns a summary into a row.
func (b *builder) makeRow(s *model.Summary) Row {
	r := b.makeRowKeys(s, nil)
	b.setText(&r, s.Subject, s.ExternalID)
	return r
}

// makeRowKeys is makeRow without the search text; old (nil: none) is the
// case's row before.
func (b *builder) makeRowKeys(s *model.Summary, old *Row) Row {
	r := Row{id: s.ID, created: s.CreatedAt.Unix(), updated: s.UpdatedAt.Unix(), ver: uint32(s.Version),
		prio: s.Priority, status: s.Status}
	if r.status == model.StatusUnset {
		r.status = model.StatusNew
	}
	if !s.FollowUp.IsZero() {
		r.follow = s.FollowUp.Unix()
	}
	r.due = b.snap.sla.DueOf(s).Unix()
	r.team, r.replied, r.handed = b.in.team(s.Team), !s.FirstReply.IsZero(), s.Handoffs > 0
	r.awaiting = !s.Awaiting.IsZero()
	switch {
	case s.CustomerID == 0:
	case old != nil && old.cust != 0 && b.snap.custs[old.cust-1].id == s.CustomerID:
		r.cust = old.cust // the same customer: no lookup among them all
	default:
		r.cust = b.custIdx[s.CustomerID]
	}
	r.tags = b.in.tagset(s.Tags)
	r.who = b.in.assignee(textsafe.Line(s.Assignee))
	r.channel = b.in.channel(s.Channel)
	return r
}

// remakeRow is makeRow for a case the index holds as old: a save that
// leaves the subject, external id, customer and tags as they were (a
// status, a priority, an assignee) keeps old's search text, which is
// what setText would build again, rather than packing a copy of it.
func (b *builder) remakeRow(s *model.Summary, old *Row) Row {
	r := b.makeRowKeys(s, old)
	subject := clipBytes(textsafe.Line(s.Subject), maxSubject)
	ext := clipBytes(textsafe.Line(s.ExternalID), 64)
	if r.cust == old.cust && r.tags == old.tags && subject == old.Subject() && ext == old.ExternalID() {
		r.text, r.subj, r.ext = old.text, old.subj, old.ext
		r.mask, r.ascii, r.foldSafe = old.mask, old.ascii, old.foldSafe
		return r
	}
	b.packText(&r, subject, ext)
	return r
}

// setText builds the search text of a row from its subject and external id
// and its customer's and tags' text.
func (b *builder) setText(r *Row, subject, ext string) {
	b.packText(r, clipBytes(textsafe.Line(subject), maxSubject), clipBytes(textsafe.Line(ext), 64))
}

// packText is setText of a subject and external id already cleaned and cut.
func (b *builder) packText(r *Row, subject, ext string) {
	buf := append(b.textBuf[:0], subject...)
	if r.cust != 0 {
		c := &b.snap.custs[r.cust-1]
		buf = append(buf, ' ')
		buf = append(buf, c.name...)
		buf = append(buf, ' ')
		buf = append(buf, c.email...)
	}
	for _, t := range b.in.tagsets[r.tags] {
		buf = append(buf, ' ')
		buf = append(buf, textsafe.Line(t)...)
	}
	buf = append(buf, ' ')
	r.ext = uint16(len(buf))
	buf = append(buf, ext...)
	b.textBuf = buf
	r.text = b.arenaString(buf)
	r.subj = uint16(len(subject))
	r.ascii = isASCII(r.text)
	r.foldSafe = (r.ascii || !strings.ContainsAny(r.text, "\u212a\u017f")) && strings.IndexByte(r.text, 0) < 0
	r.mask = charMask(r.text)
}

// textBlock is the size of the blocks the search texts are packed into.
const textBlock = 64 << 10

// arenaString copies p into the builder's current block of text and
// returns it as a string. A million texts of about 90 bytes packed into
// blocks take no allocator size-class slack and are a few thousand
// objects for the garbage collector instead of a million. Bytes of a
// block are written once, before any string refers to them, and never
// again. A replaced text stays in its block until every text there is
// gone.
func (b *builder) arenaString(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if len(p) > textBlock/8 {
		return string(p)
	}
	if len(b.arena)+len(p) > cap(b.arena) {
		b.arena = make([]byte, 0, textBlock)
	}
	off := len(b.arena)
	b.arena = append(b.arena, p...)
	return unsafe.String(&b.arena[off], len(p))
}

// charMask sets a bit for each ASCII letter (either case), digit and
// common punctuation in s: a row lacking a bit of the pattern's mask
// cannot match it.
func charMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= charBit(s[i])
	}
	return m
}

func charBit(c byte) uint64 {
	switch {
	case c >= 'a' && c <= 'z':
		return 1 << (c - 'a')
	case c >= 'A' && c <= 'Z':
		return 1 << (c - 'A')
	case c >= '0' && c <= '9':
		return 1 << (26 + c - '0')
	case c < 0x80:
		return 1 << (36 + c%28)
	}
	return 0
}

// retext rebuilds a row's search text after its customer changed.
func (b *builder) retext(i int) {
	r := b.writable(i)
	b.setText(r, r.Subject(), r.ExternalID())
}

// upsert adds or replaces a case; it reports the row index and whether the
// row was new. An older version than the one held is ignored (a notice
// that raced with the load).
func (b *builder) upsert(s *model.Summary) (int32, bool) {
	i, found := b.snap.Find(s.ID)
	if found {
		old := b.snap.At(i)
		if uint32(s.Version) < old.ver && s.Version != 0 {
			return i, false
		}
		r := b.remakeRow(s, old)
		b.countAssigned(old.who, -1)
		b.countAssigned(r.who, 1)
		*b.writable(int(i)) = r
		return i, false
	}
	if int(i) == b.snap.n {
		b.appendRow(b.makeRow(s))
		return i, true
	}
	// An id below the newest: ids come from a sequence, so this only
	// happens for a notice that overtook the load. Insert and shift.
	r := b.makeRow(s)
	b.appendRow(Row{})
	for j := b.snap.n - 1; j > int(i); j-- {
		*b.writable(j) = *b.snap.At(int32(j - 1))
	}
	*b.writable(int(i)) = r
	b.countAssigned(0, -1) // the empty row appended, now r
	b.countAssigned(r.who, 1)
	return i, true
}

func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
