package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// Actions on cases from the queue and the command line go through the app,
// one path for all (act): the queue's claim and marks, :tag, :note,
// :status and the rest, the bulk tag picker, and undo (undo.go). The case
// pane saves its own case at the version shown (casePane.act); these act
// on the latest version of each case, one store write per case.
//
// An action on several cases first says what it will do and asks y/n
// (bulkAsk): "set 3 cases to resolved, skip 2 already resolved? y/n".

// actMsg asks the app to apply one action to cases; label has a %s for
// what it applied to ("case 12", or a count). confirmed is the y of the
// bulk question.
type actMsg struct {
	ids       []model.CaseID
	label     string
	act       model.Action
	confirmed bool
	// skipped are marked cases the action leaves as they are: their
	// marks go with the others'.
	skipped []model.CaseID
}

// unmarkMsg drops the marks of cases an action went through for, or
// left as they were: the queue's marks are done with.
type unmarkMsg []model.CaseID

// actOn is the command that asks for an action.
func actOn(ids []model.CaseID, label string, act model.Action) tea.Cmd {
	return func() tea.Msg { return actMsg{ids: ids, label: label, act: act} }
}

// actDoneMsg reports how an action went, case by case.
type actDoneMsg struct {
	label   string
	ok      []model.CaseID
	failed  []string
	ids     []model.CaseID
	skipped []model.CaseID
	// same are the cases the action left as they were (already so)
	same []model.CaseID
	act  model.Action
	// undo is what the action changed, for u (undo.go).
	undo []undoStep
	// never says why the action cannot be undone ("" when it can).
	never string
}

// act applies one action to every case of ids, one case at a time on
// the latest state, and reports how it went. label has a %s for what was
// done: "case 12", or a count. On more than one case it asks first.
func (a *app) act(ids []model.CaseID, label string, act model.Action) tea.Cmd {
	return a.actMsg(actMsg{ids: ids, label: label, act: act})
}

func (a *app) actMsg(m actMsg) tea.Cmd {
	ids, label, act := m.ids, m.label, m.act
	if len(ids) == 0 {
		return statusMsg{text: "no case selected"}.cmd()
	}
	if a.e.svc.ReadOnly() {
		return statusMsg{text: "read-only: this database is open as a viewer", err: true}.cmd()
	}
	if a.acting {
		return statusMsg{text: "still applying the last action"}.cmd()
	}
	if !m.confirmed && (len(ids) > 1 || tagRoutes(a.e.svc.Routing(), act)) {
		// one case is asked about only when its tag routes it off its
		// assignee (bulkAsked)
		return a.bulkAsk(m)
	}
	a.acting = true
	svc, agent := a.e.svc, a.e.agent
	return func() tea.Msg {
		done := actDoneMsg{label: label, ids: ids, skipped: m.skipped, never: neverUndone(act), act: act}
		for _, id := range ids {
			step, err := actOne(svc, id, agent, act)
			if err != nil {
				done.failed = append(done.failed, errText(err))
				continue
			}
			done.ok = append(done.ok, id)
			if step.changed() {
				done.undo = append(done.undo, step)
			} else {
				done.same = append(done.same, id)
			}
		}
		return done
	}
}

// actOne applies act to case id at the version it reads, so that what the
// case was before is known exactly (for undo); a write that lands in
// between is retried on the new state.
func actOne(svc model.CaseService, id model.CaseID, agent string, act model.Action) (undoStep, error) {
	for attempt := 0; ; attempt++ {
		c, err := svc.Case(id)
		if err != nil {
			return undoStep{}, err
		}
		out, err := svc.Act(id, c.Version, agent, act)
		if err != nil {
			if model.ErrorCode(err) == model.ECONFLICT && attempt < 3 {
				continue
			}
			return undoStep{}, err
		}
		return undoStep{id: id, before: model.UndoableOf(c), after: model.UndoableOf(out),
			from: c.Version, version: out.Version}, nil
	}
}

func (a *app) acted(m actDoneMsg) tea.Cmd {
	a.acting = false
	a.send(paneQueue, unmarkMsg(append(m.ok[:len(m.ok):len(m.ok)], m.skipped...)))
	a.undoLog.record(m)
	what := plural(len(m.ok), "case")
	if len(m.ids) == 1 && len(m.failed) == 0 {
		what = fmt.Sprintf("case %d", m.ids[0])
	}
	if len(m.ok) == 0 && len(m.failed) > 0 {
		// "set 0 cases to …, 1 failed" buried the reason
		text := "not saved: " + m.failed[0]
		if len(m.failed) > 1 {
			text = fmt.Sprintf("not saved on %d cases: %s", len(m.failed), m.failed[0])
		}
		return statusMsg{text: text, err: true}.cmd()
	}
	if len(m.ids) == 1 && len(m.same) == 1 {
		// "moved case 4 to delivery" for a case that was there already
		// said something happened that did not.
		return statusMsg{text: fmt.Sprintf("case %d is %s: nothing changed", m.ids[0], alreadyText(m.act))}.cmd()
	}
	text := fmt.Sprintf(m.label, what)
	if len(m.failed) > 0 {
		text += fmt.Sprintf(", %d failed: %s", len(m.failed), m.failed[0])
		return statusMsg{text: text, err: true}.cmd()
	}
	return statusMsg{text: text}.cmd()
}

