package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// paneID names a pane the root can focus.
type paneID int

const (
	paneQueue paneID = iota
	paneCase
	paneHeatmap
	paneTags
	numPanes
)

var paneNames = [numPanes]string{"Queue", "Case", "Heatmap", "Tags"}

// app is the root model: it owns focus and the input mode, draws the
// header, status line and footer around the focused pane, and routes keys
// and messages (pug's pane manager, soft-serve's routing by type).
type app struct {
	e    *env
	keys GlobalKeys
	w, h int

	queue   *queuePane
	cases   *casePane
	heatmap *heatmapPane   // nil: not available
	panes   [numPanes]pane // nil: not available (the heatmap until it is written)
	focus   paneID
	// opened is the case the case pane shows (0 before the first).
	opened model.CaseID
	// play is the queue's order when the agent opened a case from it,
	// which ] and [ walk (play.go).
	play *playList
	// backTo is where esc returns after a drill-down into the queue.
	backTo paneID

	fullHelp bool
	help     helpView

	statusText string
	statusErr  bool
	statusSeq  int

	cmd cmdline
	// newTagArmed is the new tag a first :tag asked to create; the same
	// :tag again creates it.
	newTagArmed string
	imp         importer
	// tagger is the tag picker the queue opened for its marked cases.
	tagger *bulkTagger

	// asking is the y/n question in the status line (askMsg), if any.
	asking *askMsg

	readOnly bool
	quitting bool
	acting   bool // an action (act) is being applied

	frame frame
	// the chrome lines as last drawn, by what they show
	titleMemo  memo[titleKey]
	tabsMemo   memo[tabsKey]
	footerMemo memo[string]
	tabParts   map[tabPartKey]string
	paneFit    paneFit
}

// memo is one line as last drawn and what it was drawn from: the chrome
// around a pane changes far less often than the screen is drawn.
type memo[K comparable] struct {
	ok   bool
	key  K
	line string
}

func (m *memo[K]) get(key K, draw func() string) string {
	if !m.ok || m.key != key {
		m.ok, m.key, m.line = true, key, draw()
	}
	return m.line
}

// titleKey is everything the title line shows but the fixed parts (the
// file, the agent).
type titleKey struct {
	w           int
	focus       paneID
	opened      model.CaseID
	view        caseindex.View
	query, name string
	readOnly    bool
}

// frame is the last View, drawn again while only quiet messages come: on a
// team server every screen gets every agent's change notices, and drawing
// a screen nothing changed on, per notice, per screen, was most of the
// server's work.
type frame struct {
	ok    bool
	out   string
	lines []string
	tabAt int // the tab line's index in lines, -1 if not shown
	tabs  tabsKey
}

// tabsKey is everything the tab line shows.
type tabsKey struct {
	w            int
	counts       [caseindex.NumViews]int
	known        [caseindex.NumViews]bool
	view         caseindex.View
	saved        string // the saved views' counts and which is on screen
	queueFocused bool
}

func (a *app) tabsKey() tabsKey {
	return tabsKey{w: a.w, counts: a.queue.ix.Counts(), known: a.queue.ix.Known(), view: a.queue.ix.View(), saved: a.queue.savedKey(), queueFocused: a.focus == paneQueue}
}

// touch forgets the last frame unless msg is quiet: a store change notice
// or the queue's own work on one while another pane is on screen. Those
// change at most the tab line's counts (the queue is out of sight, the
// case pane only starts a reload, which draws when it arrives, and the
// heatmap and tags panes schedule theirs), so View redraws that line only.
func (a *app) touch(msg tea.Msg) {
	if a.focus != paneQueue {
		switch msg.(type) {
		case changeMsg, indexOrderMsg:
			return
		}
	}
	a.frame.ok = false
}

// statusClearMsg clears an informational status after a while.
type statusClearMsg struct{ seq int }

// statusTTL is how long an informational message stays; errors stay until
// replaced.
const statusTTL = 6 * time.Second

