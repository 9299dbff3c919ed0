package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// Saved views: searches the queue offers beside its built-in views, with
// their counts on the tab line. "My team" (a team member's default view)
// and, for leads, one view per team come from the desk's teams; the rest
// from the config's [[view]] sections. A saved view is the queue's search
// set to its query over every case, titled with its name.

// SavedView is a [[view]] of the config.
type SavedView struct {
	Name  string
	Query string
}

type savedView struct {
	name, query string
	q           model.Query
}

// savedViews is the queue's saved views and their counts.
type savedViews struct {
	list []savedView
	// counts are kept by the case index, patched from every change
	// notice: on a team server one per view for every screen
	// (caseindex/viewcount.go).
	counts []*caseindex.CountedView
	on     int // the view on screen, -1 none
	// myTeam is the "My team" view's index, -1 when the agent is in no
	// team: the view the queue opens with.
	myTeam int
}

// myTeamView names the team member's view.
const myTeamView = "My team"

// newSavedViews builds the views of the agent — My team, every team's for
// a lead, then the config's — counted by ix's index.
func newSavedViews(e *env, ix *caseindex.Queue) *savedViews {
	sv := &savedViews{on: -1, myTeam: -1}
	add := func(name, query string) {
		q, err := model.ParseQuery(query)
		if err != nil || slices.ContainsFunc(sv.list, func(v savedView) bool { return strings.EqualFold(v.name, name) }) {
			return // the config was checked at start; a duplicate keeps the first
		}
		sv.list = append(sv.list, savedView{name: name, query: query, q: q})
	}
	r := e.svc.Routing()
	if mine := r.TeamsOf(e.agent); len(mine) > 0 {
		// Every team the agent is in: filters of one key are alternatives.
		sv.myTeam = len(sv.list)
		add(myTeamView, "team:"+strings.Join(mine, " team:")+" status:active")
	}
	if e.lead && r != nil {
		for _, t := range r.Teams {
			add(t.Name, "team:"+t.Name+" status:active")
		}
	}
	for _, v := range e.views {
		add(v.Name, v.Query)
	}
	for _, v := range sv.list {
		sv.counts = append(sv.counts, ix.CountView(v.q))
	}
	return sv
}

// openSaved shows saved view i: its query over every case, titled; the
// words typed with / narrow it (caseindex.Queue.SearchIn).
func (q *queuePane) openSaved(i int) tea.Cmd {
	v := q.views.list[i]
	cmd := q.setView(caseindex.ViewAll)
	q.views.on = i
	return tea.Batch(cmd, q.setScoped(v.query, "", "view "+v.name, false))
}

// narrowing is what the search in force adds to the saved view on screen
// (the words typed with /); "" when it is the view alone or no view.
func (q *queuePane) narrowing() string {
	if q.ix.Scope() == "" {
		return ""
	}
	return q.ix.Query()
}

// cycleView steps through the built-in views, then the saved ones.
func (q *queuePane) cycleView(d int) tea.Cmd {
	n := int(caseindex.NumViews) + len(q.views.list)
	at := int(q.ix.View())
	if q.views.on >= 0 {
		at = int(caseindex.NumViews) + q.views.on
	}
	next := ((at+d)%n + n) % n
	if next >= int(caseindex.NumViews) {
		return q.openSaved(next - int(caseindex.NumViews))
	}
	q.views.on = -1
	return q.setView(caseindex.View(next))
}

// findSaved finds a saved view by name (case-insensitive, or a unique
// prefix).
func (q *queuePane) findSaved(name string) (int, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	hit, n := -1, 0
	for i, v := range q.views.list {
		l := strings.ToLower(v.name)
		if l == name {
			return i, true
		}
		if strings.HasPrefix(l, name) {
			hit, n = i, n+1
		}
	}
	return hit, n == 1 && name != ""
}

