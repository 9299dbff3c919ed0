package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// Drawing the heatmap. A cell is its exact number, right-aligned, on a
// background from the sequential Heat palette; without colour (NO_COLOR,
// termenv.Ascii) a shade glyph ░▒▓█ follows the number instead. The cursor
// cell is bracketed, [123], so it shows with or without colour.

const (
	hmLabelHeader = " area / issue"
	sparkGlyphs   = "▁▂▃▄▅▆▇█"
	shadeGlyphs   = "░▒▓█"
	trendWidth    = 7 // " ▲ 123%"
	minLabelW     = 8
	maxLabelW     = 30
)

// hmLayout is where things go at the current size; it depends on the
// window and the shown matrix only, so that "computing…" never moves
// anything.
type hmLayout struct {
	title, header, info, bottom bool
	years                       bool // a line of years above the header
	bodyRows                    int

	labelW, numW, cellW, ncols int
	totalW, sparkN             int // 0: not shown
	sparkW                     int // the sparkline's column, wide enough for its header
	trend                      bool
}

func digits(n int) int { return len(strconv.Itoa(n)) }

func (p *heatmapPane) layout() hmLayout {
	var l hmLayout
	h := p.h
	l.title = h >= 1
	l.bottom = h >= 4 || (p.inputKind != hmNoInput && h >= 2)
	l.header = h >= 3
	l.info = h >= 8
	l.years = l.header && h >= 10 && p.needsYears()
	for _, b := range []bool{l.title, l.bottom, l.header, l.info, l.years} {
		if b {
			h--
		}
	}
	l.bodyRows = max(h, 0)

	m := p.m
	if m == nil {
		return l
	}
	n := len(m.Periods)
	maxCell, maxTotal, widest := 0, 0, cells.Width(hmLabelHeader)-1
	for _, ln := range p.lines {
		for _, c := range ln.row.Counts {
			maxCell = max(maxCell, c)
		}
		maxTotal = max(maxTotal, ln.row.Total)
		widest = max(widest, cells.Width(p.lineLabel(ln, false)))
	}
	l.numW = max(3, digits(maxCell))
	if n > 0 {
		l.numW = max(l.numW, cells.Width(m.Periods[0].ShortLabel()))
	}
	l.cellW = l.numW + 2
	l.labelW = clampInt(widest+2, 12, maxLabelW)
	l.totalW = max(5, digits(maxTotal)) + 1
	l.sparkN = min(report.SparkLen, n)
	l.trend = true

	fit := func() int {
		used := l.labelW + l.totalW + trendW(l.trend)
		if l.sparkN > 0 {
			used += sparkColW(l.sparkN) + 1
		}
		return (p.w - used) / l.cellW
	}
	want := min(n, 3)
	steps := []func(){
		func() { l.labelW = min(l.labelW, 16) },
		func() { l.sparkN = min(l.sparkN, 6) },
		func() { l.sparkN = 0 },
		func() { l.trend = false },
		func() { l.labelW = max(minLabelW, min(l.labelW, p.w/3)) },
		func() { l.totalW = 0 },
		func() { l.labelW = minLabelW },
	}
	for _, step := range steps {
		if fit() >= want {
			break
		}
		step()
	}
	// Room to spare (every period shown, or a dozen of them): the label
	// column grows to show long names whole, up to a quarter of the width.
	for l.labelW < widest+2 && l.labelW < p.w/4 && fit() > min(n, 12) {
		l.labelW++
	}
	l.ncols = clampInt(fit(), 0, n)
	l.sparkW = sparkColW(l.sparkN)
	return l
}

// sparkHeader heads the sparkline of the last n periods.
func sparkHeader(n int) string { return fmt.Sprintf("last %d", n) }

// sparkColW is the sparkline's column: its n periods, or its header when
// that is wider (3 months of data once squeezed it to "la…").
func sparkColW(n int) int {
	if n <= 0 {
		return 0
	}
	return max(n, len(sparkHeader(n)))
}

func trendW(on bool) int {
	if on {
		return trendWidth
	}
	return 0
}

// lineLabel is a row's name: "▾ billing" for an area, "  double-charge"
// under it, "untagged" for the backlog.
func (p *heatmapPane) lineLabel(ln hmLine, expanded bool) string {
	mark, name := p.labelParts(ln, expanded)
	return mark + name
}

// hmLabelsFrom is the width from which rows read by their tags' labels
// ("Incorrect information on your report") rather than their slugs:
// narrower, the slug is what an agent types and searches for.
const hmLabelsFrom = 160

