package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

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
		// a blank column, then the border: the list's last column (the
		// SLA clock) must not run into it
		pw := min(max(q.w*35/100, 40), 72)
		listW = q.w - pw - 2
		side = q.drawPreview(pw, q.h)
	}
	lines := make([]string, 0, q.h)
	if q.chromeLines() >= 1 {
		lines = append(lines, q.drawInfo(listW))
	}
	ck := columnsKey{w: listW, slaW: q.slaWidth()}
	cols := q.columns.get(ck, func() []column { return layoutColumns(ck.w, ck.slaW) })
	if q.chromeLines() >= 2 {
		lines = append(lines, q.titles.get(ck, func() string { return q.titleLine(cols, listW) }))
	}
	rows := q.rowsVisible()
	snap, list := q.ix.Snapshot(), q.ix.List()
	switch {
	case snap == nil && q.ix.LoadErr() != nil:
		lines = append(lines, q.e.styles.Error.Render(Truncate("cannot read the queue: "+errText(q.ix.LoadErr()), listW)))
	case snap == nil:
		lines = append(lines, q.e.styles.Muted.Render(Truncate("loading cases…", listW)))
	case len(list) == 0:
		for _, l := range wrapText(q.emptyText(), max(listW, 1)) {
			lines = append(lines, q.e.styles.Muted.Render(Truncate(l, listW)))
		}
	default:
		now := q.e.now().Unix()
		hl := q.ix.Highlighter()
		for i := q.top; i < len(list) && i < q.top+rows; i++ {
			lines = append(lines, q.drawRow(snap, cols, listW, snap.At(list[i]), i == q.cursor, now, hl))
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
			if pad := listW + 1 - cells.Width(l); pad > 0 {
				l += strings.Repeat(" ", pad)
			}
			s := ""
			if i < len(side) {
				s = side[i]
			}
			lines[i] = l + bar + s
		}
	}
	return q.shown.join(lines)
}

func (q *queuePane) emptyText() string {
	switch query := q.ix.Query(); {
	case q.ix.Searching():
		return "searching…"
	case q.ix.Scope() != "" && query != "":
		return "No case of " + q.title + " (" + q.ix.Scope() + ") matches " + strconv.Quote(query) + "."
	case q.ix.Scope() != "":
		return "No case matches " + q.title + " (" + q.ix.Scope() + ")."
	case query != "":
		return "No case matches " + strconv.Quote(query) + "."
	case q.ix.Snapshot() != nil && !q.ix.Complete():
		return "No open cases on the first page; loading the rest…"
	case q.ix.Complete() && q.ix.Snapshot().Len() == 0:
		// A new database: say how to fill it.
		return "No cases yet. Press i (or :import FILE) to import a CSV or JSON lines file, an mbox file or a Maildir; or try the demo: caredesk demo."
	}
	return "No cases in " + q.ix.View().String() + "."
}

// infoLine is the search input, or the view's sort, position and marks.
func (q *queuePane) infoLine(w int) string {
	st := q.e.styles
	if q.searching {
		matches, matchesNow := q.ix.Matches()
		right := ""
		switch {
		case q.ix.QueryErr() != "":
			// As much as the query leaves: "no field colour (fields: …)"
			// is read for its list.
			right = st.Error.Render(" " + Truncate(q.ix.QueryErr(), max(w-cells.Width(q.input.Value())-6, w/2, 1)))
		case q.ix.Searched() && matchesNow && q.ix.NearMatches():
			// Not the query's count (report --filter says 0): the typo
			// fallback's, said as such.
			right = st.Muted.Render(" no exact match · " + strconv.Itoa(matches) + " one typo away")
		case q.ix.Searched() && matchesNow && q.outsideNote() != "":
			right = st.Muted.Render(" " + q.outsideNote())
		case q.ix.Searched() && matchesNow:
			right = st.Muted.Render(" " + counted(matches, "match", "matches") + q.ofTheView())
		case q.ix.Searched():
			right = st.Muted.Render(" …")
		}
		rw := cells.Width(right)
		if rw >= w {
			right, rw = "", 0
		}
		left := q.searchInput(w-rw, st)
		if cells.Width(left) > w-rw {
			left = ansi.Truncate(left, w-rw, "")
		}
		return left + right
	}
	var parts []string
	if q.ix.Searched() {
		what := "search: " + q.ix.Query()
		if q.title != "" {
			what = q.title
			if words := q.narrowing(); words != "" { // narrowed with /: say by what
				what += " · search: " + words
			}
		}
		parts = append(parts, what)
	}
	parts = append(parts, "sort: "+q.ix.Sort().String())
	if n := len(q.ix.List()); n > 0 {
		parts = append(parts, fmt.Sprintf("%s/%s", withThousands(q.cursor+1), withThousands(n)))
	}
	if len(q.marks) > 0 {
		parts = append(parts, fmt.Sprintf("%d marked", len(q.marks)))
	}
	if q.ix.Loading() {
		parts = append(parts, "loading…")
	}
	if qErr := q.ix.QueryErr(); qErr != "" {
		return st.Error.Render(Truncate(qErr, w))
	}
	return st.Muted.Render(Truncate(strings.Join(parts, " · "), w))
}

