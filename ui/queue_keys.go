package ui

import "github.com/charmbracelet/bubbles/key"

// queueKeys are the queue's keys when the search input is closed.
type queueKeys struct {
	Up, Down, HalfUp, HalfDown, PageUp, PageDown, Top, Bottom key.Binding
	NextView, PrevView, Sort                                  key.Binding
	Mark, ClearMarks, Claim, Assign, Status, Priority, Tag    key.Binding
	Undo                                                      key.Binding
	Open, Search, Clear, Preview, Import                      key.Binding
}

func newQueueKeys() queueKeys {
	return queueKeys{
		Up:         upKey("up"),
		Down:       downKey("down"),
		HalfUp:     key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown:   key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:        topKey("first case"),
		Bottom:     bottomKey("last case"),
		NextView:   key.NewBinding(key.WithKeys("v", "right", "l"), key.WithHelp("v/→", "next view")),
		PrevView:   key.NewBinding(key.WithKeys("V", "left", "h"), key.WithHelp("V/←", "previous view")),
		Sort:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Mark:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "mark")),
		ClearMarks: key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "clear marks")),
		Claim:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "claim")),
		Assign:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "assign…")),
		Status:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "status…")),
		Priority:   key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "priority…")),
		Tag:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tag…")),
		Undo:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo (:undo)")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open case")),
		Search:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Clear:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		Preview:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview")),
		Import:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import file/Maildir")),
	}
}

// searchKeys are the keys of the open search input; every other key types.
type searchKeys struct {
	Accept, Cancel, Up, Down key.Binding
}

func newSearchKeys() searchKeys {
	return searchKeys{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open result")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave search")),
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p", "ctrl+k"), key.WithHelp("↑", "previous result")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n", "ctrl+j"), key.WithHelp("↓", "next result")),
	}
}
