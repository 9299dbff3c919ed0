package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// The chrome around the focused pane: the title line, the tab line of the
// queue's views with their counts, the status line and the footer of keys,
// each kept as last drawn (memo) because it changes far less often than
// the screen is drawn; and the layout that gives the pane what is left.

// titleKey is everything the title line shows but the fixed parts (the
// file, the agent).
type titleKey struct {
	w        int
	focus    paneID
	context  string // what the focused pane says it shows
	readOnly bool
	mail     string
	away     bool
}

// frame is the last View, drawn again while only quiet messages come: on a
// team server every screen gets every agent's change notices, and drawing
// a screen nothing changed on, per notice, per screen, was most of the
// server's work.
type frame struct {
	ok    bool
	lines []string // never changed once drawn: a team server's frame writer reads them
	out   string   // lines joined, once View asks (outOK)
	outOK bool
	tabAt int // the tab line's index in lines, -1 if not shown
	tabs  tabsKey
}

// tabsKey is everything the tab line is drawn from: a count that moves
// within what the tab shows ("33.4k") changes it and not tabsShown.
type tabsKey struct {
	w            int
	counts       [caseindex.NumViews]int
	known        [caseindex.NumViews]bool
	view         caseindex.View
	saved        string // the saved views' counts and which is on screen
	queueFocused bool
}

// queueLines is what the title and tab lines ask of the queue: through
// these answers, not its fields (pug's pane manager knows a pane by what
// it answers), so the queue can change inside without the chrome.
type queueLines interface {
	// heading is the view on screen, the search and its title ("" none).
	heading() (view caseindex.View, query, title string)
	// viewCounts are the built-in views' counts, and which are known yet.
	viewCounts() (counts [caseindex.NumViews]int, known [caseindex.NumViews]bool)
	// savedTabs are the saved views' tabs (short names on a narrow
	// line), savedKey what they show, currentTab the tab on screen
	// counting the built-in views first.
	savedTabs(short bool) []string
	savedKey() string
	currentTab() int
}

func (a *app) tabsKey() tabsKey {
	counts, known := a.lines.viewCounts()
	view, _, _ := a.lines.heading()
	return tabsKey{w: a.w, counts: counts, known: known, view: view, saved: a.lines.savedKey(), queueFocused: a.focus == paneQueue}
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
	lines := a.viewLines()
	if f := &a.frame; lines != nil && f.ok {
		if !f.outOK {
			f.out, f.outOK = strings.Join(lines, "\n"), true
		}
		return f.out
	}
	return strings.Join(lines, "\n")
}