// bulkAskMsg is what an action on several cases would do, read from
// the cases as they are, for the y/n question.
type bulkAskMsg struct {
	m       actMsg
	change  []model.CaseID
	same    []model.CaseID // already as the action would leave them
	refused []model.CaseID
	why     string // the first refusal's reason
	// moves are the changed cases the tag routes off their assignee
	moves tagMoves
	err   error
}

// bulkAsk reads the cases and works out, without writing, which the
// action changes, which it leaves as they are, and which the desk's
// rules refuse (model.Apply and the service's MayAct): a few marked
// cases, one read each.
func (a *app) bulkAsk(m actMsg) tea.Cmd {
	svc, agent, now := a.e.svc, a.e.agent, a.e.now
	routing := svc.Routing()
	return func() tea.Msg {
		out := bulkAskMsg{m: m}
		for _, id := range m.ids {
			c, err := svc.Case(id)
			if err != nil {
				out.err = err
				return out
			}
			work := c.Clone()
			evs, err := model.Apply(&work, agent, now(), m.act)
			if err == nil && len(evs) > 0 {
				err = svc.MayAct(c, agent, m.act)
			}
			switch {
			case err != nil:
				out.refused = append(out.refused, id)
				if out.why == "" {
					out.why = errText(err)
				}
			case len(evs) == 0:
				out.same = append(out.same, id)
			default:
				out.change = append(out.change, id)
				if tagRoutes(routing, m.act) {
					out.moves.add(routing, c, m.act)
				}
			}
		}
		return out
	}
}

// bulkAsked puts the question, or says why there is nothing to ask.
func (a *app) bulkAsked(b bulkAskMsg) tea.Cmd {
	one := len(b.m.ids) == 1
	if b.err != nil {
		what := "the marked cases"
		if one {
			what = fmt.Sprintf("case %d", b.m.ids[0])
		}
		return statusMsg{text: "could not read " + what + ": " + errText(b.err), err: true}.cmd()
	}
	if one && b.moves.n == 0 {
		// nothing to ask: the action says how it went
		m := b.m
		m.confirmed = true
		return a.actMsg(m)
	}
	var skips []string
	if n := len(b.same); n > 0 {
		skips = append(skips, fmt.Sprintf("%d %s", n, alreadyText(b.m.act)))
	}
	// the first refusal's reason goes last, in parentheses: a narrow
	// status line drops it before the counts (fitMessage)
	why := ""
	if n := len(b.refused); n > 0 {
		skips = append(skips, fmt.Sprintf("%d refused", n))
		why = " (" + b.why + ")"
	}
	if len(b.change) == 0 {
		a.send(paneQueue, unmarkMsg(b.same))
		return statusMsg{text: "nothing to change: " + strings.Join(skips, ", ") + why, err: true}.cmd()
	}
	what := plural(len(b.change), "case")
	if one {
		what = fmt.Sprintf("case %d", b.m.ids[0])
	}
	q := fmt.Sprintf(asQuestion(b.m.label), what)
	if mv := b.moves.clause(a.e.agent, one); mv != "" {
		q += ", " + mv
	}
	if len(skips) > 0 {
		q += ", skip " + strings.Join(skips, " and ")
	}
	yes := actMsg{ids: b.change, label: b.m.label, act: b.m.act, confirmed: true, skipped: b.same}
	return a.ask(askMsg{question: q + "?" + why, yes: func() tea.Msg { return yes }})
}

// asQuestion turns an action's label, which says what was done ("tagged
// %s with x"), into what will be done ("tag %s with x").
func asQuestion(label string) string {
	verb, rest, _ := strings.Cut(label, " ")
	if now, ok := presentVerbs[verb]; ok {
		return now + " " + rest
	}
	return label
}

var presentVerbs = map[string]string{"claimed": "claim", "tagged": "tag", "assigned": "assign",
	"unassigned": "unassign", "removed": "remove", "noted": "add the note to", "moved": "move",
	"recorded": "record", "cleared": "clear"}

// alreadyText says why a case is left as it is by act: "already
// resolved".
func alreadyText(act model.Action) string {
	switch a := act.(type) {
	case model.SetStatus:
		return "already " + a.To.String()
	case model.SetPriority:
		return "already " + a.To.String()
	case model.Assign:
		if a.To == "" {
			return "already unassigned"
		}
		return "already " + Clean(a.To) + "'s"
	case model.Claim:
		return "already yours"
	case model.AddTag:
		return "already tagged " + Clean(a.Tag)
	case model.RemoveTag:
		return "not tagged " + Clean(a.Tag)
	case model.Transfer:
		return "already in " + Clean(a.Team)
	}
	return "unchanged"
}
