package ui

import (
	"fmt"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// Actions on cases from the queue and the command line go through the app,
// one path for all (act): the queue's claim and marks, :tag, :note,
// :status and the rest, the bulk tag picker. The case pane saves its own
// case at the version shown (casePane.act); these act on the latest
// version of each case, one store write per case.

// actMsg asks the app to apply one action to cases; label has a %s for
// what it applied to ("case 12", or a count).
type actMsg struct {
	ids   []model.CaseID
	label string
	act   model.Action
}

// actOn is the command that asks for an action.
func actOn(ids []model.CaseID, label string, act model.Action) tea.Cmd {
	return func() tea.Msg { return actMsg{ids: ids, label: label, act: act} }
}

// actDoneMsg reports how an action went, case by case.
type actDoneMsg struct {
	label  string
	ok     []model.CaseID
	failed []string
	ids    []model.CaseID
}

// act applies one action to every case of ids, one case at a time on
// the latest state (version 0), and reports how it went. label has a %s
// for what was done: "case 12", or a count.
func (a *app) act(ids []model.CaseID, label string, act model.Action) tea.Cmd {
	if len(ids) == 0 {
		return statusMsg{text: "no case selected"}.cmd()
	}
	if a.e.svc.ReadOnly() {
		return statusMsg{text: "read-only: this database is open as a viewer", err: true}.cmd()
	}
	if a.acting {
		return statusMsg{text: "still applying the last action"}.cmd()
	}
	a.acting = true
	svc, agent := a.e.svc, a.e.agent
	return func() tea.Msg {
		m := actDoneMsg{label: label, ids: ids}
		for _, id := range ids {
			if _, err := svc.Act(id, 0, agent, act); err != nil {
				m.failed = append(m.failed, errText(err))
				continue
			}
			m.ok = append(m.ok, id)
		}
		return m
	}
}

func (a *app) acted(m actDoneMsg) tea.Cmd {
	a.acting = false
	a.queue.unmark(m.ok)
	what := plural(len(m.ok), "case")
	if len(m.ids) == 1 && len(m.failed) == 0 {
		what = fmt.Sprintf("case %d", m.ids[0])
	}
	text := fmt.Sprintf(m.label, what)
	if len(m.failed) > 0 {
		text += fmt.Sprintf(", %d failed: %s", len(m.failed), m.failed[0])
		return statusMsg{text: text, err: true}.cmd()
	}
	return statusMsg{text: text}.cmd()
}