// labelParts is a line's label as its mark ("▾ ", indent) and its name,
// which is what gets cut when the column is narrow.
func (p *heatmapPane) labelParts(ln hmLine, expanded bool) (mark, name string) {
	var label string
	if p.w >= hmLabelsFrom && p.m != nil {
		label = p.m.Labels[ln.key]
	}
	switch ln.kind {
	case hmArea:
		mark = "▸ "
		if expanded {
			mark = "▾ "
		}
		if label != "" {
			return mark, Clean(label)
		}
		return mark, strings.TrimSuffix(ln.key, "/")
	case hmTag:
		if label != "" {
			// Under its area the product is said: the issue is the news.
			if _, issue, ok := strings.Cut(label, " / "); ok && issue != "" {
				label = issue
			}
			return "  ", Clean(label)
		}
		if is := model.TagIssue(ln.key); is != "" {
			return "  ", is
		}
		return "  ", ln.key
	}
	return "", "untagged"
}

// --- the view ---

func (p *heatmapPane) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	lay := p.layout()
	var out []string
	if lay.title {
		out = append(out, p.titleLine())
	}
	body := p.bodyLines(lay)
	out = append(out, body...)
	if lay.info {
		out = append(out, p.infoLine())
	}
	if lay.bottom {
		out = append(out, p.bottomLine())
	}
	for len(out) < p.h {
		out = append(out, "")
	}
	out = out[:p.h]
	for i, l := range out {
		out[i] = padTo(l, p.w)
	}
	return strings.Join(out, "\n")
}

// padTo cuts or pads a styled line to exactly w cells.
func padTo(s string, w int) string {
	sw := cells.Width(s)
	if sw > w {
		return ansi.Truncate(s, w, "")
	}
	return s + strings.Repeat(" ", w-sw)
}

// shown is the spec the numbers on screen come from (the requested one
// before the first result).
func (p *heatmapPane) shown() report.Spec {
	if p.m == nil {
		return p.spec()
	}
	return p.built
}

// titleContext says what the heatmap counts, and its filter (titled).
func (p *heatmapPane) titleContext() string {
	s := p.shown()
	out := fmt.Sprintf("%s per %s", s.Metric.Title(), s.G)
	if f := s.Query.String(); f != "" {
		out += " · filter: " + Clean(f)
	}
	return out
}

func (p *heatmapPane) titleLine() string {
	st := p.e.styles
	s := p.shown()
	title := fmt.Sprintf("Issue heatmap · %s per %s", s.Metric.Title(), s.G)
	var ctx []string
	if p.m != nil && len(p.m.Periods) > 0 {
		ps := p.m.Periods
		ctx = append(ctx, ps[0].Label()+"…"+ps[len(ps)-1].Label())
	}
	ctx = append(ctx, "by "+orderName(p.order))
	if s.From != 0 || s.To != 0 {
		r := "from " + dayOrDots(s.From, 0)
		r += " to " + dayOrDots(s.To, -1)
		ctx = append(ctx, r)
	}
	if f := s.Query.String(); f != "" {
		ctx = append(ctx, "filter: "+Clean(f))
	}
	right := ""
	switch {
	case p.errTxt != "":
		right = st.Error.Render(Truncate(p.errTxt, max(p.w/2, 1)))
	case p.computing && p.m != nil:
		right = st.Muted.Render("computing…")
	}
	left := st.Title.Render(Truncate(title, p.w)) + st.Muted.Render(Truncate(" · "+strings.Join(ctx, " · "), max(p.w-cells.Width(title), 0)))
	lw, rw := cells.Width(left), cells.Width(right)
	if right != "" && lw+rw+1 > p.w {
		left = ansi.Truncate(left, max(p.w-rw-1, 0), "…")
		lw = cells.Width(left)
	}
	if right == "" {
		return left
	}
	return left + strings.Repeat(" ", max(p.w-lw-rw, 1)) + right
}

func dayOrDots(d model.Day, off model.Day) string {
	if d == 0 {
		return "…"
	}
	return (d + off).String()
}

