package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/x/ansi"
)

// ---- layout ----

// caseLayout is where things go at the pane's size. It depends on the size
// and on whether an input is open, never on the case's data, so the screen
// does not jump when a case loads or changes.
type caseLayout struct {
	wide         bool
	caseW, cardW int
	cardH        int // narrow: card lines above the case
	otherRows    int // rows of the other-cases list
	metaH        int // title and meta lines
	bodyH, lowH  int // details viewport; timeline or input below it
	rules        bool
}

const (
	wideMinWidth = 110
	metaLines    = 5 // title, status, SLA, follow-up, tags
	cardTopWide  = 12
)

func (p *casePane) computeLayout() caseLayout {
	W, H := p.width, p.height
	var l caseLayout
	l.wide = W >= wideMinWidth && H >= 14
	l.caseW = W
	if l.wide {
		l.cardW = min(max(W*3/10, 34), 52)
		l.caseW = W - l.cardW - 1
		l.otherRows = max(H-cardTopWide-1, 0)
	} else if H >= 14 {
		l.otherRows = min(max((H-16)/3, 0), 4)
		l.cardH = 2 + l.otherRows
	} else if H >= 9 {
		l.cardH = 1
	}
	l.metaH = min(metaLines, H)
	rest := H - l.metaH - l.cardH
	if rest <= 0 {
		return l
	}
	l.rules = rest >= 4
	if l.rules {
		rest -= 2
	}
	if p.ed != nil {
		want := p.ed.want(l.caseW)
		l.lowH = min(want, max(rest-1, 0))
		if !l.rules {
			l.lowH = rest
		}
	} else {
		l.lowH = rest * 2 / 5
	}
	l.bodyH = rest - l.lowH
	return l
}

// relayout recomputes the layout and sizes the viewports and the input,
// re-wrapping content only when its width or data changed.
func (p *casePane) relayout() {
	l := p.computeLayout()
	p.lay = l
	p.body.Width, p.body.Height = l.caseW, l.bodyH
	p.timeline.Width, p.timeline.Height = l.caseW, l.lowH
	if p.ed != nil {
		p.ed.setSize(max(l.caseW, 1), max(l.lowH, 1))
	}
	if !p.loaded {
		return
	}
	marks := p.marks()
	// Keyed on what they show, not on the case's version: a save that
	// changes a status leaves the description, the conversation and every
	// event but its own as they were, and they are not wrapped again.
	if p.bodyText.take(&p.c, p.descMore) {
		p.bodyText.rev++
	}
	if !slices.Equal(p.tlShown.events, p.events) {
		p.tlShown.events = p.events
		p.tlShown.rev++
	}
	year := p.now().In(p.loc()).Year() // dates drop the year within it
	mk := marks.Key()
	bk := wrapKey{id: p.c.ID, text: p.bodyText.rev, width: l.caseW, year: year, st: p.e.styles, conv: p.conv.key(), search: mk}
	if bk != p.bodyKey {
		sameCase := bk.id == p.bodyKey.id
		y := p.body.YOffset
		p.bodyLines, p.hits = markHits(p.detailLines(l.caseW), marks, p.e.styles.Match)
		p.detailsDrawn++
		p.hitAt = -1
		setLineCount(&p.body, len(p.bodyLines))
		grew := p.conv.grew()
		switch {
		case sameCase && !grew:
			p.body.SetYOffset(y)
		case len(p.conv.msgs) > 1:
			// the newest message, or the whole conversation when it fits
			y := p.conv.lastAt
			if len(p.bodyLines)-p.conv.at <= p.body.Height {
				y = p.conv.at
			}
			p.body.SetYOffset(y)
		default:
			p.body.GotoTop()
		}
		p.bodyKey = bk
	}
	tk := wrapKey{id: p.c.ID, text: p.tlShown.rev, width: l.caseW, year: year, st: p.e.styles, search: mk}
	if tk != p.tlKey {
		sameCase := tk.id == p.tlKey.id
		y := p.timeline.YOffset
		p.tlLines, p.tlHits = markedTimeline(p.e.styles, p.events, p.loc(), p.now(), l.caseW, marks, &p.tlKept)
		p.hitAt = -1
		setLineCount(&p.timeline, len(p.tlLines))
		if sameCase {
			p.timeline.SetYOffset(y)
		} else {
			p.timeline.GotoTop()
		}
		p.tlKey = tk
	}
	// keep the selected other case in view
	if l.otherRows > 0 {
		p.otherTop = showRow(p.otherSel, p.otherTop, l.otherRows, -1)
	}
}

// setLineCount gives vp n lines of content. The pane draws the lines
// itself (appendShown): the viewport only scrolls over them, and the text
// joined and split again, each line measured, was a cost of every save.
func setLineCount(vp *viewport.Model, n int) {
	vp.SetContent(strings.Repeat("\n", max(n-1, 0)))
}