func newApp(e *env, readOnly bool) *app {
	a := &app{e: e, keys: remapped(NewGlobalKeys(), e), readOnly: readOnly}
	e.focused = a.focused
	a.queue = newQueuePane(e)
	a.panes[paneQueue] = a.queue
	a.cases = newCasePane(e)
	a.panes[paneCase] = a.cases
	a.heatmap = newHeatmapPane(e)
	a.panes[paneHeatmap] = a.heatmap
	a.panes[paneTags] = newTaxonomyPane(e)
	a.help = newHelpView(e.styles)
	a.cmd = newCmdline()
	a.fitFileAbilities()
	a.imp = newImporter()
	return a
}

func (a *app) Init() tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range a.panes {
		if p != nil {
			cmds = append(cmds, p.Init())
		}
	}
	return tea.Batch(cmds...)
}

func (a *app) focused() pane { return a.panes[a.focus] }

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.touch(msg)
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = max(m.Width, 0), max(m.Height, 0)
		a.layout()
		// A window grown past the preview's width shows it: load it.
		return a, a.queue.loadPreview()
	case tea.KeyMsg:
		if m.Type == tea.KeyRunes && len(m.Runes) > 1 && !m.Paste && !m.Alt {
			return a, a.burst(m.Runes)
		}
		return a, a.key(m)
	case statusMsg:
		return a, a.setStatus(m.text, m.err)
	case askMsg:
		return a, a.ask(m)
	case statusClearMsg:
		if m.seq == a.statusSeq && !a.statusErr {
			a.statusText = ""
		}
		return a, nil
	case changeMsg:
		var cmds []tea.Cmd
		for _, p := range a.panes {
			if p != nil {
				cmds = append(cmds, p.Update(m))
			}
		}
		return a, tea.Batch(cmds...)
	case openCaseMsg:
		return a, a.openCase(m)
	case stepCaseMsg:
		om, why := a.stepPlay(m.delta)
		if why != "" {
			return a, status(why)
		}
		return a, a.openCase(om)
	case filterQueueMsg:
		if a.focus != paneQueue {
			a.backTo = a.focus
		}
		a.setFocus(paneQueue)
		return a, a.queue.setQuery(m.query, m.title, a.backTo != paneQueue)
	case backMsg:
		a.setFocus(paneQueue)
		return a, nil
	case queueBackMsg:
		var cmd tea.Cmd
		if a.panes[a.backTo] != nil {
			cmd = a.show(a.backTo)
		}
		a.backTo = paneQueue
		return a, cmd
	case openCmdlineMsg:
		return a, a.cmd.openWith(m.text)
	case openTaggerMsg:
		return a, a.openTagger(m.ids)
	case taggerTagsMsg:
		return a, a.taggerTags(m)
	case showHelpMsg:
		a.fullHelp = true
		return a, nil
	case importPromptMsg:
		return a, a.cmd.openWith("import ")
	case importEventMsg:
		return a, a.imp.update(a, m)
	case actMsg:
		return a, a.act(m.ids, m.label, m.act)
	case actDoneMsg:
		return a, a.acted(m)
	case indexMsg, indexOrderMsg, previewMsg, tickMsg:
		return a, a.queue.Update(msg)
	}
	// Anything else belongs to a pane's own commands (the case pane's
	// loads and saves, the inputs' cursor blinks): each pane ignores what
	// is not its own.
	var cmds []tea.Cmd
	if a.cmd.open {
		cmds = append(cmds, a.cmd.update(msg))
	}
	for _, p := range a.panes {
		if p != nil {
			cmds = append(cmds, p.Update(msg))
		}
	}
	return a, tea.Batch(cmds...)
}