func (p *heatmapPane) bodyLines(lay hmLayout) []string {
	st := p.e.styles
	var out []string
	if lay.years {
		out = append(out, p.yearLine(lay))
	}
	if p.m == nil {
		if lay.header {
			out = append(out, "")
		}
		msg := "computing…"
		if !p.computing && p.errTxt != "" {
			msg = p.errTxt
		}
		if lay.bodyRows > 0 {
			out = append(out, st.Muted.Render(Truncate(msg, p.w)))
		}
		return out
	}
	if len(p.m.Periods) == 0 {
		if lay.header {
			out = append(out, "")
		}
		msg := "No cases yet."
		if !p.shown().Query.Empty() || p.shown().From != 0 || p.shown().To != 0 {
			msg = "No cases match this filter and range."
		}
		if lay.bodyRows > 0 {
			out = append(out, st.Muted.Render(Truncate(msg, p.w)))
		}
		return out
	}
	hp := p.paint()
	if lay.header {
		out = append(out, p.headerLine(lay))
	}
	end := min(p.top+lay.bodyRows, len(p.lines))
	for i := p.top; i < end; i++ {
		out = append(out, p.rowLine(lay, &hp, i))
	}
	for len(out) < lay.bodyRows+boolInt(lay.header)+boolInt(lay.years) {
		out = append(out, "")
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (p *heatmapPane) headerLine(lay hmLayout) string {
	st := p.e.styles
	var b strings.Builder
	b.WriteString(st.Muted.Render(Fit(hmLabelHeader, lay.labelW)))
	borrowed := false // the selected partial period took the next column's leading space
	for j := p.first; j < p.first+lay.ncols; j++ {
		lbl := p.m.Periods[j].ShortLabel()
		lbl = strings.Repeat(" ", max(lay.numW-cells.Width(lbl), 0)) + lbl
		if borrowed {
			borrowed = false
			if j != p.col {
				// the next column's leading space was used by the "*"
				mark := " "
				if p.m.Partial(j) {
					mark = "*"
				}
				b.WriteString(st.Muted.Render(lbl + mark))
				continue
			}
		}
		switch {
		case j == p.col && p.m.Partial(j):
			// Selected and partial: the "*" stays ([W50*]), in the
			// label's padding or else in the next column's leading space.
			switch {
			case strings.HasPrefix(lbl, " "):
				b.WriteString(st.Bold.Render("[" + lbl[1:] + "*]"))
			case j+1 < p.first+lay.ncols || lay.totalW > 0:
				b.WriteString(st.Bold.Render("[" + lbl + "*]"))
				borrowed = true
			default:
				b.WriteString(st.Bold.Render("[" + lbl + "*"))
			}
		case j == p.col:
			b.WriteString(st.Bold.Render("[" + lbl + "]"))
		case p.m.Partial(j):
			// not wholly counted (under way, or cut by the range): it is
			// left out of trends, and marked so a low count is not read
			// as a drop
			b.WriteString(st.Muted.Render(" " + lbl + "*"))
		default:
			b.WriteString(st.Muted.Render(" " + lbl + " "))
		}
	}
	if lay.totalW > 0 {
		b.WriteString(st.Muted.Render(fmt.Sprintf("%*s", lay.totalW-boolInt(borrowed), "total")))
	}
	if lay.sparkN > 0 {
		b.WriteString(st.Muted.Render(" " + Fit(sparkHeader(lay.sparkN), lay.sparkW)))
	}
	if lay.trend {
		b.WriteString(st.Muted.Render(fmt.Sprintf("%*s", trendWidth, "trend")))
	}
	return b.String()
}

// visibleSiblings are the names of the rows on screen beside row i that a
// reader tells it apart from: the other areas, or the other tags of its
// area.
func (p *heatmapPane) visibleSiblings(lay hmLayout, i int) []string {
	ln := p.lines[i]
	var names []string
	for j := p.top; j < min(p.top+lay.bodyRows, len(p.lines)); j++ {
		o := p.lines[j]
		if j == i || o.kind != ln.kind || ln.kind == hmTag && model.TagArea(o.key) != model.TagArea(ln.key) {
			continue
		}
		_, name := p.labelParts(o, false)
		names = append(names, name)
	}
	return names
}

func (p *heatmapPane) rowLine(lay hmLayout, hp *heatPaint, i int) string {
	st := p.e.styles
	ln := p.lines[i]
	cursor := i == p.cur
	var b strings.Builder
	mark := " "
	if cursor {
		mark = "›"
	}
	lm, name := p.labelParts(ln, p.isExpanded(ln.key))
	lm = mark + lm
	room := lay.labelW - 1 - cells.Width(lm)
	var siblings []string
	if cells.Width(name) > room { // only a cut name can read like a sibling's
		siblings = p.visibleSiblings(lay, i)
	}
	label := Fit(lm+TruncateApart(name, siblings, room), lay.labelW-1) + " "
	switch {
	case cursor:
		label = st.Selected.Render(label)
	case ln.kind == hmArea:
		label = st.Bold.Render(label)
	case ln.kind == hmUntagged:
		label = st.Muted.Render(label)
	}
	b.WriteString(label)
	for j := p.first; j < p.first+lay.ncols; j++ {
		b.WriteString(hp.cell(ln.row.Counts[j], lay.numW, cursor && j == p.col))
	}
	if lay.totalW > 0 {
		t := fmt.Sprintf("%*d", lay.totalW, ln.row.Total)
		if ln.kind == hmArea || cursor {
			t = st.Bold.Render(t)
		}
		b.WriteString(t)
	}
	if lay.sparkN > 0 {
		b.WriteString(" " + st.Tag.Render(spark(ln.row.Spark, lay.sparkN)) + strings.Repeat(" ", lay.sparkW-lay.sparkN))
	}
	if lay.trend {
		b.WriteString(p.trendStyled(ln.row.Trend, trendWidth))
	}
	return b.String()
}

// infoLine spells out the cursor's cell, so any number can be checked and
// read without a legend: "billing/refund · 2026-W47 (2026-11-16 – 11-22):
// 42 cases · row total 310 · last 4: 120 vs 98 before".
func (p *heatmapPane) infoLine() string {
	st := p.e.styles
	if p.m == nil || len(p.lines) == 0 || len(p.m.Periods) == 0 {
		return ""
	}
	ln := p.lines[p.cur]
	per := p.m.Periods[p.col]
	name := ln.key
	switch ln.kind {
	case hmArea:
		name = strings.TrimSuffix(ln.key, "/") + " (area)"
	case hmUntagged:
		name = "untagged (backlog)"
	}
	lo, hi := max(per.Start, p.m.From), min(per.End, p.m.To)-1
	span := lo.String()
	if hi > lo {
		span += "…" + hi.String()
	}
	c := ln.row.Counts[p.col]
	t := ln.row.Trend
	what := p.m.Metric.Title()
	if c == 1 {
		what = strings.TrimSuffix(what, "s")
	}
	total := fmt.Sprintf("row total %d", ln.row.Total)
	if p.m.Metric.Distinct() {
		total = fmt.Sprintf("%d over the range (each once)", ln.row.Total)
	}
	s := fmt.Sprintf("%s · %s: %d %s · %s", Clean(name), per.Label(), c, what, total)
	if w := p.m.TrendPeriods(); w > 0 {
		s += fmt.Sprintf(" · last %d %ss %d vs %d before", w, p.m.G, t.Last, t.Prev)
	}
	if today := model.DayOf(p.e.now()); per.Contains(today) && per.End-1 > today {
		span += " (in progress, partial)"
	} else if p.m.Partial(p.col) {
		span += " (partial: the range cuts it)"
	}
	s += " · " + span
	return st.Bold.Render(Truncate(s, p.w))
}

// bottomLine is the open input, else the legend.
func (p *heatmapPane) bottomLine() string {
	st := p.e.styles
	if p.inputKind != hmNoInput {
		return inputView(p.input, p.w, st)
	}
	if p.m == nil || len(p.m.Periods) == 0 {
		return ""
	}
	hp := p.paint()
	label := st.Muted.Render("legend ")
	l := hp.legend(st, p.w-7)
	if cells.Width(l) > p.w-7 {
		return hp.legend(st, p.w)
	}
	if p.m.Partial(0) || p.m.Partial(len(p.m.Periods)-1) {
		if note := "* partial " + p.m.G.String() + ", not in trends"; cells.Width(l)+7+3+cells.Width(note) <= p.w {
			l += st.Muted.Render(" · " + note)
		}
	}
	// Customer metrics: a total is not the sum of its cells; say so
	// where there is room.
	if note := p.m.Metric.TotalNote(p.m.G); note != "" {
		if cells.Width(l)+7+3+cells.Width(note) <= p.w {
			l += st.Muted.Render(" · " + note)
		}
	}
	return label + l
}

// needsYears reports whether the columns need their years said: the
// matrix crosses a year or lies outside the current one, so that "Oct Nov
// Dec Jan" on a 2019 range does not read as this winter.
func (p *heatmapPane) needsYears() bool {
	if p.m == nil || len(p.m.Periods) == 0 {
		return false
	}
	ps := p.m.Periods
	cur := model.PeriodOf(p.m.G, model.DayOf(p.e.now())).Year()
	return ps[0].Year() != cur || ps[len(ps)-1].Year() != cur
}

// yearLine puts each visible column's year above it where the year
// starts: over the first column and wherever a new year begins. Column
// widths stay as they are.
func (p *heatmapPane) yearLine(lay hmLayout) string {
	if p.m == nil || len(p.m.Periods) == 0 {
		return ""
	}
	line := []rune(strings.Repeat(" ", p.w))
	free := lay.labelW // the first cell free of text
	for j := p.first; j < p.first+lay.ncols && j < len(p.m.Periods); j++ {
		y := p.m.Periods[j].Year()
		if j != p.first && y == p.m.Periods[j-1].Year() {
			continue
		}
		at := lay.labelW + (j-p.first)*lay.cellW + 1
		txt := []rune(strconv.Itoa(y))
		if at < free || at+len(txt) > len(line) {
			continue
		}
		copy(line[at:], txt)
		free = at + len(txt) + 1
	}
	return p.e.styles.Muted.Render(strings.TrimRight(string(line), " "))
}
