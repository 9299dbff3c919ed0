package ui

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/caredesk/caredesk/model"
)

// The queue's in-memory index. A million cases must scroll like a hundred,
// so the queue keeps one compact row per case (about 90 bytes plus its
// search text) and computes views, sorts and searches over those rows off
// the Update loop.
//
// Rows live in fixed-size chunks that are copied on write: a snapshot is a
// value holding chunk pointers, so a background sort or search reads its
// snapshot while the Update loop applies change notices to a new one,
// without locks and without copying a million rows.

const (
	// 1024 rows (about 110 KB): a change notice copies one chunk.
	chunkBits = 10
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1

	// maxHaySubject bounds the subject kept in memory; the queue never
	// shows more and the preview loads the full case.
	maxHaySubject = 160
)

// row is one case as the queue needs it.
type row struct {
	id      model.CaseID
	created int64 // unix seconds
	updated int64
	follow  int64 // unix seconds; 0 for none
	due     int64 // SLA due, unix seconds
	// hay is the search text: subject, customer name, e-mail, tags and
	// external id, cleaned for the screen and joined by spaces. The subject
	// is hay[:subj] and the external id hay[ext:], so no text is held twice.
	hay     string
	mask    uint64 // which characters hay holds (charMask), to skip rows fast
	ver     uint32
	cust    uint32 // index into snapshot.custs + 1; 0 for none
	tags    uint32 // interned tag set
	who     uint32 // interned assignee; 0 for unassigned
	subj    uint16
	ext     uint16
	channel chan8
	prio    model.Priority
	status  model.Status
	ascii   bool // hay is ASCII: the search's fast path applies
	// foldSafe: hay has no character that folds onto an ASCII letter
	// (K KELVIN SIGN, ſ LONG S), so an ASCII pattern matches its bytes,
	// and no NUL (where sahilm/fuzzy stops; Clean removes it anyway).
	foldSafe bool
}

func (r *row) subject() string    { return r.hay[:r.subj] }
func (r *row) externalID() string { return r.hay[r.ext:] }

// active reports whether the case still needs work.
func (r *row) active() bool { return r.status.Active() }

// custRow is a customer as the queue needs it.
type custRow struct {
	id    model.CustomerID
	name  string // cleaned
	email string // cleaned
}

// interns hold the few distinct assignees, tag sets and channels, so a row
// refers to them by number. They only grow; a snapshot keeps its own slice
// headers, so appending on the Update loop never races with a reader.
type interns struct {
	who      []string
	whoIdx   map[string]uint32
	tagsets  [][]string
	tagIdx   map[string]uint32
	channels []model.Channel
	chanIdx  map[model.Channel]uint8
}

func newInterns() *interns {
	in := &interns{whoIdx: map[string]uint32{"": 0}, tagIdx: map[string]uint32{"": 0}, chanIdx: map[model.Channel]uint8{}}
	in.who = []string{""}
	in.tagsets = [][]string{nil}
	return in
}

func (in *interns) assignee(s string) uint32 {
	if i, ok := in.whoIdx[s]; ok {
		return i
	}
	i := uint32(len(in.who))
	in.who = append(in.who, s)
	in.whoIdx[s] = i
	return i
}

func (in *interns) tagset(tags []string) uint32 {
	if len(tags) == 0 {
		return 0
	}
	key := strings.Join(tags, "\x00")
	if i, ok := in.tagIdx[key]; ok {
		return i
	}
	i := uint32(len(in.tagsets))
	in.tagsets = append(in.tagsets, slices.Clone(tags))
	in.tagIdx[key] = i
	return i
}

func (in *interns) channel(c model.Channel) chan8 {
	if c == "" {
		c = model.ChannelOther
	}
	if i, ok := in.chanIdx[c]; ok {
		return chan8(i)
	}
	i := uint8(len(in.channels))
	if int(i) != len(in.channels) { // more than 255 channels: fold into other
		return in.channel(model.ChannelOther)
	}
	in.channels = append(in.channels, c)
	in.chanIdx[c] = i
	return chan8(i)
}

