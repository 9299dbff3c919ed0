package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
)

// noteMsg asks the case pane to open the note editor on case id (:note
// with no text): a message, not a typed n, which a kept find or the
// agent's [keys] give another meaning.
type noteMsg struct{ id model.CaseID }

// noteEditor writes an internal note: ctrl+s saves, esc asks before
// dropping text. A failed save keeps the text for another try.
type noteEditor struct {
	edBase
	ta         textarea.Model
	av         areaView
	confirming bool
	keysLine   kept[noteKeysKey, string] // drawn once, shown every frame
	sized      bool                      // setSize was called
}

// newTextArea is a multi-line editor with a steady cursor and no line
// numbers, sized by the pane.
func newTextArea(placeholder string) textarea.Model {
	ta := textarea.New()
	ta.Placeholder = placeholder
	ta.ShowLineNumbers = false
	ta.Prompt = "┃ "
	ta.CharLimit = model.MaxNoteLen // runes; the note editor checks bytes before (tooLongForNote)
	ta.MaxHeight = 0
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Focus()
	return ta
}

func (p *casePane) openNote() tea.Cmd {
	ne := &noteEditor{edBase: p.edBase(), ta: p.noteArea()}
	p.openEditor(ne)
	return nil
}

// noteArea is an empty text area for a note: the screen's last one,
// emptied when its note closed, else a new one. bubbles' textarea.New
// (and its Reset) makes room for 10,000 lines, ~240 KB, and a team
// server's agents open a note a minute each.
func (p *casePane) noteArea() textarea.Model {
	if p.spareArea != nil {
		ta := *p.spareArea
		p.spareArea = nil
		return ta
	}
	return newTextArea("internal note — only agents see it")
}

// keepNoteArea takes the closing note's text area for the next note,
// emptied; the editor keeps none of it (its text stays nowhere).
func (p *casePane) keepNoteArea(ne *noteEditor) {
	ta := ne.ta
	ne.ta = textarea.Model{}
	if emptyArea(&ta) {
		p.spareArea = &ta
	}
}

// maxEmptiedLines bounds the lines of a note emptied for reuse: each
// takes two keys (a longer note's area is left to the collector).
const maxEmptiedLines = 64

// emptyArea empties ta as its keys would, from the end: each line's text,
// then the line (textarea has no way to clear but Reset, which allocates
// what reuse saves). It reports whether ta is now empty.
func emptyArea(ta *textarea.Model) bool {
	if ta.LineCount() > maxEmptiedLines {
		return false
	}
	press := func(k tea.KeyType) { *ta, _ = ta.Update(tea.KeyMsg{Type: k}) }
	// to the end, by the area's own moves: a key for it would be matched
	// against most of the area's bindings, each making the key's name
	for range 4 * maxEmptiedLines {
		if ta.Line() >= ta.LineCount()-1 {
			break
		}
		ta.CursorDown()
	}
	ta.CursorEnd()
	for range 2 * maxEmptiedLines {
		if ta.LineCount() == 1 && ta.Length() == 0 {
			break
		}
		press(tea.KeyCtrlU)     // the line's text before the cursor
		press(tea.KeyBackspace) // the line, onto the end of the one above
	}
	ta.SetCursor(0)
	return ta.Focused() && ta.LineCount() == 1 && ta.Value() == ""
}

func (ne *noteEditor) title() string { return "Note" }

func (ne *noteEditor) want(int) int { return 10 }

func (ne *noteEditor) setSize(w, h int) {
	if ne.sized && w == ne.w && h == ne.h {
		return // the pane lays out after every key; the text area measures its prompt to be sized
	}
	ne.sized = true
	ne.edBase.setSize(w, h)
	ne.ta.SetWidth(max(w, 3))
	ne.ta.SetHeight(max(h-1, 1))
}

// The note's keys, made once: the footer asks for them every frame.
var (
	noteHelp = func() []key.Binding {
		k := newEditKeys()
		return []key.Binding{withHelp(k.Save, "ctrl+s", "save note"), withHelp(k.Cancel, "esc", "cancel")}
	}()
	noteDiscardHelp = func() []key.Binding {
		k := newEditKeys()
		return []key.Binding{withHelp(k.Yes, "y", "discard the note"), withHelp(k.No, "n/esc", "keep writing")}
	}()
)

func (ne *noteEditor) help() []key.Binding {
	if ne.confirming {
		return noteDiscardHelp
	}
	return noteHelp
}

// takesText: typed characters are text, except while it asks y/n.
func (ne *noteEditor) takesText() bool { return !ne.confirming }

func (ne *noteEditor) doing() Doing { return WritingNote }

func (ne *noteEditor) update(msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	if isKey && ne.confirming {
		switch km.String() {
		case "y", "Y":
			return ne.close("note discarded")
		case "n", "N", "esc":
			ne.confirming = false
		}
		return nil
	}
	if isKey {
		switch km.String() {
		case "ctrl+s":
			if strings.TrimSpace(ne.ta.Value()) == "" {
				ne.err = "the note is empty"
				return nil
			}
			return ne.save("note saved", model.AddNote{Text: ne.ta.Value()})
		case "esc":
			if strings.TrimSpace(ne.ta.Value()) == "" {
				return ne.close("")
			}
			ne.confirming = true
			return nil
		case "tab":
			// The text area binds no tab, so a typed tab vanished. It is
			// kept as indentation, four spaces, as the text area keeps a
			// pasted tab and as the timeline draws one: a raw tab would
			// reach the terminal, which moves the cursor by its own stops.
			if !tooLongForNote(ne.ta.Value(), []rune("    ")) {
				ne.ta.InsertString("\t")
			}
			return nil
		}
		if km.Type == tea.KeyRunes && tooLongForNote(ne.ta.Value(), km.Runes) {
			// The text area would keep the first part and drop the rest
			// without a word: refuse the whole of it instead.
			ne.err = fmt.Sprintf("that text is %s: a note holds at most %d KB, so none of it was added",
				sizeOf(len(string(km.Runes))), model.MaxNoteLen>>10)
			return nil
		}
	}
	var cmd tea.Cmd
	ne.ta, cmd = ne.ta.Update(msg)
	return cmd
}

// tooLongForNote reports typed or pasted runes that would take a note
// past model.MaxNoteLen (bytes, as the store counts).
func tooLongForNote(have string, add []rune) bool {
	n := len(have)
	for _, r := range add {
		n += utf8.RuneLen(r)
		if n > model.MaxNoteLen {
			return true
		}
	}
	return false
}

func sizeOf(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (ne *noteEditor) view() []string {
	st := ne.st
	lines := ne.av.render(ne.ta, ne.w, max(ne.h-1, 0), st)
	switch {
	case ne.confirming:
		lines = append(lines, st.Warning.Render(Truncate("discard note? y/n", ne.w)))
	case ne.err != "":
		lines = append(lines, ne.errLine(st))
	default:
		lines = append(lines, ne.keysLine.get(noteKeysKey{ne.w, st}, func() string {
			return st.Muted.Render(Truncate("ctrl+s save · esc cancel", ne.w))
		}))
	}
	return lines
}

// noteKeysKey is what the note's line of keys is drawn with.
type noteKeysKey struct {
	w  int
	st *Styles
}