// viewLines is the screen by line, each at most the window's width: what
// View joins, and what a team server's frame writer takes as it is. The
// slice is never changed once returned.
func (a *app) viewLines() []string {
	if a.quitting || a.w <= 0 || a.h <= 0 {
		return nil
	}
	if f := &a.frame; f.ok {
		if k := a.tabsKey(); f.tabAt >= 0 && k != f.tabs {
			f.tabs = k
			// most counts that move do not move what their tab shows
			if l := a.tabs(k); l != f.lines[f.tabAt] {
				f.lines = slices.Clone(f.lines) // the last frame's may be being written
				f.lines[f.tabAt] = l
				f.outOK = false
			}
		}
		return f.lines
	}
	c := chromeFor(a.h)
	lines := make([]string, 0, a.h)
	if c.title {
		k := titleKey{w: a.w, focus: a.focus, context: a.paneContext(),
			readOnly: a.readOnly || a.e.svc.ReadOnly(), mail: mailHeader(a.mail, a.e.now()), away: a.away}
		lines = append(lines, a.titleMemo.get(k, func() string { return a.fitWidth(a.titleLine(k.context)) }))
	}
	tabAt := -1
	if c.tabs {
		tabAt = len(lines)
		lines = append(lines, a.tabs(a.tabsKey()))
	}
	ph := a.paneHeight()
	var body string
	var drawn []string // the lines of a pane that draws by line
	switch {
	case a.fullHelp:
		var notes []string
		if n, ok := a.focused().(helpNoter); ok && a.tagger == nil {
			notes = n.HelpNotes()
		}
		body = a.help.full(a.focusedHelp(), notes, a.w, ph)
	case a.outbox != nil:
		body = a.outbox.view(a.e.styles, caseClock{now: a.e.now, loc: a.e.loc}, a.mail, a.w, ph)
	case a.rejected != nil:
		body = a.rejected.view(a.e.styles, a.w, ph)
	case a.focused() != nil:
		if d, ok := a.focused().(lineDrawer); ok {
			drawn = d.viewLines()
		} else {
			body = a.focused().View()
		}
	}
	if drawn != nil {
		lines = append(lines, a.fitPane(drawn, ph)...)
	} else {
		lines = append(lines, a.paneLines(body, ph)...)
	}
	if a.tagger != nil {
		for _, l := range a.tagger.view(a.e.styles, a.w, a.taggerHeight()) {
			lines = append(lines, a.fitWidth(l))
		}
	}
	more := ""
	if c.status {
		var line string
		line, more = a.status(c.footer)
		lines = append(lines, line)
	} else if a.cmd.open && len(lines) > 0 {
		lines[len(lines)-1] = a.fitWidth(a.statusLine())
	}
	switch {
	case c.footer && more != "":
		lines = append(lines, more)
	case c.footer:
		lines = append(lines, a.footer())
	}
	if len(lines) > a.h {
		lines = lines[:a.h]
	}
	if tabAt >= len(lines) {
		tabAt = -1
	}
	a.frame = frame{ok: true, lines: lines, tabAt: tabAt, tabs: a.tabsKey()}
	return lines
}

// paneLines are exactly h lines of a pane's drawing, each cut to the
// window: whatever a pane drew, no line is wider than the window. A pane
// that drew the same again is not measured again.
func (a *app) paneLines(body string, h int) []string {
	if f := &a.paneFit; f.lines != nil && f.w == a.w && len(f.lines) == h && f.body == body {
		return f.lines
	}
	lines := a.fitLines(strings.Split(body, "\n"), h)
	a.paneFit.body = body
	return lines
}

// lineDrawer is a pane that draws by line, each line exactly as wide as
// the pane (the case pane, which cuts and pads its lines itself): the
// root takes the lines as they are, without joining them into one string
// and splitting it again, or measuring them a second time.
type lineDrawer interface {
	viewLines() []string
}

// fitPane is paneLines for a lineDrawer's lines, already as wide as the
// window (the root gives every pane its width): only their number is
// made h.
func (a *app) fitPane(drawn []string, h int) []string {
	if len(drawn) == h {
		return drawn
	}
	return fitLines(drawn, h)
}

// fitLines cuts the pane's lines bl to the window, exactly h of them.
func (a *app) fitLines(bl []string, h int) []string {
	lines := make([]string, h)
	for i := range min(h, len(bl)) {
		lines[i] = a.paneFit.byLine.line(i, bl[i], a.w, cutTo)
	}
	a.paneFit.w, a.paneFit.lines = a.w, lines
	return lines
}