// detailText is what the details draw of the case itself (detailLines):
// its fields and its description as cut.
type detailText struct {
	fields []model.Field
	body   string
	more   int
	rev    uint64 // counts the changes
}

// take keeps what c shows and reports whether it differs from what was
// kept.
func (t *detailText) take(c *model.Case, more int) bool {
	if slices.Equal(t.fields, c.Fields) && t.body == c.Body && t.more == more {
		return false
	}
	t.fields, t.body, t.more = c.Fields, c.Body, more
	return true
}

// ---- view ----

func (p *casePane) View() string { return strings.Join(p.viewLines(), "\n") }

// viewLines is the pane's drawing by line, kept until what it shows
// moves; the root takes the lines as they are (lineDrawer).
func (p *casePane) viewLines() []string {
	k := caseViewKey{rev: p.rev, now: p.now().Unix(), presence: p.e.presenceRev()}
	return p.memo.get(k, p.draw)
}

func (p *casePane) draw() []string {
	W, H := p.width, p.height
	if W <= 0 || H <= 0 {
		return nil
	}
	l := p.lay
	if p.focus == secOther {
		p.relayoutOthers()
	}
	caseLines := p.caseColumn(l)
	out := make([]string, H)
	if l.wide {
		card := p.cardKept.get(p.cardKey(l), func() []string { p.cardUntil = p.cardClock(); return p.cardWide(l) })
		if p.border.st != p.e.styles {
			p.border.st, p.border.s = p.e.styles, p.styled(&p.e.styles.Border, "│")
		}
		sep := p.border.s
		for i := range out {
			out[i] = p.rowsKept.join(i, p.caseFit.line(i, lineAt(caseLines, i), l.caseW, fitLine), sep, p.cardFit.line(i, lineAt(card, i), l.cardW, fitLine))
		}
	} else {
		for i := range out {
			out[i] = p.caseFit.line(i, lineAt(caseLines, i), W, fitLine)
		}
	}
	return out
}

// cardKey is what the card at layout l shows now.
func (p *casePane) cardKey(l caseLayout) cardKey {
	if p.now().Unix() >= p.cardUntil {
		p.cardTick++
	}
	// The case's own split between its details and the timeline or an
	// editor is not the card's: opening a note leaves the card as it was.
	l.bodyH, l.lowH = 0, 0
	return cardKey{id: p.c.ID, loaded: p.loaded, cust: p.custRev, lay: l, height: p.height, tick: p.cardTick,
		othersFocused: p.focus == secOther && p.ed == nil, otherSel: p.otherSel, otherTop: p.otherTop}
}

