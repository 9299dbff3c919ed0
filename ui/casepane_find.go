package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// Finding text in the case shown, as in a pager: / opens a line where the
// agent types; every keystroke marks the words found and scrolls to the
// first; enter keeps the find, and then n/N go to the next/previous hit
// (n is the note key again once esc has ended the find; a find with no
// hits is kept too, and n then says so). While a find is in force its marks replace those of the queue's search, which come
// back when it ends; > and < jump between whichever marks are shown.

// findKeys are the keys of a find in force (not remappable actions: n and
// N lend themselves to it only until esc).
type findKeys struct {
	Next, Prev, End key.Binding
}

func newFindKeys() findKeys {
	return findKeys{
		Next: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next found")),
		Prev: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous found")),
		End:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "end find")),
	}
}

// findEditor is the line the agent types a find in.
type findEditor struct {
	edBase
	in    textinput.Model
	count int // hits of what is typed, told by the pane
}

func newFindEditor(b edBase, text string) *findEditor {
	f := &findEditor{edBase: b, in: newInput("words to find in this case", b.w)}
	focusInput(&f.in, text)
	return f
}

func (f *findEditor) title() string { return "find in this case" }

func (f *findEditor) want(int) int { return 1 }

func (f *findEditor) setSize(w, h int) {
	f.w, f.h = w, h
	f.in.Width = max(w-16, 1)
}

func (f *findEditor) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.in, cmd = f.in.Update(msg)
	return cmd
}

func (f *findEditor) view() []string {
	tail := ""
	if strings.TrimSpace(f.in.Value()) != "" {
		tail = "  " + plural(f.count, "hit")
	}
	return []string{f.in.View() + tail}
}

func (f *findEditor) help() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep (n/N next/prev)")),
		cancelKey()}
}

func (f *findEditor) setErr(string) {}

func (f *findEditor) saved(model.Case) bool { return true }

// takesText: every character is text for the find, digits included (they
// would switch panes otherwise).
func (f *findEditor) takesText() bool { return true }

// marks is what the details mark: the find while one is typed or kept,
// else the queue's search.
func (p *casePane) marks() caseindex.Highlighter {
	if p.findText != "" {
		return caseindex.FindHighlighter(p.findText)
	}
	return p.search
}

// openFind opens the find line, on the find in force if any.
func (p *casePane) openFind() tea.Cmd {
	p.openEditor(newFindEditor(p.edBase(), p.findText))
	return nil
}

// findKey handles a key while the find line is open.
func (p *casePane) findKey(f *findEditor, msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		p.closeEditor()
		if p.findText == "" {
			return nil
		}
		if p.hitCount() == 0 {
			// Kept, so that n (next hit, as the agent expects after a
			// find) says so instead of opening the note editor.
			return p.noHits()
		}
		return statusMsg{text: fmt.Sprintf("%s of %q: n/N next/previous, esc ends the find", plural(p.hitCount(), "hit"), p.findText)}.cmd()
	case tea.KeyEsc:
		p.closeEditor()
		p.endFind()
		return nil
	}
	cmd := f.update(msg)
	p.setFind(strings.TrimSpace(f.in.Value()))
	f.count = p.hitCount()
	return cmd
}

// setFind marks text's words and scrolls to the first hit.
func (p *casePane) setFind(text string) {
	if text == p.findText {
		return
	}
	p.findText = text
	p.relayout()
	if p.hitCount() > 0 {
		p.hitAt = 0
		p.showHit(0)
	}
}

// endFind drops the find: the queue search's marks come back.
func (p *casePane) endFind() {
	if p.findText == "" {
		return
	}
	p.findText = ""
	p.relayout()
}

// finding reports that a find is kept (n/N/esc are the find's).
func (p *casePane) finding() bool { return p.findText != "" && p.ed == nil }

// findKeyKept handles n, N and esc while a find is kept; false for any
// other key.
func (p *casePane) findKeyKept(msg tea.KeyMsg) (tea.Cmd, bool) {
	if !p.finding() {
		return nil, false
	}
	switch {
	case (key.Matches(msg, p.fkeys.Next) || key.Matches(msg, p.fkeys.Prev)) && p.hitCount() == 0:
		return p.noHits(), true
	case key.Matches(msg, p.fkeys.Next):
		return p.jumpHit(+1), true
	case key.Matches(msg, p.fkeys.Prev):
		return p.jumpHit(-1), true
	case key.Matches(msg, p.fkeys.End):
		p.endFind()
		return statusMsg{text: "find ended"}.cmd(), true
	}
	return nil, false
}

// noHits tells that the kept find is nowhere in the case.
func (p *casePane) noHits() tea.Cmd {
	return statusMsg{text: fmt.Sprintf("no hits: %q is not in this case · esc ends the find", p.findText)}.cmd()
}
