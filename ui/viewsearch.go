package ui

import (
	"strconv"

	"github.com/caredesk/caredesk/internal/cells"
)

// The search line of a saved view narrowed with /. The view's query and
// the words typed are two filters that both hold (caseindex SearchIn), so
// the line shows them apart: the view's query dim, then › and the words
// typed, which alone are the input. Shown as one string they read as one
// query, in which team:billing status:active status:pending would mean
// active or pending.

// narrowMark stands between the view's query and the words narrowing it,
// so the two read apart without colour too.
const narrowMark = " › "

// searchInput is the search input in w columns: in a saved view its
// query first, at most half the line (what is typed is what the agent
// works on).
func (q *queuePane) searchInput(w int, st *Styles) string {
	scope := q.ix.Scope()
	if scope == "" {
		q.input.Width = max(w-3, 1)
		return inputView(q.input, w, st)
	}
	prompt := Truncate(q.input.Prompt, w)
	head := prompt + st.Muted.Render(Truncate(Clean(scope), max(w/2-cells.Width(prompt), 1))+narrowMark)
	in := q.input
	in.Prompt = ""
	in.Placeholder = "words or filters that narrow the view, e.g. status:pending"
	rest := max(w-cells.Width(head), 1)
	in.Width = max(rest-1, 1)
	return head + inputView(in, rest, st)
}

// ofTheView is what the count on the search line is out of: " of N", the
// saved view's count, while words narrow it.
func (q *queuePane) ofTheView() string {
	on := q.views.on
	if q.ix.Scope() == "" || q.ix.Query() == "" || on < 0 || on >= len(q.views.counts) {
		return ""
	}
	n, ok := q.views.counts[on].N()
	if !ok {
		return ""
	}
	return " of " + strconv.Itoa(n)
}

// outsideNote says the case a reference typed in a saved view names is
// listed though the view leaves it out (caseindex Queue.Outside): "#1 ·
// not in view My team (closed, delivery)". "" when there is none.
func (q *queuePane) outsideNote() string {
	r, ok := q.ix.Outside()
	if !ok {
		return ""
	}
	team := q.ix.Snapshot().Team(r)
	if team == "" {
		team = "no team"
	}
	return "#" + strconv.FormatUint(uint64(r.ID()), 10) + " · not in " + Clean(q.title) + " (" + r.Status().String() + ", " + Clean(team) + ")"
}
