package ui

import "github.com/charmbracelet/bubbles/key"

// taxonomyKeys are the keys of the taxonomy care pane (:tags) while no
// input is open.
type taxonomyKeys struct {
	Up, Down, Top, Bottom                key.Binding
	Filter, Clear                        key.Binding
	Rename, Merge, Area, Retire, Dups    key.Binding
	AreaAll, Label                       key.Binding
	MergePair, Reverse                   key.Binding
	Reload                               key.Binding
	Confirm, Refuse, Apply, Cancel, Pick key.Binding
	PickUp, PickDown                     key.Binding
}

func newTaxonomyKeys() taxonomyKeys {
	return taxonomyKeys{
		Up:        upKey("up"),
		Down:      downKey("down"),
		Top:       topKey("first"),
		Bottom:    bottomKey("last"),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Clear:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter / back to the list")),
		Rename:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename…")),
		Merge:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "merge into…")),
		Area:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "move to area…")),
		AreaAll:   key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "rename/move the whole area…")),
		Label:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "label…")),
		Retire:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "retire/unretire")),
		Dups:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "near duplicates")),
		MergePair: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "merge the left tag into the right")),
		Reverse:   key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "swap: keep the left tag instead")),
		Reload:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reload")),
		Confirm:   yesKey("yes"),
		Refuse:    noKey(),
		Apply:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:    cancelKey(),
		Pick:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "merge into this")),
		PickUp:    key.NewBinding(key.WithKeys("up", "ctrl+p", "ctrl+k"), key.WithHelp("↑", "previous")),
		PickDown:  key.NewBinding(key.WithKeys("down", "ctrl+n", "ctrl+j"), key.WithHelp("↓", "next")),
	}
}

func (k taxonomyKeys) cursor() cursorKeys { return cursorKeys{k.Up, k.Down, k.Top, k.Bottom} }

// --- help ---

// confirmVerb is what y does to the question asked.
func (p *taxonomyPane) confirmVerb() string {
	switch {
	case p.pendingArea != nil && p.pendingArea.toTags > 0:
		return "move the area"
	case p.pendingArea != nil:
		return "rename the area"
	case p.pending.retire != nil:
		return "retire"
	case p.pending.merge:
		return "merge"
	}
	return "rename"
}

func (p *taxonomyPane) ShortHelp() []key.Binding {
	k := p.keys
	switch p.inputKind {
	case taxConfirm:
		yes := k.Confirm // the key as configured, its help saying what it does
		yes.SetHelp(yes.Help().Key, "yes, "+p.confirmVerb())
		return []key.Binding{yes, k.Refuse}
	case taxPick:
		return []key.Binding{k.Pick, k.PickUp, k.PickDown, k.Cancel}
	case taxNoInput:
	default:
		return []key.Binding{k.Apply, k.Cancel}
	}
	if p.mode == taxDups {
		return []key.Binding{k.MergePair, k.Reverse, k.Up, k.Down, k.Dups}
	}
	return []key.Binding{k.Filter, k.Rename, k.Merge, k.Area, k.AreaAll, k.Label, k.Retire, k.Dups}
}

func (p *taxonomyPane) FullHelp() [][]key.Binding {
	k := p.keys
	if p.inputKind != taxNoInput {
		return [][]key.Binding{p.ShortHelp()}
	}
	// enter and R act on a pair of near duplicates, before it is merged:
	// they are listed only where they work (a merge has no undo).
	if p.mode == taxDups {
		return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Reload}, {k.MergePair, k.Reverse, k.Dups}}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Filter, k.Clear, k.Reload},
		{k.Rename, k.Merge, k.Area, k.AreaAll, k.Label, k.Retire, k.Dups},
	}
}