// paneFit is a pane's drawing as last cut to the window: whole (its
// body), and by line (most frames change a few lines of it).
type paneFit struct {
	body   string
	w      int
	lines  []string
	byLine fitted
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
func (a *app) fitWidth(l string) string { return cutTo(l, a.w) }

// cutTo cuts a line to w cells.
func cutTo(l string, w int) string {
	if cells.Width(l) > w {
		return ansi.Truncate(l, w, "")
	}
	return l
}

// paneContext is what the focused pane says it shows (titled), for the
// title line's right side.
func (a *app) paneContext() string {
	if t, ok := a.focused().(titled); ok {
		return t.titleContext()
	}
	return ""
}

// titleLine: the database file, the agent and the panes on the left; what
// the focused pane shows (right) on the right.
func (a *app) titleLine(right string) string {
	st := a.e.styles
	name := filepath.Base(a.e.svc.Path())
	left := []string{a.styled(&st.HeaderKey, " caredesk"), a.styled(&st.Header, " "+Truncate(name, 24))}
	if a.e.agent != "" {
		left = append(left, a.styled(&st.Header, " @"+Truncate(a.e.agent, 16)))
		if a.away {
			left = append(left, a.styled(&st.Header, " · away (:back)"))
		}
	}
	if a.readOnly || a.e.svc.ReadOnly() {
		left = append(left, a.styled(&st.Header, " (read-only)"))
	}
	left = append(left, a.styled(&st.Header, "  "))
	for id := range numPanes {
		label := fmt.Sprintf("%d %s", id+1, paneNames[id])
		switch {
		case id == a.focus:
			left = append(left, a.styled(&st.ActiveTab, label))
		case a.panes[id] == nil:
			left = append(left, a.styled(&st.Tab, label+"·n/a"))
		default:
			left = append(left, a.styled(&st.Tab, label))
		}
		left = append(left, a.styled(&st.Header, " "))
	}
	l := strings.Join(left, "")
	lw := cells.Width(l)
	room := a.w - lw - 1
	if m := mailHeader(a.mail, a.e.now()); m != "" {
		if cells.Width(m) > room { // narrow: "2m" for "2m ago", so a failure stays in sight
			m = strings.Replace(m, " ago", "", 1)
		}
		right = strings.TrimSuffix(m+" · "+right, " · ")
	}
	if room >= 8 {
		r := Truncate(right, room) + " "
		pad := a.w - lw - cells.Width(r)
		return l + a.styled(&st.Header, strings.Repeat(" ", max(pad, 0))+r)
	}
	if lw > a.w {
		return ansi.Truncate(l, a.w, "")
	}
	return l + a.styled(&st.Header, strings.Repeat(" ", a.w-lw))
}

// tabLine lists the queue's views with their counts; the current one is
// underlined. Narrow windows get short names, then a window of tabs
// around the current one.
func (a *app) tabLine() string {
	st := a.e.styles
	q := a.lines
	counts, known := q.viewCounts()
	label := func(v caseindex.View, short bool) string {
		return a.tabLabel(tabLabelKey{view: v, short: short, known: known[v], count: counts[v]})
	}
	for _, short := range []bool{false, true} {
		var parts []string
		w := 0
		for v := range caseindex.NumViews {
			s := label(v, short)
			parts = append(parts, s)
			w += cells.Width(s)
		}
		for _, s := range q.savedTabs(short) {
			parts = append(parts, s)
			w += cells.Width(s)
		}
		if w <= a.w {
			return a.renderTabs(parts, 0, a.w)
		}
	}
	// A window around the current view.
	var parts []string
	for v := range caseindex.NumViews {
		parts = append(parts, label(v, true))
	}
	parts = append(parts, q.savedTabs(true)...)
	first := q.currentTab()
	w := cells.Width(parts[first])
	lo, hi := first, first+1
	for {
		grew := false
		if hi < len(parts) && w+cells.Width(parts[hi])+2 <= a.w {
			w += cells.Width(parts[hi])
			hi++
			grew = true
		}
		if lo > 0 && w+cells.Width(parts[lo-1])+2 <= a.w {
			lo--
			w += cells.Width(parts[lo])
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
	return pre + a.renderTabs(parts[lo:hi], lo, a.w-cells.Width(pre)-cells.Width(post)) + post
}

func (a *app) renderTabs(parts []string, first, width int) string {
	st := a.e.styles
	var b strings.Builder
	w := 0
	for i, p := range parts {
		switch {
		case first+i == a.lines.currentTab() && a.focus == paneQueue:
			b.WriteString(a.tabPart(p, &st.ActiveTab))
		case first+i == a.lines.currentTab():
			b.WriteString(a.tabPart(p, &st.Bold))
		default:
			b.WriteString(a.tabPart(p, &st.Tab))
		}
		w += cells.Width(p)
	}
	if w < width {
		b.WriteString(a.tabPart(strings.Repeat(" ", width-w), &st.Header))
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
	var b strings.Builder
	a.tabWraps.of(a.e.styles, st).write(&b, text)
	out := b.String()
	a.tabParts[k] = out
	return out
}

// styled is text in style s (one of the app's styles) as s.Render draws
// it, written by the style's sequences (stylewrap.go).
func (a *app) styled(s *lipgloss.Style, text string) string {
	return a.tabWraps.of(a.e.styles, s).render(text)
}

// tabLabel is a built-in view's tab, " Open 12", its name and count: kept,
// like the tabs, as most of them are the same as at the last redraw.
func (a *app) tabLabel(k tabLabelKey) string {
	if l, ok := a.tabLabels[k]; ok {
		return l
	}
	if a.tabLabels == nil || len(a.tabLabels) >= 256 {
		a.tabLabels = map[tabLabelKey]string{} // counts long gone
	}
	n := "…"
	if k.known {
		n = shortCount(k.count)
	}
	name := k.view.String()
	if k.short {
		name = k.view.Short()
	}
	l := " " + name + " " + n
	a.tabLabels[k] = l
	return l
}

type tabLabelKey struct {
	view         caseindex.View
	short, known bool
	count        int
}

type tabPartKey struct {
	text  string
	style *lipgloss.Style
}

// shortCount writes big counts short for the tab line: 987, 12.3k, 1.2M.
func shortCount(n int) string {
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
	text := a.statusText
	if a.imp.running {
		out := a.imp.view(max(min(a.w/3, 40), 0))
		if text != "" && cells.Width(out)+2 < a.w {
			out += "  " + a.styleStatus(fitMessage(text, a.w-cells.Width(out)-2))
		}
		return out
	}
	if text == "" {
		return ""
	}
	return a.styleStatus(fitMessage(text, a.w))
}

func (a *app) styleStatus(text string) string {
	if a.statusErr {
		return a.styled(&a.e.styles.Error, text)
	}
	return a.styled(&a.e.styles.Status, text)
}

// focusedShortHelp is the footer: the focused pane's keys, then the global
// ones; the slice is good until the next call.
func (a *app) focusedShortHelp() []key.Binding {
	if a.cmd.open {
		return a.cmd.shortHelp()
	}
	if a.tagger != nil {
		return tagPickerHelp(false)
	}
	if a.outbox != nil {
		return append(a.outbox.help(), a.keys.Help, a.keys.Command)
	}
	if a.rejected != nil {
		return append(a.rejected.help(), a.keys.Help, a.keys.Command)
	}
	var own []key.Binding
	p := a.focused()
	if p != nil {
		own = p.ShortHelp()
		if p.Capturing() {
			return own // an input takes the global keys as text
		}
	}
	// the footer asks for its keys every frame: they are gathered in the
	// slice of the last frame's, which it is done with (footer)
	ks := append(a.footerLast.asked[:0], own...)
	a.footerLast.asked = append(ks, a.keys.Help, a.keys.Command, a.keys.Quit)
	return a.footerLast.asked
}

func (a *app) focusedHelp() [][]key.Binding {
	var groups [][]key.Binding
	if a.tagger != nil {
		return [][]key.Binding{tagPickerHelp(false)}
	}
	if a.outbox != nil {
		return [][]key.Binding{a.outbox.help(), {a.keys.Help, a.keys.Command, a.keys.ForceQuit}}
	}
	if a.rejected != nil {
		return [][]key.Binding{a.rejected.help(), {a.keys.Help, a.keys.Command, a.keys.ForceQuit}}
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
