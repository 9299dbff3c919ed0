package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// The notes and replies a team server kept as drafts (at its stop, or when
// a screen closed) come back only when their case is opened: an agent who
// had twenty cases open does not remember which one held the half-written
// reply. So the app says at start which wait ("1 draft kept: reply on
// #67027 — :drafts opens it"), and :drafts opens the case of the next,
// which restores it there; each opened is taken, so :drafts again reaches
// the one after.

// keptDraftsMsg is the agent's kept drafts, read at start (open false) or
// for :drafts (open true: open the first one's case).
type keptDraftsMsg struct {
	ds   []model.EditorDraft
	err  error
	open bool
}

// listDrafts reads the agent's kept drafts off the update loop (nil when
// the desk keeps none: Options.Drafts).
func (a *app) listDrafts(open bool) tea.Cmd {
	list := a.e.drafts
	if list == nil {
		return nil
	}
	return func() tea.Msg {
		ds, err := list()
		return keptDraftsMsg{ds: ds, err: err, open: open}
	}
}

// keptDrafts says which drafts wait, and for :drafts opens the first.
func (a *app) keptDrafts(m keptDraftsMsg) tea.Cmd {
	switch {
	case m.err != nil:
		return statusMsg{text: "could not read your kept drafts: " + errText(m.err), err: true}.cmd()
	case len(m.ds) == 0 && m.open:
		return statusMsg{text: "no drafts kept: each was restored in its case"}.cmd()
	case len(m.ds) == 0:
		return nil
	case m.open:
		id := m.ds[0].Case
		return func() tea.Msg { return openCaseMsg{id: id} }
	}
	return statusMsg{text: draftsLine(m.ds), keep: true}.cmd()
}

// draftsLine names the kept drafts, the first three by kind and case.
func draftsLine(ds []model.EditorDraft) string {
	var parts []string
	for i, d := range ds {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more", len(ds)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s on #%d", Clean(d.Kind), d.Case))
	}
	what := "1 draft kept: "
	next := " — :drafts opens it"
	if len(ds) > 1 {
		what, next = fmt.Sprintf("%d drafts kept: ", len(ds)), " — :drafts opens each in turn"
	}
	return what + strings.Join(parts, ", ") + next
}

// cmdDrafts is :drafts: the case of the next kept draft, opened with it.
func cmdDrafts(a *app, _ string) tea.Cmd {
	if a.e.drafts == nil {
		return statusMsg{text: "no drafts are kept here: a team server keeps what you were writing when it stops", err: true}.cmd()
	}
	return a.listDrafts(true)
}
