package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SLAPolicy is the time allowed to handle a case, by priority, counted
// around the clock; a case of a team with its own policy (Teams, from the
// config) runs that team's clocks in its business hours instead.
type SLAPolicy struct {
	Urgent, High, Normal, Low time.Duration
	// Teams are the teams' policies by team name; nil without teams.
	Teams map[string]*TeamSLA
}

// DefaultSLA is the policy a new database starts with.
var DefaultSLA = SLAPolicy{Urgent: 4 * time.Hour, High: 24 * time.Hour, Normal: 72 * time.Hour, Low: 7 * 24 * time.Hour}

// For returns the time allowed for priority p.
func (p SLAPolicy) For(pr Priority) time.Duration {
	switch pr {
	case PriorityUrgent:
		return p.Urgent
	case PriorityHigh:
		return p.High
	case PriorityLow:
		return p.Low
	}
	return p.Normal
}

// Due returns when a case must be handled: its follow-up time when one is
// set, else its creation time plus the priority's allowance. It ignores
// teams; see Clock.
func (p SLAPolicy) Due(created, followUp time.Time, pr Priority) time.Time {
	if !followUp.IsZero() {
		return followUp
	}
	return created.Add(p.For(pr))
}

// TeamsFingerprint describes the teams' policies completely, so a store
// can tell when due times computed under other ones are stale.
func (p SLAPolicy) TeamsFingerprint() string {
	names := make([]string, 0, len(p.Teams))
	for n := range p.Teams {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	if len(names) > 0 {
		// The version of Clock's rule: due times stored under an older one
		// (a follow-up that replaced a reply clock) are stale too.
		b.WriteString("clock 2\n")
	}
	for _, n := range names {
		ts := p.Teams[n]
		fmt.Fprintf(&b, "%s|%v|%v|%v|%v|%v|%v|%v|%v|%s\n", n, ts.FirstResponse.Urgent, ts.FirstResponse.High, ts.FirstResponse.Normal,
			ts.FirstResponse.Low, ts.Resolution.Urgent, ts.Resolution.High, ts.Resolution.Normal, ts.Resolution.Low, ts.Hours)
	}
	return b.String()
}

// SLAClock says which clock a case runs against.
type SLAClock uint8

const (
	ClockResolve    SLAClock = iota // resolve by its allowance
	ClockFirstReply                 // its team's first-response target, until the first reply
	ClockFollowUp                   // the follow-up an agent set
	ClockNextReply                  // the team's first-response target again, from the customer's follow-up
)

// Clock is the one rule for a case's due time, used by the queue, is:overdue,
// the heatmap and the brief: for a case of a team with a first-response
// target and no reply yet, that target; for one whose customer wrote again
// after the desk's reply (Awaiting), that target again from their message,
// until the next reply; else its resolution allowance — counted in its
// team's business hours. A follow-up replaces the resolution allowance, but
// a reply clock only when it is earlier: a reminder never pauses or
// restarts a reply the customer is owed, so it cannot hide a missed one.
// Whether the clock runs at all is SLAApplies.
func (p SLAPolicy) Clock(s *Summary) (SLAClock, time.Time) {
	k, due := p.ownClock(s)
	if !s.FollowUp.IsZero() && (k == ClockResolve || !s.FollowUp.After(due)) {
		return ClockFollowUp, s.FollowUp
	}
	return k, due
}

// ownClock is Clock without the follow-up.
func (p SLAPolicy) ownClock(s *Summary) (SLAClock, time.Time) {
	ts := p.Teams[s.Team]
	if ts == nil {
		return ClockResolve, s.CreatedAt.Add(p.For(s.Priority))
	}
	if fr := ts.FirstResponse.For(s.Priority); fr > 0 && s.FirstReply.IsZero() {
		return ClockFirstReply, ts.Hours.Add(s.CreatedAt, fr)
	} else if fr > 0 && !s.Awaiting.IsZero() {
		return ClockNextReply, ts.Hours.Add(s.Awaiting, fr)
	}
	return ClockResolve, ts.Hours.Add(s.CreatedAt, p.Resolution(s.Team, s.Priority))
}

// DueOf is the due time of Clock.
func (p SLAPolicy) DueOf(s *Summary) time.Time {
	_, due := p.Clock(s)
	return due
}

// Resolution is the time a team's case of priority pr has to be finished
// in (business time when the team has hours).
func (p SLAPolicy) Resolution(team string, pr Priority) time.Duration {
	if ts := p.Teams[team]; ts != nil {
		if d := ts.Resolution.For(pr); d > 0 {
			return d
		}
	}
	return p.For(pr)
}

// FirstResponse is a team's first-response target for pr; zero: none.
func (p SLAPolicy) FirstResponse(team string, pr Priority) time.Duration {
	if ts := p.Teams[team]; ts != nil {
		return ts.FirstResponse.For(pr)
	}
	return 0
}

// Hours are a team's business hours; nil counts around the clock.
func (p SLAPolicy) Hours(team string) *BusinessHours {
	if ts := p.Teams[team]; ts != nil {
		return ts.Hours
	}
	return nil
}

// SLAState is how a case stands against its due time.
type SLAState uint8

const (
	SLANone    SLAState = iota // finished cases have no SLA
	SLAOK                      // due later
	SLADueSoon                 // due within a quarter of its clock's Allowance, or within the hour
	SLAOverdue
)

// State computes a case's SLA state at now; it is never stored, so it is
// never stale.
func (p SLAPolicy) State(s Summary, now time.Time) (SLAState, time.Time) {
	k, due := p.Clock(&s)
	st := p.StateLeft(s.Status, !s.FollowUp.IsZero(), p.Allowance(s.Team, s.Priority, k), due.Sub(now))
	if st == SLANone {
		return SLANone, time.Time{}
	}
	return st, due
}

// SLAApplies reports whether a case with status st runs against a due
// time: finished cases do not, nor does a case waiting for the customer
// (pending) unless an agent set a follow-up: the customer's silence is not
// the desk's delay.
func SLAApplies(st Status, hasFollowUp bool) bool {
	return st.Active() && (st != StatusPending || hasFollowUp)
}

// Allowance is the time the clock k of a team's case of priority pr
// allows: the team's first-response target for a reply clock, its
// resolution target for the resolve clock, the desk's allowance for a
// follow-up (and without a team). "Due soon" is judged against it, so the
// mark means the same in every team.
func (p SLAPolicy) Allowance(team string, pr Priority, k SLAClock) time.Duration {
	switch k {
	case ClockFirstReply, ClockNextReply:
		if fr := p.FirstResponse(team, pr); fr > 0 {
			return fr
		}
	case ClockResolve:
		return p.Resolution(team, pr)
	}
	return p.For(pr)
}

// StateLeft is the SLA state of a case with status st on a clock that
// allows allow, whose due time is left away (negative: past); see
// SLAApplies and Allowance.
func (p SLAPolicy) StateLeft(st Status, hasFollowUp bool, allow, left time.Duration) SLAState {
	switch {
	case !SLAApplies(st, hasFollowUp):
		return SLANone
	case left < 0:
		return SLAOverdue
	case left < time.Hour || left < allow/4:
		return SLADueSoon
	}
	return SLAOK
}

// Symbol marks an SLA state without colour.
func (s SLAState) Symbol() string {
	switch s {
	case SLAOverdue:
		return "✗"
	case SLADueSoon:
		return "◷"
	case SLAOK:
		return "✓"
	}
	return " "
}

// FormatAge writes a duration the way the queue shows it: 45s, 12m, 3h, 2d,
// 5w, 2y. Negative durations get no sign; the caller says "in" or "ago".
func FormatAge(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 14*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dw", int(d/(7*24*time.Hour)))
	}
	return fmt.Sprintf("%dy", int(d/(365*24*time.Hour)))
}
