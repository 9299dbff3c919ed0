package ui

import (
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// The issue heatmap: issue tags (grouped by area) × periods, so that a
// team lead sees which problems hurt customers most and which are rising,
// and opens the cases behind any number. Every number comes from
// report.Build, the code `caredesk report` runs, so the screen and the
// exported files agree; the pane only lays them out.

// hmKind is what a line of the heatmap is.
type hmKind uint8

const (
	hmArea hmKind = iota
	hmTag
	hmUntagged
)

// hmLine is one drawn row: an area, one of its tags, or the untagged
// backlog. key is the matrix's row key: "area/", a tag, or "".
type hmLine struct {
	kind hmKind
	key  string
	row  *report.Row
	kids int // an area's tag rows
}

// hmInput is the input open at the bottom of the pane, if any.
type hmInput uint8

const (
	hmNoInput hmInput = iota
	hmFilterInput
	hmFromInput
	hmToInput
)

// heatResultMsg carries a built matrix back to the pane. seq drops a stale
// result: a newer request was made after this one started.
type heatResultMsg struct {
	seq  int
	spec report.Spec
	m    *report.Matrix
	err  error
	took time.Duration
}

// heatTickMsg ends the debounce after store change notices.
type heatTickMsg struct{ gen int }

// Debounce bounds for recomputing after change notices: never more than a
// few times a second, and for slow (scanning) views no more often than
// twice the last build took, so a busy desk cannot keep both cores busy.
const (
	heatDebounceMin = 250 * time.Millisecond
	heatDebounceMax = 5 * time.Second
)

var heatOrders = []report.Order{report.ByTotal, report.ByTrend, report.ByName}

func orderName(o report.Order) string {
	switch o {
	case report.ByTrend:
		return "trend"
	case report.ByName:
		return "name"
	}
	return "total"
}

type heatmapPane struct {
	e     *env
	keys  heatmapKeys
	ikeys heatmapInputKeys
	w, h  int

	// What to show; spec() turns these into a report.Spec.
	g        model.Granularity
	metric   report.Metric
	order    report.Order
	query    model.Query
	from, to model.Day // creation days [from, to); 0 is unbounded

	// What is shown: the matrix and the spec it was built with (the
	// drill-down's base, even while a newer spec computes).
	m      *report.Matrix
	built  report.Spec
	errTxt string

	seq       int  // the latest request
	computing bool // the latest request has not answered
	dirty     bool // a change arrived while computing: build again after
	shownLater
	lastTook time.Duration

	// Rows: areas are expanded by default; expanded overrides per area.
	allExpanded bool
	expanded    map[string]bool
	lines       []hmLine

	// The cursor, kept across rebuilds by key and by day so that esc back
	// from a drill-down, a change notice or a period switch keep the cell.
	cur      int
	curKey   string
	placed   bool // the cursor has been put on a row once
	col      int
	colDay   model.Day
	colPer   model.Period // the period the cursor is on, to find it again at another granularity
	atLatest bool
	// autoRange: the first build may narrow the range to defaultWeeks.
	autoRange bool
	first     int // first visible period
	top       int // first visible line
	// recenter shows the cursor's period mid-screen after a granularity
	// switch, where it would otherwise sit at the right edge.
	recenter bool

	input     textinput.Model
	inputKind hmInput
}

func newHeatmapPane(e *env) *heatmapPane {
	in := lineInput("", "", 1024)
	return &heatmapPane{
		e: e, keys: remapped(newHeatmapKeys(), e), ikeys: newHeatmapInputKeys(),
		g: model.ByWeek, metric: report.Cases, order: report.ByTotal,
		allExpanded: true, expanded: map[string]bool{},
		atLatest: true, input: in, autoRange: true,
	}
}

// defaultWeeks is how many weeks the heatmap opens on when the data spans
// more than autoRangeWeeks: a CFPB export spans twelve years, and 609
// weekly columns (and trends that say "new" everywhere) say nothing at a
// glance. Half a year of data is shown whole.
const (
	defaultWeeks   = 26
	autoRangeWeeks = 52
)

// What the root may ask of the heatmap (pane.go).
var (
	_ pane         = (*heatmapPane)(nil)
	_ titled       = (*heatmapPane)(nil)
	_ reportSource = (*heatmapPane)(nil)
	_ refresher    = (*heatmapPane)(nil)
)

// Init builds the matrix only when the pane starts on screen; out of
// sight, the first show builds it (refresh).
func (p *heatmapPane) Init() tea.Cmd { return p.start(p.e, p, p.compute) }

func (p *heatmapPane) SetSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.input.Width = max(p.w-12, 1)
	p.fixViewport()
}

func (p *heatmapPane) Capturing() bool { return p.inputKind != hmNoInput }

