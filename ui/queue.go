package ui

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// headSize is how many cases the first screen reads straight from the
// store's queue index, before the full load.
const headSize = 500

// queuePane is the live case queue: views, sorts, search, marks and bulk
// actions over the in-memory index.
type queuePane struct {
	e     *env
	keys  queueKeys
	skeys searchKeys
	w, h  int

	b       *builder  // the index kept up to date (nil before the first page)
	snap    *snapshot // its latest frozen state, which the screen draws
	epoch   int       // bumped by every full load; row numbers are per epoch
	loading bool      // the full load is running
	pending []model.Change
	loadErr error

	view    viewID
	sort    sortID
	order   []int32 // every row in ordSort's order (the head's order before the load)
	ordSort sortID
	pos     []int32 // inverse of order, for the search's scan in memory order
	counts  [numViews]int
	known   [numViews]bool

	list   []int32 // the rows shown: the view's, or the search's
	cursor int
	top    int
	sel    model.CaseID // the case under the cursor, kept through changes
	jump   bool         // the next list starts at its top

	busy    bool // a recompute is running
	dirty   bool // and another is needed after it
	changed []int32
	clk     viewClock // the clock counts and list were computed with
	fullOrd bool      // the next recompute sorts afresh (row numbers moved)
	ordOwn  bool      // no search or recompute holds q.order: patch may write it
	scans   int       // searches running, each reading a snapshot
	me      uint32    // meOf's answer for meKey
	meKey   meKey

	// Change notices waiting to be applied together; flushing says a
	// flush message is on its way.
	queued   []model.Change
	flushing bool

	marks map[model.CaseID]bool

	// search
	input     textinput.Model
	searching bool   // the input has focus
	query     string // the query applied ("" for the view)
	qErr      string
	seq       int
	last      *searchResult // the newest finished search, to narrow within
	shown     *searchResult // the search whose results are listed
	title     string        // a caller's name for the query (heatmap drill-down)
	fromOther bool          // esc returns to the pane that set the query
	saved     struct {
		cursor int
		sel    model.CaseID
	}

	// timer is tea.Tick; tests replace it so no command waits on the clock.
	timer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	// preview
	preview   bool
	prevID    model.CaseID
	prevCase  *model.Case
	prevErr   string
	bulkBusy  bool
	lastWidth int
}

func newQueuePane(e *env) *queuePane {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search: words, tag:billing/ status:pending @ana is:overdue …"
	in.CharLimit = 512
	in.Cursor.SetMode(cursor.CursorStatic) // steady, as in cmdline.go
	return &queuePane{e: e, keys: remapped(newQueueKeys(), e), skeys: newSearchKeys(), view: viewOpen,
		marks: map[model.CaseID]bool{}, input: in, preview: true, timer: tea.Tick}
}

// --- messages ---

type headMsg struct {
	b     *builder
	stats model.Stats
	err   error
}

type loadedMsg struct {
	b   *builder
	err error
}

type orderMsg struct {
	flush  bool // not an order: apply the queued change notices
	clk    viewClock
	epoch  int
	sort   sortID
	view   viewID
	order  []int32
	pos    []int32
	list   []int32
	counts [numViews]int
}

type previewMsg struct {
	id  model.CaseID
	c   model.Case
	err error
}

type bulkDoneMsg struct {
	label  string
	ok     []model.CaseID
	failed []string
	ids    []model.CaseID
}

type tickMsg time.Time

// openCmdlineMsg asks the root to open the command line with text typed.
type openCmdlineMsg struct{ text string }

// queueBackMsg asks the root to return to the pane that set the queue's
// query (esc after a heatmap drill-down).
type queueBackMsg struct{}

// --- loading ---

func (q *queuePane) Init() tea.Cmd {
	return tea.Batch(q.loadHead(), q.tick())
}

