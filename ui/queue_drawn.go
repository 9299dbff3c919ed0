package ui

import (
	"strings"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// The queue's rows as last drawn. On a team server the queue on screen is
// drawn again after every frame of other agents' saves, and most saves
// are of cases out of sight: a row whose case, place under the cursor,
// mark and clock texts are as they were is not styled again, and a list
// whose every line is as it was is the same drawing (so Bubble Tea's
// renderer, which skips a frame equal to the last, writes nothing).

// drawnRow is one row's drawing, what it was drawn from, and until when
// its clock texts (age, SLA) read the same.
type drawnRow struct {
	key   rowKey
	line  string
	until int64
}

// rowKey is everything a row shows but the clock: the row itself, the
// texts it refers to (interned strings and tag sets, which are never
// changed in place), the cursor and mark, the SLA state, and the
// columns' widths.
type rowKey struct {
	row                 caseindex.Row
	cust, who, ch, team string
	tags                *string
	ntags               int
	selected, marked    bool
	state               model.SLAState
	width, slaW         int
}

// drawRow is renderRow, kept by case while what the row shows is the
// same. A search's marks are drawn afresh (they follow the typing).
func (q *queuePane) drawRow(s *caseindex.Snapshot, cols []column, w int, r *caseindex.Row, selected bool, now int64, hl caseindex.Highlighter) string {
	if !hl.Empty() {
		return q.renderRow(s, cols, w, r, selected, now, hl)
	}
	tags := s.Tags(r)
	var first *string
	if len(tags) > 0 {
		first = &tags[0]
	}
	k := rowKey{row: *r, cust: s.CustomerName(r), who: s.Assignee(r), ch: s.Channel(r), team: s.Team(r),
		tags: first, ntags: len(tags), selected: selected, marked: q.marks[r.ID()], state: s.SLAState(r, now),
		width: w, slaW: q.slaWidth()}
	if d, ok := q.drawn[r.ID()]; ok && d.key == k && now < d.until {
		return d.line
	}
	line := q.renderRow(s, cols, w, r, selected, now, hl)
	q.rowsStyled++
	if q.drawn == nil || len(q.drawn) > 4*q.rowsVisible()+64 {
		q.drawn = map[model.CaseID]drawnRow{} // rows long scrolled away
	}
	until := min(ageChanges(now, r.Created().Unix()), ageChanges(now, r.Due().Unix()))
	q.drawn[r.ID()] = drawnRow{key: k, line: line, until: until}
	return line
}

// ageChanges is the first second after now (unix seconds) at which
// model.FormatAge of the time between now and t may read differently:
// seconds under a minute, minutes under an hour, and above that only
// ever at a whole hour from t (days, weeks, years and the 48-hour and
// 6-day turns of the SLA column are whole hours too).
func ageChanges(now, t int64) int64 {
	d := now - t
	if d < 0 {
		d = -d
	}
	unit := int64(3600)
	switch {
	case d < 60:
		unit = 1
	case d < 3600:
		unit = 60
	}
	if t <= now { // the distance grows
		return now + unit - d%unit
	}
	return now + d%unit + 1 // it shrinks, and turns at each whole unit
}

// drawnList is the list's lines as last joined.
type drawnList struct {
	lines []string
	out   string
}

// join is lines joined by newlines: the last drawing itself when every
// line is as it was.
func (d *drawnList) join(lines []string) string {
	if len(lines) == len(d.lines) {
		same := true
		for i := range lines {
			if lines[i] != d.lines[i] {
				same = false
				break
			}
		}
		if same {
			return d.out
		}
	}
	d.lines = append(d.lines[:0], lines...)
	d.out = strings.Join(lines, "\n")
	return d.out
}

// previewKey is everything the preview shows: the case read for it (a
// new read is a new pointer), the customer as the index has it, the size.
type previewKey struct {
	c          *model.Case
	err        string
	sel        model.CaseID
	w, h       int
	who, email string
}

// drawPreview is previewLines, kept while what it shows is the same: it
// wraps the case's body, far too much work for every frame.
func (q *queuePane) drawPreview(w, h int) []string {
	k := previewKey{c: q.prevCase, err: q.prevErr, sel: q.sel, w: w, h: h}
	if s, c := q.ix.Snapshot(), q.prevCase; s != nil && c != nil {
		if ri, ok := s.Find(c.ID); ok {
			k.who, k.email = s.CustomerName(s.At(ri)), s.CustomerEmail(s.At(ri))
		}
	}
	return q.previewed.get(k, func() []string { return q.previewLines(w, h) })
}

// columnsKey is what the columns and their titles are laid out for.
type columnsKey struct{ w, slaW int }

// infoKey is everything the info line shows when no search is typed.
type infoKey struct {
	scope, query, title, qErr string
	sort                      caseindex.Sort
	cursor, n, marks          int
	loading                   bool
	w                         int
}

// drawInfo is infoLine, kept while what it shows is the same (the search
// input, while typed, is drawn afresh).
func (q *queuePane) drawInfo(w int) string {
	if q.searching {
		return q.infoLine(w)
	}
	k := infoKey{scope: q.ix.Scope(), query: q.ix.Query(), title: q.title, qErr: q.ix.QueryErr(), sort: q.ix.Sort(),
		cursor: q.cursor, n: len(q.ix.List()), marks: len(q.marks), loading: q.ix.Loading(), w: w}
	return q.info.get(k, func() string { return q.infoLine(w) })
}
