package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// queuePane is the live case queue on screen: the cursor over the list of
// its caseindex.Queue (view, sort, search, counts, kept current off the
// Update loop), the search input, the marks and the preview.
type queuePane struct {
	e     *env
	keys  queueKeys
	skeys searchKeys
	w, h  int

	ix     *caseindex.Queue
	views  *savedViews // teamviews.go
	cursor int
	top    int
	sel    model.CaseID // the case under the cursor, kept through changes

	marks map[model.CaseID]bool

	// search
	input     textinput.Model
	searching bool   // the input has focus
	title     string // a caller's name for the query (heatmap drill-down)
	fromOther bool   // esc returns to the pane that set the query
	saved     struct {
		cursor int
		sel    model.CaseID
	}

	// preview
	preview  bool
	prevID   model.CaseID
	prevCase *model.Case
	prevErr  string

	// the rows and the list as last drawn (queue_drawn.go)
	drawn     map[model.CaseID]drawnRow
	shown     drawnList
	previewed kept[previewKey, []string]
	columns   kept[columnsKey, []column]
	titles    kept[columnsKey, string]
	info      kept[infoKey, string]
	wraps     styleWraps // the rows' styles' sequences (stylewrap.go)
	// rowsStyled counts the rows styled afresh: work the tests and
	// benchmarks count, as wall time on a shared machine is noise
	rowsStyled int

	clock queueClock // the next redraw of the SLA cells (queueclock.go)
}

// What the root may ask of the queue (pane.go, chrome.go, cmdline.go).
var (
	_ pane        = (*queuePane)(nil)
	_ titled      = (*queuePane)(nil)
	_ caseSource  = (*queuePane)(nil)
	_ queueLines  = (*queuePane)(nil)
	_ queueOrders = (*queuePane)(nil)
	_ textTaker   = (*queuePane)(nil)
)

func newQueuePane(e *env) *queuePane {
	in := lineInput("/ ", "search: words, tag:billing/ status:pending @ana is:overdue …", 512)
	cfg := caseindex.Config{Source: e.svc, Agent: e.agent, Now: e.now, Location: e.loc, View: caseindex.ViewOpen,
		Words: wordsOf(e.svc), Teams: e.svc.Routing()}
	ix := caseindex.NewQueue(cfg)
	if e.index != nil {
		ix = caseindex.NewSharedQueue(e.index, cfg)
	}
	q := &queuePane{e: e, keys: remapped(newQueueKeys(), e), skeys: newSearchKeys(), ix: ix,
		marks: map[model.CaseID]bool{}, input: in, preview: true, views: newSavedViews(e, ix)}
	if e.files == nil {
		q.keys.Import.SetEnabled(false) // an app given no files imports none
	}
	return q
}

// --- messages ---

// indexMsg brings back the result of the case index's work (a load, a
// sort, a search); indexOrderMsg one that reorders or applies change
// notices, which a screen not showing the queue sees only in its counts.
type indexMsg struct{ res caseindex.Result }
type indexOrderMsg struct{ res caseindex.Result }

type previewMsg struct {
	id  model.CaseID
	c   model.Case
	err error
}

type tickMsg time.Time

// openCmdlineMsg asks the root to open the command line with text typed.
type openCmdlineMsg struct{ text string }

// queueBackMsg asks the root to return to the pane that set the queue's
// query (esc after a heatmap drill-down).
type queueBackMsg struct{}

// --- the index's work ---

func (q *queuePane) Init() tea.Cmd {
	start := tea.Batch(q.apply(q.ix.Start()), q.tick())
	if q.views.myTeam >= 0 { // a team member starts on their team's queue
		return tea.Batch(start, q.openSaved(q.views.myTeam))
	}
	return start
}

