package model

import (
	"slices"
	"time"
)

// RetagRoute is where a change of tags (old to c) moves a case: the team
// c's tags route it to, when that is not its team and the team it is in
// owns none of its tags (a tag of the team's own added beside another,
// or a case transferred there, keeps it where it is). ok false: it stays.
func (r *Routing) RetagRoute(old, c *Case) (team, rule string, ok bool) {
	if r == nil {
		return "", "", false
	}
	was, _ := r.Route(old)
	team, rule = r.Route(c)
	if team == "" || team == c.Team || c.Team != "" && (team == was || r.OwnsATag(c.Team, c)) {
		return "", "", false
	}
	return team, rule, true
}

// TagMove is what tagging a case does beyond the tag: the team it moves
// the case to, and the assignee the route takes it from ("" when the
// assignee is of that team, or the case had none or is not active).
type TagMove struct {
	Team string
	From string
}

// MoveByTag says whether adding tag to c moves it to another team (the
// store routes it so, see RetagRoute and the hand-on of its new team), so
// that the agent can be told before a tag takes a colleague's case away.
func (r *Routing) MoveByTag(c Case, tag string) (TagMove, bool) {
	return r.moveBy(c, AddTag{Tag: tag})
}

// MoveByUntag is MoveByTag for taking tag off c: without it the case may
// route by another tag, its channel or mailbox, and off its assignee.
func (r *Routing) MoveByUntag(c Case, tag string) (TagMove, bool) {
	return r.moveBy(c, RemoveTag{Tag: tag})
}

func (r *Routing) moveBy(c Case, retag Action) (TagMove, bool) {
	if r == nil {
		return TagMove{}, false
	}
	work := c.Clone()
	if _, err := Apply(&work, "", time.Time{}, retag); err != nil {
		return TagMove{}, false
	}
	team, _, ok := r.RetagRoute(&c, &work)
	if !ok {
		return TagMove{}, false
	}
	mv := TagMove{Team: team}
	if t, found := r.Team(team); found && c.Status.Active() && c.Assignee != "" && !slices.Contains(t.Members, c.Assignee) {
		mv.From = c.Assignee
	}
	return mv, true
}
