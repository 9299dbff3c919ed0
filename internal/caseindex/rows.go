package caseindex

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

const (
	// 512 rows (48 KB): a change notice copies one chunk, and the list
	// of chunks (a pointer for 512 rows). On a team server that is once
	// per save: 1024 rows (96 KB) were an eighth of all that the load
	// test's screens stage allocated. 256 rows would be 24 KB and the
	// allocator's header for it, which no longer fits its size class:
	// 10 % more heap for a million cases.
	chunkBits = 9
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1

	// maxSubject bounds the subject kept in memory; the queue never
	// shows more and the preview loads the full case.
	maxSubject = 160
)

// row is one case as the queue needs it.
type Row struct {
	id      model.CaseID
	created int64 // unix seconds
	updated int64
	follow  int64 // unix seconds; 0 for none
	due     int64 // SLA due, unix seconds
	// text is the search text: subject, customer name, e-mail, tags and
	// external id, cleaned for the screen and joined by spaces. The subject
	// is text[:subj] and the external id text[ext:], so no text is held twice.
	text    string
	mask    uint64 // which characters text holds (charMask), to skip rows fast
	ver     uint32
	cust    uint32 // index into snapshot.custs + 1; 0 for none
	tags    uint32 // interned tag set
	who     uint32 // interned assignee; 0 for unassigned
	subj    uint16
	ext     uint16
	channel channelRef
	prio    model.Priority
	status  model.Status
	team    uint8 // interned team; 0 for none
	replied bool  // the first reply went out: the first-response clock stopped
	// awaiting: the customer wrote again after a reply; the due time is
	// the next reply's (model.ClockNextReply)
	awaiting bool
	handed   bool // passed from one team to another at least once
	ascii    bool // text is ASCII: the search's fast path applies
	// foldSafe: text has no character that folds onto an ASCII letter
	// (K KELVIN SIGN, ſ LONG S), so an ASCII pattern matches its bytes,
	// and no NUL (where sahilm/fuzzy stops; Clean removes it anyway).
	foldSafe bool
}

// A row's fields for the screen. Rows are shared with other readers:
// read them, never write them.
func (r *Row) Subject() string          { return r.text[:r.subj] }
func (r *Row) ExternalID() string       { return r.text[r.ext:] }
func (r *Row) ID() model.CaseID         { return r.id }
func (r *Row) Priority() model.Priority { return r.prio }
func (r *Row) Status() model.Status     { return r.status }
func (r *Row) Created() time.Time       { return time.Unix(r.created, 0) }
func (r *Row) Due() time.Time           { return time.Unix(r.due, 0) }

// Team is the row's team ("" none), Clock the SLA clock its due time is
// on (model.SLAPolicy.Clock).
func (s *Snapshot) Team(r *Row) string { return s.teams[r.team] }
func (s *Snapshot) Clock(r *Row) model.SLAClock {
	switch {
	case r.follow != 0 && r.follow == r.due:
		// The model's rule chose the follow-up; a reply clock it did not
		// beat keeps its own name (model.SLAPolicy.Clock).
		return model.ClockFollowUp
	case s.sla.FirstResponse(s.teams[r.team], r.prio) <= 0:
	case !r.replied:
		return model.ClockFirstReply
	case r.awaiting:
		return model.ClockNextReply
	}
	return model.ClockResolve
}

// active reports whether the case still needs work.
func (r *Row) active() bool { return r.status.Active() }

// customerRow is a customer as the queue needs it.
type customerRow struct {
	id    model.CustomerID
	name  string // cleaned
	email string // cleaned
}

