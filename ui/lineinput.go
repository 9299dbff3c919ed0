package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// lineInput is a one-line input with a steady cursor, as every input of
// the app has: a blinking one sends the program a message, and so a
// redraw, every half second and on every key (the blink restarts), which a
// team server pays per screen. limit bounds what can be typed.
func lineInput(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// newInput is an editor's line input, focused, w cells wide.
func newInput(placeholder string, w int) textinput.Model {
	in := lineInput("> ", placeholder, 512)
	in.Width = max(w-3, 1)
	in.Focus()
	return in
}

// focusInput opens in with value typed and the cursor at its end.
func focusInput(in *textinput.Model, value string) tea.Cmd {
	in.SetValue(value)
	in.CursorEnd()
	return in.Focus()
}