func (q *queuePane) tick() tea.Cmd {
	return q.timer(time.Minute, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// loadHead reads the first page of open cases straight from the store's
// index, so the first screen does not wait for a million rows.
func (q *queuePane) loadHead() tea.Cmd {
	svc := q.e.svc
	return func() tea.Msg {
		heads, err := svc.QueueHead([]model.Status{model.StatusNew, model.StatusOpen}, headSize)
		if err != nil {
			return headMsg{err: err}
		}
		b := newBuilder(svc.SLA())
		seen := map[model.CustomerID]bool{}
		for _, s := range heads {
			if s.CustomerID != 0 && !seen[s.CustomerID] {
				seen[s.CustomerID] = true
				if c, err := svc.Customer(s.CustomerID); err == nil {
					b.upsertCustomer(c)
				}
			}
		}
		// Rows are kept in id order; the head's own order is the list.
		sorted := slices.Clone(heads)
		slices.SortFunc(sorted, func(a, b model.Summary) int { return compareIDs(a.ID, b.ID) })
		for i := range sorted {
			b.appendRow(b.makeRow(&sorted[i]))
		}
		st, _ := svc.Stats()
		return headMsg{b: b, stats: st}
	}
}

func compareIDs(a, b model.CaseID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (q *queuePane) loadAll() tea.Cmd {
	svc := q.e.svc
	q.loading = true
	return func() tea.Msg {
		b, err := loadIndex(svc)
		return loadedMsg{b: b, err: err}
	}
}

func (q *queuePane) onHead(m headMsg) tea.Cmd {
	if m.err != nil {
		q.loadErr = m.err
		return tea.Batch(errStatus("reading the queue: "+errText(m.err)), q.loadAll())
	}
	if q.b != nil { // the full load won the race
		return nil
	}
	q.b = m.b
	q.snap = m.b.freeze()
	head := make([]int32, 0, q.snap.len())
	// QueueHead's order, as read.
	heads, _ := q.headOrder(m.b)
	head = append(head, heads...)
	q.order = head
	q.list = head
	q.fixCursor(true)
	if m.stats.ByStatus != nil {
		bs := m.stats.ByStatus
		q.setCount(viewOpen, bs[model.StatusNew]+bs[model.StatusOpen]+bs[model.StatusUnset])
		q.setCount(viewPending, bs[model.StatusPending])
		q.setCount(viewResolved, bs[model.StatusResolved]+bs[model.StatusClosed])
		q.setCount(viewAll, m.stats.Cases)
	}
	return tea.Batch(q.loadAll(), q.loadPreview())
}

// headOrder returns the head rows most urgent first, then by due time and
// id, as the store's QueueHead returns them.
func (q *queuePane) headOrder(b *builder) ([]int32, error) {
	s := b.freeze()
	q.snap = s
	out := make([]int32, s.len())
	for i := range out {
		out[i] = int32(i)
	}
	slices.SortStableFunc(out, func(a, c int32) int {
		return cmpKeyed(keyed{sortKey(sortUrgency, s.at(a)), a}, keyed{sortKey(sortUrgency, s.at(c)), c})
	})
	return out, nil
}

func (q *queuePane) setCount(v viewID, n int) { q.counts[v], q.known[v] = n, true }

func (q *queuePane) onLoaded(m loadedMsg) tea.Cmd {
	q.loading = false
	if m.err != nil {
		q.loadErr = m.err
		return errStatus("loading cases: " + errText(m.err))
	}
	q.loadErr = nil
	q.b = m.b
	q.epoch++
	q.order, q.pos = nil, nil
	q.changed = nil
	for _, ch := range q.pending {
		q.upsert(ch)
	}
	q.pending = nil
	q.snap = q.b.freeze()
	cmds := []tea.Cmd{q.recompute()}
	if q.query != "" {
		q.last, q.shown = nil, nil
		cmds = append(cmds, q.startSearch(q.query, false))
	}
	return tea.Batch(cmds...)
}

// onChange queues a store change notice. Notices that arrive before the
// flush message comes round are applied together.
func (q *queuePane) onChange(ch model.Change) tea.Cmd {
	if ch.Resync {
		cmd := q.flush()
		if q.loading {
			q.pending = nil
			return cmd // the running load reads the latest state
		}
		return tea.Batch(cmd, q.loadAll())
	}
	if len(ch.Cases) == 0 && len(ch.Customers) == 0 {
		return nil
	}
	q.queued = append(q.queued, ch)
	if q.flushing {
		return nil
	}
	q.flushing = true
	return func() tea.Msg { return orderMsg{flush: true} }
}

// flush applies the queued change notices to the index: in place, when
// the view's order, list and counts are current, else by a recompute.
func (q *queuePane) flush() tea.Cmd {
	q.flushing = false
	chs := q.queued
	q.queued = nil
	if len(chs) == 0 {
		return nil
	}
	if q.loading {
		q.pending = append(q.pending, chs...)
	}
	if q.b == nil {
		return nil
	}
	var cmds []tea.Cmd
	if q.canPatch() {
		// No recompute runs (canPatch) and no search: nothing but this
		// loop reads the snapshots, so rows are written in place rather
		// than copying their chunk, a copy per screen per save that made
		// most of a team server's garbage.
		q.b.inPlace = q.scans == 0
		patched := q.patch(chs)
		q.b.inPlace = false
		if !patched {
			cmds = append(cmds, q.recompute())
		}
	} else {
		for _, ch := range chs {
			q.upsert(ch)
		}
		q.snap = q.b.freeze()
		cmds = append(cmds, q.recompute())
	}
	if q.query != "" {
		cmds = append(cmds, q.startSearch(q.query, false))
	}
	if q.prevID != 0 {
	outer:
		for _, ch := range chs {
			for _, s := range ch.Cases {
				if s.ID == q.prevID {
					q.prevID = 0
					cmds = append(cmds, q.loadPreview())
					break outer
				}
			}
		}
	}
	return tea.Batch(cmds...)
}

// canPatch reports whether the order, list and counts are current, so a
// change can be applied to them in place.
func (q *queuePane) canPatch() bool {
	if q.snap == nil || !q.snap.complete || q.loading || q.busy || q.dirty || q.fullOrd || len(q.changed) > 0 {
		return false
	}
	if q.ordSort != q.sort || len(q.order) != q.snap.len() || q.b.snap.n != q.snap.len() {
		return false
	}
	for _, k := range q.known {
		if !k {
			return false
		}
	}
	return true
}

// meOf is the interned number of the agent in the builder, 0 when unknown.
func (q *queuePane) meOf() uint32 {
	if q.e.agent == "" {
		return 0
	}
	// Names are only ever added to a builder: the answer holds until one
	// is (patch asks for every case of every notice).
	k := meKey{q.b, len(q.b.in.who)}
	if k == q.meKey {
		return q.me
	}
	q.meKey, q.me = k, 0
	for i, w := range q.b.in.who {
		if i > 0 && strings.EqualFold(w, q.e.agent) {
			q.me = uint32(i)
			break
		}
	}
	return q.me
}

type meKey struct {
	b     *builder
	names int
}

// patch applies change notices in place: each changed row leaves its place
// in the order and the view's list and takes its new one, found by binary
// search on the sort key, and the counts lose the old row's views and
// gain the new one's. It costs O(k log n) plus moving memory, against
// O(n log n) for a recompute. It reports false when it could not keep the
// order (the agent's first case, a row inserted below the newest); the
// index is updated then and a recompute is needed.
func (q *queuePane) patch(chs []model.Change) bool {
	b := q.b
	me := q.meOf()
	by, view, clk := q.sort, q.view, q.clk
	// The order and list may be shared with a running search: copy once.
	order := q.order
	if !q.ordOwn {
		order = slices.Grow(slices.Clone(order), 8)
	}
	list := q.list
	keepList := q.query == "" && view != viewAll
	if keepList && len(list) > 0 && len(order) > 0 && &list[0] == &order[0] {
		list = slices.Clone(list) // never so, but the order must not move under it
	}
	counts := q.counts
	s := &b.snap
	cmpAt := func(e int32, t keyed) int { return cmpKeyed(keyed{sortKey(by, s.at(e)), e}, t) }
	ok := true
	for _, ch := range chs {
		b.upsertCustomers(ch.Customers) // only search texts change: no key, no view
		for ci := range ch.Cases {
			sum := &ch.Cases[ci]
			if !ok {
				idx, _ := b.upsert(sum)
				q.changed = append(q.changed, idx)
				continue
			}
			i, found := s.find(sum.ID)
			// The old row's places, found before it changes: the search
			// compares each row by its current key.
			var old row
			op, lp := -1, -1
			if found {
				old = *s.at(i)
				ok0 := keyed{sortKey(by, &old), i}
				if p, hit := slices.BinarySearchFunc(order, ok0, cmpAt); hit {
					op = p
				}
				if keepList && inView(view, &old, me, clk) {
					if p, hit := slices.BinarySearchFunc(list, ok0, cmpAt); hit {
						lp = p
					}
				}
			}
			idx, isNew := b.upsert(sum)
			if isNew && int(idx) != s.n-1 || found != !isNew || me != q.meOf() || found && op < 0 ||
				keepList && found && lp < 0 && inView(view, &old, me, clk) {
				// Row numbers moved, or the agent's views did: sort afresh.
				ok = false
				q.fullOrd = true
				q.changed = append(q.changed, idx)
				continue
			}
			nr := s.at(idx)
			nk := keyed{sortKey(by, nr), idx}
			inList := keepList && inView(view, nr, me, clk)
			if found {
				if old == *nr {
					continue // an older version, ignored
				}
				reposition(order, op, nk, cmpAt)
				switch {
				case lp >= 0 && inList:
					reposition(list, lp, nk, cmpAt)
				case lp >= 0:
					list = slices.Delete(list, lp, lp+1)
				case inList:
					list = insertSorted(list, nk, cmpAt)
				}
				for v := range numViews {
					if inView(v, &old, me, clk) {
						counts[v]--
					}
				}
			} else {
				order = insertSorted(order, nk, cmpAt)
				if inList {
					list = insertSorted(list, nk, cmpAt)
				}
			}
			for v := range numViews {
				if inView(v, nr, me, clk) {
					counts[v]++
				}
			}
		}
	}
	q.snap = b.freeze()
	if !ok {
		return false
	}
	q.order, q.pos, q.counts = order, nil, counts
	q.ordOwn = true
	if q.query == "" {
		if view == viewAll {
			list = order
		}
		q.list = list
		q.fixCursor(false)
	}
	return true
}

// reposition moves s[from], whose key is now t, to where t sorts among
// the others, shifting only the rows in between: on a team server every
// screen does this for every save, and a delete then an insert would each
// move all the rows after them.
func reposition(s []int32, from int, t keyed, cmpAt func(int32, keyed) int) {
	// The place among the others, as if s[from] were not there.
	p := sort.Search(len(s)-1, func(k int) bool {
		if k >= from {
			k++
		}
		return cmpAt(s[k], t) >= 0
	})
	e := s[from]
	if p >= from {
		copy(s[from:p], s[from+1:p+1])
	} else {
		copy(s[p+1:from+1], s[p:from])
	}
	s[p] = e
}

// insertSorted inserts row t.idx where key t sorts.
func insertSorted(s []int32, t keyed, cmpAt func(int32, keyed) int) []int32 {
	p, _ := slices.BinarySearchFunc(s, t, cmpAt)
	return slices.Insert(s, p, t.idx)
}

func (q *queuePane) upsert(ch model.Change) {
	b := q.b
	q.changed = append(q.changed, b.upsertCustomers(ch.Customers)...)
	for i := range ch.Cases {
		idx, _ := b.upsert(&ch.Cases[i])
		q.changed = append(q.changed, idx)
	}
}

// upsertCustomers applies changed customers and redoes the search text of
// their cases, whose rows it returns.
func (b *builder) upsertCustomers(cs []model.Customer) []int32 {
	var recust map[uint32]bool
	for _, c := range cs {
		if i, changed := b.upsertCustomer(c); changed {
			if recust == nil {
				recust = map[uint32]bool{}
			}
			recust[i] = true
		}
	}
	if recust == nil {
		return nil
	}
	var rows []int32
	s := &b.snap
	for i := 0; i < s.n; i++ {
		if r := s.at(int32(i)); r.cust != 0 && recust[r.cust] {
			b.rehay(i)
			rows = append(rows, int32(i))
		}
	}
	return rows
}

// recompute sorts, filters and counts off the Update loop. Requests made
// while one runs are folded into one more run after it.
func (q *queuePane) recompute() tea.Cmd {
	if q.snap == nil || !q.snap.complete {
		return nil
	}
	if q.busy {
		q.dirty = true
		return nil
	}
	q.busy, q.dirty = true, false
	snap, by, view, epoch := q.snap, q.sort, q.view, q.epoch
	prev, changed := q.order, q.changed
	q.ordOwn = false
	if len(prev) > 0 && q.orderSort() != by || q.fullOrd {
		prev = nil
	}
	q.fullOrd = false
	q.changed = nil
	me := snap.meIndex(q.e.agent)
	clk := newViewClock(q.e.now(), q.e.loc)
	return func() tea.Msg {
		var order []int32
		if prev == nil {
			order = sortAll(snap, by)
		} else {
			order = resort(snap, by, prev, changed)
		}
		return orderMsg{clk: clk, epoch: epoch, sort: by, view: view, order: order, pos: inverse(order),
			list: filterView(snap, order, view, me, clk), counts: viewCounts(snap, me, clk)}
	}
}

// orderSort is the sort q.order is in (the head is in urgency order).
func (q *queuePane) orderSort() sortID { return q.ordSort }

func (q *queuePane) onOrder(m orderMsg) tea.Cmd {
	q.busy = false
	if m.epoch != q.epoch {
		return q.recompute()
	}
	q.order, q.ordSort, q.pos = m.order, m.sort, m.pos
	q.counts, q.clk = m.counts, m.clk
	for v := range q.known {
		q.known[v] = true
	}
	var cmds []tea.Cmd
	if m.sort != q.sort || m.view != q.view {
		q.dirty = true
	} else if q.query == "" {
		q.list = m.list
		q.fixCursor(false)
		cmds = append(cmds, q.loadPreview())
	}
	if q.query != "" && (q.shown == nil || q.shown.sort != q.sort || q.shown.gen != q.snap.gen) {
		cmds = append(cmds, q.startSearch(q.query, false))
	}
	if q.dirty {
		cmds = append(cmds, q.recompute())
	}
	return tea.Batch(cmds...)
}

// fixCursor puts the cursor back on the selected case after the list
// changed, or at the top when the list is new (jump) or the case left it.
func (q *queuePane) fixCursor(jump bool) {
	if jump || q.jump {
		q.jump = false
		q.cursor, q.top = 0, 0
	} else if q.sel != 0 && q.snap != nil {
		if ri, ok := q.snap.find(q.sel); ok {
			if q.cursor < len(q.list) && q.list[q.cursor] == ri {
				// still there
			} else if k := q.listIndex(ri); k >= 0 {
				// The selected row keeps its place on the screen, so rows
				// coming and going above it do not move what the agent
				// reads; at the head of the list new rows stay in sight.
				if q.top > 0 {
					q.top += k - q.cursor
				}
				q.cursor = k
			}
		}
	}
	q.clamp()
	q.sel = q.selectedID()
}

// listIndex is the place of row ri in the list, or -1. The view's list is
// in the order's sort: a binary search finds it, else a scan.
func (q *queuePane) listIndex(ri int32) int {
	if q.query == "" && q.snap.complete {
		s, by := q.snap, q.ordSort
		t := keyed{sortKey(by, s.at(ri)), ri}
		k, _ := slices.BinarySearchFunc(q.list, t, func(e int32, t keyed) int {
			if int(e) >= s.len() {
				return -1
			}
			return cmpKeyed(keyed{sortKey(by, s.at(e)), e}, t)
		})
		if k < len(q.list) && q.list[k] == ri {
			return k
		}
	}
	return slices.Index(q.list, ri)
}

func (q *queuePane) clamp() {
	n := len(q.list)
	q.cursor = max(0, min(q.cursor, n-1))
	rows := q.rowsVisible()
	if q.top > q.cursor {
		q.top = q.cursor
	}
	if rows > 0 && q.cursor >= q.top+rows {
		q.top = q.cursor - rows + 1
	}
	q.top = max(0, min(q.top, max(0, n-rows)))
}

func (q *queuePane) selectedID() model.CaseID {
	if q.snap == nil || q.cursor < 0 || q.cursor >= len(q.list) {
		return 0
	}
	return q.snap.at(q.list[q.cursor]).id
}

// step returns the case delta places from the selected one in the queue's
// current order, for play mode in the case pane, and moves the cursor there.
func (q *queuePane) step(from model.CaseID, delta int) (model.CaseID, bool) {
	if q.snap == nil || len(q.list) == 0 {
		return 0, false
	}
	pos := q.cursor
	if ri, ok := q.snap.find(from); ok {
		if q.cursor >= len(q.list) || q.list[q.cursor] != ri {
			if k := slices.Index(q.list, ri); k >= 0 {
				pos = k
			}
		}
	}
	next := pos + delta
	if next < 0 || next >= len(q.list) {
		return 0, false
	}
	q.cursor = next
	q.clamp()
	q.sel = q.selectedID()
	return q.sel, true
}

// --- the pane interface ---

func (q *queuePane) Capturing() bool { return q.searching }

func (q *queuePane) takesText() bool { return q.searching }

func (q *queuePane) SetSize(w, h int) {
	q.w, q.h = max(w, 0), max(h, 0)
	q.input.Width = max(q.w-4, 1)
	q.clamp()
}

func (q *queuePane) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case headMsg:
		return q.onHead(m)
	case loadedMsg:
		return q.onLoaded(m)
	case orderMsg:
		if m.flush {
			return q.flush()
		}
		return q.onOrder(m)
	case changeMsg:
		return q.onChange(model.Change(m))
	case searchMsg:
		q.scans--
		return q.onSearch(m.res)
	case previewMsg:
		if m.id == q.sel && m.id == q.prevID {
			if m.err != nil {
				q.prevCase, q.prevErr = nil, errText(m.err)
			} else {
				c := m.c
				q.prevCase, q.prevErr = &c, ""
			}
		}
		return nil
	case bulkDoneMsg:
		return q.onBulkDone(m)
	case tickMsg:
		return tea.Batch(q.recompute(), q.tick())
	case tea.KeyMsg:
		if q.searching {
			return q.searchKey(m)
		}
		return q.key(m)
	}
	if q.searching {
		var cmd tea.Cmd
		q.input, cmd = q.input.Update(msg)
		return cmd
	}
	return nil
}

func (q *queuePane) key(m tea.KeyMsg) tea.Cmd {
	k := q.keys
	page := max(q.rowsVisible(), 1)
	switch {
	case key.Matches(m, k.Down):
		return q.move(1)
	case key.Matches(m, k.Up):
		return q.move(-1)
	case key.Matches(m, k.HalfDown):
		return q.move(max(page/2, 1))
	case key.Matches(m, k.HalfUp):
		return q.move(-max(page/2, 1))
	case key.Matches(m, k.PageDown):
		return q.move(page)
	case key.Matches(m, k.PageUp):
		return q.move(-page)
	case key.Matches(m, k.Top):
		return q.move(-len(q.list))
	case key.Matches(m, k.Bottom):
		return q.move(len(q.list))
	case key.Matches(m, k.NextView):
		return q.setView((q.view + 1) % numViews)
	case key.Matches(m, k.PrevView):
		return q.setView((q.view + numViews - 1) % numViews)
	case key.Matches(m, k.Sort):
		return q.setSort((q.sort + 1) % numSorts)
	case key.Matches(m, k.Mark):
		if id := q.selectedID(); id != 0 {
			if q.marks[id] {
				delete(q.marks, id)
			} else {
				q.marks[id] = true
			}
			return q.move(1)
		}
	case key.Matches(m, k.ClearMarks):
		if len(q.marks) > 0 {
			n := len(q.marks)
			clear(q.marks)
			return status(fmt.Sprintf("cleared %d marks", n))
		}
	case key.Matches(m, k.Claim):
		return q.bulkIDs(q.targets(), "claimed %s", model.Claim{})
	case key.Matches(m, k.Assign):
		return openCmdline("assign ")
	case key.Matches(m, k.Status):
		return openCmdline("status ")
	case key.Matches(m, k.Priority):
		return openCmdline("priority ")
	case key.Matches(m, k.Tag):
		ids := q.targets()
		return func() tea.Msg { return openTaggerMsg{ids: ids} }
	case key.Matches(m, k.Open):
		if id := q.selectedID(); id != 0 {
			return func() tea.Msg { return openCaseMsg{id: id} }
		}
	case key.Matches(m, k.Search):
		return q.openSearch()
	case key.Matches(m, k.Clear):
		if q.query != "" || q.qErr != "" {
			back := q.fromOther
			q.clearSearch()
			if back {
				return func() tea.Msg { return queueBackMsg{} }
			}
			return nil
		}
		if len(q.marks) > 0 {
			clear(q.marks)
		}
	case key.Matches(m, k.Preview):
		if q.w < previewMinW {
			// Toggling a preview that cannot show did nothing visible.
			return status(fmt.Sprintf("preview needs %d columns; this terminal has %d", previewMinW, q.w))
		}
		q.preview = !q.preview
		return q.loadPreview()
	case key.Matches(m, k.Import):
		return func() tea.Msg { return importPromptMsg{} }
	}
	return nil
}

func openCmdline(text string) tea.Cmd {
	return func() tea.Msg { return openCmdlineMsg{text: text} }
}

func status(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text} }
}