// savedTabs are the saved views' tab labels, the one on screen marked.
func (q *queuePane) savedTabs(short bool) []string {
	sv := q.views
	out := make([]string, len(sv.list))
	for i, v := range sv.list {
		n := "…"
		if c, ok := sv.counts[i].N(); ok {
			n = shortCount(c)
		}
		name := v.name
		if short {
			name = Fit(name, 8)
		}
		out[i] = " " + Clean(name) + " " + n
	}
	return out
}

// savedKey is what the tab line shows of the saved views, for its cache.
func (q *queuePane) savedKey() string {
	if len(q.views.list) == 0 {
		return "" // drawn every frame: no formatting for nothing
	}
	b := strconv.AppendInt(nil, int64(q.views.on), 10)
	for _, c := range q.views.counts {
		n, ok := c.N()
		if !ok {
			n = -1
		}
		b = strconv.AppendInt(append(b, ' '), int64(n), 10)
	}
	return string(b)
}

// --- the clock a row runs against ---

// teamClockText is the queue's SLA cell for a case of a team with its own
// policy: which clock runs and when it ends ("first reply due 40m", "next
// reply due 2h" after the customer's follow-up, "resolve by Tue 11:00").
// ok false leaves the plain cell.
func (q *queuePane) teamClockText(s *caseindex.Snapshot, r *caseindex.Row, now int64) (string, bool) {
	if s.Team(r) == "" || q.e.svc.SLA().Teams[s.Team(r)] == nil {
		return "", false
	}
	state := s.SLAState(r, now)
	if state == model.SLANone {
		return "", false
	}
	due := r.Due()
	left := time.Duration(due.Unix()-now) * time.Second
	switch s.Clock(r) {
	case model.ClockFirstReply:
		if state == model.SLAOverdue {
			return state.Symbol() + " first reply late " + model.FormatAge(left), true
		}
		return state.Symbol() + " first reply due " + model.FormatAge(left), true
	case model.ClockNextReply:
		if state == model.SLAOverdue {
			return state.Symbol() + " next reply late " + model.FormatAge(left), true
		}
		return state.Symbol() + " next reply due " + model.FormatAge(left), true
	case model.ClockResolve:
		if state == model.SLAOverdue {
			return state.Symbol() + " resolve overdue " + model.FormatAge(left), true
		}
		return state.Symbol() + " resolve " + q.dueWhen(due), true
	}
	return "", false
}

// dueWhen is a due time in the agent's zone: "by Tue 11:00" within the
// week, "Dec 17 11:00" further out — without "by", which cut the time
// to "1…" in the 22 columns of the SLA cell.
func (q *queuePane) dueWhen(t time.Time) string {
	l := t.In(q.e.loc)
	if l.Sub(q.e.now()) < 6*24*time.Hour {
		return l.Format("by Mon 15:04")
	}
	return l.Format("Jan 2 15:04")
}

// slaWidth is the queue's SLA column: wider on a desk with teams, whose
// cells name their clock.
func (q *queuePane) slaWidth() int {
	if q.e.svc.SLA().Teams != nil {
		return 22
	}
	return 13
}

// --- :transfer, :away, :back ---

func cmdTransfer(a *app, arg string) tea.Cmd {
	team := strings.ToLower(strings.TrimSpace(arg))
	r := a.e.svc.Routing()
	if r == nil || len(r.Teams) == 0 {
		return statusMsg{text: "transfer: this desk has no teams ([[team]] in the config; caredesk config example)", err: true}.cmd()
	}
	if _, ok := r.Team(team); !ok {
		return statusMsg{text: "transfer: unknown team " + Clean(team) + " (" + strings.Join(teamNames(r), ", ") + ")", err: true}.cmd()
	}
	return a.act(a.caseTargets(), "moved %s to "+team, model.Transfer{Team: team})
}

func teamNames(r *model.Routing) []string {
	var out []string
	for _, t := range r.Teams {
		out = append(out, t.Name)
	}
	return out
}

