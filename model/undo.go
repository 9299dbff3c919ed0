package model

import (
	"slices"
	"strings"
	"time"
)

// Undo is how an agent takes back one of their actions: nothing is
// deleted, the case's fields go back to what they were, recorded as new
// events (status, assignee, tags…) and one "undone" entry saying what was
// taken back. Only what an agent's action changes comes back (Undoable);
// a reply has reached the customer and a note may have been read, so
// neither is undone (see Undoable's callers).

// Undoable is the part of a case an agent's action changes and an undo
// puts back.
type Undoable struct {
	Status   Status
	Assignee string
	Priority Priority
	Tags     []string
	FollowUp time.Time
	Recovery Recovery
	// Team is where a route left the case: a tag that routed it, taken
	// back, takes the case back to the team it was in.
	Team string
}

// UndoableOf copies c's undoable fields.
func UndoableOf(c Case) Undoable {
	return Undoable{Status: c.Status, Assignee: c.Assignee, Priority: c.Priority,
		Tags: slices.Clone(c.Tags), FollowUp: c.FollowUp, Recovery: c.Recovery, Team: c.Team}
}

// Equal reports whether u and o hold the same values.
func (u Undoable) Equal(o Undoable) bool {
	return u.Status == o.Status && u.Assignee == o.Assignee && u.Priority == o.Priority &&
		slices.Equal(u.Tags, o.Tags) && u.FollowUp.Equal(o.FollowUp) && u.Recovery == o.Recovery && u.Team == o.Team
}

// Undo puts a case back from After (as an action left it) to Before (as
// it was). Every field the action changed must still read as After: a
// field someone changed since is theirs, and the undo is refused
// (ECONFLICT) rather than overwrite it.
type Undo struct{ Before, After Undoable }

func (Undo) Name() string { return "undo" }

func (u Undo) apply(c *Case, author string, now time.Time) ([]Event, error) {
	cur := UndoableOf(*c)
	var evs []Event
	changed := func(what string) error {
		return Errorf(ECONFLICT, "case %d: its %s changed since, so it was not undone", c.ID, what)
	}
	if u.Before.Status != u.After.Status {
		if cur.Status != u.After.Status {
			return nil, changed("status")
		}
		// Taking a reopen back uncounts it; a status put back is no reopen.
		if IsReopen(u.Before.Status, u.After.Status) && c.Reopens > 0 {
			c.Reopens--
		}
		evs = append(evs, Event{Kind: EventStatus, From: c.Status.String(), To: u.Before.Status.String()})
		c.Status = u.Before.Status
	}
	if u.Before.Assignee != u.After.Assignee {
		if cur.Assignee != u.After.Assignee {
			return nil, changed("assignee")
		}
		evs = append(evs, Event{Kind: EventAssigned, From: c.Assignee, To: u.Before.Assignee})
		c.Assignee = u.Before.Assignee
	}
	if u.Before.Priority != u.After.Priority {
		if cur.Priority != u.After.Priority {
			return nil, changed("priority")
		}
		evs = append(evs, Event{Kind: EventPriority, From: c.Priority.String(), To: u.Before.Priority.String()})
		c.Priority = u.Before.Priority
	}
	if !slices.Equal(u.Before.Tags, u.After.Tags) {
		// Tags others added or removed since stay: only this action's
		// additions go and its removals come back.
		for _, t := range u.After.Tags {
			if !slices.Contains(u.Before.Tags, t) {
				if i, ok := slices.BinarySearch(c.Tags, t); ok {
					c.Tags = slices.Delete(c.Tags, i, i+1)
					evs = append(evs, Event{Kind: EventTagRemoved, From: t})
				}
			}
		}
		for _, t := range u.Before.Tags {
			if !slices.Contains(u.After.Tags, t) {
				if i, ok := slices.BinarySearch(c.Tags, t); !ok {
					c.Tags = slices.Insert(c.Tags, i, t)
					evs = append(evs, Event{Kind: EventTagAdded, To: t})
				}
			}
		}
	}
	if !u.Before.FollowUp.Equal(u.After.FollowUp) {
		if !cur.FollowUp.Equal(u.After.FollowUp) {
			return nil, changed("follow-up")
		}
		evs = append(evs, Event{Kind: EventFollowUp, From: formatTimeOrEmpty(c.FollowUp), To: formatTimeOrEmpty(u.Before.FollowUp)})
		c.FollowUp = u.Before.FollowUp
	}
	if u.Before.Recovery != u.After.Recovery {
		if cur.Recovery != u.After.Recovery {
			return nil, changed("recovery")
		}
		evs = append(evs, Event{Kind: EventRecovery, From: recoveryString(c.Recovery), To: recoveryString(u.Before.Recovery)})
		c.Recovery = u.Before.Recovery
	}
	if u.Before.Team != u.After.Team {
		if cur.Team != u.After.Team {
			return nil, changed("team")
		}
		// The route is taken back, not made again: the handoff it
		// counted goes, and the store hands the case to nobody new.
		if u.Before.Team != "" && u.After.Team != "" && c.Handoffs > 0 {
			c.Handoffs--
		}
		evs = append(evs, RouteEvent(c.Team, u.Before.Team, "undone"))
		c.Team = u.Before.Team
	}
	if len(evs) == 0 {
		return nil, Errorf(EINVALID, "case %d: nothing to undo", c.ID)
	}
	return append(evs, Event{Kind: EventUndone, To: u.Describe()}), nil
}