// spec is the report the pane asks for now.
func (p *heatmapPane) spec() report.Spec {
	// A range reaching into the future stops today: weeks that have not
	// begun would only be empty columns.
	to := p.to
	if tomorrow := model.DayOf(p.e.now()) + 1; to > tomorrow {
		to = tomorrow
	}
	return report.Spec{Query: p.query, G: p.g, From: p.from, To: to, Metric: p.metric,
		Now: p.e.now(), Me: p.e.agent, SLA: p.e.svc.SLA()}
}

// compute builds the matrix off the Update loop. An unfiltered case count
// reads only the tag × day counters; anything else scans the summaries.
func (p *heatmapPane) compute() tea.Cmd {
	p.seq++
	p.computing = true
	seq, spec, svc := p.seq, p.spec(), p.e.svc
	return func() tea.Msg {
		start := time.Now()
		m, err := report.Build(svc, spec)
		return heatResultMsg{seq: seq, spec: spec, m: m, err: err, took: time.Since(start)}
	}
}

func (p *heatmapPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case heatResultMsg:
		return p.onResult(msg)
	case heatTickMsg:
		if !p.due(msg.gen) {
			return nil
		}
		if p.computing {
			p.dirty = true
			return nil
		}
		return p.compute()
	case changeMsg:
		return p.onChange()
	case tea.KeyMsg:
		if p.inputKind != hmNoInput {
			return p.inputKey(msg)
		}
		return p.key(msg)
	}
	return nil
}

// noticed takes a frame's change notices: one rebuild, whatever they
// are (noticeTaker).
func (p *heatmapPane) noticed(chs []model.Change) tea.Cmd {
	if len(chs) == 0 {
		return nil
	}
	return p.onChange()
}

// refresh rebuilds when changes came while the pane was out of sight.
func (p *heatmapPane) refresh() tea.Cmd { return p.shownLater.refresh(p.compute) }

// onChange schedules a rebuild after a store change: a tag an agent just
// added shows within a fraction of a second, and a burst of notices (an
// import) costs one build.
func (p *heatmapPane) onChange() tea.Cmd {
	delay := min(max(heatDebounceMin, 2*p.lastTook), heatDebounceMax)
	return p.changed(p.e, p, delay, func(gen int) tea.Msg { return heatTickMsg{gen: gen} })
}

func (p *heatmapPane) onResult(r heatResultMsg) tea.Cmd {
	if r.seq != p.seq {
		return nil // a newer request is on its way
	}
	p.computing = false
	p.lastTook = r.took
	if r.err == nil && p.autoRange {
		// The first build: open on the latest defaultWeeks with data, the
		// range shown in the title and used by :report.
		p.autoRange = false
		if n := len(r.m.Periods); r.spec.From == 0 && r.spec.To == 0 && r.spec.G == model.ByWeek && n > autoRangeWeeks {
			p.from = r.m.Periods[n-defaultWeeks].Start
			return p.compute()
		}
	}
	if r.err != nil {
		p.errTxt = "could not compute the heatmap: " + errText(r.err)
	} else {
		p.errTxt = ""
		p.m, p.built = r.m, r.spec
		p.m.Sort(p.order)
		p.rebuild()
	}
	if p.dirty {
		p.dirty = false
		return p.compute()
	}
	return nil
}

func (p *heatmapPane) isExpanded(area string) bool {
	if v, ok := p.expanded[area]; ok {
		return v
	}
	return p.allExpanded
}

// tagFiltered reports whether the shown matrix is limited to some tags, in
// which case untagged cases are outside it.
func tagFiltered(q model.Query) bool {
	for _, f := range q.Filters() {
		if f.Key == "tag" && !f.Not {
			return true
		}
	}
	return false
}

