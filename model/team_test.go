package model

import (
	"strings"
	"testing"
	"time"
)

func testRouting(t *testing.T) *Routing {
	t.Helper()
	r, err := NewRouting([]Team{
		{Name: "billing", Members: []string{"ana", "bo", "cy"}, Areas: []string{"billing", "account"}, Assign: AssignRoundRobin, MaxOpen: 2},
		{Name: "delivery", Members: []string{"dee", "ed"}, Areas: []string{"delivery"}, Channels: []Channel{ChannelPhone}, Assign: AssignLeastOpen},
		{Name: "mail", Members: []string{"fay"}, Mailboxes: []string{"Help@Example.com"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRouteByAreaMailboxChannel(t *testing.T) {
	r := testRouting(t)
	for _, tc := range []struct {
		name       string
		c          Case
		team, rule string
	}{
		{"area of the first tag", Case{Tags: []string{"billing/refund", "delivery/late"}}, "billing", "tag billing/refund"},
		{"first owned tag wins over an unowned one", Case{Tags: []string{"a-feedback/x", "delivery/late"}}, "delivery", "tag delivery/late"},
		{"retagged to another area", Case{Tags: []string{"account/locked"}, Channel: ChannelPhone}, "billing", "tag account/locked"},
		{"untagged by mailbox", Case{Channel: ChannelPhone, Fields: []Field{{MailboxField, " help@example.COM"}}}, "mail", "mailbox help@example.com"},
		{"untagged by channel", Case{Channel: ChannelPhone}, "delivery", "channel phone"},
		{"tagged in no owned area falls back to channel", Case{Tags: []string{"product/recall"}, Channel: ChannelPhone}, "delivery", "channel phone"},
		{"nobody's", Case{Channel: ChannelEmail}, "", ""},
	} {
		team, rule := r.Route(&tc.c)
		if team != tc.team || rule != tc.rule {
			t.Errorf("%s: routed to %q by %q, want %q by %q", tc.name, team, rule, tc.team, tc.rule)
		}
	}
	var none *Routing
	if team, _ := none.Route(&Case{Tags: []string{"billing/x"}}); team != "" {
		t.Error("no routing routes nothing")
	}
}

func TestNewRoutingRefuses(t *testing.T) {
	for _, teams := range [][]Team{
		{{Name: "Billing"}},
		{{Name: "a"}, {Name: "a"}},
		{{Name: "a", Areas: []string{"x"}}, {Name: "b", Areas: []string{"X"}}},
		{{Name: "a", Channels: []Channel{ChannelChat}}, {Name: "b", Channels: []Channel{ChannelChat}}},
		{{Name: "a", MaxOpen: -1}},
	} {
		if _, err := NewRouting(teams); err == nil {
			t.Errorf("NewRouting(%+v) accepted", teams)
		}
	}
}

func TestPickRoundRobinLeastOpenAwayCaps(t *testing.T) {
	loads := map[string]AgentLoad{"ana": {Open: 1}, "bo": {Open: 2}, "cy": {Open: 0, Away: true}, "dee": {Open: 3}, "ed": {Open: 3}}
	load := func(a string) AgentLoad { return loads[a] }
	r := testRouting(t)
	billing, _ := r.Team("billing")
	delivery, _ := r.Team("delivery")
	mail, _ := r.Team("mail")
	for _, tc := range []struct {
		name   string
		team   *Team
		last   string
		want   string
		wantOK bool
	}{
		{"round-robin starts at the first member", billing, "", "ana", true},
		{"round-robin skips bo at the cap and cy away, wraps to ana", billing, "ana", "ana", true},
		{"a departed last member starts over", billing, "zed", "ana", true},
		{"least-open tie goes to the next after last", delivery, "dee", "ed", true},
		{"least-open tie wraps round", delivery, "ed", "dee", true},
		{"rule none assigns nobody", mail, "", "", false},
	} {
		got, ok := tc.team.Pick(tc.last, load)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: picked %q %v, want %q %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
	loads["ana"] = AgentLoad{Open: 2}
	if got, ok := billing.Pick("bo", load); ok {
		t.Errorf("everyone at the cap or away: picked %q", got)
	}
	loads["dee"] = AgentLoad{Open: 1}
	if got, _ := delivery.Pick("dee", load); got != "dee" {
		t.Errorf("least-open picked %q, want dee with fewer open cases", got)
	}
}

func TestRoundRobinTakesTurns(t *testing.T) {
	team := Team{Name: "t", Members: []string{"a", "b", "c"}, Assign: AssignRoundRobin}
	last, got := "", []string{}
	for range 7 {
		last, _ = team.Pick(last, func(string) AgentLoad { return AgentLoad{} })
		got = append(got, last)
	}
	if strings.Join(got, ",") != "a,b,c,a,b,c,a" {
		t.Errorf("turns %v", got)
	}
}

func TestSetTeamCountsHandoffs(t *testing.T) {
	c := Case{}
	if evs := SetTeam(&c, "billing", "tag billing/x"); len(evs) != 1 || c.Handoffs != 0 {
		t.Fatalf("first route: %v handoffs %d", evs, c.Handoffs)
	}
	if evs := SetTeam(&c, "billing", "tag billing/y"); evs != nil {
		t.Fatalf("same team is no route: %v", evs)
	}
	evs := SetTeam(&c, "delivery", "tag delivery/late")
	if len(evs) != 1 || c.Handoffs != 1 || evs[0].From != "billing" {
		t.Fatalf("handoff: %+v handoffs %d", evs, c.Handoffs)
	}
	if team, rule := RouteOf(evs[0]); team != "delivery" || rule != "tag delivery/late" {
		t.Errorf("RouteOf = %q %q", team, rule)
	}
}

func TestSLAClockPerTeam(t *testing.T) {
	hours, err := ParseHours("Mon-Fri 09:00-17:00", "UTC", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultSLA
	p.Teams = map[string]*TeamSLA{"billing": {FirstResponse: SLAPolicy{Normal: time.Hour}, Resolution: SLAPolicy{Normal: 16 * time.Hour}, Hours: hours}}
	fri := time.Date(2026, 12, 4, 16, 30, 0, 0, time.UTC) // a Friday
	s := Summary{CreatedAt: fri, Priority: PriorityNormal, Status: StatusOpen, Team: "billing"}
	if k, due := p.Clock(&s); k != ClockFirstReply || !due.Equal(time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("first reply clock: %v %v", k, due)
	}
	s.FirstReply = fri.Add(time.Minute)
	if k, due := p.Clock(&s); k != ClockResolve || !due.Equal(time.Date(2026, 12, 8, 16, 30, 0, 0, time.UTC)) {
		t.Errorf("resolve clock: %v %v", k, due)
	}
	s.Team = "" // no team: exactly today's rule
	if k, due := p.Clock(&s); k != ClockResolve || !due.Equal(fri.Add(72*time.Hour)) || !due.Equal(p.Due(s.CreatedAt, s.FollowUp, s.Priority)) {
		t.Errorf("desk clock: %v %v", k, due)
	}
	s.FollowUp = fri.Add(time.Hour)
	if k, due := p.Clock(&s); k != ClockFollowUp || !due.Equal(s.FollowUp) {
		t.Errorf("follow-up: %v %v", k, due)
	}
}

func TestTransferAndReplyActions(t *testing.T) {
	c := Case{ID: 1, Team: "billing", Status: StatusOpen}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	evs, err := Apply(&c, "ana", now, Transfer{Team: "Delivery"}, LogReply{Text: "on its way"})
	if err != nil || len(evs) != 2 || c.Team != "delivery" || c.Handoffs != 1 || !c.FirstReply.Equal(now) {
		t.Fatalf("%v %+v %+v", err, evs, c)
	}
	if _, rule := RouteOf(evs[0]); rule != "transferred by ana" {
		t.Errorf("rule %q", rule)
	}
	later := now.Add(time.Hour)
	Apply(&c, "ana", later, LogReply{Text: "again"})
	if !c.FirstReply.Equal(now) {
		t.Error("a second reply moved the first reply")
	}
	if _, err := Apply(&c, "ana", now, Transfer{Team: "no such!"}); err == nil {
		t.Error("a bad team name was accepted")
	}
	if err := Authorize(RoleAgent, "bo", Case{Assignee: "ana"}, Transfer{Team: "x"}); err == nil {
		t.Error("an agent transferred a colleague's case")
	}
	if err := Authorize(RoleAgent, "bo", Case{}, Transfer{Team: "x"}); err != nil {
		t.Errorf("an agent may pass a free case on: %v", err)
	}
}

// A follow-up never pauses or restarts a reply the customer is owed: it
// replaces a reply clock only when earlier, so a missed first reply stays
// missed (and overdue) whatever reminder an agent sets.
func TestFollowUpKeepsAReplyClock(t *testing.T) {
	hours, err := ParseHours("Mon-Fri 09:00-17:00", "UTC", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultSLA
	p.Teams = map[string]*TeamSLA{"billing": {FirstResponse: SLAPolicy{Urgent: 30 * time.Minute}, Resolution: SLAPolicy{Urgent: 8 * time.Hour}, Hours: hours}}
	mon := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	firstDue := mon.Add(30 * time.Minute)
	now := mon.Add(10 * time.Hour) // the first reply is late
	for _, tt := range []struct {
		name      string
		s         Summary
		wantClock SLAClock
		wantDue   time.Time
		wantState SLAState
	}{
		{"missed first reply, follow-up in 2 days", Summary{Team: "billing", FollowUp: now.Add(48 * time.Hour)}, ClockFirstReply, firstDue, SLAOverdue},
		{"follow-up before the first reply is due", Summary{Team: "billing", FollowUp: mon.Add(10 * time.Minute)}, ClockFollowUp, mon.Add(10 * time.Minute), SLAOverdue},
		{"missed next reply, follow-up later", Summary{Team: "billing", FirstReply: mon, Awaiting: mon.Add(time.Hour), FollowUp: now.Add(time.Hour)}, ClockNextReply, mon.Add(90 * time.Minute), SLAOverdue},
		{"replied: the follow-up replaces resolution", Summary{Team: "billing", FirstReply: mon, FollowUp: now.Add(48 * time.Hour)}, ClockFollowUp, now.Add(48 * time.Hour), SLAOK},
		{"no team: the follow-up as before", Summary{FollowUp: now.Add(48 * time.Hour)}, ClockFollowUp, now.Add(48 * time.Hour), SLAOK},
	} {
		tt.s.CreatedAt, tt.s.Priority, tt.s.Status = mon, PriorityUrgent, StatusOpen
		k, due := p.Clock(&tt.s)
		if k != tt.wantClock || !due.Equal(tt.wantDue) {
			t.Errorf("%s: clock %v %v, want %v %v", tt.name, k, due, tt.wantClock, tt.wantDue)
		}
		if st, _ := p.State(tt.s, now); st != tt.wantState {
			t.Errorf("%s: state %v, want %v", tt.name, st, tt.wantState)
		}
	}
}

// "Due soon" is judged against the running clock's own target, not the
// desk's default allowance: a normal case 14 h from its first reply is no
// more pressing than a high one 14 h out.
func TestDueSoonFollowsTheClocksTarget(t *testing.T) {
	p := DefaultSLA
	p.Teams = map[string]*TeamSLA{
		"delivery": {FirstResponse: SLAPolicy{Normal: 2 * time.Hour}, Resolution: SLAPolicy{Normal: 24 * time.Hour}},
		"billing":  {FirstResponse: SLAPolicy{High: time.Hour}, Resolution: SLAPolicy{High: 8 * time.Hour}},
	}
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		s    Summary
		now  time.Time
		want SLAState
	}{
		{"normal first reply 14h out", Summary{Team: "delivery", Priority: PriorityNormal}, t0.Add(2*time.Hour - 14*time.Hour), SLAOK},
		{"high first reply 14h out", Summary{Team: "billing", Priority: PriorityHigh}, t0.Add(time.Hour - 14*time.Hour), SLAOK},
		{"first reply 40m out", Summary{Team: "delivery", Priority: PriorityNormal}, t0.Add(80 * time.Minute), SLADueSoon},
		{"resolution 5h of 24h out", Summary{Team: "delivery", Priority: PriorityNormal, FirstReply: t0}, t0.Add(19 * time.Hour), SLADueSoon},
		{"resolution 7h of 24h out", Summary{Team: "delivery", Priority: PriorityNormal, FirstReply: t0}, t0.Add(17 * time.Hour), SLAOK},
		{"no team: a quarter of 72h", Summary{Priority: PriorityNormal}, t0.Add(72*time.Hour - 17*time.Hour), SLADueSoon},
	} {
		tt.s.CreatedAt, tt.s.Status = t0, StatusOpen
		if st, _ := p.State(tt.s, tt.now); st != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, st, tt.want)
		}
	}
}