// interns hold the few distinct assignees, tag sets and channels, so a row
// refers to them by number. They only grow; a snapshot keeps its own slice
// headers, so appending on the Update loop never races with a reader.
type interns struct {
	teams    []string
	teamIdx  map[string]uint8
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
	in.teams, in.teamIdx = []string{""}, map[string]uint8{"": 0}
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

// team interns a team name; past 255 teams a case shows as of none.
func (in *interns) team(t string) uint8 {
	if i, ok := in.teamIdx[t]; ok {
		return i
	}
	if len(in.teams) > 255 {
		return 0
	}
	i := uint8(len(in.teams))
	in.teams = append(in.teams, t)
	in.teamIdx[t] = i
	return i
}

func (in *interns) channel(c model.Channel) channelRef {
	if c == "" {
		c = model.ChannelOther
	}
	if i, ok := in.chanIdx[c]; ok {
		return channelRef(i)
	}
	i := uint8(len(in.channels))
	if int(i) != len(in.channels) { // more than 255 channels: fold into other
		return in.channel(model.ChannelOther)
	}
	in.channels = append(in.channels, c)
	in.chanIdx[c] = i
	return channelRef(i)
}

// snapshot is an immutable view of the index. Its zero value is empty.
type Snapshot struct {
	gen      uint64 // bumped by every change; caches are keyed by it
	chunks   []*[chunkSize]Row
	n        int
	custs    []customerRow // sorted by id
	who      []string
	assigned []int32 // rows of each of who
	teams    []string
	tagsets  [][]string
	channels []model.Channel
	sla      model.SLAPolicy
	complete bool // every case is loaded (false for the first page)
}

func (s *Snapshot) Len() int { return s.n }

func (s *Snapshot) At(i int32) *Row { return &s.chunks[i>>chunkBits][i&chunkMask] }

// find returns the row index of a case, by binary search: rows are kept in
// id order, as EachSummary delivers them and as the store's sequence hands
// out ids.
func (s *Snapshot) Find(id model.CaseID) (int32, bool) {
	lo, hi := 0, s.n
	if s.n > 0 {
		// Rows are in id order and ids are distinct, so the row of id is
		// at most id-first rows past the first and at least last-id rows
		// before the last. Ids come from a sequence: with few gaps the
		// two bounds meet, and a notice's case is found by one row read,
		// not a search over every row's cache line.
		first, last := s.At(0).id, s.At(int32(s.n-1)).id
		if id < first || id > last {
			if id < first {
				return 0, false
			}
			return int32(s.n), false
		}
		hi = int(min(uint64(id-first)+1, uint64(s.n)))
		lo = max(s.n-1-int(min(uint64(last-id), uint64(s.n-1))), 0)
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.At(int32(m)).id < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < s.n && s.At(int32(lo)).id == id {
		return int32(lo), true
	}
	return int32(lo), false
}

func (s *Snapshot) customerOf(r *Row) *customerRow {
	if r.cust == 0 || int(r.cust) > len(s.custs) {
		return nil
	}
	return &s.custs[r.cust-1]
}

func (s *Snapshot) CustomerName(r *Row) string {
	if c := s.customerOf(r); c != nil {
		if c.name != "" {
			return c.name
		}
		return c.email
	}
	return ""
}

func (s *Snapshot) Assignee(r *Row) string { return s.who[r.who] }
func (s *Snapshot) Tags(r *Row) []string   { return s.tagsets[r.tags] }
func (s *Snapshot) Channel(r *Row) string  { return string(s.channels[r.channel]) }

// CustomerEmail is the e-mail of the row's customer, cleaned; "" for none.
func (s *Snapshot) CustomerEmail(r *Row) string {
	if c := s.customerOf(r); c != nil {
		return c.email
	}
	return ""
}

// Complete reports whether every case is loaded (false for the first page).
func (s *Snapshot) Complete() bool { return s.complete }

// Highlights are the byte offsets of the characters a fuzzy text matches
// (sahilm/fuzzy's own answer, for the few rows on screen) in the row's
// subject, customer name (or e-mail, when it has no name) and joined tags.
func (s *Snapshot) Highlights(r *Row, text string) (subject, customer, tags []int) {
	hits := matchedBytes(text, r.text)
	if len(hits) == 0 {
		return nil, nil, nil
	}
	off := int(r.subj) + 1
	if cu := s.customerOf(r); cu != nil && cu.name == "" {
		off++ // the name part is empty; the e-mail follows its space
	}
	tagText := 0
	for i, t := range s.Tags(r) {
		tagText += len(t)
		if i > 0 {
			tagText++
		}
	}
	return hits, shift(hits, off), shift(hits, int(r.ext)-1-tagText)
}

// shift moves byte offsets so that off becomes 0, dropping those before.
func shift(hits []int, off int) []int {
	if len(hits) == 0 {
		return nil
	}
	out := make([]int, 0, len(hits))
	for _, h := range hits {
		if h >= off {
			out = append(out, h-off)
		}
	}
	return out
}

// summary rebuilds the model's summary of a row, for model.Query.Match. It
// does not allocate: every string is shared with the index.
func (s *Snapshot) Summary(r *Row) model.Summary {
	sum := model.Summary{ID: r.id, ExternalID: r.ExternalID(), CreatedAt: time.Unix(r.created, 0),
		UpdatedAt: time.Unix(r.updated, 0), Channel: s.channels[r.channel], Subject: r.Subject(),
		Priority: r.prio, Status: r.status, Assignee: s.who[r.who], Tags: s.tagsets[r.tags], Version: uint64(r.ver)}
	if r.follow != 0 {
		sum.FollowUp = time.Unix(r.follow, 0)
	}
	if c := s.customerOf(r); c != nil {
		sum.CustomerID = c.id
	}
	sum.Team = s.teams[r.team]
	if r.replied {
		sum.FirstReply = time.Unix(r.created, 0) // its time is not kept: the clock only asks whether
	}
	if r.awaiting {
		// Neither is this one's: the row's due time is the clock's.
		sum.Awaiting = time.Unix(r.created, 0)
	}
	if r.handed {
		sum.Handoffs = 1
	}
	return sum
}

func (s *Snapshot) ModelCustomer(r *Row) model.Customer {
	if c := s.customerOf(r); c != nil {
		return model.Customer{ID: c.id, Name: c.name, Email: c.email}
	}
	return model.Customer{}
}

// slaState is the row's SLA standing at now (the model's rule).
func (s *Snapshot) SLAState(r *Row, now int64) model.SLAState {
	allow := s.sla.Allowance(s.teams[r.team], r.prio, s.Clock(r))
	return s.sla.StateLeft(r.status, r.follow != 0, allow, time.Duration(r.due-now)*time.Second)
}

// builder makes snapshots: the full load in the background, and then the

// meIndex is the interned number of the agent, 0 when unknown.
func (s *Snapshot) MeIndex(agent string) uint32 {
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

// channelRef is an interned channel.
type channelRef uint8

// Assignees are the names cases are assigned to now, each once (for
// completing :assign, and for telling a name of the desk from a typo): a
// name whose last case left it, such as an undone "zz", is not one.
func (s *Snapshot) Assignees() []string {
	var out []string
	for i, w := range s.who {
		if i > 0 && i < len(s.assigned) && s.assigned[i] > 0 {
			out = append(out, w)
		}
	}
	return out
}

// AssigneesByUse are Assignees, the names with the most cases first (ties
// by name): the assign prompt's suggestions, counted by the index as cases
// change, so no one reads every case to offer them.
func (s *Snapshot) AssigneesByUse() []string {
	type use struct {
		name string
		n    int32
	}
	var uses []use
	for i, w := range s.who {
		if i > 0 && i < len(s.assigned) && s.assigned[i] > 0 {
			uses = append(uses, use{w, s.assigned[i]})
		}
	}
	slices.SortFunc(uses, func(a, b use) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name)) })
	out := make([]string, len(uses))
	for i, u := range uses {
		out[i] = u.name
	}
	return out
}

// TagSets are the distinct tag sets of the cases (for completing :tag).
// The slices are shared: do not modify them.
func (s *Snapshot) TagSets() [][]string { return s.tagsets }

// Updated is when the case last changed; Text its search text (subject,
// customer, tags and external id, cleaned).
func (r *Row) Updated() time.Time { return time.Unix(r.updated, 0) }
func (r *Row) Text() string       { return r.text }
