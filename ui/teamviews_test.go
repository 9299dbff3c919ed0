package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// teamDesk is a desk of three teams over the queue's test cases: each
// case in the team its first tag's area routes it to, the recent ones on
// a team's first-reply or resolution clock.
func teamDesk(t testing.TB, n int) (*memService, *model.Routing) {
	t.Helper()
	hours, err := model.ParseHours("Mon-Fri 09:00-17:30", "UTC", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: []string{"ana", "bo"}, Areas: []string{"billing", "subscription"}, Assign: model.AssignRoundRobin,
			SLA: model.TeamSLA{FirstResponse: model.SLAPolicy{Urgent: time.Hour, High: 4 * time.Hour, Normal: 8 * time.Hour, Low: 16 * time.Hour},
				Resolution: model.SLAPolicy{Urgent: 8 * time.Hour, High: 16 * time.Hour, Normal: 40 * time.Hour, Low: 80 * time.Hour}, Hours: hours}},
		{Name: "delivery", Members: []string{"chen"}, Areas: []string{"delivery", "product"}, Assign: model.AssignLeastOpen,
			SLA: model.TeamSLA{Resolution: model.SLAPolicy{Normal: 24 * time.Hour}, Hours: hours}},
		{Name: "accounts", Members: []string{"dee"}, Areas: []string{"account"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := newMemService(func() time.Time { return testNow }).withTeams(r)
	i := 0
	genSummaries(n, 5, func(c model.Case, cu model.Customer) {
		if i%3 == 0 { // a third came in over the last three days
			c.CreatedAt = testNow.Add(-time.Duration(i*37%(72*60)) * time.Minute)
		}
		if i%4 == 0 {
			c.FirstReply = c.CreatedAt.Add(time.Hour)
		}
		c.Team, _ = r.Route(&c)
		svc.add(c, cu)
		i++
	})
	return svc, r
}

func TestTeamViewsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"team_80x24", 80, 24, nil},                  // ana's default: My team
		{"team_200x50", 200, 50, []string{"v", "v"}}, // a lead steps to the delivery team's view
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := teamDesk(t, 300)
			h := newHarnessWith(t, svc, testNow, tc.w, tc.h, Options{Agent: "ana", Lead: true,
				Views: []SavedView{{Name: "refunds", Query: "tag:billing/refund is:overdue"}}})
			h.keys(tc.keys...)
			v := h.view()
			checkFrame(t, v, tc.w, tc.h)
			golden.RequireEqual(t, []byte(v))
		})
	}
}

// A team member starts on "My team", and each saved view's count on the
// tab line equals a recount of the cases its query selects.
func TestSavedViewCountsAgainstRecount(t *testing.T) {
	svc, _ := teamDesk(t, 400)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana", Lead: true,
		Views: []SavedView{{Name: "refunds", Query: "tag:billing/refund is:overdue"}, {Name: "phone", Query: "channel:phone -status:closed"}}})
	q := h.a.testQueue()
	if q.views.on != q.views.myTeam || q.views.list[q.views.on].name != myTeamView {
		t.Fatalf("ana starts on view %d, want My team", q.views.on)
	}
	want := map[string]int{}
	for _, c := range svc.cases {
		s := c.Summary()
		active := c.Status.Active()
		if c.Team == "billing" && active {
			want[myTeamView]++
			want["billing"]++
		}
		if c.Team == "delivery" && active {
			want["delivery"]++
		}
		if c.Team == "accounts" && active {
			want["accounts"]++
		}
		if st, _ := svc.sla.State(s, testNow); c.HasTag("billing/refund") && st == model.SLAOverdue {
			want["refunds"]++
		}
		if c.Channel == model.ChannelPhone && c.Status != model.StatusClosed {
			want["phone"]++
		}
	}
	tabs := h.view()
	for i, v := range q.views.list {
		if n, _ := q.views.counts[i].N(); n != want[v.name] {
			t.Errorf("view %s counts %d, recount says %d", v.name, n, want[v.name])
		}
		if label := fmt.Sprintf("%s %d", v.name, want[v.name]); !strings.Contains(tabs, label) {
			t.Errorf("tab line lacks %q", label)
		}
	}
	if len(q.ix.List()) != want[myTeamView] {
		t.Errorf("My team lists %d cases, want %d", len(q.ix.List()), want[myTeamView])
	}
}

