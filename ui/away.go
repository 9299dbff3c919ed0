package ui

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
)

// awayMsg says whether the screen's agent is away: routing gives them no
// new cases, and their header says so until :back — whoever set it (a
// lead's `:away bo` on the team server, or their own before lunch).
type awayMsg bool

// loadAway reads whether agent is away; nil without an agent.
func loadAway(svc model.CaseService, agent string) tea.Cmd {
	if agent == "" {
		return nil
	}
	return func() tea.Msg {
		away, err := svc.Away()
		if err != nil {
			return nil // the header keeps what it showed; the next change asks again
		}
		return awayMsg(slices.Contains(away, agent))
	}
}

// awayChanged says whether chs may have set someone away or back.
func awayChanged(chs []model.Change) bool {
	return slices.ContainsFunc(chs, func(ch model.Change) bool { return ch.Teams || ch.Resync })
}