// key routes a key: ctrl+c always quits; the command line or a capturing
// pane takes every other key; then the global keys; then the focused pane.
func (a *app) key(m tea.KeyMsg) tea.Cmd {
	if key.Matches(m, a.keys.ForceQuit) {
		a.quitting = true
		return tea.Quit
	}
	if a.asking != nil {
		return a.answer(m)
	}
	if a.cmd.open {
		if key.Matches(m, a.cmd.keys.Run) {
			a.clearStatus()
		}
		return a.cmd.key(a, m)
	}
	if a.fullHelp && (key.Matches(m, a.keys.Help) || m.Type == tea.KeyEsc) {
		// before a capturing pane, which opened the help with showHelpMsg
		a.fullHelp = false
		return nil
	}
	if a.tagger != nil {
		return a.tagger.picker.handle(m)
	}
	if p := a.focused(); p != nil && p.Capturing() {
		return p.Update(m)
	}
	// The agent has moved on: the last message, even an error, is about
	// something before this key ("tag is empty" under :view overdue). What
	// this key causes arrives afterwards as a statusMsg of its own.
	a.clearStatus()
	switch {
	case key.Matches(m, a.keys.Quit):
		a.quitting = true
		return tea.Quit
	case key.Matches(m, a.keys.Help):
		a.fullHelp = !a.fullHelp
		return nil
	case key.Matches(m, a.keys.Queue):
		return a.focusPane(paneQueue)
	case key.Matches(m, a.keys.Case):
		return a.focusPane(paneCase)
	case key.Matches(m, a.keys.Heatmap):
		return a.focusPane(paneHeatmap)
	case key.Matches(m, a.keys.Tags):
		return a.focusPane(paneTags)
	case key.Matches(m, a.keys.NextPane):
		return a.cycle(1)
	case key.Matches(m, a.keys.PrevPane):
		return a.cycle(-1)
	case key.Matches(m, a.keys.Command):
		return a.cmd.openWith("")
	}
	if p := a.focused(); p != nil {
		return p.Update(m)
	}
	return nil
}

// burst takes characters that reached the program in one read (a fast
// typist, a slow SSH link, tmux send-keys): Bubble Tea delivers them as
// one KeyMsg, which matched no key, so "/refund" or "jjj" did nothing.
// They are taken one at a time, as typed, except that an input where no
// character is a key (the queue's search, the tag picker; see textTaker)
// takes the rest whole: one filter of its suggestions, not one per
// character. (A bracketed paste stays whole: it is text for an input,
// never keys.) A key whose effect arrives as a message, such as a, S or P
// opening a prompt or t opening the tag picker in the queue, has not taken
// effect yet when the characters after it in the same burst are taken.
func (a *app) burst(runes []rune) tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range runes {
		if a.quitting {
			break
		}
		if t, ok := a.focused().(textTaker); ok && t.takesText() && !a.cmd.open {
			// as a paste: text, even if it spells a key's name ("left")
			cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: runes[i:], Paste: true}))
			break
		}
		cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
	}
	return tea.Batch(cmds...)
}

// available reports whether a pane can take focus: it exists, and the case
// pane has a case.
func (a *app) available(id paneID) bool {
	if a.panes[id] == nil {
		return false
	}
	return id != paneCase || a.opened != 0
}

func (a *app) focusPane(id paneID) tea.Cmd {
	switch {
	case a.panes[id] == nil:
		return status(strings.ToLower(paneNames[id]) + " is not available in this build yet")
	case !a.available(id):
		return status("no case open yet: select one in the queue and press enter")
	}
	return a.show(id)
}

func (a *app) setFocus(id paneID) {
	a.focus = id
	a.fullHelp = false
}

func (a *app) cycle(d int) tea.Cmd {
	// tab cycles the three work panes; taxonomy care is a lead's tool,
	// reached by 4 or :tags.
	const cycled = paneTags
	for i, id := 1, min(a.focus, cycled-1); i < int(cycled); i++ {
		id = (id + paneID(d) + cycled) % cycled
		if a.available(id) {
			return a.show(id)
		}
	}
	return nil
}

// show brings pane id on screen and lets it catch up on changes it put off
// while out of sight.
func (a *app) show(id paneID) tea.Cmd {
	a.setFocus(id)
	if r, ok := a.panes[id].(refresher); ok {
		return r.refresh()
	}
	return nil
}

func (a *app) openCase(m openCaseMsg) tea.Cmd {
	if m.id == 0 || a.panes[paneCase] == nil {
		return nil
	}
	switch {
	case a.focus == paneQueue && m.nav == navFresh:
		// Opened from the queue: play mode walks the order seen now.
		a.play = a.queue.playFrom(m.id)
		if a.play != nil {
			m.playAt, m.playOf = a.play.at(), a.play.total
		}
	case m.nav == navFresh && m.playAt == 0:
		a.play = nil // opened by a command: play starts afresh on ]
	}
	a.opened = m.id
	a.setFocus(paneCase)
	return a.panes[paneCase].Update(m)
}

