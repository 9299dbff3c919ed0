package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// showRow is the list cursor's scrolling, written once for the queue, the
// heatmap, the taxonomy and the case pane's other cases: the first row to
// show, moved from top as little as needed for row cur to be among the
// rows shown at a time. With n >= 0 the window also stays within the
// list's n rows.
func showRow(cur, top, rows, n int) int {
	if cur < top {
		top = cur
	}
	if rows > 0 && cur >= top+rows {
		top = cur - rows + 1
	}
	if n >= 0 {
		top = clampInt(top, 0, n-rows)
	}
	return top
}

// clampInt is v within lo and hi; lo when hi < lo.
func clampInt(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(v, lo), hi)
}

// cursorKeys are the keys that move a list's cursor one row or to an end.
type cursorKeys struct{ up, down, top, bottom key.Binding }

// moveCursor is where k moves a cursor at cur over n rows, and whether k
// is one of keys: the list cursor the taxonomy's two lists, the heatmap,
// the outbox and the case pane's other cases move alike (lazygit's list
// traits), written once.
func moveCursor(k tea.KeyMsg, keys cursorKeys, cur, n int) (int, bool) {
	switch {
	case key.Matches(k, keys.up):
		cur--
	case key.Matches(k, keys.down):
		cur++
	case key.Matches(k, keys.top):
		cur = 0
	case key.Matches(k, keys.bottom):
		cur = n - 1
	default:
		return cur, false
	}
	return clampInt(cur, 0, n-1), true
}
