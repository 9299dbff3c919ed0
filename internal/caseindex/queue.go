package caseindex

import (
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Queue is one agent's queue over the index: a view, a sort and a query,
// and what they give — the order of every case, the list shown, the count
// of every view — kept current as change notices arrive.
//
// A Queue is not safe for concurrent use: one loop (a Bubble Tea Update)
// calls its methods. Heavy work (the full load, sorts, searches) is
// handed back as Work, which the caller runs on another goroutine and
// whose Result it passes to Done on its loop. Every Work handed out must
// come back through Done, even when its answer is no longer wanted.
type Queue struct {
	cfg Config

	ix      *Index
	shared  bool      // ix is a team server's, kept current by the server
	snap    *Snapshot // the state the order and list refer to: the first page, then ix's
	epoch   int       // ix's epoch and version that snap is; row numbers are per epoch
	version uint64
	loading bool // the full load is running (or, shared, awaited)
	loadErr error

	view       View
	sort       Sort
	order      []int32 // every row in orderSort's order (the head's order before the load)
	orderSort  Sort
	pos        []int32 // inverse of order, for the search's scan in memory order
	counts     [NumViews]int
	known      [NumViews]bool
	list       []int32 // the rows shown: the view's, or the search's
	toTop      bool    // the next list starts at its top
	clk        Clock   // the clock counts and list were computed with
	me         uint32  // the agent's interned number counts and list were computed with
	changed    []int32 // rows changed since the last order, for resort
	sorting    bool    // a recompute is running
	sortAgain  bool    // and another is needed after it
	resortAll  bool    // the next recompute sorts afresh (row numbers moved)
	clockMoved bool    // out of sight, the clock moved a list that reads it: filter it again when shown (TickCounts)
	orderOwned bool    // no search or recompute holds order: patch may write it
	searches   int     // searches running, each reading a snapshot

	// Change notices waiting to be applied together (a local index);
	// flushing says a flush is on its way.
	queued   []model.Change
	flushing bool

	query string // the query applied ("" for the view)
	// scope is a saved view's query that query narrows (both must hold);
	// "" for none.
	scope string
	qErr  string
	seq   int
	last  *searchResult // the newest finished search, to narrow within
	shown *searchResult // the search whose results are listed
	filt  *liveFilter   // the plan that patches a search of filters alone
	// searchOld says the last search read an order that a running sort
	// replaces: one started while a sort runs, which lacks every row added
	// since (an import's), is run again on the sort's order (onOrder).
	searchOld bool
	// searchPatched says the last patch kept the search's results too.
	searchPatched bool
}

// Config sets up a Queue.
type Config struct {
	Source   Source
	Agent    string           // whose "My cases" and @me
	Now      func() time.Time // nil is time.Now
	Location *time.Location   // for "today"; nil is time.Local
	Words    WordsFunc        // a full-text index for the query's words; nil fuzzy-matches them
	View     View             // the first view
	Teams    *model.Routing   // the desk's teams: a team: filter naming another is refused (nil: not checked)
}

// NewQueue makes a queue over its own index of cfg.Source; Start loads it.
func NewQueue(cfg Config) *Queue {
	q := newQueue(cfg)
	q.ix = NewIndex(cfg.Source)
	return q
}

// NewSharedQueue makes a queue over an index others read too (a team
// server's): the index's owner loads it and applies the store's change
// notices (Index.Load, Index.Apply), and the queue follows it when told
// (Follow). cfg.Source still serves the first page while the index loads.
func NewSharedQueue(ix *Index, cfg Config) *Queue {
	q := newQueue(cfg)
	q.ix, q.shared = ix, true
	return q
}

func newQueue(cfg Config) *Queue {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	return &Queue{cfg: cfg, view: cfg.View}
}

// Work is a piece of a queue's work, to run off the caller's loop; its
// Result goes to Done.
type Work func() Result

// Result is what a Work produced.
type Result interface{ result() }

type headResult struct {
	b     *builder
	stats model.Stats
	err   error
}

type loadResult struct {
	b   *builder
	err error
}

// orderResult is a recompute's answer, or (flush) the sign to apply the
// queued change notices.
type orderResult struct {
	flush  bool
	clk    Clock
	me     uint32
	epoch  int
	sort   Sort
	view   View
	order  []int32
	pos    []int32
	list   []int32
	counts [NumViews]int
}

type searchDone struct{ res *searchResult }

func (headResult) result()  {}
func (loadResult) result()  {}
func (orderResult) result() {}
func (searchDone) result()  {}

// Step is what a call changed, for the caller to act on.
type Step struct {
	Work   []Work // run each off the loop and hand its Result to Done
	Listed bool   // the list changed: put the cursor back on its case
	Top    bool   // and at the top: the list is a new one (view, search)
	Err    error  // a load failed; the queue shows what it has
	Failed string // what failed: "reading the queue", "loading cases"
	Note   string // something to tell the agent ("the view follows")
}

// merge adds what o changed to s.
func (s *Step) merge(o Step) {
	s.Work = append(s.Work, o.Work...)
	s.Listed = s.Listed || o.Listed
	s.Top = s.Top || o.Top
	if o.Err != nil {
		s.Err, s.Failed = o.Err, o.Failed
	}
	if o.Note != "" {
		s.Note = o.Note
	}
}

func (s *Step) add(w Work) {
	if w != nil {
		s.Work = append(s.Work, w)
	}
}

// listed marks the list as changed, at the top when a new list was asked
// for.
func (q *Queue) listed(s *Step, top bool) {
	s.Listed = true
	s.Top = s.Top || top || q.toTop
	q.toTop = false
}

// --- what the caller reads ---

// Snapshot is the index as the list refers to it; nil before the first page.
func (q *Queue) Snapshot() *Snapshot { return q.snap }

// List is the rows shown, in order: the view's, or the search's best first.
func (q *Queue) List() []int32 { return q.list }

// View and Sort are the view and order asked for.
func (q *Queue) View() View { return q.view }
func (q *Queue) Sort() Sort { return q.sort }

// Counts are the cases in each view; Known says which are counted yet.
func (q *Queue) Counts() [NumViews]int { return q.counts }
func (q *Queue) Known() [NumViews]bool { return q.known }
func (q *Queue) Loading() bool         { return q.loading }
func (q *Queue) LoadErr() error        { return q.loadErr }
func (q *Queue) Query() string         { return q.query }

// Scope is the saved view's query the search narrows (SearchIn), "" for
// none.
func (q *Queue) Scope() string { return q.scope }

// Searched reports whether a search is in force: a scope, a query or
// both.
func (q *Queue) Searched() bool { return q.query != "" || q.scope != "" }
func (q *Queue) QueryErr() string {
	if q.qErr == "" && q.shown != nil && q.shown.seq == q.seq {
		return q.shown.refused
	}
	return q.qErr
}
func (q *Queue) Complete() bool  { return q.snap != nil && q.snap.complete }
func (q *Queue) Searching() bool { return q.Searched() && q.shown == nil }

// Place is the place of case row ri in the list, or -1. The view's list is
// in the order's sort: a binary search finds it, else a scan.
func (q *Queue) Place(ri int32) int {
	if !q.Searched() && q.snap.complete {
		s, by := q.snap, q.orderSort
		t := keyed{sortKey(by, s.At(ri)), ri}
		k, _ := slices.BinarySearchFunc(q.list, t, func(e int32, t keyed) int {
			if int(e) >= s.Len() {
				return -1
			}
			return cmpKeyed(keyed{sortKey(by, s.At(e)), e}, t)
		})
		if k < len(q.list) && q.list[k] == ri {
			return k
		}
	}
	return slices.Index(q.list, ri)
}

// --- loading ---

// Start reads the first page of open cases straight from the store's
// index; the full load follows (or, on a team server, the shared index,
// at once when it is loaded).
func (q *Queue) Start() Step {
	var st Step
	if q.shared {
		select {
		case <-q.ix.Loaded():
			st.add(q.loadAll())
			return st
		default:
		}
	}
	src := q.cfg.Source
	st.add(func() Result { return loadHead(src) })
	return st
}

// loadAll loads the index (a local one) or waits for it (a shared one).
func (q *Queue) loadAll() Work {
	q.loading = true
	ix := q.ix
	if q.shared {
		return func() Result {
			<-ix.Loaded()
			return loadResult{}
		}
	}
	return func() Result { return loadResult{err: ix.Load()} }
}

// Done takes the result of a Work back on the caller's loop.
func (q *Queue) Done(r Result) Step {
	switch m := r.(type) {
	case headResult:
		return q.onHead(m)
	case loadResult:
		return q.onLoaded(m)
	case orderResult:
		if m.flush {
			return q.flush()
		}
		return q.onOrder(m)
	case searchDone:
		q.searches--
		return q.onSearch(m.res)
	}
	return Step{}
}

func (q *Queue) onHead(m headResult) Step {
	var st Step
	if m.err != nil {
		q.loadErr = m.err
		st.Err, st.Failed = m.err, "reading the queue"
		st.add(q.loadAll())
		return st
	}
	if q.snap != nil { // the full load won the race
		return st
	}
	q.snap = m.b.freeze()
	// QueueHead's order: most urgent first, then by due time and id.
	s := q.snap
	head := make([]int32, s.Len())
	for i := range head {
		head[i] = int32(i)
	}
	slices.SortStableFunc(head, func(a, c int32) int {
		return cmpKeyed(keyed{sortKey(SortUrgency, s.At(a)), a}, keyed{sortKey(SortUrgency, s.At(c)), c})
	})
	q.order, q.list = head, head
	q.listed(&st, true)
	if bs := m.stats.ByStatus; bs != nil {
		q.setCount(ViewOpen, bs[model.StatusNew]+bs[model.StatusOpen]+bs[model.StatusUnset])
		q.setCount(ViewPending, bs[model.StatusPending])
		q.setCount(ViewResolved, bs[model.StatusResolved]+bs[model.StatusClosed])
		q.setCount(ViewAll, m.stats.Cases)
	}
	st.add(q.loadAll())
	return st
}

func (q *Queue) setCount(v View, n int) { q.counts[v], q.known[v] = n, true }

func (q *Queue) onLoaded(m loadResult) Step {
	var st Step
	q.loading = false
	if m.err != nil {
		q.loadErr = m.err
		st.Err, st.Failed = m.err, "loading cases"
		return st
	}
	q.loadErr = nil
	q.restart()
	st.add(q.recompute())
	if q.Searched() {
		q.last, q.shown = nil, nil
		st.add(q.startSearch())
	}
	return st
}

// restart takes the index's latest state and sorts afresh — or takes the
// newest state another queue sorted, a few changes before, whose order is
// there to copy: the changes since are patched on when the recompute is
// done (onOrder's flush).
func (q *Queue) restart() {
	q.snap, q.epoch, q.version = q.ix.state()
	// (A shared index only: a local one writes rows in place, under the
	// snapshots it sorted.)
	if snap, epoch, v, ok := q.ix.sortedBase(q.sort); q.shared && ok && epoch == q.epoch {
		q.snap, q.version = snap, v
	}
	q.order, q.pos = nil, nil
	q.changed = nil
	q.resortAll = true
}

// Change takes a store change notice. Notices that arrive before the
// flush comes round are applied together. A shared index is its owner's
// to keep current: the queue follows it on Follow instead.
func (q *Queue) Change(ch model.Change) Step {
	var st Step
	if q.shared {
		return st
	}
	if ch.Resync {
		st = q.flush()
		if !q.loading {
			st.add(q.loadAll()) // a running load reads the latest state
		}
		return st
	}
	if len(ch.Cases) == 0 && len(ch.Customers) == 0 {
		return st
	}
	q.queued = append(q.queued, ch)
	return q.flushSoon()
}

// Follow takes the news that a shared index changed: the queue catches up
// with it at once. A patch costs O(k log n), and the team server's relay
// already gathers a frame's notices into one wake-up, so a round trip
// through a command would only add a message and a redraw per notice.
func (q *Queue) Follow() Step { return q.flush() }

func (q *Queue) flushSoon() Step {
	var st Step
	if q.flushing {
		return st
	}
	q.flushing = true
	st.add(func() Result { return orderResult{flush: true} })
	return st
}

// flush applies the queued change notices to a local index, and brings
// the order, list and counts up to the index: in place when they are
// current, else by a recompute.
func (q *Queue) flush() Step {
	var st Step
	q.flushing = false
	chs := q.queued
	q.queued = nil
	if len(chs) > 0 {
		// Nothing but this loop reads the snapshots when no recompute or
		// search runs, so rows are written in place rather than copying
		// their chunk.
		inPlace := q.canPatch() && q.searches == 0
		for _, ch := range chs {
			q.ix.apply(ch, inPlace)
		}
	}
	if q.snap == nil || !q.snap.complete || q.loading {
		return st // the load, when it comes, reads the latest state
	}
	if q.sorting {
		// The recompute's answer catches up when it comes (onOrder). A
		// recompute for every notice that came during the last one never
		// ends when they come faster than it runs: 50 screens busy
		// sorting 100k rows for each save.
		return st
	}
	ds, snap, epoch, at, ok := q.ix.since(q.epoch, q.version)
	switch {
	case snap == nil || snap == q.snap && len(q.changed) == 0 && !q.resortAll && !q.clockMoved:
		return st // (rows noted out of sight are sorted in below)
	case !ok:
		q.restart()
		q.snap, q.epoch, q.version = snap, epoch, at
		st.add(q.recompute())
	case q.canPatch() && q.patch(ds, snap):
		q.version = at
		if !q.Searched() || q.searchPatched {
			q.listed(&st, false)
		}
		if q.searchPatched {
			return st
		}
	default:
		for _, d := range ds {
			for _, rc := range d.rows {
				q.changed = append(q.changed, rc.idx)
			}
		}
		q.snap, q.version = snap, at
		st.add(q.recompute())
	}
	if q.Searched() {
		st.add(q.startSearch())
	}
	return st
}

// canPatch reports whether the order, list and counts are current, so a
// change can be applied to them in place.
func (q *Queue) canPatch() bool {
	if q.snap == nil || !q.snap.complete || q.loading || q.sorting || q.sortAgain || q.resortAll || q.clockMoved || len(q.changed) > 0 {
		return false
	}
	if q.orderSort != q.sort || len(q.order) != q.snap.Len() {
		return false
	}
	for _, k := range q.known {
		if !k {
			return false
		}
	}
	return true
}

// --- orders ---

func (q *Queue) clock() Clock { return NewClock(q.cfg.Now(), q.cfg.Location) }

// recompute sorts, filters and counts off the loop. Requests made while
// one runs are folded into one more run after it.
func (q *Queue) recompute() Work {
	if q.snap == nil || !q.snap.complete {
		return nil
	}
	if q.sorting {
		q.sortAgain = true
		return nil
	}
	q.sorting, q.sortAgain = true, false
	snap, by, view, epoch, version := q.snap, q.sort, q.view, q.epoch, q.version
	prev, changed := q.order, q.changed
	q.orderOwned = false
	if len(prev) > 0 && q.orderSort != by || q.resortAll {
		prev = nil
	}
	q.resortAll, q.clockMoved = false, false
	q.changed = nil
	me := snap.MeIndex(q.cfg.Agent)
	clk := q.clock()
	ix := q.ix
	return func() Result {
		ix.recomputes.Add(1)
		var order, pos []int32
		if prev == nil {
			order, pos = ix.sorted(snap, epoch, version, by)
		} else {
			order = resort(snap, by, prev, changed)
			pos = inverse(order)
		}
		return orderResult{clk: clk, me: me, epoch: epoch, sort: by, view: view, order: order, pos: pos,
			list: filterView(snap, order, view, me, clk), counts: viewCounts(snap, me, clk)}
	}
}

func (q *Queue) onOrder(m orderResult) Step {
	var st Step
	q.sorting = false
	if m.epoch != q.epoch {
		st.add(q.recompute())
		return st
	}
	q.order, q.orderSort, q.pos = m.order, m.sort, m.pos
	q.counts, q.clk, q.me = m.counts, m.clk, m.me
	for v := range q.known {
		q.known[v] = true
	}
	if m.sort != q.sort || m.view != q.view {
		q.sortAgain = true
	} else if !q.Searched() {
		q.list = m.list
		q.listed(&st, false)
	}
	if q.Searched() && (q.searchOld || q.shown == nil || q.shown.sort != q.sort || q.shown.gen != q.snap.gen) {
		st.add(q.startSearch())
	}
	if q.sortAgain {
		st.add(q.recompute())
		return st
	}
	// The changes that came while it ran, patched on.
	st.merge(q.flush())
	return st
}

// Tick recounts the views that move with the clock (overdue, follow-ups
// today); call it every minute or so. Only they move: when the order,
// list and counts are current and the list is not one of them, the two
// counts are taken on the loop (one pass over the rows, a millisecond at
// 100k) rather than by a recompute that sorts, filters and counts
// everything (60 ms; fifty screens opened together ticked together).
func (q *Queue) Tick() Step {
	var st Step
	q.ix.tickCounts(q.cfg.Now())
	if q.view == ViewOverdue || q.view == ViewFollowUps || !q.canPatch() {
		st.add(q.recompute())
		return st
	}
	q.clk = q.clock()
	q.counts[ViewOverdue], q.counts[ViewFollowUps] = clockCounts(q.snap, q.clk)
	if q.Searched() && q.liveFilter(q.snap, q.orderSort) == nil {
		st.add(q.startSearch()) // it may read the clock
	}
	return st
}

// SetView shows view v. A query in force is dropped.
func (q *Queue) SetView(v View) Step {
	var st Step
	if q.Searched() {
		st = q.ClearQuery()
	}
	if v == q.view {
		return st
	}
	q.view = v
	q.toTop = true
	if q.snap == nil || !q.snap.complete {
		st.Note = "loading every case; the view follows"
		return st
	}
	st.add(q.recompute())
	return st
}

// SetSort orders the queue by s.
func (q *Queue) SetSort(s Sort) Step {
	var st Step
	q.sort = s
	if q.snap == nil || !q.snap.complete {
		st.Note = "loading every case; the sort follows"
		return st
	}
	st.add(q.recompute())
	return st
}

// CountView counts the cases query selects, kept current by the index
// (viewcount.go): the tab line's number of a saved view.
func (q *Queue) CountView(query model.Query) *CountedView {
	return q.ix.CountView(query, q.cfg.Agent, q.cfg.Now())
}

// IsReorder reports whether r is a recompute of the order, list and
// counts, or the application of change notices: work that a screen not
// showing the queue sees only in its counts.
func IsReorder(r Result) bool {
	_, ok := r.(orderResult)
	return ok
}
