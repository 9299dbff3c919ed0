package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Styling short texts by their style's sequences. lipgloss's Render lays
// every text out afresh (tabs, lines, padding, borders), which is most of
// what a queue row costs to draw, and on a team server rows are drawn for
// every screen a change shows on. A style with none of that writes its
// text between an opening and a closing sequence: styleWrap finds them
// once, checks on probes that Render writes exactly that, and otherwise
// (or for a text with tabs or line breaks) leaves it to Render.

type styleWrap struct {
	st          *lipgloss.Style
	open, close string
	exact       bool
	// empty is Render(""): an empty hint or placeholder is drawn every
	// frame, and Render lays out even nothing afresh.
	empty string
}

// wrapProbes are texts a style's sequences are checked on: letters,
// digits, spaces at either end and inside, and wide symbols.
var wrapProbes = []string{"Ab 1", " x  y ", "✓ due 3h…", "—"}

func newStyleWrap(st *lipgloss.Style) *styleWrap {
	w := &styleWrap{st: st, empty: st.Render("")}
	out := st.Render("Q")
	i := strings.Index(out, "Q")
	if i < 0 || strings.Count(out, "Q") != 1 {
		return w
	}
	w.open, w.close = out[:i], out[i+1:]
	for _, p := range wrapProbes {
		if st.Render(p) != w.open+p+w.close {
			return w
		}
	}
	w.exact = true
	return w
}

// write writes text in the style to b, as Render would.
func (w *styleWrap) write(b *strings.Builder, text string) {
	if text == "" {
		b.WriteString(w.empty)
		return
	}
	if !w.exact || strings.ContainsAny(text, "\t\r\n") {
		b.WriteString(w.st.Render(text))
		return
	}
	b.WriteString(w.open)
	b.WriteString(text)
	b.WriteString(w.close)
}

// render is text in the style, as Render would draw it.
func (w *styleWrap) render(text string) string {
	if text == "" {
		return w.empty
	}
	if !w.exact || strings.ContainsAny(text, "\t\r\n") {
		return w.st.Render(text)
	}
	return w.open + text + w.close
}

// styleWraps are the wraps of one session's styles, by address.
type styleWraps struct {
	forSt *Styles
	wraps map[*lipgloss.Style]*styleWrap
	prios map[string]*lipgloss.Style
}

// reset forgets the wraps when the styles are others.
func (ws *styleWraps) reset(st *Styles) {
	if ws.forSt != st {
		ws.forSt, ws.wraps, ws.prios = st, map[*lipgloss.Style]*styleWrap{}, map[string]*lipgloss.Style{}
	}
}

// of is the wrap of style s, one of st's.
func (ws *styleWraps) of(st *Styles, s *lipgloss.Style) *styleWrap {
	ws.reset(st)
	w, ok := ws.wraps[s]
	if !ok {
		w = newStyleWrap(s)
		ws.wraps[s] = w
	}
	return w
}

// priority is st's style for a priority, at an address that stays (the
// styles keep them in a map, by value).
func (ws *styleWraps) priority(st *Styles, name string) *lipgloss.Style {
	ws.reset(st)
	p, ok := ws.prios[name]
	if !ok {
		s := st.Priority[name]
		p = &s
		ws.prios[name] = p
	}
	return p
}