// The queue names the clock a team's case runs against.
func TestQueueShowsWhichClockRuns(t *testing.T) {
	svc, _ := teamDesk(t, 300)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	v := h.view()
	for _, want := range []string{"first reply due", "resolve by"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q in the queue:\n%s", want, v)
		}
	}
	// A desk without teams keeps its plain cells.
	h = newHarnessWith(t, newTestService(100), testNow, 200, 50, Options{Agent: "ana"})
	if v := h.view(); strings.Contains(v, "first reply") || strings.Contains(v, "resolve by") {
		t.Errorf("a desk without teams names clocks:\n%s", v)
	}
}

// A customer's follow-up on an answered case runs the next-reply clock,
// and the queue says so.
func TestQueueShowsTheNextReplyClock(t *testing.T) {
	svc, _ := teamDesk(t, 40)
	n := 0
	for _, c := range svc.cases {
		if c.Team == "billing" && c.Status.Active() && c.Status != model.StatusPending && c.FollowUp.IsZero() && !c.FirstReply.IsZero() {
			c.Awaiting = testNow.Add(-10 * time.Minute)
			n++
		}
	}
	if n == 0 {
		t.Fatal("no answered billing case to follow up")
	}
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	if v := h.view(); !strings.Contains(v, "next reply due") {
		t.Errorf("no next reply clock in the queue:\n%s", v)
	}
}

func TestTransferAwayBack(t *testing.T) {
	svc, _ := teamDesk(t, 60)
	h := newHarnessWith(t, svc, testNow, 120, 30, Options{Agent: "ana", Lead: true})
	h.keys("1")
	id := h.selected()
	h.keys(":")
	h.typeText("transfer delivery")
	h.keys("enter")
	if c, _ := svc.Case(id); c.Team != "delivery" {
		t.Fatalf("transfer: case %d is in %q\n%s", id, c.Team, h.view())
	}
	// Again: nothing moves, and the status line says so (it said "moved
	// case N to delivery"; new-user finding).
	h.keys(":")
	h.typeText("transfer delivery")
	h.keys("enter")
	if want := fmt.Sprintf("case %d is already in delivery: nothing changed", id); !strings.Contains(h.view(), want) {
		t.Errorf("a transfer to the case's own team is not told as such (want %q):\n%s", want, h.view())
	}
	// An unknown team is named as unknown, with the teams (it read like a
	// usage line: "transfer: billing, delivery, accounts").
	h.keys(":")
	h.typeText("transfer nowhere")
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "transfer: unknown team nowhere (billing, delivery, accounts)") {
		t.Errorf("an unknown team is not refused with the teams' names:\n%s", v)
	}
	h.keys(":")
	h.typeText("away")
	h.keys("enter")
	if away, _ := svc.Away(); len(away) != 1 || away[0] != "ana" || !strings.Contains(h.view(), "ana is away") {
		t.Fatalf("away: %v\n%s", away, h.view())
	}
	h.keys(":")
	h.typeText("back")
	h.keys("enter")
	if away, _ := svc.Away(); len(away) != 0 {
		t.Fatalf("back: %v", away)
	}
}

