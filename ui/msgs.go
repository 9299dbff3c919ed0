package ui

import (
	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// Messages that cross panes go through the root, which owns focus.

// changeMsg is a store change notice, relayed into the program by one
// goroutine (see Run).
type changeMsg model.Change

// statusMsg shows a line in the status bar; errors stay until replaced.
type statusMsg struct {
	text string
	err  bool
	// notice is news of another agent's change ("case #4 updated by
	// bo"): it never hides an error shown, which stays until the agent's
	// next key, as a mail client keeps its error.
	notice bool
	// keep: the line stays until the agent's next key, and a notice or a
	// passing hint ("loading every case; the view follows") does not hide
	// it: the kept-drafts line at start must be read.
	keep bool
}

// cmd is the one way a pane, an editor or the command line says something
// in the status line (env.status says it at once where the root listens).
func (m statusMsg) cmd() tea.Cmd { return func() tea.Msg { return m } }

// openCaseMsg asks the root to show a case in the case pane.
type openCaseMsg struct {
	id  model.CaseID
	nav caseNav
	// playAt and playOf place the case in play mode's list ("3 of 41");
	// 0 when the case was not reached through the queue.
	playAt, playOf int
	// search and from are the root's: the words of the queue's search,
	// which the case pane marks, and what the queue showed (its title).
	search caseindex.Highlighter
	from   string
	// found is the case as the command that asked read it (:open finds
	// it by its external id), so the case pane does not read it again;
	// nil: the pane reads it.
	found *model.Case
}

// caseNav says how a case was reached, for the case pane's back stack.
type caseNav uint8

const (
	navFresh caseNav = iota // from the queue, a command, play mode: a new trail
	navOther                // from the case pane's "Other cases": esc comes back
	navBack                 // esc back along the trail
)

// stepCaseMsg asks for the next (+1) or previous (-1) case in the queue's
// order, for play mode in the case pane.
type stepCaseMsg struct{ delta int }

// filterQueueMsg asks the root to show the queue with a query, as the
// heatmap's drill-down does; back returns to the pane that asked on esc.
type filterQueueMsg struct {
	query string
	title string
	// fromOther is the root's: esc returns to the pane that asked.
	fromOther bool
}

// errText turns an error into the words the status bar shows.
func errText(err error) string { return model.ErrorMessage(err) }

// showHelpMsg asks the root to show every key of the focused pane, from an
// input that takes '?' as a key rather than text (the tag picker).
type showHelpMsg struct{}
