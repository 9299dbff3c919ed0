package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/internal/report"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// How a heatmap cell, its legend, a sparkline and a trend are coloured
// and written.

// heatBounds splits 1..hi into levels, the upper bound of each: a square
// scale, so the many small counts still differ while the few large ones
// get the deepest colours. Levels may be empty when hi is small.
func heatBounds(hi, levels int) []int {
	ub := make([]int, levels)
	for k := 1; k <= levels; k++ {
		f := float64(k) / float64(levels)
		ub[k-1] = int(math.Ceil(float64(hi) * f * f))
	}
	if levels > 0 {
		ub[levels-1] = hi
	}
	return ub
}

// heatLevel is count's level, 0 for none, else 1..len(ub).
func heatLevel(c int, ub []int) int {
	if c <= 0 {
		return 0
	}
	for k, u := range ub {
		if c <= u {
			return k + 1
		}
	}
	return len(ub)
}

// heatPaint draws cells in colour or, without colour, with shade glyphs.
type heatPaint struct {
	colour bool
	ub     []int
	fills  []lipgloss.Style // colour: one per level
	cursor lipgloss.Style
}

func (p *heatmapPane) paint() heatPaint {
	st := p.e.styles
	hp := heatPaint{colour: st.ColorProfile() != termenv.Ascii && len(st.Heat) > 0, cursor: st.Selected}
	levels := len([]rune(shadeGlyphs))
	if hp.colour {
		levels = len(st.Heat)
		for i, s := range st.Heat {
			if i > levels/2 {
				// The deep half of the palette takes the header
				// background as its text colour, for contrast.
				s = s.Foreground(st.Theme.HeaderBg)
			}
			hp.fills = append(hp.fills, s)
		}
	}
	hi := 0
	for _, ln := range p.lines {
		for _, c := range ln.row.Counts {
			hi = max(hi, c)
		}
	}
	hp.ub = heatBounds(max(hi, 1), levels)
	return hp
}

func (hp *heatPaint) cell(c, numW int, cursor bool) string {
	num := "·"
	if c > 0 {
		num = strconv.Itoa(c)
	}
	num = strings.Repeat(" ", max(numW-cells.Width(num), 0)) + num
	lvl := heatLevel(c, hp.ub)
	lead, tail := " ", " "
	if cursor {
		lead, tail = "[", "]"
	} else if !hp.colour && lvl > 0 {
		tail = string([]rune(shadeGlyphs)[lvl-1])
	}
	s := lead + num + tail
	if !hp.colour {
		return s
	}
	switch {
	case lvl > 0 && cursor:
		return hp.fills[lvl-1].Inherit(hp.cursor).Render(s)
	case lvl > 0:
		return hp.fills[lvl-1].Render(s)
	case cursor:
		// the cursor's own style, on the screen's terminal (a zero
		// lipgloss.Style draws on the process's)
		return hp.cursor.Render(s)
	}
	return s
}

// legend says which colour or glyph stands for which counts, in at most w
// cells: every range (1–5), else tighter, else each level's lower bound
// (6+), which still reads as a scale, rather than cutting the top levels.
func (hp *heatPaint) legend(st *Styles, w int) string {
	var s string
	for _, form := range []struct {
		sep    string
		ranges bool
	}{{"  ", true}, {" ", true}, {" ", false}} {
		parts := []string{"· 0"}
		lo := 1
		for k, u := range hp.ub {
			if u < lo {
				continue
			}
			r := strconv.Itoa(lo)
			if !form.ranges {
				r += "+"
			} else if u > lo {
				r += "–" + strconv.Itoa(u)
			}
			if hp.colour {
				parts = append(parts, hp.fills[k].Render("  ")+" "+r)
			} else {
				parts = append(parts, string([]rune(shadeGlyphs)[k])+" "+r)
			}
			lo = u + 1
		}
		if s = strings.Join(parts, form.sep); cells.Width(s) <= w {
			return s
		}
	}
	return s
}

func spark(levels []int, n int) string {
	if n <= 0 {
		return ""
	}
	levels = levels[max(0, len(levels)-n):]
	g := []rune(sparkGlyphs)
	var b strings.Builder
	for range n - len(levels) {
		b.WriteByte(' ')
	}
	for _, v := range levels {
		if v <= 0 {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(g[min(v, len(g))-1])
	}
	return b.String()
}

// trendText is the last TrendWindow periods against the ones before: ▲ 23%,
// ▼ 5%, new (nothing before), = (no change) or – (nothing at all).
func trendText(t report.Trend) string {
	switch {
	case t.New:
		return "new"
	case t.Last == 0 && t.Prev == 0:
		return "–"
	case t.Last == t.Prev:
		return "= 0%"
	}
	arrow := "▲"
	if t.Last < t.Prev {
		arrow = "▼"
	}
	pct := math.Abs(t.Pct)
	if pct >= 999.5 {
		return arrow + ">999%"
	}
	return fmt.Sprintf("%s%3.0f%%", arrow, pct)
}

func (p *heatmapPane) trendStyled(t report.Trend, w int) string {
	s := trendText(t)
	pad := strings.Repeat(" ", max(w-cells.Width(s), 0))
	st := p.e.styles
	switch {
	case t.New:
		return pad + st.Warning.Render(s)
	case t.Last > t.Prev:
		return pad + st.SLAOverdue.Render(s)
	case t.Last < t.Prev:
		return pad + st.SLAOK.Render(s)
	}
	return pad + st.Muted.Render(s)
}
