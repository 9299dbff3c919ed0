package ui

import (
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/rivo/uniseg"
)

// The bubbles inputs keep what the agent types, which is what gets saved,
// but their own View measures it with uniseg, and terminals disagree with
// uniseg on emoji sequences: tmux 3.3 draws 👍🏽 in 4 cells and ❤️ in 1,
// others draw a ZWJ family in 6. A pasted 👍🏽 then made a line one cell
// wider than the window, the terminal wrapped it and the whole screen
// scrolled. So the inputs are drawn here instead, through the display
// rules the rest of the app uses (Clean, then widths per grapheme
// cluster), from the input's value and cursor alone.

// glyph is one grapheme cluster of typed text as the screen shows it.
type glyph struct {
	text  string // cleaned; empty when nothing of it is shown
	w     int    // cells
	runes int    // runes of the typed text it stands for
}

// glyphs splits one line of typed text into what the screen shows.
func glyphs(line string) []glyph {
	var out []glyph
	g := uniseg.NewGraphemes(line)
	for g.Next() {
		s := Clean(g.Str())
		out = append(out, glyph{text: s, w: cells.Width(s), runes: len(g.Runes())})
	}
	return out
}

// glyphAt is the index of the glyph holding rune col, len(gs) past the end.
func glyphAt(gs []glyph, col int) int {
	n := 0
	for i, g := range gs {
		if n+g.runes > col {
			return i
		}
		n += g.runes
	}
	return len(gs)
}

// wrapGlyphs breaks a line into rows of at most w cells, after the last
// space of a row when there is one, as the textarea does.
func wrapGlyphs(gs []glyph, w int) [][]glyph {
	var rows [][]glyph
	start, width, lastSpace := 0, 0, -1
	for i := 0; i < len(gs); i++ {
		if width+gs[i].w > w && i > start {
			end := i
			if lastSpace >= start && lastSpace+1 < i {
				end = lastSpace + 1
			}
			rows = append(rows, gs[start:end])
			start, width, lastSpace = end, 0, -1
			i = end - 1
			continue
		}
		width += gs[i].w
		if gs[i].text == " " {
			lastSpace = i
		}
	}
	return append(rows, gs[start:])
}

// renderGlyphs draws gs, the one at cur in reverse video as the cursor
// (cur == len(gs): a block after the text).
func renderGlyphs(gs []glyph, cur int, st *Styles) string {
	var b strings.Builder
	for i, g := range gs {
		if i == cur {
			t := g.text
			if g.w == 0 {
				t = " "
			}
			b.WriteString(st.cursorText(t))
			continue
		}
		b.WriteString(g.text)
	}
	if cur == len(gs) {
		b.WriteString(st.cursorText(" "))
	}
	return b.String()
}

func glyphsWidth(gs []glyph) int {
	n := 0
	for _, g := range gs {
		n += g.w
	}
	return n
}

// areaView draws a textarea in w×h cells; top is the first row shown,
// kept so the view scrolls like an editor rather than jumping.
type areaView struct {
	top int
	ph  kept[placeholderKey, string] // the empty area's hint, drawn once
}

type placeholderKey struct {
	prompt  string
	text    string
	w       int
	focused bool
	st      *Styles
}

func (v *areaView) render(ta textarea.Model, w, h int, st *Styles) []string {
	if h <= 0 {
		return nil
	}
	prompt := Truncate(ta.Prompt, w)
	cw := w - cells.Width(prompt)
	if cw < 2 {
		return make([]string, h)
	}
	out := make([]string, 0, h)
	value := ta.Value()
	if value == "" {
		k := placeholderKey{prompt: prompt, text: ta.Placeholder, w: cw, focused: ta.Focused(), st: st}
		out = append(out, v.ph.get(k, func() string { return k.prompt + placeholder(k.text, k.w, k.focused, k.st) }))
		for len(out) < h {
			out = append(out, prompt)
		}
		return out
	}
	li := ta.LineInfo()
	curLine, curCol := ta.Line(), li.StartColumn+li.ColumnOffset
	type row struct {
		gs  []glyph
		cur int // the cursor's glyph in the row, -1: none
	}
	var rows []row
	curRow := 0
	for n, line := range strings.Split(value, "\n") {
		gs := glyphs(line)
		cur := -1
		if n == curLine {
			cur = glyphAt(gs, curCol)
		}
		at := 0
		wrapped := wrapGlyphs(gs, cw)
		for i, r := range wrapped {
			rc := -1
			last := i == len(wrapped)-1
			if cur >= at && (cur < at+len(r) || last && cur == at+len(r)) {
				rc = cur - at
				curRow = len(rows)
			}
			if rc == len(r) && glyphsWidth(r)+1 > cw {
				// The cursor after a full row goes to a row of its own.
				rows = append(rows, row{gs: r, cur: -1})
				curRow, r, rc = len(rows), nil, 0
			}
			rows = append(rows, row{gs: r, cur: rc})
			at += len(r)
		}
	}
	if !ta.Focused() {
		curRow = v.top
	}
	v.top = min(max(v.top, curRow-h+1), curRow, max(len(rows)-h, 0))
	v.top = max(v.top, 0)
	for i := v.top; i < len(rows) && len(out) < h; i++ {
		cur := rows[i].cur
		if !ta.Focused() {
			cur = -1
		}
		out = append(out, prompt+renderGlyphs(rows[i].gs, cur, st))
	}
	for len(out) < h {
		out = append(out, prompt)
	}
	return out
}

// inputView draws a one-line input in exactly w cells, scrolled sideways
// so the cursor shows.
func inputView(ti textinput.Model, w int, st *Styles) string {
	s := inputText(ti, w, st)
	return s + strings.Repeat(" ", max(w-cells.Width(s), 0))
}

func inputText(ti textinput.Model, w int, st *Styles) string {
	prompt := Truncate(ti.Prompt, w)
	cw := w - cells.Width(prompt)
	if cw < 2 {
		return prompt
	}
	if ti.Value() == "" {
		return prompt + placeholder(ti.Placeholder, cw, ti.Focused(), st)
	}
	gs := glyphs(ti.Value())
	cur := glyphAt(gs, ti.Position())
	if !ti.Focused() {
		cur = -1
	}
	// Start as far left as lets the cursor (one cell past the text at
	// the end) show.
	start, end := 0, max(cur, 0)
	need := glyphsWidth(gs[:min(end+1, len(gs))])
	if cur == len(gs) {
		need++
	}
	for need > cw && start < end {
		need -= gs[start].w
		start++
	}
	width, stop := 0, start
	for stop < len(gs) && width+gs[stop].w <= cw-boolInt(cur == len(gs)) {
		width += gs[stop].w
		stop++
	}
	if cur >= 0 {
		cur -= start
	}
	return prompt + renderGlyphs(gs[start:stop], cur, st)
}

// placeholder is the muted hint of an empty input, the cursor on its first
// character as the bubbles inputs draw it.
func placeholder(text string, w int, focused bool, st *Styles) string {
	if !focused {
		return st.mutedText(Truncate(text, w))
	}
	text = Clean(Truncate(text, w))
	if text == "" {
		return st.cursorText(" ")
	}
	// the first character under the cursor, the rest muted
	first, rest, _, _ := uniseg.FirstGraphemeClusterInString(text, -1)
	return st.cursorText(first) + st.mutedText(rest)
}