// rebuild lays out the lines from the matrix (areas in the sort order,
// each followed by its tags when expanded, then the untagged backlog) and
// puts the cursor back on the row and period it was on.
func (p *heatmapPane) rebuild() {
	p.lines = p.lines[:0]
	m := p.m
	if m == nil {
		return
	}
	byArea := map[string][]int{}
	for i := range m.Rows {
		k := model.TagArea(m.Rows[i].Tag) + "/"
		byArea[k] = append(byArea[k], i)
	}
	for i := range m.Areas {
		a := &m.Areas[i]
		kids := byArea[a.Tag]
		p.lines = append(p.lines, hmLine{kind: hmArea, key: a.Tag, row: a, kids: len(kids)})
		if p.isExpanded(a.Tag) {
			for _, j := range kids {
				p.lines = append(p.lines, hmLine{kind: hmTag, key: m.Rows[j].Tag, row: &m.Rows[j]})
			}
		}
	}
	if !tagFiltered(p.built.Query) {
		p.lines = append(p.lines, hmLine{kind: hmUntagged, key: "", row: &m.Untagged})
	}

	// The row: by key, else the tag's area (it was collapsed or merged
	// away), else where it was; the first row the first time.
	found := !p.placed
	p.placed = true
	for i, l := range p.lines {
		if found {
			break
		}
		if l.key == p.curKey {
			p.cur, found = i, true
		}
	}
	if !found && p.curKey != "" {
		ak := model.TagArea(p.curKey) + "/"
		for i, l := range p.lines {
			if l.key == ak {
				p.cur, found = i, true
				break
			}
		}
	}
	p.cur = clampInt(p.cur, 0, len(p.lines)-1)
	if len(p.lines) > 0 {
		p.curKey = p.lines[p.cur].key
	}

	// The period: the latest when following it, else the one holding the
	// day the cursor was on.
	n := len(m.Periods)
	switch {
	case n == 0:
		p.col = 0
	case p.atLatest:
		p.col = n - 1
	default:
		if i := m.PeriodIndex(p.colDay); i >= 0 {
			// Going finer (months to weeks), the week holding the
			// month's first day mostly lies in the month before: take
			// the next one, inside the month the agent was on.
			if pi := m.Periods[i]; pi.Start < p.colPer.Start && pi.End-pi.Start < p.colPer.End-p.colPer.Start &&
				i+1 < n && m.Periods[i+1].Start < p.colPer.End {
				i++
			}
			p.col = i
		} else if p.colDay < m.Periods[0].Start {
			p.col = 0
		} else {
			p.col = n - 1
		}
	}
	p.setCol(p.col)
	p.fixViewport()
}

// setCol moves the cursor to period i and remembers its day.
func (p *heatmapPane) setCol(i int) {
	if p.m == nil || len(p.m.Periods) == 0 {
		p.col = 0
		return
	}
	n := len(p.m.Periods)
	p.col = clampInt(i, 0, n-1)
	// The day is kept while it lies in the period: weeks → months → weeks
	// comes back to the same week rather than the month's first one.
	if per := p.m.Periods[p.col]; !per.Contains(p.colDay) {
		p.colDay = per.Start
	}
	p.colPer = p.m.Periods[p.col]
	p.atLatest = p.col == n-1
}

func (p *heatmapPane) setCur(i int) {
	if len(p.lines) == 0 {
		p.cur = 0
		return
	}
	p.cur = clampInt(i, 0, len(p.lines)-1)
	p.curKey = p.lines[p.cur].key
}

// fixViewport keeps the cursor's row and period on screen; with the
// cursor on the latest period, the latest is at the right edge.
func (p *heatmapPane) fixViewport() {
	lay := p.layout()
	if p.m != nil {
		n := len(p.m.Periods)
		nc := max(lay.ncols, 1)
		if p.col < p.first {
			p.first = p.col
		}
		if p.col >= p.first+nc {
			p.first = p.col - nc + 1
		}
		if p.recenter && p.m.G == p.g {
			p.first, p.recenter = p.col-nc/2, false
		}
		if p.atLatest {
			p.first = n - nc
		}
		p.first = clampInt(p.first, 0, n-nc)
	}
	p.top = showRow(p.cur, p.top, max(lay.bodyRows, 1), len(p.lines))
}

func (p *heatmapPane) key(k tea.KeyMsg) tea.Cmd {
	km := p.keys
	lay := p.layout()
	cur, moved := moveCursor(k, cursorKeys{km.Up, km.Down, km.Top, km.Bottom}, p.cur, len(p.lines))
	switch {
	case moved:
		p.setCur(cur)
	case key.Matches(k, km.Left):
		p.setCol(p.col - 1)
	case key.Matches(k, km.Right):
		p.setCol(p.col + 1)
	case key.Matches(k, km.PageBack):
		nc := max(lay.ncols, 1)
		p.first -= nc
		p.setCol(p.col - nc)
	case key.Matches(k, km.PageFwd):
		nc := max(lay.ncols, 1)
		p.first += nc
		p.setCol(p.col + nc)
	case key.Matches(k, km.Earliest):
		p.setCol(0)
	case key.Matches(k, km.Latest):
		p.setCol(1 << 30)
	case key.Matches(k, km.Drill):
		if len(p.lines) > 0 && p.lines[p.cur].kind == hmArea {
			p.toggle()
			break
		}
		return p.drill()
	case key.Matches(k, km.Open):
		return p.drill()
	case key.Matches(k, km.Toggle):
		p.toggle()
	case key.Matches(k, km.ExpandAll):
		p.allExpanded, p.expanded = true, map[string]bool{}
		p.rebuild()
	case key.Matches(k, km.CollapseAll):
		p.allExpanded, p.expanded = false, map[string]bool{}
		p.rebuild()
	case key.Matches(k, km.Days):
		return p.setGranularity(model.ByDay)
	case key.Matches(k, km.Weeks):
		return p.setGranularity(model.ByWeek)
	case key.Matches(k, km.Months):
		return p.setGranularity(model.ByMonth)
	case key.Matches(k, km.Sort):
		return p.cycleSort()
	case key.Matches(k, km.Metric):
		return p.cycleMetric()
	case key.Matches(k, km.Filter):
		return p.openInput(hmFilterInput, p.query.String())
	case key.Matches(k, km.From):
		v := ""
		if p.from != 0 {
			v = p.from.String()
		}
		return p.openInput(hmFromInput, v)
	case key.Matches(k, km.To):
		v := ""
		if p.to != 0 {
			v = (p.to - 1).String()
		}
		return p.openInput(hmToInput, v)
	case key.Matches(k, km.Reload):
		return p.compute()
	default:
		return nil
	}
	p.fixViewport()
	return nil
}