func (a *app) setStatus(text string, isErr bool) tea.Cmd {
	a.statusText, a.statusErr = text, isErr
	a.statusSeq++
	if isErr || text == "" {
		return nil
	}
	seq := a.statusSeq
	return a.queue.timer(statusTTL, func(time.Time) tea.Msg { return statusClearMsg{seq: seq} })
}

func (a *app) clearStatus() {
	a.statusText, a.statusErr = "", false
	a.statusSeq++
}

// --- layout ---

// chrome says which fixed lines a window of height h shows. The pane gets
// the rest, so the layout depends on the window alone, never on the data.
type chrome struct{ title, tabs, status, footer bool }

func chromeFor(h int) chrome {
	return chrome{title: h >= 3, status: h >= 4, footer: h >= 7, tabs: h >= 8}
}

func (c chrome) lines() int {
	n := 0
	for _, b := range []bool{c.title, c.tabs, c.status, c.footer} {
		if b {
			n++
		}
	}
	return n
}

func (a *app) paneHeight() int { return max(a.h-chromeFor(a.h).lines()-a.taggerHeight(), 0) }

func (a *app) layout() {
	for _, p := range a.panes {
		if p != nil {
			p.SetSize(a.w, a.paneHeight())
		}
	}
	a.cmd.setWidth(a.w)
	if a.tagger != nil {
		a.tagger.picker.setSize(a.w, max(a.taggerHeight()-1, 1))
	}
}

// --- view ---

func (a *app) View() string {
	if a.quitting || a.w <= 0 || a.h <= 0 {
		return ""
	}
	if f := &a.frame; f.ok {
		if k := a.tabsKey(); f.tabAt >= 0 && k != f.tabs {
			f.tabs = k
			f.lines[f.tabAt] = a.tabsMemo.get(k, func() string { return a.fitWidth(a.tabLine()) })
			f.out = strings.Join(f.lines, "\n")
		}
		return f.out
	}
	c := chromeFor(a.h)
	lines := make([]string, 0, a.h)
	if c.title {
		k := titleKey{w: a.w, focus: a.focus, opened: a.opened, view: a.queue.ix.View(), query: a.queue.ix.Query(),
			name: a.queue.title, readOnly: a.readOnly || a.e.svc.ReadOnly()}
		lines = append(lines, a.titleMemo.get(k, func() string { return a.fitWidth(a.titleLine()) }))
	}
	tabAt := -1
	if c.tabs {
		tabAt = len(lines)
		lines = append(lines, a.tabsMemo.get(a.tabsKey(), func() string { return a.fitWidth(a.tabLine()) }))
	}
	ph := a.paneHeight()
	var body string
	switch {
	case a.fullHelp:
		var notes []string
		if n, ok := a.focused().(helpNoter); ok && a.tagger == nil {
			notes = n.HelpNotes()
		}
		body = a.help.full(a.focusedHelp(), notes, a.w, ph)
	case a.focused() != nil:
		body = a.focused().View()
	}
	lines = append(lines, a.paneLines(body, ph)...)
	if a.tagger != nil {
		for _, l := range a.tagger.view(a.e.styles, a.w, a.taggerHeight()) {
			lines = append(lines, a.fitWidth(l))
		}
	}
	if c.status {
		lines = append(lines, a.fitWidth(a.statusLine()))
	} else if a.cmd.open && len(lines) > 0 {
		lines[len(lines)-1] = a.fitWidth(a.statusLine())
	}
	if c.footer {
		ks := a.focusedShortHelp()
		lines = append(lines, a.footerMemo.get(helpKey(ks, a.w), func() string { return a.fitWidth(a.help.short(ks, a.w)) }))
	}
	if len(lines) > a.h {
		lines = lines[:a.h]
	}
	if tabAt >= len(lines) {
		tabAt = -1
	}
	a.frame = frame{ok: true, out: strings.Join(lines, "\n"), lines: lines, tabAt: tabAt, tabs: a.tabsKey()}
	return a.frame.out
}

// paneLines are exactly h lines of a pane's drawing, each cut to the
// window: whatever a pane drew, no line is wider than the window. A pane
// that drew the same again (the case pane keeps its drawing) is not
// measured again.
func (a *app) paneLines(body string, h int) []string {
	if f := &a.paneFit; f.lines != nil && f.w == a.w && len(f.lines) == h && f.body == body {
		return f.lines
	}
	bl := strings.Split(body, "\n")
	lines := make([]string, h)
	for i := range min(h, len(bl)) {
		lines[i] = a.fitWidth(bl[i])
	}
	a.paneFit = paneFit{body: body, w: a.w, lines: lines}
	return lines
}