// Describe says what the undone action did, for the timeline's "undone:"
// entry: "status open → resolved, + tag billing/refund".
func (u Undo) Describe() string {
	var parts []string
	b, a := u.Before, u.After
	if b.Status != a.Status {
		parts = append(parts, "status "+b.Status.String()+" → "+a.Status.String())
	}
	if b.Assignee != a.Assignee {
		switch {
		case a.Assignee == "":
			parts = append(parts, "unassigned "+b.Assignee)
		case b.Assignee == "":
			parts = append(parts, "assigned to "+a.Assignee)
		default:
			parts = append(parts, "assigned to "+a.Assignee+" (was "+b.Assignee+")")
		}
	}
	if b.Priority != a.Priority {
		parts = append(parts, "priority "+b.Priority.Or(PriorityNormal).String()+" → "+a.Priority.String())
	}
	for _, t := range a.Tags {
		if !slices.Contains(b.Tags, t) {
			parts = append(parts, "+ tag "+t)
		}
	}
	for _, t := range b.Tags {
		if !slices.Contains(a.Tags, t) {
			parts = append(parts, "− tag "+t)
		}
	}
	if b.Team != a.Team {
		parts = append(parts, "routed "+teamOrNone(a.Team))
	}
	if !b.FollowUp.Equal(a.FollowUp) {
		if a.FollowUp.IsZero() {
			parts = append(parts, "follow-up cleared")
		} else {
			parts = append(parts, "follow-up "+a.FollowUp.UTC().Format("2006-01-02 15:04")+" UTC")
		}
	}
	if b.Recovery != a.Recovery {
		if a.Recovery.IsZero() {
			parts = append(parts, "recovery cleared")
		} else {
			parts = append(parts, "recovery "+recoveryString(a.Recovery))
		}
	}
	return strings.Join(parts, ", ")
}

// Steps are the actions an undo amounts to, for the rules of who may do
// it (Authorize): putting a status back is changing the status, putting
// a tag back is tagging, and so on.
func (u Undo) Steps() []Action {
	var out []Action
	b, a := u.Before, u.After
	// The assignee a route took the case from (or gave it to) comes back
	// with the route: it was the route's doing, not an assign of the
	// agent's, so an agent may take back the tag that moved a
	// colleague's case. Only a retag routes (a transfer is never undone),
	// and the store hands a case on only when its team changed.
	if b.Assignee != a.Assignee && b.Team == a.Team {
		out = append(out, Assign{To: b.Assignee})
	}
	if b.Status != a.Status {
		out = append(out, SetStatus{To: b.Status})
	}
	if b.Priority != a.Priority {
		out = append(out, SetPriority{To: b.Priority})
	}
	for _, t := range a.Tags {
		if !slices.Contains(b.Tags, t) {
			out = append(out, RemoveTag{Tag: t})
		}
	}
	for _, t := range b.Tags {
		if !slices.Contains(a.Tags, t) {
			out = append(out, AddTag{Tag: t})
		}
	}
	if !b.FollowUp.Equal(a.FollowUp) {
		out = append(out, SetFollowUp{At: b.FollowUp})
	}
	if b.Recovery != a.Recovery {
		out = append(out, SetRecovery{Recovery: b.Recovery})
	}
	// A team put back is no step of its own: only a route follows from
	// a retag (a transfer is never undone), and tagging is everyone's.
	return out
}

// teamOrNone names a team for the timeline, "no team" for none.
func teamOrNone(team string) string {
	if team == "" {
		return "no team"
	}
	return team
}
