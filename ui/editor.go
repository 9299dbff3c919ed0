package ui

import (
	"strings"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// An editor is an input the case pane opens below the details: a picker
// (status, priority, recovery), a prompt (assign, follow-up), the tag
// picker, the note editor or the canned replies. It owns every key while
// open and knows nothing of the pane: it is made with what it shows (the
// case as it was when opened, the styles) and says what it wants done with
// messages — caseSaveMsg to save actions on the case, editorCloseMsg to
// close. The pane answers with saved (the save went through, the case as
// it is now) or setErr (why it did not).
//
// To add one: write a type with edBase embedded and the methods below, an
// open function on the case pane that makes it (openNote is the shortest),
// and a key in caseKeys that calls it. Data the editor waits for (tags,
// assignees, templates) reaches it through the small interfaces at the end
// of this file, which the pane looks for when that data arrives.
type editor interface {
	title() string
	// want is the height the editor would like below the details.
	want(width int) int
	setSize(width, height int)
	update(msg tea.Msg) tea.Cmd
	view() []string
	help() []key.Binding
	// setErr shows why the last save failed ("" clears it).
	setErr(reason string)
	// saved is called after a successful save with the case as it is now;
	// true keeps the editor open.
	saved(c model.Case) bool
}

// caseSaveMsg asks the case pane to save acts on case id (the one the
// editor was opened on; a save for another case is dropped).
type caseSaveMsg struct {
	id    model.CaseID
	label string // what is saved, in the agent's words
	acts  []model.Action
}

// editorCloseMsg asks the case pane to close its editor, with a line for
// the status bar ("" for none).
type editorCloseMsg struct {
	text string
	err  bool
}

// edBase holds what every editor shares: its size, the last save's error,
// the case it edits and the look.
type edBase struct {
	w, h int
	err  string
	id   model.CaseID
	st   *Styles
	// asks is where the pane takes requests at once (nil: each is a
	// command, as in an editor's own tests)
	asks *[]tea.Msg
}

func (b *edBase) setSize(w, h int)      { b.w, b.h = w, h }
func (b *edBase) setErr(reason string)  { b.err = reason }
func (b *edBase) saved(model.Case) bool { return false }
func (b *edBase) errLine(st *Styles) string {
	if b.err == "" {
		return ""
	}
	return st.Error.Render(fitMessage("✗ "+b.err, b.w))
}

// errLines is the last save's error wrapped over at most n lines, for an
// editor with room below its input: a reason with the examples to type
// ("try tomorrow 9:00, …") was cut off at 80 columns on one line.
func (b *edBase) errLines(st *Styles, n int) []string {
	if b.err == "" || n <= 0 {
		return nil
	}
	lines := wrapText(Clean("✗ "+b.err), max(b.w, 1))
	if len(lines) > n {
		lines = append(lines[:n-1], fitMessage(strings.Join(lines[n-1:], " "), b.w))
	}
	for i, l := range lines {
		lines[i] = st.Error.Render(l)
	}
	return lines
}

// save asks the pane to save acts on the editor's case.
func (b *edBase) save(label string, acts ...model.Action) tea.Cmd {
	return b.ask(caseSaveMsg{id: b.id, label: label, acts: acts})
}

// close asks the pane to close the editor, with a status line.
func (b *edBase) close(text string) tea.Cmd {
	return b.ask(editorCloseMsg{text: text})
}

// ask hands m to the pane: in its asks, or as a command.
func (b *edBase) ask(m tea.Msg) tea.Cmd {
	if b.asks != nil {
		*b.asks = append(*b.asks, m)
		return nil
	}
	return func() tea.Msg { return m }
}

// Data an open editor waits for, handed on by the case pane.
type (
	// taxonomyTaker takes the ranked taxonomy (the tag picker).
	taxonomyTaker interface {
		setTaxonomy(tax *model.Taxonomy, rank *model.TagRanking)
	}
	// candidateTaker takes names to suggest (the assign prompt).
	candidateTaker interface{ setCandidates(names []string) }
	// repliesTaker takes the canned replies and reloads them when they
	// change (the reply picker).
	repliesTaker interface {
		setReplies(rs []model.Reply, selectID uint64)
		reload() tea.Cmd
	}
	// writer is an editor writing to the case (a note, a reply), which a
	// team server shows others ("bo is writing a reply").
	writer interface{ doing() Doing }
)

// editorOpenMsg asks the case pane to open an editor in place of the one
// open (a second step: the recovery kind, then what was done).
type editorOpenMsg struct{ ed editor }
