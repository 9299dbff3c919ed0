package caseindex

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// --- views and sorts ---

// View names a queue view.
type View int

const (
	ViewMine View = iota
	ViewUnassigned
	ViewOpen
	ViewUrgent
	ViewOverdue
	ViewPending
	ViewFollowUps
	ViewResolved
	ViewAll
	NumViews
)

var viewNames = [NumViews]struct{ long, short, cmd string }{
	{"My cases", "Mine", "mine"},
	{"Unassigned", "Unasg", "unassigned"},
	{"Open", "Open", "open"},
	{"Urgent", "Urg", "urgent"},
	{"Overdue", "Over", "overdue"},
	{"Pending", "Pend", "pending"},
	{"Follow-ups due", "F-up", "followups"},
	{"Resolved", "Res", "resolved"},
	{"All", "All", "all"},
}

func (v View) String() string { return viewNames[v].long }

// Short is the view's name on a narrow tab line; Command its name in :view.
func (v View) Short() string   { return viewNames[v].short }
func (v View) Command() string { return viewNames[v].cmd }

// ParseView reads a view name as typed in :view (any unique prefix of the
// command name, or of the long name).
func ParseView(s string) (View, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	for v := range NumViews {
		n := viewNames[v]
		if s == n.cmd || s == strings.ToLower(n.long) || s == strings.ToLower(n.short) {
			return v, true
		}
	}
	found, hit := View(0), 0
	for v := range NumViews {
		if strings.HasPrefix(viewNames[v].cmd, s) {
			found, hit = v, hit+1
		}
	}
	return found, hit == 1
}

// Clock is what time-dependent views need: now and the end of today in
// the agent's location.
type Clock struct {
	now, endOfDay int64
}

func NewClock(now time.Time, loc *time.Location) Clock {
	if loc == nil {
		loc = time.Local
	}
	l := now.In(loc)
	end := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
	return Clock{now: now.Unix(), endOfDay: end.Unix()}
}

// inView reports whether a row belongs to a view. me is the interned
// assignee number of the agent (0 when the agent has no cases yet).
func inView(v View, r *Row, me uint32, c Clock) bool {
	switch v {
	case ViewMine:
		return me != 0 && r.who == me && r.active()
	case ViewUnassigned:
		return r.who == 0 && r.active()
	case ViewOpen:
		return r.status == model.StatusNew || r.status == model.StatusOpen
	case ViewUrgent:
		return r.prio == model.PriorityUrgent && r.active()
	case ViewOverdue:
		return model.SLAApplies(r.status, r.follow != 0) && r.due < c.now
	case ViewPending:
		return r.status == model.StatusPending
	case ViewFollowUps:
		// Due by the end of today, including ones missed earlier: a
		// follow-up nobody handled is still due.
		return r.follow != 0 && r.follow < c.endOfDay && r.active()
	case ViewResolved:
		return r.status == model.StatusResolved || r.status == model.StatusClosed
	}
	return true
}

// viewsOf is the set of views r is in, a bit per view: inView of every
// view at once, each condition tested once. Counting calls it for every
// row, and every screen of a team server for every save (addCounts).
func viewsOf(r *Row, me uint32, c Clock) uint16 {
	st := r.status
	b := uint16(1) << ViewAll
	if st.Active() {
		if r.who == 0 {
			b |= 1 << ViewUnassigned
		} else if me != 0 && r.who == me {
			b |= 1 << ViewMine
		}
		if r.prio == model.PriorityUrgent {
			b |= 1 << ViewUrgent
		}
		if r.follow != 0 && r.follow < c.endOfDay {
			b |= 1 << ViewFollowUps
		}
	}
	switch st {
	case model.StatusNew, model.StatusOpen:
		b |= 1 << ViewOpen
	case model.StatusPending:
		b |= 1 << ViewPending
	case model.StatusResolved, model.StatusClosed:
		b |= 1 << ViewResolved
	}
	if model.SLAApplies(st, r.follow != 0) && r.due < c.now {
		b |= 1 << ViewOverdue
	}
	return b
}

// Sort names a queue order.
type Sort int

const (
	SortUrgency Sort = iota // priority, then SLA due
	SortNewest
	SortOldest
	SortUpdated
	NumSorts
)

var sortNames = [NumSorts]struct{ long, cmd string }{
	{"priority, SLA due", "priority"},
	{"newest", "newest"},
	{"oldest", "oldest"},
	{"last update", "updated"},
}

func (s Sort) String() string { return sortNames[s].long }

