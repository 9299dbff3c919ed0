package ui

import (
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// ExternalEditor lets the agent write a reply in their own editor
// ($EDITOR, as mutt and aerc do). The command line hands one in for a
// local app; a team server hands in none, since a session may start no
// process on the server. The ui package itself starts no process and
// writes no file: Edit prepares both.
type ExternalEditor interface {
	// Edit returns the command that edits text and a function that reads
	// the edited text back once the command has exited (and cleans up).
	Edit(text string) (cmd *exec.Cmd, result func() (string, error), err error)
}

// editorDoneMsg carries the text back from the external editor.
type editorDoneMsg struct {
	text string
	err  error
}

// toEditor suspends the app and runs the editor on the body.
func (c *composer) toEditor() tea.Cmd {
	ed := c.ext
	if ed == nil {
		c.err = "no external editor here (the team server starts no programs): write in the composer"
		return nil
	}
	cmd, result, err := ed.Edit(c.body.Value())
	if err != nil {
		c.err = "could not start the editor: " + errText(err)
		return nil
	}
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		text, rerr := result()
		if err == nil {
			err = rerr
		}
		return editorDoneMsg{text: text, err: err}
	})
}

// fromEditor takes the edited text into the body, cursor at the top. A
// failed editor leaves the body as it was.
func (c *composer) fromEditor(m editorDoneMsg) tea.Cmd {
	if m.err != nil {
		c.err = "the editor failed, the reply is as it was: " + errText(m.err)
		return nil
	}
	c.err = ""
	c.body.SetValue(strings.TrimRight(m.text, "\n") + "\n")
	toTop(&c.body)
	return c.focus(fieldBody)
}
