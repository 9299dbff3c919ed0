package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/caredesk/caredesk/model"
)

// `/` in a view narrows it: the words typed and the view's query must
// both hold. Joined into one query, a second value of a key the view
// filters on was an alternative to the view's: "My team" (status:active)
// with / status:pending listed as many cases as before, and "phone
// backlog" (channel:phone status:new) with / status:open listed open
// cases that are not in it (a new-user finding on the team server).
func TestSlashNarrowsTheViewToCasesInBoth(t *testing.T) {
	svc, _ := teamDesk(t, 400)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana",
		Views: []SavedView{{Name: "phone backlog", Query: "channel:phone status:new"}, {Name: "phone active", Query: "channel:phone status:active"}}})
	q := h.a.testQueue()
	count := func(keep func(c *model.Case) bool) int {
		n := 0
		for _, c := range svc.cases {
			if keep(c) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		view, typed string
		inView, in  func(c *model.Case) bool
	}{
		{myTeamView, "status:pending",
			func(c *model.Case) bool { return c.Team == "billing" && c.Status.Active() },
			func(c *model.Case) bool { return c.Team == "billing" && c.Status == model.StatusPending }},
		{myTeamView, "status:open status:pending",
			func(c *model.Case) bool { return c.Team == "billing" && c.Status.Active() },
			func(c *model.Case) bool {
				return c.Team == "billing" && (c.Status == model.StatusOpen || c.Status == model.StatusPending)
			}},
		{"phone active", "status:pending",
			func(c *model.Case) bool { return c.Channel == model.ChannelPhone && c.Status.Active() },
			func(c *model.Case) bool { return c.Channel == model.ChannelPhone && c.Status == model.StatusPending }},
		{"phone backlog", "status:open",
			func(c *model.Case) bool { return c.Channel == model.ChannelPhone && c.Status == model.StatusNew },
			func(c *model.Case) bool { return false }},
	} {
		name := tc.view + " / " + tc.typed
		h.keys(":")
		h.typeText("view " + tc.view)
		h.keys("enter")
		h.searched()
		all, want := count(tc.inView), count(tc.in)
		if all == 0 || want == all || tc.typed == "status:pending" && want == 0 {
			t.Fatalf("%s: %d of the view's %d cases: the test proves little", name, want, all)
		}
		tabs := strings.Split(ansi.Strip(h.view()), "\n")[1]
		h.keys("/")
		h.typeText(tc.typed)
		h.searched()
		for _, ri := range q.ix.List() {
			c := svc.cases[q.ix.Snapshot().At(ri).ID()]
			if !tc.in(c) {
				t.Fatalf("%s: case #%d (%s, %s, team %q) is listed", name, c.ID, c.Status, c.Channel, c.Team)
			}
		}
		v := ansi.Strip(h.view())
		line := fmt.Sprintf("%d %s of %d", want, map[bool]string{true: "match", false: "matches"}[want == 1], all)
		if len(q.ix.List()) != want || !strings.Contains(v, line) {
			t.Fatalf("%s: %d listed, want %d, and the search line to say %q:\n%s", name, len(q.ix.List()), want, line, v)
		}
		view := q.views.list[q.views.on]
		if !strings.Contains(v, "/ "+view.query+" › "+tc.typed) {
			t.Fatalf("%s: the search line does not show the view's query, then the words:\n%s", name, v)
		}
		if got := strings.Split(v, "\n")[1]; got != tabs {
			t.Fatalf("%s: the tab line changed: it counts the views, not the narrowing:\n%s\n%s", name, tabs, got)
		}
		h.keys("enter") // open the first, back to the queue
		if want > 0 {
			h.keys("esc")
		}
		if h.a.focus != paneQueue {
			h.keys("1")
		}
		v = ansi.Strip(h.view())
		if title := "view " + tc.view + " · search: " + tc.typed; !strings.Contains(strings.Split(v, "\n")[0], title) ||
			want > 0 && !strings.Contains(v, fmt.Sprintf("%s · sort: priority, SLA due · 1/%d", title, want)) {
			t.Fatalf("%s: the title and the line above the list do not say %q, 1/%d:\n%s", name, title, want, v)
		}
		h.keys("esc") // back to the view
		h.searched()
		if n := len(q.ix.List()); n != all || q.ix.Query() != "" {
			t.Fatalf("%s: esc left %d cases and words %q, want the view's %d", name, n, q.ix.Query(), all)
		}
	}
}