type paneFit struct {
	body  string
	w     int
	lines []string
}

// helpKey is what a footer of keys ks at width w shows.
func helpKey(ks []key.Binding, w int) string {
	var b strings.Builder
	fmt.Fprint(&b, w)
	for _, k := range ks {
		if k.Enabled() {
			h := k.Help()
			b.WriteString("\x00" + h.Key + "\x00" + h.Desc)
		}
	}
	return b.String()
}

// fitWidth cuts a line to the window's width.
func (a *app) fitWidth(l string) string {
	if ansi.StringWidth(l) > a.w {
		return ansi.Truncate(l, a.w, "")
	}
	return l
}

// titleLine: the database file, the agent and the panes on the left; the
// current view and filter on the right.
func (a *app) titleLine() string {
	st := a.e.styles
	name := filepath.Base(a.e.svc.Path())
	left := []string{st.HeaderKey.Render(" caredesk"), st.Header.Render(" " + Truncate(name, 24))}
	if a.e.agent != "" {
		left = append(left, st.Header.Render(" @"+Truncate(a.e.agent, 16)))
	}
	if a.readOnly || a.e.svc.ReadOnly() {
		left = append(left, st.Header.Render(" (read-only)"))
	}
	left = append(left, st.Header.Render("  "))
	for id := range numPanes {
		label := fmt.Sprintf("%d %s", id+1, paneNames[id])
		switch {
		case id == a.focus:
			left = append(left, st.ActiveTab.Render(label))
		case a.panes[id] == nil:
			left = append(left, st.Tab.Render(label+"·n/a"))
		default:
			left = append(left, st.Tab.Render(label))
		}
		left = append(left, st.Header.Render(" "))
	}
	l := strings.Join(left, "")
	right := a.queue.ix.View().String()
	if a.queue.ix.Query() != "" {
		if a.queue.title != "" {
			right = Clean(a.queue.title)
		} else {
			right = "search: " + Clean(a.queue.ix.Query())
		}
	}
	if a.focus == paneCase && a.opened != 0 {
		right = fmt.Sprintf("case %d · ", a.opened) + right
	}
	lw := ansi.StringWidth(l)
	room := a.w - lw - 1
	if room >= 8 {
		r := Truncate(right, room) + " "
		pad := a.w - lw - ansi.StringWidth(r)
		return l + st.Header.Render(strings.Repeat(" ", max(pad, 0))+r)
	}
	if lw > a.w {
		return ansi.Truncate(l, a.w, "")
	}
	return l + st.Header.Render(strings.Repeat(" ", a.w-lw))
}

// tabLine lists the queue's views with their counts; the current one is
// underlined. Narrow windows get short names, then a window of tabs
// around the current one.
func (a *app) tabLine() string {
	st := a.e.styles
	q := a.queue
	counts, known := q.ix.Counts(), q.ix.Known()
	label := func(v caseindex.View, short bool) string {
		n := "…"
		if known[v] {
			n = compactCount(counts[v])
		}
		name := v.String()
		if short {
			name = v.Short()
		}
		return name + " " + n
	}
	for _, short := range []bool{false, true} {
		var parts []string
		w := 0
		for v := range caseindex.NumViews {
			s := " " + label(v, short)
			parts = append(parts, s)
			w += ansi.StringWidth(s)
		}
		for _, s := range q.savedTabs(short) {
			parts = append(parts, s)
			w += ansi.StringWidth(s)
		}
		if w <= a.w {
			return a.renderTabs(parts, 0, a.w)
		}
	}
	// A window around the current view.
	var parts []string
	for v := range caseindex.NumViews {
		parts = append(parts, " "+label(v, true))
	}
	parts = append(parts, q.savedTabs(true)...)
	first := q.currentTab()
	w := ansi.StringWidth(parts[first])
	lo, hi := first, first+1
	for {
		grew := false
		if hi < len(parts) && w+ansi.StringWidth(parts[hi])+2 <= a.w {
			w += ansi.StringWidth(parts[hi])
			hi++
			grew = true
		}
		if lo > 0 && w+ansi.StringWidth(parts[lo-1])+2 <= a.w {
			lo--
			w += ansi.StringWidth(parts[lo])
			grew = true
		}
		if !grew {
			break
		}
	}
	var pre, post string
	if lo > 0 {
		pre = st.Tab.Render("‹")
	}
	if hi < len(parts) {
		post = st.Tab.Render("›")
	}
	return pre + a.renderTabs(parts[lo:hi], lo, a.w-ansi.StringWidth(pre)-ansi.StringWidth(post)) + post
}

