package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// tagMoves is what a tag action from the queue or the command line (the
// queue's tag picker, :tag, :untag) does beyond the tag: the cases it
// routes to another team and off their assignee. The case pane's picker
// says so before its second enter (model.Routing.MoveByTag); the queue's
// y/n question says it too, so that a colleague's case never leaves them
// unannounced (new-user finding: bulk tagging moved dee's case in
// silence).
type tagMoves struct {
	n     int
	teams []string // the teams they move to, as met
	from  []string // the assignees they leave, as met
}

// tagRoutes says whether act can route a case by its tags.
func tagRoutes(r *model.Routing, act model.Action) bool {
	if r == nil {
		return false
	}
	switch act.(type) {
	case model.AddTag, model.RemoveTag:
		return true
	}
	return false
}

// add counts c when act routes it off its assignee.
func (tm *tagMoves) add(r *model.Routing, c model.Case, act model.Action) {
	var mv model.TagMove
	switch a := act.(type) {
	case model.AddTag:
		mv, _ = r.MoveByTag(c, a.Tag)
	case model.RemoveTag:
		mv, _ = r.MoveByUntag(c, a.Tag)
	}
	if mv.From == "" {
		return
	}
	tm.n++
	if !slices.Contains(tm.teams, mv.Team) {
		tm.teams = append(tm.teams, mv.Team)
	}
	if !slices.Contains(tm.from, mv.From) {
		tm.from = append(tm.from, mv.From)
	}
}

// clause is the question's part that says it, in the picker's words:
// "moving it to billing and off dee", "moving 2 to billing and off dee
// and you"; "" when nothing moves.
func (tm tagMoves) clause(me string, one bool) string {
	if tm.n == 0 {
		return ""
	}
	what := "it"
	if !one {
		what = fmt.Sprint(tm.n)
	}
	return "moving " + what + " to " + names(tm.teams, "") + " and off " + names(tm.from, me)
}

// names lists a few names ("dee and ana", "dee, ana and 2 more"), me as
// "you".
func names(list []string, me string) string {
	shown := make([]string, 0, 3)
	for _, n := range list[:min(len(list), 3)] {
		if n == me {
			n = "you"
		}
		shown = append(shown, Clean(n))
	}
	if more := len(list) - len(shown); more > 0 {
		return strings.Join(shown, ", ") + fmt.Sprintf(" and %d more", more)
	}
	if len(shown) == 1 {
		return shown[0]
	}
	return strings.Join(shown[:len(shown)-1], ", ") + " and " + shown[len(shown)-1]
}
