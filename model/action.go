package model

import (
	"slices"
	"strings"
	"time"
)

// Action is one thing an agent does to a case. Apply checks it against the
// rules and changes the case, returning the events that record it.
type Action interface {
	apply(c *Case, author string, now time.Time) ([]Event, error)
	// Name is the action's name in the command line and in error messages.
	Name() string
}

// Claim assigns the case to the acting agent.
type Claim struct{}

// Assign gives the case to an agent ("" unassigns).
type Assign struct{ To string }

// SetStatus moves the case to another status.
type SetStatus struct{ To Status }

// SetPriority changes the priority.
type SetPriority struct{ To Priority }

// AddTag tags the case with an issue (normalised on the way in).
type AddTag struct{ Tag string }

// RemoveTag takes a tag off the case.
type RemoveTag struct{ Tag string }

// AddNote appends an internal note.
type AddNote struct{ Text string }

// SetFollowUp sets (or with a zero time clears) when to come back to the case.
type SetFollowUp struct{ At time.Time }

// SetRecovery records what was done for the customer.
type SetRecovery struct{ Recovery Recovery }

// LogReply records a reply given to the customer.
type LogReply struct{ Text string }

func (Claim) Name() string       { return "claim" }
func (Assign) Name() string      { return "assign" }
func (SetStatus) Name() string   { return "status" }
func (SetPriority) Name() string { return "priority" }
func (AddTag) Name() string      { return "tag" }
func (RemoveTag) Name() string   { return "untag" }
func (AddNote) Name() string     { return "note" }
func (SetFollowUp) Name() string { return "follow-up" }
func (SetRecovery) Name() string { return "recovery" }
func (LogReply) Name() string    { return "reply" }
func (Transfer) Name() string    { return "transfer" }

// Transfer moves the case to another team (the store checks the team
// exists, and hands the case on by that team's rule when its assignee is
// not a member).
type Transfer struct{ Team string }

func (a Transfer) apply(c *Case, author string, now time.Time) ([]Event, error) {
	team := strings.ToLower(strings.TrimSpace(a.Team))
	if !ValidTeamName(team) {
		return nil, Errorf(EINVALID, "%q is not a team name", a.Team)
	}
	return SetTeam(c, team, "transferred by "+orAgent(author)), nil
}

// MaxNoteLen bounds notes and replies.
const MaxNoteLen = 64 << 10

// Apply performs acts on c in order, as author at now. On error c is left as
// it was. On success c's UpdatedAt is now (its Version is the store's to
// bump) and the events are returned in order.
func Apply(c *Case, author string, now time.Time, acts ...Action) ([]Event, error) {
	work := c.Clone()
	var events []Event
	for _, a := range acts {
		evs, err := a.apply(&work, author, now)
		if err != nil {
			return nil, err
		}
		events = append(events, evs...)
	}
	if len(events) == 0 {
		return nil, nil
	}
	work.UpdatedAt = now
	*c = work
	for i := range events {
		events[i].CaseID = c.ID
		events[i].At = now
		events[i].Author = author
	}
	return events, nil
}

func (Claim) apply(c *Case, author string, now time.Time) ([]Event, error) {
	if author == "" {
		return nil, Errorf(EINVALID, "claim needs an agent name")
	}
	if c.Assignee == author {
		return nil, nil
	}
	if c.Assignee != "" {
		return nil, Errorf(ECONFLICT, "case %d is assigned to %s; assign it to take it over", c.ID, c.Assignee)
	}
	return Assign{To: author}.apply(c, author, now)
}

func (a Assign) apply(c *Case, author string, now time.Time) ([]Event, error) {
	to := strings.TrimSpace(a.To)
	if to == c.Assignee {
		return nil, nil
	}
	evs := []Event{{Kind: EventAssigned, From: c.Assignee, To: to}}
	c.Assignee = to
	if to != "" && (c.Status == StatusNew || c.Status == StatusUnset) {
		evs = append(evs, Event{Kind: EventStatus, From: c.Status.String(), To: StatusOpen.String()})
		c.Status = StatusOpen
	}
	return evs, nil
}

func (a SetStatus) apply(c *Case, author string, now time.Time) ([]Event, error) {
	// An unset status reads as new, so setting new on it changes nothing.
	if a.To == c.Status || (a.To == StatusNew && c.Status == StatusUnset) {
		return nil, nil
	}
	if !CanTransition(c.Status, a.To) {
		return nil, Errorf(EINVALID, "case %d cannot go from %s to %s", c.ID, c.Status, a.To)
	}
	if IsReopen(c.Status, a.To) {
		c.Reopens++
	}
	ev := Event{Kind: EventStatus, From: c.Status.String(), To: a.To.String()}
	c.Status = a.To
	return []Event{ev}, nil
}