func errStatus(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: true} }
}

func (q *queuePane) move(d int) tea.Cmd {
	if len(q.list) == 0 {
		return nil
	}
	q.cursor += d
	q.clamp()
	q.sel = q.selectedID()
	return q.loadPreview()
}

func (q *queuePane) setView(v viewID) tea.Cmd {
	if q.query != "" {
		q.clearSearch()
	}
	if v == q.view {
		return nil
	}
	q.view = v
	q.jump = true
	if q.snap == nil || !q.snap.complete {
		return status("loading every case; the view follows")
	}
	return q.recompute()
}

func (q *queuePane) setSort(s sortID) tea.Cmd {
	q.sort = s
	if q.snap == nil || !q.snap.complete {
		return status("loading every case; the sort follows")
	}
	return q.recompute()
}

// --- search ---

func (q *queuePane) openSearch() tea.Cmd {
	if q.query == "" {
		q.saved.cursor, q.saved.sel = q.cursor, q.sel
	}
	q.searching = true
	q.input.SetValue(q.query)
	q.input.CursorEnd()
	return q.input.Focus()
}

func (q *queuePane) searchKey(m tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(m, q.skeys.Cancel):
		q.clearSearch()
		return nil
	case key.Matches(m, q.skeys.Accept):
		q.searching = false
		q.input.Blur()
		if id := q.selectedID(); id != 0 && q.query != "" {
			return func() tea.Msg { return openCaseMsg{id: id} }
		}
		if q.query == "" {
			q.clearSearch()
		}
		return nil
	case key.Matches(m, q.skeys.Down):
		return q.move(1)
	case key.Matches(m, q.skeys.Up):
		return q.move(-1)
	}
	before := q.input.Value()
	var cmd tea.Cmd
	q.input, cmd = q.input.Update(m)
	if v := q.input.Value(); v != before {
		return tea.Batch(cmd, q.startSearch(v, true))
	}
	return cmd
}