// snapshot is an immutable view of the index. Its zero value is empty.
type snapshot struct {
	gen      uint64 // bumped by every change; caches are keyed by it
	chunks   []*[chunkSize]row
	n        int
	custs    []custRow // sorted by id
	who      []string
	tagsets  [][]string
	channels []model.Channel
	sla      model.SLAPolicy
	complete bool // every case is loaded (false for the first page)
}

func (s *snapshot) len() int { return s.n }

func (s *snapshot) at(i int32) *row { return &s.chunks[i>>chunkBits][i&chunkMask] }

// find returns the row index of a case, by binary search: rows are kept in
// id order, as EachSummary delivers them and as the store's sequence hands
// out ids.
func (s *snapshot) find(id model.CaseID) (int32, bool) {
	lo, hi := 0, s.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.at(int32(m)).id < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < s.n && s.at(int32(lo)).id == id {
		return int32(lo), true
	}
	return int32(lo), false
}

func (s *snapshot) customer(r *row) *custRow {
	if r.cust == 0 || int(r.cust) > len(s.custs) {
		return nil
	}
	return &s.custs[r.cust-1]
}

func (s *snapshot) customerName(r *row) string {
	if c := s.customer(r); c != nil {
		if c.name != "" {
			return c.name
		}
		return c.email
	}
	return ""
}

func (s *snapshot) assignee(r *row) string   { return s.who[r.who] }
func (s *snapshot) tags(r *row) []string     { return s.tagsets[r.tags] }
func (s *snapshot) channel(r *row) string    { return string(s.channels[r.channel]) }
func (s *snapshot) dueTime(r *row) time.Time { return time.Unix(r.due, 0) }

// summary rebuilds the model's summary of a row, for model.Query.Match. It
// does not allocate: every string is shared with the index.
func (s *snapshot) summary(r *row) model.Summary {
	sum := model.Summary{ID: r.id, ExternalID: r.externalID(), CreatedAt: time.Unix(r.created, 0),
		UpdatedAt: time.Unix(r.updated, 0), Channel: s.channels[r.channel], Subject: r.subject(),
		Priority: r.prio, Status: r.status, Assignee: s.who[r.who], Tags: s.tagsets[r.tags], Version: uint64(r.ver)}
	if r.follow != 0 {
		sum.FollowUp = time.Unix(r.follow, 0)
	}
	if c := s.customer(r); c != nil {
		sum.CustomerID = c.id
	}
	return sum
}

func (s *snapshot) modelCustomer(r *row) model.Customer {
	if c := s.customer(r); c != nil {
		return model.Customer{ID: c.id, Name: c.name, Email: c.email}
	}
	return model.Customer{}
}

// slaState is the row's SLA standing at now (the model's rule).
func (s *snapshot) slaState(r *row, now int64) model.SLAState {
	return s.sla.StateLeft(r.status, r.follow != 0, r.prio, time.Duration(r.due-now)*time.Second)
}

// builder makes snapshots: the full load in the background, and then the
// Update loop's upserts. Only one goroutine uses a builder at a time.
type builder struct {
	snap    snapshot
	in      *interns
	custIdx map[model.CustomerID]uint32
	owned   map[int]bool // chunks copied since the last freeze
	// inPlace writes rows without copying their chunk: the caller knows
	// no other goroutine reads a frozen snapshot meanwhile.
	inPlace bool
	arena   []byte // the block search texts are packed into
	hayBuf  []byte // scratch for building a search text
}

func newBuilder(sla model.SLAPolicy) *builder {
	b := &builder{in: newInterns(), custIdx: map[model.CustomerID]uint32{}, owned: map[int]bool{}}
	b.snap.sla = sla
	b.sync()
	return b
}

func (b *builder) sync() {
	b.snap.who, b.snap.tagsets, b.snap.channels = b.in.who, b.in.tagsets, b.in.channels
}

