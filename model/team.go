package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// AssignRule is how a team hands its new cases to its members.
type AssignRule uint8

const (
	AssignNone       AssignRule = iota // the case waits in the team's queue
	AssignRoundRobin                   // members in turn
	AssignLeastOpen                    // the member with the fewest open cases
)

// ParseAssignRule reads round-robin, least-open or none.
func ParseAssignRule(s string) (AssignRule, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return AssignNone, nil
	case "round-robin":
		return AssignRoundRobin, nil
	case "least-open":
		return AssignLeastOpen, nil
	}
	return AssignNone, Errorf(EINVALID, "unknown assign rule %q (round-robin, least-open, none)", s)
}

func (r AssignRule) String() string {
	switch r {
	case AssignRoundRobin:
		return "round-robin"
	case AssignLeastOpen:
		return "least-open"
	}
	return "none"
}

// Team is a group of agents that owns some issue areas, with its own
// assignment rule, cap, business hours and SLA targets.
type Team struct {
	Name      string
	Members   []string
	Areas     []string  // issue areas (the part of a tag before "/") the team owns
	Channels  []Channel // untagged cases of these channels come to the team
	Mailboxes []string  // untagged cases from these mailboxes (see MailboxField)
	Assign    AssignRule
	MaxOpen   int // an agent with this many open cases gets no more; 0: no cap
	SLA       TeamSLA
}

// TeamSLA is a team's SLA policy: targets by priority counted in its
// business hours.
type TeamSLA struct {
	// FirstResponse is the time allowed until the first reply; zero: none.
	FirstResponse SLAPolicy
	// Resolution is the time allowed to finish; a zero entry takes the
	// desk's allowance for that priority.
	Resolution SLAPolicy
	// Hours are the team's business hours; nil counts around the clock.
	Hours *BusinessHours
}

// MailboxField is the extra field that names the mailbox a case came in
// through; the e-mail intake sets it, and routing reads it for untagged
// cases.
const MailboxField = "mailbox"

// ValidTeamName reports whether s can name a team: lower-case letters,
// digits, '-' and '_', as it appears in commands and timeline events.
func ValidTeamName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Routing is the desk's teams and the rule that finds a case's team. The
// zero value (no teams) routes nothing.
type Routing struct {
	Teams     []Team
	byArea    map[string]int
	byChannel map[Channel]int
	byMailbox map[string]int
}

// NewRouting checks teams and indexes them: team names unique and valid,
// each area, channel and mailbox owned by one team.
func NewRouting(teams []Team) (*Routing, error) {
	r := &Routing{Teams: teams, byArea: map[string]int{}, byChannel: map[Channel]int{}, byMailbox: map[string]int{}}
	seen := map[string]bool{}
	for i, t := range teams {
		if !ValidTeamName(t.Name) {
			return nil, Errorf(EINVALID, "team name %q: use lower-case letters, digits, '-' and '_'", t.Name)
		}
		if seen[t.Name] {
			return nil, Errorf(EINVALID, "team %s is defined twice", t.Name)
		}
		seen[t.Name] = true
		for _, a := range t.Areas {
			a = strings.ToLower(strings.TrimSpace(a))
			if j, ok := r.byArea[a]; ok {
				return nil, Errorf(EINVALID, "area %s is owned by both %s and %s", a, teams[j].Name, t.Name)
			}
			r.byArea[a] = i
		}
		for _, ch := range t.Channels {
			if j, ok := r.byChannel[ch]; ok {
				return nil, Errorf(EINVALID, "channel %s is owned by both %s and %s", ch, teams[j].Name, t.Name)
			}
			r.byChannel[ch] = i
		}
		for _, mb := range t.Mailboxes {
			mb = strings.ToLower(strings.TrimSpace(mb))
			if j, ok := r.byMailbox[mb]; ok {
				return nil, Errorf(EINVALID, "mailbox %s is owned by both %s and %s", mb, teams[j].Name, t.Name)
			}
			r.byMailbox[mb] = i
		}
		if t.MaxOpen < 0 {
			return nil, Errorf(EINVALID, "team %s: max_open cannot be negative", t.Name)
		}
	}
	return r, nil
}