// setQuery shows the queue filtered by a query, as :search and the
// heatmap's drill-down do.
func (q *queuePane) setQuery(query, title string, fromOther bool) tea.Cmd {
	if q.query == "" {
		q.saved.cursor, q.saved.sel = q.cursor, q.sel
	}
	q.searching = false
	q.input.Blur()
	q.input.SetValue(query)
	q.title, q.fromOther = title, fromOther
	return q.startSearch(query, true)
}

func (q *queuePane) clearSearch() {
	q.searching = false
	q.input.Blur()
	q.input.SetValue("")
	q.query, q.qErr, q.title, q.fromOther = "", "", "", false
	q.shown = nil
	q.seq++ // drop any search still running
	if q.snap == nil {
		return
	}
	q.list = filterView(q.snap, q.order, q.view, q.snap.meIndex(q.e.agent), newViewClock(q.e.now(), q.e.loc))
	if !q.snap.complete {
		q.list = q.order
	}
	q.cursor, q.sel = q.saved.cursor, q.saved.sel
	q.fixCursor(false)
}

// startSearch runs a query off the Update loop. fresh says the agent typed
// it: the cursor goes to the best match when the results arrive.
func (q *queuePane) startSearch(raw string, fresh bool) tea.Cmd {
	if strings.TrimSpace(raw) == "" {
		q.query, q.qErr = "", ""
		q.shown = nil
		q.seq++
		if q.snap != nil {
			q.list = filterView(q.snap, q.order, q.view, q.snap.meIndex(q.e.agent), newViewClock(q.e.now(), q.e.loc))
			if !q.snap.complete {
				q.list = q.order
			}
			q.fixCursor(true)
		}
		return nil
	}
	pq, err := model.ParseQuery(raw)
	if err != nil {
		q.qErr = errText(err)
		return nil
	}
	q.query, q.qErr = raw, ""
	if q.snap == nil {
		return nil
	}
	q.seq++
	if fresh {
		q.jump = true
	}
	q.ordOwn = false
	req := searchReq{seq: q.seq, snap: q.snap, order: q.order, pos: q.pos, sort: q.ordSort, q: pq, raw: raw,
		now: q.e.now().Unix(), prev: q.last,
		env: matchEnv{me: q.e.agent, sla: q.snap.sla, clk: newViewClock(q.e.now(), q.e.loc)}}
	q.scans++
	return func() tea.Msg {
		if len(req.pos) != len(req.order) && len(req.order) == req.snap.len() {
			req.pos = inverse(req.order) // patched orders drop their inverse
		}
		return searchMsg{res: runSearch(req)}
	}
}