func (p *casePane) relayoutOthers() {
	rows := p.lay.otherRows
	if rows <= 0 {
		return
	}
	p.otherTop = showRow(p.otherSel, p.otherTop, rows, -1)
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// fitLine cuts or pads an already styled line to exactly w cells.
func fitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := cells.Width(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = cells.Width(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// caseColumn renders the case (and, when narrow, the card above it) as
// lines of at most l.caseW cells.
func (p *casePane) caseColumn(l caseLayout) []string {
	st := p.e.styles
	W := l.caseW
	// the column's lines are used by draw alone, to fit: one slice
	// serves every frame
	lines := p.column[:0]
	defer func() { p.column = lines[:0] }()
	if !l.wide && l.cardH > 0 {
		card := p.cardKept.get(p.cardKey(l), func() []string { p.cardUntil = p.cardClock(); return p.cardNarrow(l) })
		lines = appendN(lines, card, l.cardH)
	}
	if p.loaded && p.c.ID != 0 {
		note := ""
		if p.c.ID != p.id {
			// keep the last case on screen while the next one loads
			note = fmt.Sprintf("loading case #%d…", p.id)
		}
		lines = p.caseLines(lines, l, note)
		return lines
	}
	var msg string
	switch {
	case p.id == 0:
		msg = "No case open — pick one in the queue."
	case p.loadErr != nil:
		msg = fmt.Sprintf("Could not load case #%d: %s", p.id, errText(p.loadErr))
	default:
		msg = fmt.Sprintf("Loading case #%d…", p.id)
	}
	lines = append(lines, st.Muted.Render(Truncate(msg, W)))
	return lines
}

// caseLines appends the case's lines to lines: its header, details, and
// the timeline or the open editor. Only what moved is drawn again (an
// editor's keys draw the editor): the rest is kept, down to the rules'
// titles and scroll percentages, which were formatted every frame.
func (p *casePane) caseLines(lines []string, l caseLayout, note string) []string {
	W := l.caseW
	if p.now().Unix() >= p.metaUntil {
		p.metaTick++
	}
	mk := metaKey{id: p.c.ID, version: p.c.Version, w: W, note: note, tick: p.metaTick, presence: p.e.presenceRev()}
	if p.play.id == p.c.ID {
		mk.play.at, mk.play.of = p.play.at, p.play.of
	}
	meta := p.metaKept.get(mk, func() []string { p.metaUntil = p.metaClock(); return p.metaLines(W, note) })
	lines = append(lines, meta[:l.metaH]...)
	if l.bodyH <= 0 && l.lowH <= 0 {
		return lines
	}
	if l.rules {
		rk := detailsRight{percent: scrolled(&p.body), hits: p.hitCount(), finding: p.findText != ""}
		right := p.bodyRight.get(rk, rk.text)
		lines = append(lines, p.rule(p.detailsTitle(), right, W, p.focus == secBody && p.ed == nil))
	}
	if l.bodyH > 0 {
		lines = appendShown(lines, p.body, p.bodyLines)
	}
	if p.ed != nil {
		if l.rules {
			lines = append(lines, p.rule(p.ed.title(), "", W, true))
		}
		return appendN(lines, p.ed.view(), l.lowH)
	}
	if l.rules {
		title := p.tlTitle.get(len(p.events), func() string { return fmt.Sprintf("Timeline · %d, newest first", len(p.events)) })
		lines = append(lines, p.rule(title, percentText(scrolled(&p.timeline)), W, p.focus == secTimeline))
	}
	if l.lowH > 0 {
		lines = appendShown(lines, p.timeline, p.tlLines)
	}
	return lines
}

// detailsRight is what the details' rule says on its right: how far they
// are scrolled, and the hits of a find or a search.
type detailsRight struct {
	percent int // -1: all shown
	hits    int
	finding bool
}

func (r detailsRight) text() string {
	right := percentText(r.percent)
	if r.hits > 0 || r.finding {
		how := " (>/<) "
		switch {
		case r.finding && r.hits == 0:
			how = " (esc) "
		case r.finding:
			how = " (n/N) "
		}
		right = strings.TrimSpace(plural(r.hits, "hit") + how + right)
	}
	return right
}

// scrolled is how far vp is scrolled, in percent; -1 when its lines all
// show.
func scrolled(vp *viewport.Model) int {
	if vp.TotalLineCount() > vp.Height && vp.Height > 0 {
		return int(vp.ScrollPercent() * 100)
	}
	return -1
}

// percents are "0%" to "100%", made once: a rule shows one every frame.
var percents = func() (ps [101]string) {
	for i := range ps {
		ps[i] = fmt.Sprintf("%d%%", i)
	}
	return ps
}()

// percentText is n%, "" for -1.
func percentText(n int) string {
	if n < 0 || n >= len(percents) {
		return ""
	}
	return percents[n]
}

// appendShown appends the lines of a viewport scrolled as vp is, its
// content being src: what vp.View shows, without lipgloss laying the
// block out once more (the pane fits every line to its width itself).
func appendShown(lines []string, vp viewport.Model, src []string) []string {
	var shown []string
	if y := max(vp.YOffset, 0); y < len(src) {
		shown = src[y:]
	}
	return appendN(lines, shown, max(vp.Height, 0))
}

// appendN appends exactly n lines of src to lines, blank ones past its end.
func appendN(lines, src []string, n int) []string {
	lines = append(lines, src[:min(n, len(src))]...)
	for range n - min(n, len(src)) {
		lines = append(lines, "")
	}
	return lines
}

// fitLines returns exactly n lines.
func fitLines(lines []string, n int) []string {
	out := make([]string, n)
	copy(out, lines)
	return out
}

// rule is sectionRule, kept: a few rules are drawn again and again.
func (p *casePane) rule(title, right string, w int, focused bool) string {
	k := ruleKey{title, right, w, focused}
	if r, ok := p.rules[k]; ok {
		return r
	}
	if p.rules == nil || len(p.rules) >= 64 {
		p.rules = map[ruleKey]string{} // scroll percentages come and go
	}
	r := sectionRule(p.e.styles, title, right, w, focused)
	p.rules[k] = r
	return r
}

type ruleKey struct {
	title, right string
	w            int
	focused      bool
}

// sectionRule is a section heading across the width; the focused one is marked
// with ▸, so focus reads without colour.
func sectionRule(st *Styles, title, right string, w int, focused bool) string {
	line, mark, style := "─", "  ", st.Muted
	if focused {
		mark, style = "▸ ", st.Title
	}
	left := mark + title + " "
	if right != "" {
		right = " " + right + " "
	}
	fill := w - cells.Width(left) - cells.Width(right) - 1
	if fill < 1 {
		return style.Render(Truncate(mark+title, w))
	}
	return style.Render(left + strings.Repeat(line, fill) + right + line)
}