// Team returns the team called name.
func (r *Routing) Team(name string) (*Team, bool) {
	if r == nil {
		return nil, false
	}
	for i := range r.Teams {
		if r.Teams[i].Name == name {
			return &r.Teams[i], true
		}
	}
	return nil, false
}

// TeamsOf lists the teams agent is a member of, in config order.
func (r *Routing) TeamsOf(agent string) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, t := range r.Teams {
		if slices.Contains(t.Members, agent) {
			out = append(out, t.Name)
		}
	}
	return out
}

// ZoneOf is the time zone agent reads times in on the team server: that
// of the first of their teams (config order) with business hours, so a
// Berlin team on a UTC host reads "resolve by Tue 11:00" in Berlin time.
// nil: none of their teams names one.
func (r *Routing) ZoneOf(agent string) *time.Location {
	if r == nil {
		return nil
	}
	for _, t := range r.Teams {
		if t.SLA.Hours != nil && t.SLA.Hours.Loc != nil && slices.Contains(t.Members, agent) {
			return t.SLA.Hours.Loc
		}
	}
	return nil
}

// Route finds the team a case belongs to and says by which rule: the team
// owning the area of its first tag (in the case's order) whose area a team
// owns ("tag billing/refund"); for a case with no such tag, the team of
// its mailbox ("mailbox support@example.com"), else of its channel
// ("channel phone"). "" when no team owns it.
func (r *Routing) Route(c *Case) (team, rule string) {
	team, by, what := r.RouteBy(c)
	if team == "" {
		return "", ""
	}
	return team, by + " " + what
}

// RouteBy is Route with the rule in two parts ("tag", "billing/refund"),
// without building a string: an import routes every new case.
func (r *Routing) RouteBy(c *Case) (team, by, what string) {
	if r == nil || len(r.Teams) == 0 {
		return "", "", ""
	}
	for _, t := range c.Tags {
		if i, ok := r.byArea[TagArea(t)]; ok {
			return r.Teams[i].Name, "tag", t
		}
	}
	if mb, ok := c.Field(MailboxField); ok {
		mb = strings.ToLower(strings.TrimSpace(mb))
		if i, ok := r.byMailbox[mb]; ok {
			return r.Teams[i].Name, "mailbox", mb
		}
	}
	if i, ok := r.byChannel[c.Channel]; ok {
		return r.Teams[i].Name, "channel", string(c.Channel)
	}
	return "", "", ""
}

// Mailbox is the first of addrs (bare addresses a mail came to: its To,
// then Cc) that a team owns, lower case; "" when none is: the value the
// e-mail intake keeps in MailboxField.
func (r *Routing) Mailbox(addrs []string) string {
	if r == nil || len(r.byMailbox) == 0 {
		return ""
	}
	for _, a := range addrs {
		a = strings.ToLower(strings.TrimSpace(a))
		if _, ok := r.byMailbox[a]; ok {
			return a
		}
	}
	return ""
}

// SLA is the desk policy p with the teams' policies added.
func (r *Routing) SLA(p SLAPolicy) SLAPolicy {
	p.Teams = nil
	if r == nil || len(r.Teams) == 0 {
		return p
	}
	p.Teams = map[string]*TeamSLA{}
	for i := range r.Teams {
		p.Teams[r.Teams[i].Name] = &r.Teams[i].SLA
	}
	return p
}

// AgentLoad is what assignment needs to know of a member.
type AgentLoad struct {
	Open int  // open cases assigned now (new, open, pending)
	Away bool // :away — gets no new cases
	// Absent: not an agent of this desk (a team member missing from the
	// team server's agents file) — could never act on a case, so gets none.
	Absent bool
}