// `/` in a saved view narrows it: the words typed come after its query,
// and esc goes back to the view (a new user's "team:billing
// status:activerefund", and esc leaving for All). The input holds the
// words typed alone; the view's query stands before it, as a filter of
// its own (viewsearch_test.go).
func TestSearchNarrowsTheSavedViewAndEscReturnsToIt(t *testing.T) {
	svc, _ := teamDesk(t, 400)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	q := h.a.testQueue()
	view := slices.Clone(q.ix.List())
	h.keys("/")
	h.typeText("ref")
	if got, want := q.input.Value(), "ref"; got != want {
		t.Fatalf("search input %q, want %q", got, want)
	}
	if v := ansi.Strip(h.view()); !strings.Contains(v, "/ team:billing status:active › ref") {
		t.Fatalf("the search line does not show the view's query, then the words:\n%s", v)
	}
	narrowed := q.ix.List()
	if len(narrowed) == 0 || len(narrowed) >= len(view) {
		t.Fatalf("the search lists %d of the view's %d cases", len(narrowed), len(view))
	}
	for _, ri := range narrowed {
		if !slices.Contains(view, ri) {
			t.Fatal("the search lists a case outside the view")
		}
	}
	h.keys("esc")
	if q.views.on != q.views.myTeam || !slices.Equal(q.ix.List(), view) {
		t.Fatalf("esc left for view %d with %d cases, want My team's %d", q.views.on, len(q.ix.List()), len(view))
	}
}

// A team that is not the desk's is said on the search line, naming the
// teams, as a bad priority names the priorities (new-user finding:
// /team:nosuch showed "0 matches" and nothing else).
func TestSearchNamesTheTeamsForAnUnknownTeam(t *testing.T) {
	svc, _ := teamDesk(t, 60)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana", Lead: true})
	h.keys("/")
	h.typeText("team:nosuch")
	if v := h.view(); !strings.Contains(v, "team:nosuch: unknown team (billing, delivery, accounts, none)") {
		t.Fatalf("the search line does not name the teams:\n%s", v)
	}
	h.keys("esc", "/")
	h.typeText("team:delivery")
	// A team of the desk, narrowing My team (billing): no case is in both.
	if v := h.view(); strings.Contains(v, "unknown team") || !strings.Contains(v, "/ team:billing status:active › team:delivery") ||
		!strings.Contains(v, "0 matches of ") {
		t.Fatalf("a team of the desk:\n%s", v)
	}
}

// Words typed to narrow a view stay in sight once back in the queue: the
// line above the list and the title said "view My team" over one case,
// as if it were the whole team's queue (a new-user finding).
func TestNarrowedViewSaysByWhat(t *testing.T) {
	svc, _ := teamDesk(t, 400)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	h.keys("/")
	h.typeText("ref")
	h.keys("enter", "esc") // open the first, back to the queue
	if h.a.focus != paneQueue {
		h.keys("1")
	}
	v := ansi.Strip(h.view())
	lines := strings.Split(v, "\n")
	if !strings.Contains(lines[0], "view My team · search: ref") || !strings.Contains(v, "view My team · search: ref · sort:") {
		t.Fatalf("the narrowing words are not said:\n%s", v)
	}
	// the view alone says only its name
	h.keys("/")
	h.keys("backspace", "backspace", "backspace", "enter", "esc")
	h.keys("1")
	if v := ansi.Strip(h.view()); strings.Contains(v, "search:") {
		t.Fatalf("the view's own query is called a search:\n%s", v)
	}
}

// config check refuses a [[view]] named like a built-in view by
// config.BuiltinViews: it holds every view's name as the tab line and
// :view know it.
func TestConfigKnowsTheBuiltinViews(t *testing.T) {
	want := []string{myTeamView}
	for v := range caseindex.NumViews {
		want = append(want, v.String(), v.Command())
	}
	for _, w := range want {
		if !slices.ContainsFunc(config.BuiltinViews, func(b string) bool { return strings.EqualFold(b, w) }) {
			t.Errorf("config.BuiltinViews lacks %q", w)
		}
	}
}

// The case pane's SLA line names the running clock on a team's policy, as
// the queue row does.
func TestCasePaneNamesTheClock(t *testing.T) {
	svc, _ := teamDesk(t, 20)
	for _, c := range svc.cases {
		c.Team, c.Status, c.FollowUp, c.FirstReply = "billing", model.StatusOpen, time.Time{}, time.Time{}
		c.CreatedAt = testNow.Add(-30 * 24 * time.Hour)
	}
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "first reply late by") || strings.Contains(v, "OVERDUE") {
		t.Errorf("the case pane does not name the first reply clock:\n%s", v)
	}
}