// freeze returns the current snapshot; later writes copy what they touch.
func (b *builder) freeze() *snapshot {
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
func (b *builder) writable(i int) *row {
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

func (b *builder) appendRow(r row) {
	i := b.snap.n
	if i>>chunkBits == len(b.snap.chunks) {
		b.snap.chunks = append(b.snap.chunks, new([chunkSize]row))
		b.owned[i>>chunkBits] = true
	}
	*b.writable(i) = r
	b.snap.n++
}

// upsertCustomer adds or replaces a customer and reports whether its name
// or e-mail changed, which changes the search text of its cases.
func (b *builder) upsertCustomer(c model.Customer) (uint32, bool) {
	cr := custRow{id: c.ID, name: Clean(c.Name), email: Clean(c.Email)}
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
func (b *builder) makeRow(s *model.Summary) row {
	r := row{id: s.ID, created: s.CreatedAt.Unix(), updated: s.UpdatedAt.Unix(), ver: uint32(s.Version),
		prio: s.Priority, status: s.Status}
	if r.status == model.StatusUnset {
		r.status = model.StatusNew
	}
	if !s.FollowUp.IsZero() {
		r.follow = s.FollowUp.Unix()
	}
	r.due = b.snap.sla.DueOf(s).Unix()
	if s.CustomerID != 0 {
		r.cust = b.custIdx[s.CustomerID]
	}
	r.tags = b.in.tagset(s.Tags)
	r.who = b.in.assignee(Clean(s.Assignee))
	r.channel = b.in.channel(s.Channel)
	b.setHay(&r, s.Subject, s.ExternalID)
	return r
}

// setHay builds the search text of a row from its subject and external id
// and its customer's and tags' text.
func (b *builder) setHay(r *row, subject, ext string) {
	subject = clipBytes(Clean(subject), maxHaySubject)
	ext = clipBytes(Clean(ext), 64)
	buf := append(b.hayBuf[:0], subject...)
	if r.cust != 0 {
		c := &b.snap.custs[r.cust-1]
		buf = append(buf, ' ')
		buf = append(buf, c.name...)
		buf = append(buf, ' ')
		buf = append(buf, c.email...)
	}
	for _, t := range b.in.tagsets[r.tags] {
		buf = append(buf, ' ')
		buf = append(buf, Clean(t)...)
	}
	buf = append(buf, ' ')
	r.ext = uint16(len(buf))
	buf = append(buf, ext...)
	b.hayBuf = buf
	r.hay = b.arenaString(buf)
	r.subj = uint16(len(subject))
	r.ascii = isASCII(r.hay)
	r.foldSafe = (r.ascii || !strings.ContainsAny(r.hay, "\u212a\u017f")) && strings.IndexByte(r.hay, 0) < 0
	r.mask = charMask(r.hay)
}

// hayBlock is the size of the blocks the search texts are packed into.
const hayBlock = 64 << 10

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
	if len(p) > hayBlock/8 {
		return string(p)
	}
	if len(b.arena)+len(p) > cap(b.arena) {
		b.arena = make([]byte, 0, hayBlock)
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

// rehay rebuilds a row's search text after its customer changed.
func (b *builder) rehay(i int) {
	r := b.writable(i)
	b.setHay(r, r.subject(), r.externalID())
}

// upsert adds or replaces a case; it reports the row index and whether the
// row was new. An older version than the one held is ignored (a notice
// that raced with the load).
func (b *builder) upsert(s *model.Summary) (int32, bool) {
	i, found := b.snap.find(s.ID)
	if found {
		old := b.snap.at(i)
		if uint32(s.Version) < old.ver && s.Version != 0 {
			return i, false
		}
		*b.writable(int(i)) = b.makeRow(s)
		return i, false
	}
	if int(i) == b.snap.n {
		b.appendRow(b.makeRow(s))
		return i, true
	}
	// An id below the newest: ids come from a sequence, so this only
	// happens for a notice that overtook the load. Insert and shift.
	r := b.makeRow(s)
	b.appendRow(row{})
	for j := b.snap.n - 1; j > int(i); j-- {
		*b.writable(j) = *b.snap.at(int32(j - 1))
	}
	*b.writable(int(i)) = r
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

// loadIndex reads every customer and case from the service into a new
// builder: the background load after the first screen.
func loadIndex(svc model.CaseService) (*builder, error) {
	b := newBuilder(svc.SLA())
	err := svc.EachCustomer(func(c model.Customer) error {
		b.upsertCustomer(c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sorted := true
	var last model.CaseID
	err = svc.EachSummary(func(s model.Summary) error {
		if s.ID <= last {
			sorted = false
		}
		last = s.ID
		if sorted {
			b.appendRow(b.makeRow(&s))
		} else {
			b.upsert(&s)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.snap.complete = true
	return b, nil
}

// --- views and sorts ---

// viewID names a queue view.
type viewID int

const (
	viewMine viewID = iota
	viewUnassigned
	viewOpen
	viewUrgent
	viewOverdue
	viewPending
	viewFollowUps
	viewResolved
	viewAll
	numViews
)

var viewNames = [numViews]struct{ long, short, cmd string }{
	{"My cases", "Mine", "mine"},
	{"Unassigned", "Unasg", "unassigned"},
	{"Open", "Open", "open"},
	{"Urgent", "Urg", "urgent"},
	{"Overdue", "Over", "overdue"},
	{"Pending", "Pend", "pending"},
	{"Follow-ups today", "F-up", "followups"},
	{"Resolved", "Res", "resolved"},
	{"All", "All", "all"},
}

func (v viewID) String() string { return viewNames[v].long }

// parseView reads a view name as typed in :view (any unique prefix of the
// command name, or of the long name).
func parseView(s string) (viewID, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	for v := range numViews {
		n := viewNames[v]
		if s == n.cmd || s == strings.ToLower(n.long) || s == strings.ToLower(n.short) {
			return v, true
		}
	}
	found, hit := viewID(0), 0
	for v := range numViews {
		if strings.HasPrefix(viewNames[v].cmd, s) {
			found, hit = v, hit+1
		}
	}
	return found, hit == 1
}

// viewClock is what time-dependent views need: now and the end of today in
// the agent's location.
type viewClock struct {
	now, endOfDay int64
}

func newViewClock(now time.Time, loc *time.Location) viewClock {
	if loc == nil {
		loc = time.Local
	}
	l := now.In(loc)
	end := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
	return viewClock{now: now.Unix(), endOfDay: end.Unix()}
}

// inView reports whether a row belongs to a view. me is the interned
// assignee number of the agent (0 when the agent has no cases yet).
func inView(v viewID, r *row, me uint32, c viewClock) bool {
	switch v {
	case viewMine:
		return me != 0 && r.who == me && r.active()
	case viewUnassigned:
		return r.who == 0 && r.active()
	case viewOpen:
		return r.status == model.StatusNew || r.status == model.StatusOpen
	case viewUrgent:
		return r.prio == model.PriorityUrgent && r.active()
	case viewOverdue:
		return model.SLAApplies(r.status, r.follow != 0) && r.due < c.now
	case viewPending:
		return r.status == model.StatusPending
	case viewFollowUps:
		// Due by the end of today, including ones missed earlier: a
		// follow-up nobody handled is still due.
		return r.follow != 0 && r.follow < c.endOfDay && r.active()
	case viewResolved:
		return r.status == model.StatusResolved || r.status == model.StatusClosed
	}
	return true
}

// sortID names a queue order.
type sortID int

const (
	sortUrgency sortID = iota // priority, then SLA due
	sortNewest
	sortOldest
	sortUpdated
	numSorts
)

var sortNames = [numSorts]struct{ long, cmd string }{
	{"priority, SLA due", "priority"},
	{"newest", "newest"},
	{"oldest", "oldest"},
	{"last update", "updated"},
}

func (s sortID) String() string { return sortNames[s].long }

func parseSort(s string) (sortID, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	for i := range numSorts {
		if strings.HasPrefix(sortNames[i].cmd, s) || s == sortNames[i].long {
			return i, true
		}
	}
	switch s {
	case "sla", "urgency", "due":
		return sortUrgency, true
	case "update", "last", "recent":
		return sortUpdated, true
	}
	return 0, false
}

// sortKey orders rows for a sort: smaller first, ties by row index (which
// is id order).
func sortKey(s sortID, r *row) uint64 {
	switch s {
	case sortNewest:
		return ^uint64(r.created + 1<<62)
	case sortOldest:
		return uint64(r.created + 1<<62)
	case sortUpdated:
		return ^uint64(r.updated + 1<<62)
	}
	p := uint64(r.prio.Or(model.PriorityNormal))
	due := uint64(r.due+1<<40) & (1<<60 - 1)
	return p<<60 | due
}

type keyed struct {
	key uint64
	idx int32
}

func cmpKeyed(a, b keyed) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// sortAll orders every row of a snapshot, in two halves on two cores.
func sortAll(s *snapshot, by sortID) []int32 {
	n := s.len()
	ks := make([]keyed, n)
	for i := range n {
		ks[i] = keyed{sortKey(by, s.at(int32(i))), int32(i)}
	}
	half := n / 2
	if n < 20000 {
		slices.SortFunc(ks, cmpKeyed)
	} else {
		done := make(chan struct{})
		go func() { slices.SortFunc(ks[:half], cmpKeyed); close(done) }()
		slices.SortFunc(ks[half:], cmpKeyed)
		<-done
	}
	out := make([]int32, n)
	if n < 20000 {
		for i, k := range ks {
			out[i] = k.idx
		}
		return out
	}
	a, b := ks[:half], ks[half:]
	for i := range out {
		if len(b) == 0 || len(a) > 0 && cmpKeyed(a[0], b[0]) <= 0 {
			out[i], a = a[0].idx, a[1:]
		} else {
			out[i], b = b[0].idx, b[1:]
		}
	}
	return out
}

// resort updates an order of every row after the rows in changed were
// rewritten or appended: drop them, sort them, and merge them back in. It
// is linear, against n log n for sorting afresh.
func resort(s *snapshot, by sortID, prev []int32, changed []int32) []int32 {
	if len(changed) == 0 && len(prev) == s.len() {
		return prev
	}
	drop := make([]bool, s.len())
	ks := make([]keyed, 0, len(changed))
	for _, i := range changed {
		if int(i) < len(drop) && !drop[i] {
			drop[i] = true
			ks = append(ks, keyed{sortKey(by, s.at(i)), i})
		}
	}
	// Rows added to the snapshot that no notice named (cannot happen, but
	// an order must hold every row exactly once).
	seen := make([]bool, s.len())
	for _, i := range prev {
		if int(i) < len(seen) {
			seen[i] = true
		}
	}
	for i := range s.len() {
		if !seen[i] && !drop[i] {
			drop[i] = true
			ks = append(ks, keyed{sortKey(by, s.at(int32(i))), int32(i)})
		}
	}
	slices.SortFunc(ks, cmpKeyed)
	out := make([]int32, 0, s.len())
	for _, i := range prev {
		if int(i) >= len(drop) || drop[i] {
			continue
		}
		k := keyed{sortKey(by, s.at(i)), i}
		for len(ks) > 0 && cmpKeyed(ks[0], k) < 0 {
			out = append(out, ks[0].idx)
			ks = ks[1:]
		}
		out = append(out, i)
	}
	for _, k := range ks {
		out = append(out, k.idx)
	}
	return out
}

// viewCounts counts every view in one pass.
func viewCounts(s *snapshot, me uint32, c viewClock) [numViews]int {
	var n [numViews]int
	for ci, ch := range s.chunks {
		lim := min(chunkSize, s.n-ci*chunkSize)
		for j := 0; j < lim; j++ {
			r := &ch[j]
			for v := range numViews {
				if inView(v, r, me, c) {
					n[v]++
				}
			}
		}
	}
	return n
}

// filterView keeps the rows of order that belong to view v, in order.
func filterView(s *snapshot, order []int32, v viewID, me uint32, c viewClock) []int32 {
	if v == viewAll {
		return order
	}
	out := make([]int32, 0, len(order)/4)
	for _, i := range order {
		if inView(v, s.at(i), me, c) {
			out = append(out, i)
		}
	}
	return slices.Clip(out)
}

// meIndex is the interned number of the agent, 0 when unknown.
func (s *snapshot) meIndex(agent string) uint32 {
	if agent == "" {
		return 0
	}
	for i, w := range s.who {
		if i > 0 && strings.EqualFold(w, agent) {
			return uint32(i)
		}
	}
	return 0
}

// chan8 is an interned channel.
type chan8 uint8
