package demo

import (
	"time"

	"github.com/caredesk/caredesk/model"
)

// step is one moment of a case's handling: an agent doing some actions.
// Actions sit in a small array so a plan costs no allocation per step.
type step struct {
	off      time.Duration // after creation, before scaling to fit the case's age
	author   string
	acts     [3]model.Action
	n        int
	followUp time.Duration // > 0: also set a follow-up this far after the step
}

// work takes a new case to its final status through model.Apply and returns
// its timeline, starting with the created event. Because every change is a
// real action, the events and the final state agree by construction: the
// tags are those added minus those removed, the assignee the last assigned.
func (g *worker) work(c *model.Case, t *caseText, final model.Status, tags []string, age time.Duration) ([]model.Event, error) {
	r := g.r
	events := make([]model.Event, 1, 12)
	events[0] = model.Event{Kind: model.EventCreated, At: c.CreatedAt}

	plan := g.plan[:0]
	defer func() { g.plan = plan[:0] }()
	at := responseDelay(r, c.Priority)
	add := func(gap time.Duration, author string, acts ...model.Action) *step {
		at += gap
		plan = append(plan, step{off: at, author: author})
		s := &plan[len(plan)-1]
		s.n = copy(s.acts[:], acts)
		return s
	}
	minutes := func(lo, hi int) time.Duration { return time.Duration(lo+r.IntN(hi-lo+1)) * time.Minute }

	if final == model.StatusNew {
		// Only triage has looked at it, if anyone: most new cases are untagged.
		if len(tags) > 0 && age > 30*time.Minute && chance(r, 0.3) {
			add(0, g.agent(), tagActs(tags)...)
		}
		return g.play(c, plan, at, age, events)
	}

	owner := g.agent()
	switch {
	case chance(r, 0.05): // worked without anyone taking it
		add(0, owner, model.SetStatus{To: model.StatusOpen})
		owner = ""
	case chance(r, 0.08): // the lead hands it to someone, then to someone else
		lead := team[0].name
		add(0, lead, model.Assign{To: g.agent()})
		add(minutes(30, 600), lead, model.Assign{To: owner})
	default:
		add(0, owner, model.Claim{})
	}
	actor := owner
	if actor == "" {
		actor = g.agent()
	}
	var wrong string
	if len(tags) > 0 && chance(r, 0.05) {
		wrong = issues[r.IntN(len(issues))].tag
		if wrong == tags[0] {
			wrong = ""
		} else {
			add(minutes(1, 20), actor, model.AddTag{Tag: wrong})
		}
	}
	if len(tags) > 0 {
		add(minutes(1, 30), actor, tagActs(tags)...)
	}
	if p := c.Priority.Or(model.PriorityNormal); p > model.PriorityUrgent && chance(r, 0.06) {
		add(minutes(5, 120), actor, model.SetPriority{To: p - 1}) // escalated
	}
	if chance(r, 0.4) {
		add(minutes(5, 240), actor, model.AddNote{Text: oneOf(r, notes)})
	}
	if chance(r, 0.5) {
		add(minutes(5, 240), actor, model.LogReply{Text: g.reply(oneOf(r, firstReplies), c, actor)})
	}
	if wrong != "" {
		add(minutes(10, 600), actor, model.RemoveTag{Tag: wrong})
	}

	switch final {
	case model.StatusPending:
		s := add(minutes(10, 600), actor, model.SetStatus{To: model.StatusPending})
		if chance(r, 0.65) {
			s.followUp = time.Duration(1+r.IntN(4)) * 24 * time.Hour
		}
	case model.StatusResolved, model.StatusClosed:
		if chance(r, 0.3) && model.TagIssue(tags0(tags)) != "praise" {
			add(minutes(30, 1440), actor, model.SetRecovery{Recovery: g.recovery(c, t, tags)})
		}
		add(minutes(30, 2880), actor, model.LogReply{Text: g.reply(solvedReply, c, actor)}, model.SetStatus{To: model.StatusResolved})
		if chance(r, 0.04) { // the customer came back: a reopen, the repeat-contact signal
			add(minutes(600, 4320), actor, model.SetStatus{To: model.StatusOpen}, model.AddNote{Text: "Customer wrote again: not fixed."})
			add(minutes(60, 2880), actor, model.SetStatus{To: model.StatusResolved})
		}
		if final == model.StatusClosed {
			add(minutes(1440, 7200), actor, model.SetStatus{To: model.StatusClosed})
		}
	}
	return g.play(c, plan, at, age, events)
}

// play scales the plan into the case's age, so nothing happens after Now,
// and applies it.
func (g *worker) play(c *model.Case, plan []step, last, age time.Duration, events []model.Event) ([]model.Event, error) {
	scale := 1.0
	if avail := age - time.Minute; last > avail {
		scale = float64(avail) / float64(last)
	}
	prev := c.CreatedAt
	for i := range plan {
		s := &plan[i]
		at := c.CreatedAt.Add(time.Duration(float64(s.off) * scale)).Truncate(time.Second)
		if !at.After(prev) {
			at = prev.Add(time.Second)
		}
		prev = at
		if s.followUp > 0 {
			s.acts[s.n] = model.SetFollowUp{At: g.followUpAt(at.Add(s.followUp))}
			s.n++
		}
		evs, err := model.Apply(c, s.author, at, s.acts[:s.n]...)
		if err != nil {
			return nil, err
		}
		events = append(events, evs...)
	}
	return events, nil
}

// followUpAt moves t to office hours on its day.
func (g *worker) followUpAt(t time.Time) time.Time {
	t = t.In(g.cfg.Now.Location())
	return time.Date(t.Year(), t.Month(), t.Day(), 9+g.r.IntN(8), 15*g.r.IntN(4), 0, 0, t.Location())
}

// responseDelay is how long a case waits for its first touch: the more
// urgent, the sooner.
func responseDelay(r interface{ Float64() float64 }, p model.Priority) time.Duration {
	base := 4 * time.Hour
	switch p {
	case model.PriorityUrgent:
		base = 20 * time.Minute
	case model.PriorityHigh:
		base = time.Hour
	case model.PriorityLow:
		base = 12 * time.Hour
	}
	return time.Duration(float64(base) * (0.2 + 2.5*r.Float64()))
}

// tagActs adds one or two tags (row never makes more).
func tagActs(tags []string) []model.Action {
	if len(tags) == 1 {
		return []model.Action{model.AddTag{Tag: tags[0]}}
	}
	return []model.Action{model.AddTag{Tag: tags[0]}, model.AddTag{Tag: tags[1]}}
}

func tags0(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return tags[0]
}

func (g *worker) reply(tmpl string, c *model.Case, agent string) string {
	if g.vars == nil {
		g.vars = make(map[string]string, 3)
	}
	g.vars["customer"], g.vars["case"], g.vars["agent"] = g.greeting, c.ExternalID, agent
	return model.ExpandReply(tmpl, g.vars)
}

func (g *worker) recovery(c *model.Case, t *caseText, tags []string) model.Recovery {
	area := model.TagArea(tags0(tags))
	kinds, ok := recoveries[area]
	if !ok {
		kinds = []string{"apology"}
	}
	k := oneOf(g.r, kinds)
	switch k {
	case "refund":
		return model.Recovery{Kind: k, Text: t.amount + " to the original card"}
	case "replacement":
		return model.Recovery{Kind: k, Text: "new " + t.product + " sent by express"}
	case "credit":
		return model.Recovery{Kind: k, Text: "€10 store credit"}
	case "callback":
		return model.Recovery{Kind: k, Text: "team lead called the customer"}
	}
	return model.Recovery{Kind: k}
}