func (a SetPriority) apply(c *Case, author string, now time.Time) ([]Event, error) {
	if !a.To.Valid() {
		return nil, Errorf(EINVALID, "unknown priority")
	}
	// An unset priority reads as normal: normal → normal is no change.
	if a.To == c.Priority.Or(PriorityNormal) {
		return nil, nil
	}
	ev := Event{Kind: EventPriority, From: c.Priority.String(), To: a.To.String()}
	c.Priority = a.To
	return []Event{ev}, nil
}

// MaxTags bounds the tags on one case.
const MaxTags = 32

func (a AddTag) apply(c *Case, author string, now time.Time) ([]Event, error) {
	t, err := NormalizeTag(a.Tag)
	if err != nil {
		return nil, err
	}
	i, found := slices.BinarySearch(c.Tags, t)
	if found {
		return nil, nil
	}
	if len(c.Tags) >= MaxTags {
		return nil, Errorf(EINVALID, "case %d already has %d tags", c.ID, MaxTags)
	}
	c.Tags = slices.Insert(c.Tags, i, t)
	return []Event{{Kind: EventTagAdded, To: t}}, nil
}

func (a RemoveTag) apply(c *Case, author string, now time.Time) ([]Event, error) {
	t, err := NormalizeTag(a.Tag)
	if err != nil {
		return nil, err
	}
	i, found := slices.BinarySearch(c.Tags, t)
	if !found {
		return nil, nil
	}
	c.Tags = slices.Delete(c.Tags, i, i+1)
	return []Event{{Kind: EventTagRemoved, From: t}}, nil
}

func (a AddNote) apply(c *Case, author string, now time.Time) ([]Event, error) {
	text := strings.TrimRight(a.Text, " \t\r\n")
	if strings.TrimSpace(text) == "" {
		return nil, Errorf(EINVALID, "the note is empty")
	}
	if len(text) > MaxNoteLen {
		return nil, Errorf(EINVALID, "the note is longer than %d KB", MaxNoteLen>>10)
	}
	return []Event{{Kind: EventNote, To: text}}, nil
}

func (a SetFollowUp) apply(c *Case, author string, now time.Time) ([]Event, error) {
	at := a.At.UTC().Truncate(time.Second)
	if at.Equal(c.FollowUp) {
		return nil, nil
	}
	ev := Event{Kind: EventFollowUp, From: formatTimeOrEmpty(c.FollowUp), To: formatTimeOrEmpty(at)}
	c.FollowUp = at
	return []Event{ev}, nil
}

func formatTimeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (a SetRecovery) apply(c *Case, author string, now time.Time) ([]Event, error) {
	r := Recovery{Kind: strings.ToLower(strings.TrimSpace(a.Recovery.Kind)), Text: strings.TrimSpace(a.Recovery.Text)}
	// Default the kind before comparing, so repeating a text-only recovery
	// is no change.
	if r.Kind == "" && r.Text != "" {
		r.Kind = "other"
	}
	if r == c.Recovery {
		return nil, nil
	}
	ev := Event{Kind: EventRecovery, From: recoveryString(c.Recovery), To: recoveryString(r)}
	c.Recovery = r
	return []Event{ev}, nil
}

func recoveryString(r Recovery) string {
	if r.IsZero() {
		return ""
	}
	if r.Text == "" {
		return r.Kind
	}
	return r.Kind + ": " + r.Text
}

func (a LogReply) apply(c *Case, author string, now time.Time) ([]Event, error) {
	if strings.TrimSpace(a.Text) == "" {
		return nil, Errorf(EINVALID, "the reply is empty")
	}
	if len(a.Text) > MaxNoteLen {
		return nil, Errorf(EINVALID, "the reply is longer than %d KB", MaxNoteLen>>10)
	}
	MarkReplied(c, now)
	return append([]Event{{Kind: EventReply, To: a.Text}}, openOnReply(c)...), nil
}

// openOnReply: an agent's first reply on a new case makes it open, as in
// Zendesk and FreeScout (the case is being worked on); who owns it stays
// as it was (assigning is the desk's choice, not a side effect).
func openOnReply(c *Case) []Event {
	if c.Status != StatusNew && c.Status != StatusUnset {
		return nil
	}
	ev := Event{Kind: EventStatus, From: c.Status.String(), To: StatusOpen.String()}
	c.Status = StatusOpen
	return []Event{ev}
}