func (q *queuePane) tick() tea.Cmd {
	return q.e.after(time.Minute, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// workCmd runs a piece of the index's work as a command.
func workCmd(w caseindex.Work) tea.Cmd {
	if w == nil {
		return nil
	}
	return func() tea.Msg {
		res := w()
		if caseindex.IsReorder(res) {
			return indexOrderMsg{res}
		}
		return indexMsg{res}
	}
}

// apply acts on what a call of the index changed: its work becomes
// commands, a new list puts the cursor back on its case, a failure or a
// note goes to the status line.
func (q *queuePane) apply(st caseindex.Step) tea.Cmd {
	if len(st.Work) == 0 && !st.Listed && st.Err == nil && st.Note == "" {
		return nil // a shared index's notice, or one put off: nothing to do
	}
	cmds := make([]tea.Cmd, 0, len(st.Work)+2)
	for _, w := range st.Work {
		cmds = append(cmds, workCmd(w))
	}
	if st.Listed {
		q.fixCursor(st.Top)
		cmds = append(cmds, q.loadPreview())
	}
	if st.Err != nil {
		cmds = append(cmds, statusMsg{text: st.Failed + ": " + errText(st.Err), err: true}.cmd())
	}
	if st.Note != "" {
		// A passing note ("loading every case; the view follows"): it
		// does not hide an error or the kept-drafts line.
		cmds = append(cmds, statusMsg{text: st.Note, notice: true}.cmd())
	}
	return tea.Batch(cmds...)
}

// noticed takes a frame's change notices (noticeTaker).
func (q *queuePane) noticed(chs []model.Change) tea.Cmd { return eachNotice(chs, q.onChange) }

// onChange hands a store change notice to the index (a team server's
// shared index has it already), and reloads the preview when it shows a
// case the notice changed.
func (q *queuePane) onChange(ch *model.Change) tea.Cmd {
	cmd := q.apply(q.ix.Change(*ch))
	if q.prevID != 0 {
		for i := range ch.Cases {
			if ch.Cases[i].ID == q.prevID {
				q.prevID = 0
				return tea.Batch(cmd, q.loadPreview())
			}
		}
	}
	return cmd
}

// refresh catches the order and the list up with the team's index when
// the queue comes on screen: out of sight, only its counts followed it.
func (q *queuePane) refresh() tea.Cmd { return q.apply(q.ix.Follow()) }

// --- the cursor ---

// fixCursor puts the cursor back on the selected case after the list
// changed, or at the top when the list is new (top) or the case left it.
func (q *queuePane) fixCursor(top bool) {
	snap, list := q.ix.Snapshot(), q.ix.List()
	if top {
		q.cursor, q.top = 0, 0
	} else if q.sel != 0 && snap != nil {
		if ri, ok := snap.Find(q.sel); ok {
			if q.cursor < len(list) && list[q.cursor] == ri {
				// still there
			} else if k := q.ix.Place(ri); k >= 0 {
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

func (q *queuePane) clamp() {
	n := len(q.ix.List())
	q.cursor = max(0, min(q.cursor, n-1))
	q.top = showRow(q.cursor, q.top, q.rowsVisible(), n)
}

func (q *queuePane) selectedID() model.CaseID {
	snap, list := q.ix.Snapshot(), q.ix.List()
	if snap == nil || q.cursor < 0 || q.cursor >= len(list) {
		return 0
	}
	return snap.At(list[q.cursor]).ID()
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
	case indexMsg:
		return tea.Batch(q.apply(q.ix.Done(m.res)), q.armClock())
	case indexOrderMsg:
		return q.apply(q.ix.Done(m.res))
	case changeMsg:
		ch := model.Change(m)
		return q.onChange(&ch)
	case IndexChangedMsg:
		if q.e.outOfSight(q) {
			return q.apply(q.ix.FollowCounts()) // the order when shown (refresh)
		}
		return q.apply(q.ix.Follow())
	case tea.WindowSizeMsg:
		// A window grown past the preview's width shows it: load it.
		return q.loadPreview()
	case filterQueueMsg:
		return q.setQuery(m.query, m.title, m.fromOther)
	case unmarkMsg:
		q.unmark(m)
		return nil
	case previewMsg:
		if m.id == q.sel && m.id == q.prevID {
			if m.err != nil {
				q.prevCase, q.prevErr = nil, errText(m.err)
			} else {
				c, _ := cutDescription(m.c) // the preview shows a few lines of it
				q.prevCase, q.prevErr = &c, ""
			}
		}
		return nil
	case tickMsg:
		if q.e.outOfSight(q) {
			// Only the counts on the tab line move; the list when shown.
			return tea.Batch(q.apply(q.ix.TickCounts()), q.tick())
		}
		return tea.Batch(q.apply(q.ix.Tick()), q.tick(), q.armClock())
	case clockMsg:
		return q.onClock(m)
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
		return q.move(-len(q.ix.List()))
	case key.Matches(m, k.Bottom):
		return q.move(len(q.ix.List()))
	case key.Matches(m, k.NextView):
		return q.cycleView(1)
	case key.Matches(m, k.PrevView):
		return q.cycleView(-1)
	case key.Matches(m, k.Sort):
		return q.setSort((q.ix.Sort() + 1) % caseindex.NumSorts)
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
			return statusMsg{text: "cleared " + counted(n, "mark", "marks")}.cmd()
		}
	case key.Matches(m, k.Claim):
		return actOn(q.targets(), "claimed %s", model.Claim{})
	case key.Matches(m, k.Assign):
		return openCmdline("assign ")
	case key.Matches(m, k.Status):
		return openCmdline("status ")
	case key.Matches(m, k.Priority):
		return openCmdline("priority ")
	case key.Matches(m, k.Undo):
		return func() tea.Msg { return undoMsg{} }
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
		if _, ok := q.savedShown(); ok && q.ix.Query() != "" {
			return q.openSaved(q.views.on) // back to the view the words narrowed
		}
		if q.ix.Searched() || q.ix.QueryErr() != "" {
			back := q.fromOther
			cmd := q.clearSearch()
			if back {
				return tea.Batch(cmd, func() tea.Msg { return queueBackMsg{} })
			}
			return cmd
		}
		if len(q.marks) > 0 {
			clear(q.marks)
		}
	case key.Matches(m, k.Preview):
		if q.w < previewMinW {
			// Toggling a preview that cannot show did nothing visible.
			return statusMsg{text: fmt.Sprintf("preview needs %d columns; this terminal has %d", previewMinW, q.w)}.cmd()
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

func (q *queuePane) move(d int) tea.Cmd {
	if len(q.ix.List()) == 0 {
		return nil
	}
	q.cursor += d
	q.clamp()
	q.sel = q.selectedID()
	return q.loadPreview()
}

func (q *queuePane) setView(v caseindex.View) tea.Cmd {
	q.views.on = -1
	var cmd tea.Cmd
	if q.ix.Searched() {
		cmd = q.clearSearch()
	}
	return tea.Batch(cmd, q.apply(q.ix.SetView(v)))
}

func (q *queuePane) setSort(s caseindex.Sort) tea.Cmd { return q.apply(q.ix.SetSort(s)) }

// --- search ---

func (q *queuePane) openSearch() tea.Cmd {
	if !q.ix.Searched() {
		q.saved.cursor, q.saved.sel = q.cursor, q.sel
	}
	q.searching = true
	// In a saved view the input holds the words that narrow it; the
	// view's query stands before it (infoLine).
	return focusInput(&q.input, q.ix.Query())
}

// savedShown is the saved view on screen, if one is.
func (q *queuePane) savedShown() (savedView, bool) {
	if q.views.on < 0 || q.views.on >= len(q.views.list) {
		return savedView{}, false
	}
	return q.views.list[q.views.on], true
}

func (q *queuePane) searchKey(m tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(m, q.skeys.Cancel):
		if _, ok := q.savedShown(); ok && strings.TrimSpace(q.ix.Query()) != "" {
			return q.openSaved(q.views.on) // back to the view the search narrowed
		}
		return q.clearSearch()
	case key.Matches(m, q.skeys.Accept):
		q.searching = false
		q.input.Blur()
		if id := q.selectedID(); id != 0 && q.ix.Searched() {
			return func() tea.Msg { return openCaseMsg{id: id} }
		}
		if !q.ix.Searched() {
			return q.clearSearch()
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
		return tea.Batch(cmd, q.apply(q.ix.Search(v, true)))
	}
	return cmd
}

// setQuery shows the queue filtered by a query, as :search and the
// heatmap's drill-down do: over every case, not within a saved view.
func (q *queuePane) setQuery(query, title string, fromOther bool) tea.Cmd {
	q.views.on = -1
	return q.setScoped("", query, title, fromOther)
}

// setScoped shows the cases of scope, a saved view's query ("" for
// every case), that match query.
func (q *queuePane) setScoped(scope, query, title string, fromOther bool) tea.Cmd {
	if !q.ix.Searched() {
		q.saved.cursor, q.saved.sel = q.cursor, q.sel
	}
	q.searching = false
	q.input.Blur()
	q.input.SetValue(query)
	q.title, q.fromOther = title, fromOther
	return q.apply(q.ix.SearchIn(scope, query, true))
}

// clearSearch drops the query and puts the cursor back where the search
// began.
func (q *queuePane) clearSearch() tea.Cmd {
	q.views.on = -1
	q.searching = false
	q.input.Blur()
	q.input.SetValue("")
	q.title, q.fromOther = "", false
	st := q.ix.ClearQuery()
	if st.Listed {
		q.cursor, q.sel = q.saved.cursor, q.saved.sel
	}
	return q.apply(st)
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

// unmark drops the marks of cases an action went through for.
func (q *queuePane) unmark(ids []model.CaseID) {
	for _, id := range ids {
		delete(q.marks, id)
	}
}

// --- help ---

func (q *queuePane) ShortHelp() []key.Binding {
	if q.searching {
		return []key.Binding{q.skeys.Accept, q.skeys.Cancel, q.skeys.Down, q.skeys.Up}
	}
	return []key.Binding{q.keys.Open, q.keys.Search, q.keys.NextView, q.keys.Sort, q.keys.Mark, q.keys.Claim}
}

// HelpNotes states the search language in brief, and which way a name
// that is both a key and an extra field goes.
func (q *queuePane) HelpNotes() []string {
	return []string{`/ words "a phrase" -word #1234 tag: status: @ana team: is: created: …`,
		`extra fields: company:"acme bank"; named like a key: field.team:`}
}

func (q *queuePane) FullHelp() [][]key.Binding {
	if q.searching {
		return [][]key.Binding{{q.skeys.Accept, q.skeys.Cancel, q.skeys.Down, q.skeys.Up}}
	}
	k := q.keys
	return [][]key.Binding{
		{k.Down, k.Up, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp, k.Top, k.Bottom},
		{k.Open, k.Search, k.Clear, k.NextView, k.PrevView, k.Sort, k.Preview},
		{k.Mark, k.ClearMarks, k.Claim, k.Assign, k.Status, k.Priority, k.Tag, k.Undo, k.Import},
	}
}

// heading is the view on screen, the search and its title (queueLines).
func (q *queuePane) heading() (view caseindex.View, query, title string) {
	return q.ix.View(), q.ix.Query(), q.title
}

// titleContext names what the queue shows: its view, or its search.
func (q *queuePane) titleContext() string {
	switch {
	case !q.ix.Searched():
		return q.ix.View().String()
	case q.title != "" && q.narrowing() != "":
		return Clean(q.title + " · search: " + q.narrowing())
	case q.title != "":
		return Clean(q.title)
	}
	return "search: " + Clean(q.ix.Query())
}

// searchMarks are the words of the queue's search, which the case pane
// marks in a case opened from it (caseSource).
func (q *queuePane) searchMarks() caseindex.Highlighter { return q.ix.Highlighter() }

// viewCounts are the built-in views' counts, and which are known yet.
func (q *queuePane) viewCounts() (counts [caseindex.NumViews]int, known [caseindex.NumViews]bool) {
	return q.ix.Counts(), q.ix.Known()
}

// markedCount is how many cases are marked (queueOrders).
func (q *queuePane) markedCount() int { return len(q.marks) }

// snapshot is the index the queue shows; nil before the first load.
func (q *queuePane) snapshot() *caseindex.Snapshot { return q.ix.Snapshot() }