func (q *queuePane) onSearch(res *searchResult) tea.Cmd {
	// A finished search, even a stale one, is a base to narrow within.
	if q.last == nil || res.seq > q.last.seq {
		q.last = res
	}
	if res.seq != q.seq || q.query == "" {
		return nil // a result for an older query
	}
	q.shown = res
	q.list = res.list
	q.fixCursor(false)
	return q.loadPreview()
}

// --- bulk actions ---

// targets are the marked cases, or the selected one.
func (q *queuePane) targets() []model.CaseID {
	if len(q.marks) > 0 {
		ids := make([]model.CaseID, 0, len(q.marks))
		for id := range q.marks {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return ids
	}
	if id := q.selectedID(); id != 0 {
		return []model.CaseID{id}
	}
	return nil
}

// bulkIDs applies one action to every case of ids, one case at a time on
// the latest state (version 0), and reports how it went. label has a %s
// for what was done: "case 12", or a count.
func (q *queuePane) bulkIDs(ids []model.CaseID, label string, act model.Action) tea.Cmd {
	if len(ids) == 0 {
		return status("no case selected")
	}
	if q.e.svc.ReadOnly() {
		return errStatus("read-only: this database is open as a viewer")
	}
	if q.bulkBusy {
		return status("still applying the last action")
	}
	q.bulkBusy = true
	svc, agent := q.e.svc, q.e.agent
	return func() tea.Msg {
		m := bulkDoneMsg{label: label, ids: ids}
		for _, id := range ids {
			if _, err := svc.Act(id, 0, agent, act); err != nil {
				m.failed = append(m.failed, errText(err))
				continue
			}
			m.ok = append(m.ok, id)
		}
		return m
	}
}

func (q *queuePane) onBulkDone(m bulkDoneMsg) tea.Cmd {
	q.bulkBusy = false
	for _, id := range m.ok {
		delete(q.marks, id)
	}
	what := plural(len(m.ok), "case")
	if len(m.ids) == 1 && len(m.failed) == 0 {
		what = fmt.Sprintf("case %d", m.ids[0])
	}
	text := fmt.Sprintf(m.label, what)
	if len(m.failed) > 0 {
		text += fmt.Sprintf(", %d failed: %s", len(m.failed), m.failed[0])
		return errStatus(text)
	}
	return status(text)
}

// --- preview ---

// previewMinW is the narrowest window with room for the preview beside
// the queue.
const previewMinW = 140

func (q *queuePane) previewShown() bool { return q.preview && q.w >= previewMinW && q.h >= 3 }

func (q *queuePane) loadPreview() tea.Cmd {
	id := q.sel
	if !q.previewShown() || id == 0 || id == q.prevID {
		return nil
	}
	q.prevID, q.prevCase, q.prevErr = id, nil, ""
	svc := q.e.svc
	return func() tea.Msg {
		c, err := svc.Case(id)
		return previewMsg{id: id, c: c, err: err}
	}
}

// --- view ---

// rowsVisible is how many case rows fit.
func (q *queuePane) rowsVisible() int {
	return max(q.h-q.chromeLines(), 0)
}

// chromeLines are the info line and the column titles, which small
// windows drop.
func (q *queuePane) chromeLines() int {
	switch {
	case q.h >= 4:
		return 2
	case q.h >= 2:
		return 1
	}
	return 0
}

func (q *queuePane) View() string {
	if q.w <= 0 || q.h <= 0 {
		return ""
	}
	listW := q.w
	var side []string
	if q.previewShown() {
		pw := min(max(q.w*35/100, 40), 72)
		listW = q.w - pw - 1
		side = q.previewLines(pw, q.h)
	}
	lines := make([]string, 0, q.h)
	if q.chromeLines() >= 1 {
		lines = append(lines, q.infoLine(listW))
	}
	cols := layoutColumns(listW)
	if q.chromeLines() >= 2 {
		lines = append(lines, q.titleLine(cols, listW))
	}
	rows := q.rowsVisible()
	switch {
	case q.snap == nil && q.loadErr != nil:
		lines = append(lines, q.e.styles.Error.Render(Truncate("cannot read the queue: "+errText(q.loadErr), listW)))
	case q.snap == nil:
		lines = append(lines, q.e.styles.Muted.Render(Truncate("loading cases…", listW)))
	case len(q.list) == 0:
		lines = append(lines, q.e.styles.Muted.Render(Truncate(q.emptyText(), listW)))
	default:
		now := q.e.now().Unix()
		var hl string
		if q.shown != nil {
			hl = q.shown.text
		}
		for i := q.top; i < len(q.list) && i < q.top+rows; i++ {
			lines = append(lines, q.renderRow(cols, listW, q.snap.at(q.list[i]), i == q.cursor, now, hl))
		}
	}
	for len(lines) < q.h {
		lines = append(lines, "")
	}
	lines = lines[:q.h]
	if side != nil {
		bar := q.e.styles.Border.Render("│")
		for i := range lines {
			l := lines[i]
			if pad := listW - ansi.StringWidth(l); pad > 0 {
				l += strings.Repeat(" ", pad)
			}
			s := ""
			if i < len(side) {
				s = side[i]
			}
			lines[i] = l + bar + s
		}
	}
	return strings.Join(lines, "\n")
}

func (q *queuePane) emptyText() string {
	switch {
	case q.query != "" && q.shown == nil:
		return "searching…"
	case q.query != "":
		return "No case matches " + strconv.Quote(q.query) + "."
	case q.snap != nil && !q.snap.complete:
		return "No open cases on the first page; loading the rest…"
	}
	return "No cases in " + q.view.String() + "."
}

// infoLine is the search input, or the view's sort, position and marks.
func (q *queuePane) infoLine(w int) string {
	st := q.e.styles
	if q.searching {
		right := ""
		switch {
		case q.qErr != "":
			right = st.Error.Render(" " + Truncate(q.qErr, max(w/2, 1)))
		case q.query != "" && q.shown != nil && q.shown.seq == q.seq:
			right = st.Muted.Render(fmt.Sprintf(" %s matches", compact(len(q.shown.list))))
		case q.query != "":
			right = st.Muted.Render(" …")
		}
		rw := ansi.StringWidth(right)
		if rw >= w {
			right, rw = "", 0
		}
		q.input.Width = max(w-rw-3, 1)
		left := inputView(q.input, w-rw, st)
		if ansi.StringWidth(left) > w-rw {
			left = ansi.Truncate(left, w-rw, "")
		}
		return left + right
	}
	var parts []string
	if q.query != "" {
		what := "search: " + q.query
		if q.title != "" {
			what = q.title
		}
		parts = append(parts, what)
	}
	parts = append(parts, "sort: "+q.sort.String())
	if n := len(q.list); n > 0 {
		parts = append(parts, fmt.Sprintf("%s/%s", compact(q.cursor+1), compact(n)))
	}
	if len(q.marks) > 0 {
		parts = append(parts, fmt.Sprintf("%d marked", len(q.marks)))
	}
	if q.loading {
		parts = append(parts, "loading…")
	}
	if q.qErr != "" {
		return st.Error.Render(Truncate(q.qErr, w))
	}
	return st.Muted.Render(Truncate(strings.Join(parts, " · "), w))
}

// compact writes a count with thousands separators.
func compact(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// --- columns ---

type colID int

const (
	colGutter colID = iota
	colPrio
	colStatus
	colAge
	colChannel
	colCustomer
	colSubject
	colTags
	colAssignee
	colSLA
)

type column struct {
	id    colID
	title string
	w     int
}

// layoutColumns sizes the columns to a width: fixed columns drop out in a
// set order as the window narrows, and the rest goes to the customer,
// subject and tags.
func layoutColumns(width int) []column {
	fixed := map[colID]int{colGutter: 2, colPrio: 8, colStatus: 8, colAge: 4, colChannel: 8, colAssignee: 10, colSLA: 13}
	minFlex := map[colID]int{colCustomer: 10, colSubject: 12, colTags: 10}
	order := []colID{colGutter, colPrio, colStatus, colAge, colChannel, colCustomer, colSubject, colTags, colAssignee, colSLA}
	dropOrder := []colID{colChannel, colAssignee, colTags, colStatus, colCustomer, colAge, colSLA}
	present := map[colID]bool{}
	for _, c := range order {
		present[c] = true
	}
	need := func() int {
		n, k := 0, 0
		for _, c := range order {
			if !present[c] {
				continue
			}
			n += fixed[c] + minFlex[c]
			k++
		}
		return n + k - 2 // gaps, none after the gutter
	}
	for _, d := range dropOrder {
		if need() <= width {
			break
		}
		present[d] = false
	}
	if need() > width && width < 20 {
		fixed[colPrio] = 1 // the symbol alone
	}
	extra := width - need()
	var cols []column
	for _, c := range order {
		if present[c] {
			cols = append(cols, column{id: c, w: fixed[c] + minFlex[c]})
		}
	}
	if extra > 0 {
		// A quarter each to the customer and the tags, within their
		// caps; the rest to the subject.
		quarter := extra / 4
		for _, g := range []struct {
			id   colID
			upto int
		}{{colCustomer, 24}, {colTags, 28}} {
			for i := range cols {
				if cols[i].id == g.id {
					add := min(quarter, max(g.upto-cols[i].w, 0))
					cols[i].w += add
					extra -= add
				}
			}
		}
		for i := range cols {
			if cols[i].id == colSubject {
				cols[i].w += extra
				extra = 0
			}
		}
	}
	if extra < 0 {
		// Still too narrow: the subject takes the cut, then everything.
		for i := range cols {
			if cols[i].id == colSubject {
				cols[i].w = max(cols[i].w+extra, 1)
			}
		}
	}
	titles := map[colID]string{colPrio: "priority", colStatus: "status", colAge: "age", colChannel: "channel",
		colCustomer: "customer", colSubject: "subject", colTags: "tags", colAssignee: "assignee", colSLA: "sla"}
	for i := range cols {
		cols[i].title = titles[cols[i].id]
	}
	return cols
}

func (q *queuePane) titleLine(cols []column, w int) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(Fit(c.title, c.w))
	}
	return q.e.styles.Muted.Render(Truncate(b.String(), w))
}

