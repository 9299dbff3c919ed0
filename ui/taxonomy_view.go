package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// --- view ---

func (p *taxonomyPane) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	var out []string
	out = append(out, p.titleLine())
	if p.h >= 3 {
		switch {
		case p.inputKind == taxPick:
			out = append(out, p.pickLines()...)
		case p.inputKind == taxConfirm && p.pendingArea != nil:
			out = append(out, p.areaLines(p.pendingArea)...)
		case p.mode == taxDups:
			out = append(out, p.dupsLines()...)
		default:
			out = append(out, p.listLines()...)
		}
	}
	for len(out) < p.h-1 {
		out = append(out, "")
	}
	if bl := p.bottomLines(); p.h > len(bl) {
		out = append(out[:p.h-len(bl)], bl...)
	} else if p.h >= 2 {
		out = append(out[:p.h-1], bl[len(bl)-1])
	}
	out = out[:p.h]
	for i, l := range out {
		out[i] = padTo(l, p.w)
	}
	return strings.Join(out, "\n")
}

// titleContext counts the tags listed (titled).
func (p *taxonomyPane) titleContext() string {
	switch {
	case !p.loaded:
		return "tags"
	case p.filter != "":
		return fmt.Sprintf("%d of %s", len(p.shown), plural(len(p.tags), "tag"))
	}
	return plural(len(p.tags), "tag")
}

func (p *taxonomyPane) titleLine() string {
	st := p.e.styles
	retired := 0
	for _, t := range p.tags {
		if t.Retired {
			retired++
		}
	}
	title := "Tag taxonomy"
	ctx := fmt.Sprintf(" · %s · %d retired · %s (d)", plural(len(p.tags), "tag"), retired, plural(len(p.dups), "near-duplicate pair"))
	if p.mode == taxDups {
		title = "Near duplicates"
		ctx = fmt.Sprintf(" · %s · enter merges the left tag into the right one, R swaps", plural(len(p.dups), "pair"))
	}
	if p.filter != "" && p.mode == taxList {
		ctx += " · filter: " + Clean(p.filter)
	}
	right := ""
	switch {
	case p.errTxt != "":
		right = st.Error.Render(Truncate(p.errTxt, max(p.w/2, 1)))
	case p.busy:
		right = st.Muted.Render("writing…")
	case p.loading && p.loaded:
		right = st.Muted.Render("loading…")
	}
	left := st.Title.Render(Truncate(title, p.w)) + st.Muted.Render(Truncate(ctx, max(p.w-cells.Width(title), 0)))
	if right == "" {
		return left
	}
	lw, rw := cells.Width(left), cells.Width(right)
	if lw+rw+1 > p.w {
		left = ansi.Truncate(left, max(p.w-rw-1, 0), "…")
		lw = cells.Width(left)
	}
	return left + strings.Repeat(" ", max(p.w-lw-rw, 1)) + right
}

// taxCols sizes the list: the tag column is as wide as the longest tag
// needs, so that its numbers stand beside it on a wide screen, and takes
// no more than the numbers leave; from 120 columns, when some tag has a
// label, the labels take the rest.
func (p *taxonomyPane) taxCols() (tagW, labelW int, showDates bool) {
	fixed := 2 + 7 // marker, cases
	dates := 12 + 12 + 8
	showDates = p.w-fixed-dates >= 16
	if showDates {
		fixed += dates
	} else {
		fixed += 8 // retired flag
	}
	tagW = clampInt(p.tagColW(), 4, p.w-fixed)
	if p.w < 120 || !p.labelled {
		return tagW, 0, showDates
	}
	rest := p.w - fixed - 2
	tagW = clampInt(p.tagColW(), 16, rest*11/20)
	return tagW, rest - tagW, showDates
}

// minTagCol is the narrowest tag column: the width an 80-column screen
// gives it, so columns do not jump as tags come and go.
const minTagCol = 40

func (p *taxonomyPane) tagColW() int { return max(p.widestTag+2, minTagCol) }

func dayText(d int32, cases int) string {
	if d == 0 && cases == 0 {
		return "—"
	}
	return model.Day(d).String()
}

