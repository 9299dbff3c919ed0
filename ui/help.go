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

// full is the full help in columns; what does not fit the height is cut,
// and a narrow window gets one column after another.
func (h helpView) full(groups [][]key.Binding, w, height int) string {
	if height <= 0 || w <= 0 {
		return ""
	}
	h.m.Width = w
	out := h.m.FullHelpView(groups)
	lines := strings.Split(out, "\n")
	widest := 0
	for _, l := range lines {
		widest = max(widest, ansi.StringWidth(l))
	}
	if widest > w {
		// Too wide for side-by-side columns: stack the groups.
		lines = lines[:0]
		for _, g := range groups {
			col := h.m.FullHelpView([][]key.Binding{g})
			lines = append(lines, strings.Split(col, "\n")...)
			lines = append(lines, "")
		}
	}
	title := "Keys (? or esc closes)"
	lines = append([]string{ansi.Truncate(title, w, "…"), ""}, lines...)
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