// Command is the sort's name in :sort.
func (s Sort) Command() string { return sortNames[s].cmd }

func ParseSort(s string) (Sort, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	for i := range NumSorts {
		if strings.HasPrefix(sortNames[i].cmd, s) || s == sortNames[i].long {
			return i, true
		}
	}
	switch s {
	case "sla", "urgency", "due":
		return SortUrgency, true
	case "update", "last", "recent":
		return SortUpdated, true
	}
	return 0, false
}

// sortKey orders rows for a sort: smaller first, ties by row index (which
// is id order).
func sortKey(s Sort, r *Row) uint64 {
	switch s {
	case SortNewest:
		return ^uint64(r.created + 1<<62)
	case SortOldest:
		return uint64(r.created + 1<<62)
	case SortUpdated:
		return ^uint64(r.updated + 1<<62)
	}
	// Within a priority, cases whose clock runs come first by due time,
	// then the active ones with none (pending without a follow-up), then
	// the finished: a paused clock's old due time says nothing of
	// urgency, and would put a case waiting on the customer above one
	// that is late; an urgent case still waiting must not sit among
	// hundreds of closed ones either (new-user finding, view All).
	p := uint64(r.prio.Or(model.PriorityNormal))
	var clock uint64
	switch {
	case !r.status.Active():
		clock = 2
	case !model.SLAApplies(r.status, r.follow != 0):
		clock = 1
	}
	due := uint64(r.due+1<<40) & (1<<58 - 1)
	return p<<60 | clock<<58 | due
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
func sortAll(s *Snapshot, by Sort) []int32 {
	n := s.Len()
	ks := make([]keyed, n)
	for i := range n {
		ks[i] = keyed{sortKey(by, s.At(int32(i))), int32(i)}
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
func resort(s *Snapshot, by Sort, prev []int32, changed []int32) []int32 {
	if len(changed) == 0 && len(prev) == s.Len() {
		return prev
	}
	drop := make([]bool, s.Len())
	ks := make([]keyed, 0, len(changed))
	for _, i := range changed {
		if int(i) < len(drop) && !drop[i] {
			drop[i] = true
			ks = append(ks, keyed{sortKey(by, s.At(i)), i})
		}
	}
	// Rows added to the snapshot that no notice named (cannot happen, but
	// an order must hold every row exactly once).
	seen := make([]bool, s.Len())
	for _, i := range prev {
		if int(i) < len(seen) {
			seen[i] = true
		}
	}
	for i := range s.Len() {
		if !seen[i] && !drop[i] {
			drop[i] = true
			ks = append(ks, keyed{sortKey(by, s.At(int32(i))), int32(i)})
		}
	}
	slices.SortFunc(ks, cmpKeyed)
	out := make([]int32, 0, s.Len())
	for _, i := range prev {
		if int(i) >= len(drop) || drop[i] {
			continue
		}
		k := keyed{sortKey(by, s.At(i)), i}
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
func viewCounts(s *Snapshot, me uint32, c Clock) [NumViews]int {
	var n [NumViews]int
	for ci, ch := range s.chunks {
		lim := min(chunkSize, s.n-ci*chunkSize)
		for j := 0; j < lim; j++ {
			b := viewsOf(&ch[j], me, c)
			for v := range NumViews {
				n[v] += int(b >> v & 1)
			}
		}
	}
	return n
}

// clockCounts counts the views that move with the clock alone: overdue
// and follow-ups due (neither depends on the agent).
func clockCounts(s *Snapshot, c Clock) (overdue, followUps int) {
	for ci, ch := range s.chunks {
		lim := min(chunkSize, s.n-ci*chunkSize)
		for j := 0; j < lim; j++ {
			r := &ch[j]
			if inView(ViewOverdue, r, 0, c) {
				overdue++
			}
			if inView(ViewFollowUps, r, 0, c) {
				followUps++
			}
		}
	}
	return overdue, followUps
}

// filterView keeps the rows of order that belong to view v, in order.
func filterView(s *Snapshot, order []int32, v View, me uint32, c Clock) []int32 {
	if v == ViewAll {
		return order
	}
	out := make([]int32, 0, len(order)/4)
	for _, i := range order {
		if inView(v, s.At(i), me, c) {
			out = append(out, i)
		}
	}
	return slices.Clip(out)
}

// Holds reports whether case row r belongs to view v, for the agent whose
// interned number is me (Snapshot.MeIndex) at clock c.
func (v View) Holds(r *Row, me uint32, c Clock) bool { return inView(v, r, me, c) }