// toggle expands or collapses the cursor's area; on a tag it collapses
// the tag's area and puts the cursor on it.
func (p *heatmapPane) toggle() {
	if len(p.lines) == 0 {
		return
	}
	l := p.lines[p.cur]
	switch l.kind {
	case hmArea:
		p.expanded[l.key] = !p.isExpanded(l.key)
	case hmTag:
		ak := model.TagArea(l.key) + "/"
		p.expanded[ak] = false
		p.curKey = ak
	default:
		return
	}
	p.rebuild()
}

func (p *heatmapPane) setGranularity(g model.Granularity) tea.Cmd {
	if g == p.g {
		return nil
	}
	p.g = g
	p.recenter = true
	return p.compute()
}

func (p *heatmapPane) cycleSort() tea.Cmd {
	i := 0
	for j, o := range heatOrders {
		if o == p.order {
			i = j
		}
	}
	p.order = heatOrders[(i+1)%len(heatOrders)]
	if p.m != nil {
		p.m.Sort(p.order)
		p.rebuild()
	}
	return nil
}

func (p *heatmapPane) cycleMetric() tea.Cmd {
	i := 0
	for j, m := range report.Metrics {
		if m == p.metric {
			i = j
		}
	}
	p.metric = report.Metrics[(i+1)%len(report.Metrics)]
	return p.compute()
}

// drill asks the root to show the queue with exactly the cases behind the
// cursor's cell: the matrix's own drill-down query on the spec it was
// built from.
func (p *heatmapPane) drill() tea.Cmd {
	if p.m == nil || len(p.lines) == 0 || len(p.m.Periods) == 0 {
		return nil
	}
	l := p.lines[p.cur]
	per := p.m.Periods[p.col]
	msg := filterQueueMsg{
		query: p.m.DrillQuery(l.key, p.col, p.built.Query),
		title: drillTitle(l, per, p.m.Metric),
	}
	return func() tea.Msg { return msg }
}

func drillTitle(l hmLine, per model.Period, metric report.Metric) string {
	name := l.key
	switch l.kind {
	case hmArea:
		name = strings.TrimSuffix(l.key, "/") + " (area)"
	case hmUntagged:
		name = "untagged"
	}
	t := Clean(name) + " · " + per.Label()
	if metric != report.Cases {
		t += " · " + metric.Title()
	}
	return t
}

// --- help ---

func (p *heatmapPane) ShortHelp() []key.Binding {
	if p.inputKind != hmNoInput {
		return []key.Binding{p.ikeys.Apply, p.ikeys.Cancel}
	}
	k := p.keys
	return []key.Binding{k.Drill, k.Toggle, k.Left, k.Right, k.Weeks, k.Metric, k.Sort, k.Filter}
}

// HelpNotes says what the repeat and customers metrics count.
func (p *heatmapPane) HelpNotes() []string {
	// Each fits one line at 80 columns (longer ones wrap).
	return []string{model.RepeatRule,
		"customers, repeat: a cell counts per period, a total once over the whole range"}
}

func (p *heatmapPane) FullHelp() [][]key.Binding {
	if p.inputKind != hmNoInput {
		return [][]key.Binding{{p.ikeys.Apply, p.ikeys.Cancel}}
	}
	k := p.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Left, k.Right, k.PageBack, k.PageFwd, k.Earliest, k.Latest},
		{k.Drill, k.Open, k.Toggle, k.ExpandAll, k.CollapseAll},
		{k.Days, k.Weeks, k.Months, k.Metric, k.Sort},
		{k.Filter, k.From, k.To, k.Reload},
	}
}