func completeTeams(a *app, arg string) []string {
	r := a.e.svc.Routing()
	if r == nil {
		return nil
	}
	return prefixed(teamNames(r), arg)
}

// cmdAway marks the agent (or, for a lead on the team server, NAME) away:
// routing gives them no new cases until :back.
func cmdAway(away bool) func(a *app, arg string) tea.Cmd {
	return func(a *app, arg string) tea.Cmd {
		who := strings.TrimSpace(arg)
		if who == "" {
			who = a.e.agent
		}
		// Only an agent of the desk: a typo ("de" for dee) would mark
		// nobody away and say it had.
		if names := awayAgents(a); who != "" && !slices.Contains(names, who) {
			return statusMsg{text: Clean(who) + " is not an agent of this desk (agents: " + Clean(strings.Join(names, ", ")) + "): nobody was marked", err: true}.cmd()
		}
		svc := a.e.svc
		return func() tea.Msg {
			if err := svc.SetAway(who, away); err != nil {
				return statusMsg{text: errText(err), err: true}
			}
			// The header follows at once, not only when the store's
			// change notice arrives.
			text := Clean(who) + " is back: new cases come again"
			if away {
				text = Clean(who) + " is away: no new cases until :back"
			}
			return tea.BatchMsg{statusMsg{text: text}.cmd(), loadAway(svc, a.e.agent)}
		}
	}
}

// awayAgents are the names :away and :back take: assign's, without "none".
func awayAgents(a *app) []string {
	return slices.DeleteFunc(completeAgents(a, ""), func(n string) bool { return n == "none" })
}

func completeAway(a *app, arg string) []string { return prefixed(awayAgents(a), arg) }

// currentTab is the tab on screen: a built-in view, or a saved one after
// them.
func (q *queuePane) currentTab() int {
	if q.views.on >= 0 {
		return int(caseindex.NumViews) + q.views.on
	}
	return int(q.ix.View())
}

// savedNames are the saved views' names, for :view and its completion.
func (q *queuePane) savedNames() []string {
	var out []string
	for _, v := range q.views.list {
		out = append(out, v.name)
	}
	return out
}

// viewsLosing names the saved views of the config whose tag: filters
// select cases tagged from but not cases tagged to: a rename or merge of
// from empties them until their query is edited (the config is a file
// the lead keeps; the app does not rewrite it).
func viewsLosing(views []SavedView, from, to string) []string {
	var out []string
	for _, v := range views {
		q, err := model.ParseQuery(v.Query)
		if err != nil {
			continue
		}
		for i, f := range q.Filters() {
			tq := q.Pick([]int{i})
			if f.Key != "tag" || f.Not || !tq.Match(model.Summary{Tags: []string{from}}, model.Customer{}, time.Time{}, "", model.SLAPolicy{}) ||
				tq.Match(model.Summary{Tags: []string{to}}, model.Customer{}, time.Time{}, "", model.SLAPolicy{}) {
				continue
			}
			out = append(out, v.Name)
			break
		}
	}
	return out
}

// losingNote is what a rename or merge adds to its message when views
// name the old tag: "" when none do.
func losingNote(views []SavedView, from, to string) string {
	return namesNote(viewsLosing(views, from, to), from)
}

// areaLosingNote is losingNote for an area move: the views that lose a
// tag of the area, named once.
func areaLosingNote(views []SavedView, tags []model.TagInfo, from, to string) string {
	var names []string
	for _, t := range tags {
		for _, n := range viewsLosing(views, t.Tag, strings.TrimSuffix(to+"/"+model.TagIssue(t.Tag), "/")) {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return namesNote(names, from+"/")
}

// namesNote says which views name from, "" when none do.
func namesNote(names []string, from string) string {
	if len(names) == 0 {
		return ""
	}
	what := "view " + Clean(names[0]) + " names"
	if len(names) > 1 {
		what = "views " + Clean(strings.Join(names, ", ")) + " name"
	}
	return " · " + what + " " + Clean(from) + ": edit the query in the config"
}