// seg is a piece of a row with its style.
type seg struct {
	text string
	st   lipgloss.Style
}

func (q *queuePane) renderRow(cols []column, w int, r *row, selected bool, now int64, hl string) string {
	st := q.e.styles
	s := q.snap
	marked := q.marks[r.id]
	var hits []int
	if hl != "" {
		hits = matchedBytes(hl, r.hay)
	}
	var segs []seg
	plain := lipgloss.NewStyle()
	add := func(text string, style lipgloss.Style) { segs = append(segs, seg{text, style}) }
	for i, c := range cols {
		if i > 1 {
			add(" ", plain)
		}
		switch c.id {
		case colGutter:
			g := " "
			if selected {
				g = ">"
			}
			m := " "
			if marked {
				m = "*"
			}
			add(g, st.Bold)
			add(m, st.Marked)
		case colPrio:
			p := r.prio.Or(model.PriorityNormal)
			text := p.Symbol() + " " + p.String()
			if c.w < 3 {
				text = p.Symbol()
			}
			add(Fit(text, c.w), st.Priority[p.String()])
		case colStatus:
			add(Fit(r.status.String(), c.w), plain)
		case colAge:
			add(Fit(model.FormatAge(time.Duration(now-r.created)*time.Second), c.w), st.Muted)
		case colChannel:
			add(Fit(s.channel(r), c.w), st.Muted)
		case colCustomer:
			name := s.customerName(r)
			off := int(r.subj) + 1
			if cu := s.customer(r); cu != nil && cu.name == "" {
				off += 1 // the name part is empty; the e-mail follows its space
			}
			segs = appendHighlighted(segs, name, c.w, shift(hits, off), plain, st.Match)
		case colSubject:
			segs = appendHighlighted(segs, r.subject(), c.w, hits, plain, st.Match)
		case colTags:
			tags := s.tags(r)
			text := strings.Join(tags, " ")
			off := int(r.ext) - 1 - len(text)
			segs = appendHighlighted(segs, text, c.w, shift(hits, off), st.Tag, st.Match)
		case colAssignee:
			who := s.assignee(r)
			if who == "" {
				add(Fit("—", c.w), st.Muted)
			} else {
				add(Fit(who, c.w), plain)
			}
		case colSLA:
			text, style := q.slaCell(r, now)
			add(Fit(text, c.w), style)
		}
	}
	var b strings.Builder
	width := 0
	for _, sg := range segs {
		if sg.text == "" {
			continue
		}
		sw := ansi.StringWidth(sg.text)
		if width+sw > w {
			sg.text = ansi.Truncate(sg.text, w-width, "")
			sw = ansi.StringWidth(sg.text)
		}
		style := sg.st
		if selected {
			style = style.Reverse(true)
		}
		b.WriteString(style.Render(sg.text))
		width += sw
		if width >= w {
			break
		}
	}
	if selected && width < w {
		b.WriteString(st.Selected.Render(strings.Repeat(" ", w-width)))
	}
	return b.String()
}

