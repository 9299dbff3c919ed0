package ui

import (
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// helpView draws key help with bubbles/help: one line of the focused
// pane's main keys in the footer, and with ? every key of the focused pane
// and the global ones in the pane's place.
type helpView struct {
	m help.Model
}

func newHelpView(st *Styles) helpView {
	m := help.New()
	m.Styles.ShortKey = st.Bold
	m.Styles.ShortDesc = st.Footer
	m.Styles.ShortSeparator = st.Footer
	m.Styles.Ellipsis = st.Footer
	m.Styles.FullKey = st.Bold
	m.Styles.FullDesc = st.Footer
	m.Styles.FullSeparator = st.Footer
	return helpView{m: m}
}

// short is the footer line: as many keys as fit whole, then "…" when some
// did not and it fits (a key shown is worth more than the mark). (bubbles/help adds the key that does not fit when its "…" does
// not fit either; cutting the line then left a dangling "• t tags •".)
// Keys among pins (? help, q quit) are kept at the right end when the
// line is too long, the others trimmed before them with "…": at 80
// columns the case, heatmap and tags panes lost "? help", the one key a
// newcomer needs. A pin goes only when it alone does not fit, the last
// first.
func (h helpView) short(ks []key.Binding, w int, pins ...key.Binding) string {
	st := h.m.Styles
	sep := st.ShortSeparator.Inline(true).Render(h.m.ShortSeparator)
	render := func(k key.Binding) string {
		return st.ShortKey.Inline(true).Render(k.Help().Key) + " " + st.ShortDesc.Inline(true).Render(k.Help().Desc)
	}
	var parts, pinned []string
	for _, k := range ks {
		if !k.Enabled() {
			continue
		}
		if slices.ContainsFunc(pins, func(p key.Binding) bool { return p.Help() == k.Help() }) {
			pinned = append(pinned, render(k))
		}
		parts = append(parts, render(k))
	}
	if line := strings.Join(parts, sep); cells.Width(line) <= w || len(pinned) == 0 {
		return fitKeys(parts, sep, " "+st.Ellipsis.Inline(true).Render(h.m.Ellipsis), w)
	}
	var rest []string
	for _, p := range parts {
		if !slices.Contains(pinned, p) {
			rest = append(rest, p)
		}
	}
	more := st.Ellipsis.Inline(true).Render(h.m.Ellipsis)
	for n := len(pinned); n > 0; n-- {
		tail := sep + more + sep + strings.Join(pinned[:n], sep)
		if room := w - cells.Width(tail); room >= 0 {
			if head := fitKeys(rest, sep, "", room); head != "" {
				return head + tail
			}
			if tail = strings.TrimPrefix(tail, sep); cells.Width(tail) <= w {
				return tail
			}
		}
	}
	return fitKeys(parts, sep, " "+more, w)
}

// fitKeys joins as many parts as fit whole in w cells, then tail when
// some did not and it fits.
func fitKeys(parts []string, sep, tail string, w int) string {
	used, n := 0, 0
	for i, p := range parts {
		pw := cells.Width(p)
		if i > 0 {
			pw += cells.Width(sep)
		}
		if used+pw > w {
			break
		}
		used += pw
		n++
	}
	line := strings.Join(parts[:n], sep)
	if n < len(parts) && n > 0 && used+cells.Width(tail) <= w {
		line += tail
	}
	return line
}

// helpNoter is a pane whose help also states a rule in words, such as
// what counts as a repeat contact.
type helpNoter interface {
	HelpNotes() []string
}

// full is the full help: notes, then one column per group of keys, packed
// side by side as far as the width allows and continued below; what does
// not fit the height is cut.
func (h helpView) full(groups [][]key.Binding, notes []string, w, height int) string {
	if height <= 0 || w <= 0 {
		return ""
	}
	h.m.Width = 0
	var cols [][]string
	for _, g := range groups {
		cols = append(cols, strings.Split(h.m.FullHelpView([][]key.Binding{g}), "\n"))
	}
	lines := []string{ansi.Truncate("Keys (? or esc closes)", w, "…")}
	for _, n := range notes {
		// A rule in words is read whole: wrapped, not cut at the edge
		// ("…within 30 days of eac…" at 80 columns).
		for _, l := range strings.Split(ansi.Wrap(n, w, " "), "\n") {
			lines = append(lines, h.m.Styles.FullDesc.Render(strings.TrimRight(l, " ")))
		}
	}
	const gap = 4
	head := len(lines)
	// layout puts the keys under the rules and a blank line: side by side
	// in rows of groups, or, when those are too tall (the case pane at
	// 80×24 lost the global keys), flowed down columns so that every key
	// shows. It reports whether everything fit.
	layout := func(blank bool) ([]string, bool) {
		out := slices.Clone(lines[:head])
		if blank {
			out = append(out, "")
		}
		top := len(out)
		out = append(out, shelves(cols, w, gap)...)
		for len(out) > top && strings.TrimSpace(out[len(out)-1]) == "" {
			out = out[:len(out)-1]
		}
		if len(out) <= height {
			return out, true
		}
		if flowed := flow(cols, height-top, gap); colsWidth(flowed, gap) <= w {
			return append(out[:top], joinCols(flowed, gap)...), true
		}
		return out, false
	}
	lines, ok := layout(true)
	if !ok {
		// The blank line under the rules is the first thing to go.
		if tight, fits := layout(false); fits {
			lines = tight
		}
	}
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if cells.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// flow fills columns of at most h lines with the groups in order, a blank
// line between two groups in a column; a group taller than h is split.
func flow(groups [][]string, h, gap int) [][]string {
	if h <= 0 {
		return nil
	}
	var cols [][]string
	var col []string
	for _, g := range groups {
		if len(col) > 0 && len(col)+1+len(g) > h {
			cols, col = append(cols, col), nil
		}
		if len(col) > 0 {
			col = append(col, "")
		}
		for _, l := range g {
			if len(col) == h {
				cols, col = append(cols, col), nil
			}
			col = append(col, l)
		}
	}
	if len(col) > 0 {
		cols = append(cols, col)
	}
	return cols
}

func colsWidth(cols [][]string, gap int) int {
	w := 0
	for i, c := range cols {
		if i > 0 {
			w += gap
		}
		w += colWidth(c)
	}
	return w
}

// joinCols sets columns side by side.
func joinCols(cols [][]string, gap int) []string {
	rows := 0
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	out := make([]string, 0, rows)
	for r := range rows {
		var b strings.Builder
		for k, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if k < len(cols)-1 {
				cell += strings.Repeat(" ", colWidth(c)-cells.Width(cell)+gap)
			}
			b.WriteString(cell)
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// shelves packs groups side by side as far as the width allows and
// continues below, a blank line after each row of groups.
func shelves(cols [][]string, w, gap int) []string {
	var lines []string
	for i := 0; i < len(cols); {
		// Take as many columns as fit the width (at least one).
		j, used := i, 0
		for j < len(cols) {
			cw := colWidth(cols[j])
			if j > i && used+gap+cw > w {
				break
			}
			if j > i {
				used += gap
			}
			used += cw
			j++
		}
		rows := 0
		for _, c := range cols[i:j] {
			rows = max(rows, len(c))
		}
		for r := range rows {
			var b strings.Builder
			for k, c := range cols[i:j] {
				cell := ""
				if r < len(c) {
					cell = c[r]
				}
				if k < j-i-1 {
					cell += strings.Repeat(" ", colWidth(c)-cells.Width(cell)+gap)
				}
				b.WriteString(cell)
			}
			lines = append(lines, b.String())
		}
		lines = append(lines, "")
		i = j
	}
	return lines
}

func colWidth(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, cells.Width(l))
	}
	return n
}
