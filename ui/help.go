package ui

import (
	"strings"

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

// short is the footer line, cut to the width with "…".
func (h helpView) short(ks []key.Binding, w int) string {
	h.m.Width = w
	out := h.m.ShortHelpView(ks)
	if ansi.StringWidth(out) > w {
		out = ansi.Truncate(out, w, "")
	}
	return out
}

// full is the full help: one column per group of keys, packed side by
// side as far as the width allows and continued below; what does not fit
// the height is cut.
func (h helpView) full(groups [][]key.Binding, w, height int) string {
	if height <= 0 || w <= 0 {
		return ""
	}
	h.m.Width = 0
	var cols [][]string
	for _, g := range groups {
		cols = append(cols, strings.Split(h.m.FullHelpView([][]key.Binding{g}), "\n"))
	}
	lines := []string{ansi.Truncate("Keys (? or esc closes)", w, "…"), ""}
	const gap = 4
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
					cell += strings.Repeat(" ", colWidth(c)-ansi.StringWidth(cell)+gap)
				}
				b.WriteString(cell)
			}
			lines = append(lines, b.String())
		}
		lines = append(lines, "")
		i = j
	}
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

func colWidth(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, ansi.StringWidth(l))
	}
	return n
}
