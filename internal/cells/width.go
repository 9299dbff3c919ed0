// Package cells measures styled terminal lines in cells, as
// ansi.StringWidth does, faster for the characters a screen is mostly
// drawn with. ansi.StringWidth finds every non-ASCII character's grapheme
// cluster, a costly walk, and a screen's rules and borders are made of
// them ("────", "│"): measuring a line was most of what cutting or padding
// it cost. Width takes a character from a short list of one-cell
// characters (box drawing, Latin-1 letters, common punctuation, arrows
// and shapes) as one cell without that walk when what follows it cannot
// join it into a cluster (ASCII, or another such character); anything
// else is measured by ansi itself, so the answer is always ansi's.
package cells

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// Width is ansi.StringWidth(s): the cells s takes on a terminal, its
// escape sequences taking none.
func Width(s string) int {
	state := parser.GroundState
	w := 0
	for i := 0; i < len(s); i++ {
		next, action := parser.Table.Transition(state, s[i])
		if next == parser.Utf8State {
			if r, n := utf8.DecodeRuneInString(s[i:]); single(r) && endsCluster(s[i+n:]) {
				w++
				i += n - 1
			} else {
				cluster, cw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
				w += cw
				i += len(cluster) - 1
			}
			state = parser.GroundState
			continue
		}
		if action == parser.PrintAction {
			w++
		}
		state = next
	}
	return w
}

// endsCluster reports that a cluster ends before rest: it is empty, or
// begins with an ASCII byte or a character of the list (none of them
// extends a cluster).
func endsCluster(rest string) bool {
	if rest == "" || rest[0] < utf8.RuneSelf {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return single(r)
}

// single reports that r is on the list: one cell wide, never joined to
// the character before or after it (width_test.go checks both, rune by
// rune, against ansi).
func single(r rune) bool {
	switch {
	case r >= 0xC0 && r <= 0xFF: // Latin-1 letters (and × ÷)
		return true
	case r == 0xA9 || r == 0xAB || r == 0xB0 || r == 0xB1 || r == 0xB7 || r == 0xBB: // © « ° ± · »
		return true
	case r >= 0x2010 && r <= 0x2022, r == 0x2026: // dashes, quotes, daggers, bullet, ellipsis
		return true
	case r >= 0x2190 && r <= 0x2193: // ← ↑ → ↓
		return true
	case r >= 0x2500 && r <= 0x259F: // box drawing, block elements
		return true
	case r >= 0x25A0 && r <= 0x25BF: // squares and triangles (▸ ▾ ▲)
		return true
	case r == 0x25CB || r == 0x25CF: // ○ ●
		return true
	case r == 0x2713 || r == 0x2717: // ✓ ✗
		return true
	}
	return false
}
