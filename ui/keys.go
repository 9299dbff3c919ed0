package ui

import "github.com/charmbracelet/bubbles/key"

// GlobalKeys work everywhere except while a pane captures typing (search,
// a note, a picker): then only ctrl+c gets through.
type GlobalKeys struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding
	Queue     key.Binding
	Case      key.Binding
	Heatmap   key.Binding
	Tags      key.Binding
	NextPane  key.Binding
	PrevPane  key.Binding
	Command   key.Binding
}

// NewGlobalKeys returns the pinned global keys.
func NewGlobalKeys() GlobalKeys {
	return GlobalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Queue:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "queue")),
		Case:      key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "case")),
		Heatmap:   key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "heatmap")),
		Tags:      key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "tags (taxonomy care)")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
	}
}

// The bindings every list and every question shares, written once: the
// keys are the same everywhere, the help names what moves or what "yes"
// does in that place.

func upKey(what string) key.Binding {
	return key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", what))
}

func downKey(what string) key.Binding {
	return key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", what))
}

func topKey(what string) key.Binding {
	return key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", what))
}

func bottomKey(what string) key.Binding {
	return key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", what))
}

func yesKey(what string) key.Binding {
	return key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", what))
}

func noKey() key.Binding {
	return key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no"))
}

func cancelKey() key.Binding {
	return key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
}