func (a *app) renderTabs(parts []string, first, width int) string {
	st := a.e.styles
	var b strings.Builder
	w := 0
	for i, p := range parts {
		switch {
		case first+i == a.queue.currentTab() && a.focus == paneQueue:
			b.WriteString(a.tabPart(p, &st.ActiveTab))
		case first+i == a.queue.currentTab():
			b.WriteString(a.tabPart(p, &st.Bold))
		default:
			b.WriteString(a.tabPart(p, &st.Tab))
		}
		w += ansi.StringWidth(p)
	}
	if w < width {
		b.WriteString(st.Header.Render(strings.Repeat(" ", width-w)))
	}
	return b.String()
}

// tabPart is one tab drawn in style st. The tabs are redrawn whenever a
// count moves, on a team server at every agent's save, and mostly one or
// two of them changed: the others come from this cache.
func (a *app) tabPart(text string, st *lipgloss.Style) string {
	k := tabPartKey{text, st}
	if out, ok := a.tabParts[k]; ok {
		return out
	}
	if len(a.tabParts) >= 256 {
		clear(a.tabParts) // counts that are long gone
	}
	if a.tabParts == nil {
		a.tabParts = map[tabPartKey]string{}
	}
	out := st.Render(text)
	a.tabParts[k] = out
	return out
}

type tabPartKey struct {
	text  string
	style *lipgloss.Style
}

// compactCount writes big counts short: 987, 12.3k, 1.2M.
func compactCount(n int) string {
	switch {
	case n < 10000:
		return fmt.Sprint(n)
	case n < 1000000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	}
	return fmt.Sprintf("%.1fM", float64(n)/1e6)
}

// statusLine shows the command line when it is open, else an import's
// progress and the last message.
func (a *app) statusLine() string {
	if a.cmd.open {
		return a.cmd.view(a)
	}
	st := a.e.styles
	text := a.statusText
	var out string
	if a.imp.running {
		bar := a.imp.view(max(min(a.w/3, 40), 0))
		out = bar
		if text != "" && ansi.StringWidth(bar)+2 < a.w {
			text = fitMessage(text, a.w-ansi.StringWidth(bar)-2)
			out += "  " + a.styleStatus(text)
		}
		return out
	}
	if text == "" {
		return ""
	}
	_ = st
	return a.styleStatus(fitMessage(text, a.w))
}

func (a *app) styleStatus(text string) string {
	if a.statusErr {
		return a.e.styles.Error.Render(text)
	}
	return a.e.styles.Status.Render(text)
}

// focusedShortHelp is the footer: the focused pane's keys, then the global
// ones.
func (a *app) focusedShortHelp() []key.Binding {
	var ks []key.Binding
	if a.cmd.open {
		return a.cmd.shortHelp()
	}
	if a.tagger != nil {
		return tagPickerHelp(false)
	}
	capturing := false
	if p := a.focused(); p != nil {
		ks = append(ks, p.ShortHelp()...)
		capturing = p.Capturing()
	}
	if !capturing {
		ks = append(ks, a.keys.Help, a.keys.Command, a.keys.Quit)
	}
	return ks
}

func (a *app) focusedHelp() [][]key.Binding {
	var groups [][]key.Binding
	if a.tagger != nil {
		return [][]key.Binding{tagPickerHelp(false)}
	}
	if p := a.focused(); p != nil {
		groups = append(groups, p.FullHelp()...)
		if p.Capturing() {
			return groups // an input takes the global keys as text
		}
	}
	k := a.keys
	groups = append(groups, []key.Binding{k.Queue, k.Case, k.Heatmap, k.Tags, k.NextPane, k.PrevPane, k.Command, k.Help, k.Quit, k.ForceQuit})
	return groups
}