func (p *taxonomyPane) listLines() []string {
	st := p.e.styles
	if !p.loaded {
		return []string{"", st.Muted.Render("loading…")}
	}
	tagW, labelW, dates := p.taxCols()
	hdr := "  " + Fit("TAG", tagW) + fmt.Sprintf("%7s", "CASES")
	if dates {
		hdr += fmt.Sprintf("  %-10s  %-10s", "FIRST USED", "LAST USED")
	}
	if labelW > 0 {
		hdr += "  " + Fit("LABEL", labelW)
	}
	out := []string{st.Muted.Render(hdr)}
	if len(p.shown) == 0 {
		msg := "No tags yet: agents create them by tagging cases."
		if p.filter != "" {
			msg = "No tag matches " + Clean(p.filter) + "."
		}
		return append(out, st.Muted.Render(msg))
	}
	end := min(p.top+p.bodyRows(), len(p.shown))
	for i := p.top; i < end; i++ {
		t := p.tags[p.shown[i]]
		mark := "  "
		if i == p.cur {
			mark = "› "
		}
		line := mark + Fit(TruncateMiddle(Clean(t.Tag), tagW), tagW) + fmt.Sprintf("%7d", t.Cases)
		if dates {
			line += fmt.Sprintf("  %-10s  %-10s", dayText(t.FirstUsed, t.Cases), dayText(t.LastUsed, t.Cases))
		}
		if labelW > 0 {
			line += "  " + Fit(TruncateMiddle(Clean(t.Label), labelW), labelW)
		}
		if t.Retired {
			line += " retired"
		}
		switch {
		case i == p.cur:
			line = st.Selected.Render(line)
		case t.Retired:
			line = st.Muted.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func (p *taxonomyPane) dupsLines() []string {
	st := p.e.styles
	if len(p.dups) == 0 {
		return []string{"", st.Muted.Render("No near duplicates: every tag looks like its own issue.")}
	}
	// from (n)  →  to (m)   reason
	// The names come first: a cut name cannot be told from its double.
	// The reason is kept whole; the names share the rest and lose their
	// middles when cut, so that what tells a pair apart stays in sight.
	need, why := 6, 3
	for _, d := range p.dups {
		need = max(need, cells.Width(Clean(d.from)), cells.Width(Clean(d.to)))
		why = max(why, cells.Width(d.reason))
	}
	avail := p.w - 2 - 7 - 3 - 7 - 2 - why
	half := clampInt(need, 1, max(avail/2, 1))
	out := []string{st.Muted.Render("  " + Fit("MERGE", half+7) + "   " + Fit("INTO", half+7) + "  WHY")}
	end := min(p.dtop+p.bodyRows(), len(p.dups))
	for i := p.dtop; i < end; i++ {
		d := p.dups[i]
		mark := "  "
		if i == p.dcur {
			mark = "› "
		}
		line := mark + Fit(TruncateMiddle(d.from, half), half) + fmt.Sprintf(" %6d", p.casesOf(d.from)) + " → " +
			Fit(TruncateMiddle(d.to, half), half) + fmt.Sprintf(" %6d", p.casesOf(d.to)) + "  " + d.reason
		if i == p.dcur {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func (p *taxonomyPane) pickLines() []string {
	st := p.e.styles
	out := []string{st.Muted.Render(fmt.Sprintf("  merge %s (%s) into the tag chosen below; its cases move there", Clean(p.curTag), plural(p.casesOf(p.curTag), "case")))}
	if len(p.pick) == 0 {
		return append(out, st.Muted.Render("  no tag matches"))
	}
	rows := p.bodyRows()
	top := clampInt(p.pcur-rows+1, 0, len(p.pick))
	end := min(top+rows, len(p.pick))
	for i := top; i < end; i++ {
		t := p.tags[p.pick[i]]
		mark := "  "
		if i == p.pcur {
			mark = "› "
		}
		line := mark + Fit(t.Tag, clampInt(p.tagColW(), 4, p.w-12)) + fmt.Sprintf("%7d", t.Cases)
		if i == p.pcur {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

// bottomLines are the pane's last line, or two for a question that does
// not fit on one: the tags a merge or an area move names are what the
// lead says y to, so they are never cut (new-user finding: "merge
// delivery…g-address (61 cases) into …? No undo." at 80 columns).
func (p *taxonomyPane) bottomLines() []string {
	if p.inputKind != taxConfirm {
		return []string{p.bottomLine()}
	}
	q := ""
	switch op := p.pending; {
	case p.pendingArea != nil:
		q = p.pendingArea.question()
	case op.retire != nil:
		q = fmt.Sprintf("retire %s (%s)? Agents can no longer add it; its cases keep it. y/n",
			op.from, plural(p.casesOf(op.from), "case"))
	default:
		q = fmt.Sprintf("merge %s (%s) into %s (%s)? No undo. y/n",
			op.from, plural(p.casesOf(op.from), "case"), op.to, plural(p.casesOf(op.to), "case"))
	}
	n := 1
	if p.h >= 4 {
		n = 2
	}
	ls := wrapMessage(q, p.w, n)
	for i, l := range ls {
		ls[i] = p.e.styles.Warning.Render(l)
	}
	return ls
}

func (p *taxonomyPane) bottomLine() string {
	st := p.e.styles
	switch p.inputKind {
	case taxNoInput:
		if t, ok := p.current(); ok && p.mode == taxList {
			about := fmt.Sprintf(": %s, added by agents %s", plural(t.Cases, "case"), counted(t.Uses, "time", "times"))
			name := Clean(t.Tag)
			if _, labelW, _ := p.taxCols(); t.Label != "" && labelW == 0 {
				// No label column: the current tag's label is said here,
				// losing its middle rather than the issue at its end.
				name = "“" + TruncateMiddle(t.Label, max(p.w-cells.Width(about)-2, 12)) + "”"
			}
			return st.Muted.Render(fitMessage(name+about, p.w))
		}
		return ""
	}
	return inputView(p.input, p.w, st)
}