// Pick chooses the member to give a new case to, by the team's rule:
// round-robin takes the next member after last (the one who got the
// team's previous case) in the members' order; least-open takes the member
// with the fewest open cases, ties going to the first in round-robin order
// after last. Away members, members at the cap and members who are not
// agents of the desk (Absent) are skipped. ok is false
// when the rule is none or no member can take the case.
func (t *Team) Pick(last string, load func(agent string) AgentLoad) (agent string, ok bool) {
	if t.Assign == AssignNone || len(t.Members) == 0 {
		return "", false
	}
	start := 0
	if i := slices.Index(t.Members, last); i >= 0 {
		start = i + 1
	}
	best, bestOpen := -1, 0
	for k := range t.Members {
		i := (start + k) % len(t.Members)
		l := load(t.Members[i])
		if l.Absent || l.Away || (t.MaxOpen > 0 && l.Open >= t.MaxOpen) {
			continue
		}
		if t.Assign == AssignRoundRobin {
			return t.Members[i], true
		}
		if best < 0 || l.Open < bestOpen {
			best, bestOpen = i, l.Open
		}
	}
	if best < 0 {
		return "", false
	}
	return t.Members[best], true
}

// NobodyFree says why Pick found no member, for the route's timeline
// entry: "nobody free: ana away, bo at max_open 40"; "" for a team that
// assigns nobody (its queue is the rule).
func (t *Team) NobodyFree(load func(agent string) AgentLoad) string {
	if t.Assign == AssignNone {
		return ""
	}
	if len(t.Members) == 0 {
		return "nobody free: the team has no members"
	}
	var why []string
	for _, m := range t.Members {
		switch l := load(m); {
		case l.Absent:
			why = append(why, m+" not an agent of this desk")
		case l.Away:
			why = append(why, m+" away")
		case t.MaxOpen > 0 && l.Open >= t.MaxOpen:
			why = append(why, m+" at max_open "+strconv.Itoa(t.MaxOpen))
		}
	}
	return "nobody free: " + strings.Join(why, ", ")
}

// OwnsATag says whether team owns the area of one of c's tags: such a
// case is where it belongs, whatever its first tag says (a transfer to
// delivery is not undone by adding delivery/late).
func (r *Routing) OwnsATag(team string, c *Case) bool {
	if r == nil || team == "" {
		return false
	}
	for _, t := range c.Tags {
		if i, ok := r.byArea[TagArea(t)]; ok && r.Teams[i].Name == team {
			return true
		}
	}
	return false
}

// RouteEvent is the timeline entry of a route: To reads "billing: tag
// billing/refund", From is the team the case left ("" for its first).
func RouteEvent(from, to, rule string) Event {
	return Event{Kind: EventRouted, From: from, To: to + ": " + rule}
}

// RouteOf reads a route event's team and rule.
func RouteOf(ev Event) (team, rule string) {
	team, rule, _ = strings.Cut(ev.To, ": ")
	return team, rule
}

// SetTeam moves c to team, counting a handoff when it leaves another team,
// and returns the route event (none when the team does not change).
func SetTeam(c *Case, team, rule string) []Event {
	if c.Team == team {
		return nil
	}
	ev := RouteEvent(c.Team, team, rule)
	if c.Team != "" && team != "" {
		c.Handoffs++
	}
	c.Team = team
	return []Event{ev}
}

// MarkReplied starts the case's answered state: the first reply sent (or
// logged) to the customer at at stops its first-response clock (see
// FirstReplyOf for what counts).
func MarkReplied(c *Case, at time.Time) {
	if c.FirstReply.IsZero() {
		c.FirstReply = at.UTC()
	}
	c.Awaiting = time.Time{} // the customer's follow-up is answered
}

// MarkAwaiting notes a customer's message at at on c: on a case the desk
// had answered, and not since waiting for its next reply, the next-reply
// clock starts (as Zendesk's next reply time and Freshdesk's every
// response SLA). Before the first reply the first-response clock is
// still running and stays as it is.
func MarkAwaiting(c *Case, at time.Time) {
	if !c.FirstReply.IsZero() && c.Awaiting.IsZero() {
		c.Awaiting = at.UTC()
	}
}
