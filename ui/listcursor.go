package ui

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