func (q *queuePane) slaCell(r *row, now int64) (string, lipgloss.Style) {
	st := q.e.styles
	state := q.snap.slaState(r, now)
	d := time.Duration(r.due-now) * time.Second
	switch state {
	case model.SLAOverdue:
		return state.Symbol() + " overdue " + model.FormatAge(d), st.SLAOverdue
	case model.SLADueSoon:
		return state.Symbol() + " due " + model.FormatAge(d), st.SLASoon
	case model.SLAOK:
		return state.Symbol() + " due " + model.FormatAge(d), st.SLAOK
	}
	return "", st.Muted
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

// appendHighlighted cuts clean text to w cells and styles the characters
// at the byte offsets in hits with hl.
func appendHighlighted(segs []seg, text string, w int, hits []int, base, hl lipgloss.Style) []seg {
	cut := Fit(text, w)
	if len(hits) == 0 {
		return append(segs, seg{cut, base})
	}
	// Fit keeps a prefix of the clean text, then "…" when it cut; hits
	// past the prefix are not shown.
	keep := len(text)
	if ansi.StringWidth(text) > w {
		keep = len(Truncate(text, w)) - len("…")
	}
	start := 0
	for _, h := range hits {
		if h < start || h >= keep || h >= len(cut) {
			continue
		}
		if h > start {
			segs = append(segs, seg{cut[start:h], base})
		}
		_, n := utf8.DecodeRuneInString(cut[h:])
		segs = append(segs, seg{cut[h : h+n], hl})
		start = h + n
	}
	return append(segs, seg{cut[start:], base})
}

// previewLines draws the selected case beside the list.
func (q *queuePane) previewLines(w, h int) []string {
	st := q.e.styles
	var out []string
	addWrapped := func(text string, style lipgloss.Style, limit int) {
		for _, para := range strings.Split(text, "\n") {
			wrapped := ansi.Hardwrap(ansi.Wordwrap(para, w-2, ""), w-2, true)
			for _, l := range strings.Split(wrapped, "\n") {
				if limit == 0 || len(out) >= h {
					return
				}
				out = append(out, " "+style.Render(Fit(l, w-2)))
				limit--
			}
		}
	}
	switch {
	case q.sel == 0:
		return nil
	case q.prevErr != "":
		addWrapped(q.prevErr, st.Error, 3)
		return out
	case q.prevCase == nil || q.prevCase.ID != q.sel:
		addWrapped("loading…", st.Muted, 1)
		return out
	}
	c := q.prevCase
	addWrapped(Clean(c.Subject), st.Bold, 3)
	r := q.snap
	if ri, ok := r.find(c.ID); ok {
		row := r.at(ri)
		who := r.customerName(row)
		if cu := r.customer(row); cu != nil && cu.email != "" && cu.email != who {
			who += " <" + cu.email + ">"
		}
		if who != "" {
			addWrapped(who, st.Muted, 2)
		}
	}
	meta := fmt.Sprintf("%s · %s · %s · %s", c.Priority.Or(model.PriorityNormal), c.Status, c.Channel, Clean(c.ExternalID))
	addWrapped(meta, st.Muted, 2)
	if len(c.Tags) > 0 {
		addWrapped(strings.Join(c.Tags, " "), st.Tag, 2)
	}
	out = append(out, "")
	addWrapped(CleanBlock(c.Body), lipgloss.NewStyle(), h)
	if len(out) > h {
		out = out[:h]
	}
	return out
}

// --- help ---

func (q *queuePane) ShortHelp() []key.Binding {
	if q.searching {
		return []key.Binding{q.skeys.Accept, q.skeys.Cancel, q.skeys.Down, q.skeys.Up}
	}
	return []key.Binding{q.keys.Open, q.keys.Search, q.keys.NextView, q.keys.Sort, q.keys.Mark, q.keys.Claim}
}

func (q *queuePane) FullHelp() [][]key.Binding {
	if q.searching {
		return [][]key.Binding{{q.skeys.Accept, q.skeys.Cancel, q.skeys.Down, q.skeys.Up}}
	}
	k := q.keys
	return [][]key.Binding{
		{k.Down, k.Up, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp, k.Top, k.Bottom},
		{k.Open, k.Search, k.Clear, k.NextView, k.PrevView, k.Sort, k.Preview},
		{k.Mark, k.ClearMarks, k.Claim, k.Assign, k.Status, k.Priority, k.Tag, k.Import},
	}
}