// withThousands writes a count of 10,000 or more with thousands separators.
func withThousands(n int) string {
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
func layoutColumns(width, slaW int) []column {
	fixed := map[colID]int{colGutter: 2, colPrio: 8, colStatus: 8, colAge: 4, colChannel: 8, colAssignee: 10, colSLA: slaW}
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
	st   *lipgloss.Style // one of the session's Styles, kept by address (stylewrap.go)
}

func (q *queuePane) renderRow(s *caseindex.Snapshot, cols []column, w int, r *caseindex.Row, selected bool, now int64, hl caseindex.Highlighter) string {
	st := q.e.styles
	marked := q.marks[r.ID()]
	var subjHits, custHits, tagHits []int
	if !hl.Empty() {
		subjHits, custHits, tagHits = hl.Row(s, r)
	}
	var segs []seg
	plain := &st.Plain
	add := func(text string, style *lipgloss.Style) { segs = append(segs, seg{text, style}) }
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
			add(g, &st.Bold)
			add(m, &st.Marked)
		case colPrio:
			p := r.Priority().Or(model.PriorityNormal)
			text := p.Symbol() + " " + p.String()
			if c.w < 3 {
				text = p.Symbol()
			}
			add(Fit(text, c.w), q.wraps.priority(st, p.String()))
		case colStatus:
			add(Fit(r.Status().String(), c.w), plain)
		case colAge:
			add(Fit(ageText(time.Duration(now-r.Created().Unix())*time.Second), c.w), &st.Muted)
		case colChannel:
			add(Fit(s.Channel(r), c.w), &st.Muted)
		case colCustomer:
			segs = appendHighlighted(segs, s.CustomerName(r), c.w, custHits, plain, &st.Match)
		case colSubject:
			segs = appendHighlighted(segs, r.Subject(), c.w, subjHits, plain, &st.Match)
		case colTags:
			segs = appendHighlighted(segs, strings.Join(s.Tags(r), " "), c.w, tagHits, &st.Tag, &st.Match)
		case colAssignee:
			who := s.Assignee(r)
			if who == "" {
				add(Fit("—", c.w), &st.Muted)
			} else {
				add(Fit(who, c.w), plain)
			}
		case colSLA:
			text, style := q.slaCell(s, r, now)
			add(Fit(text, c.w), style)
		}
	}
	var b strings.Builder
	width := 0
	for _, sg := range segs {
		if sg.text == "" {
			continue
		}
		sw := cells.Width(sg.text)
		if width+sw > w {
			sg.text = ansi.Truncate(sg.text, w-width, "")
			sw = cells.Width(sg.text)
		}
		if selected && (sg.st == &st.Muted || strings.TrimSpace(sg.text) == "") {
			// an empty cell (no tags, no SLA clock) and a muted one (age,
			// channel, no assignee) are the selection's plain bar, not a
			// bar of their column's colour: muted reversed drew them on a
			// darker grey, boxes in the bar
			b.WriteString(st.Selected.Render(sg.text))
		} else if selected {
			b.WriteString(sg.st.Reverse(true).Render(sg.text))
		} else {
			q.wraps.of(st, sg.st).write(&b, sg.text)
		}
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

func (q *queuePane) slaCell(s *caseindex.Snapshot, r *caseindex.Row, now int64) (string, *lipgloss.Style) {
	st := q.e.styles
	state := s.SLAState(r, now)
	d := time.Duration(r.Due().Unix()-now) * time.Second
	text, team := q.teamClockText(s, r, now) // a team's case names its clock
	switch state {
	case model.SLAOverdue:
		if !team {
			text = state.Symbol() + " overdue " + model.FormatAge(d)
		}
		return text, &st.SLAOverdue
	case model.SLADueSoon:
		if !team {
			text = state.Symbol() + " due " + model.FormatAge(d)
		}
		return text, &st.SLASoon
	case model.SLAOK:
		if !team {
			text = state.Symbol() + " due " + model.FormatAge(d)
		}
		return text, &st.SLAOK
	}
	return "", &st.Muted
}

// appendHighlighted cuts clean text to w cells and styles the characters
// at the byte offsets in hits with hl.
func appendHighlighted(segs []seg, text string, w int, hits []int, base, hl *lipgloss.Style) []seg {
	cut := Fit(text, w)
	if len(hits) == 0 {
		return append(segs, seg{cut, base})
	}
	// Fit keeps a prefix of the clean text, then "…" when it cut; hits
	// past the prefix are not shown.
	keep := len(text)
	if cells.Width(text) > w {
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
	s := q.ix.Snapshot()
	if ri, ok := s.Find(c.ID); ok {
		row := s.At(ri)
		who := s.CustomerName(row)
		if email := s.CustomerEmail(row); email != "" && email != who {
			who += " <" + email + ">"
		}
		if who != "" {
			addWrapped(who, st.Muted, 2)
		}
	}
	meta := fmt.Sprintf("%s · %s · %s · %s", c.Priority.Or(model.PriorityNormal), c.Status, c.Channel, shortID(c.ExternalID))
	addWrapped(meta, st.Muted, 2)
	if len(c.Tags) > 0 {
		addWrapped(strings.Join(c.Tags, " "), st.Tag, 2)
	}
	out = append(out, "")
	// What h lines of w cells can show, not the whole text: this runs
	// every frame.
	addWrapped(CleanBlock(textHead(c.Body, 4*w*h)), q.e.styles.Plain, h)
	if len(out) > h {
		out = out[:h]
	}
	return out
}
