package ui

import (
	"fmt"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// caseKeys are the case pane's keys when no input is open: one key per
// action, play-mode stepping, scrolling and section focus. Section focus is
// J/K, not tab, because tab cycles panes at the root.
type caseKeys struct {
	Claim, Assign, Status, Priority, Tag, Note, FollowUp, Recovery, Reply key.Binding
	Canned, Fold, NextFile, PrevFile, Save, Undo                          key.Binding
	Next, Prev, Back                                                      key.Binding
	Down, Up, PageDown, PageUp, HalfDown, HalfUp, Top, Bottom             key.Binding
	FocusNext, FocusPrev, Open                                            key.Binding
	NextHit, PrevHit, Find                                                key.Binding
}

func newCaseKeys() caseKeys {
	return caseKeys{
		Claim:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "claim")),
		Assign:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "assign")),
		Status:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status")),
		Priority: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "priority")),
		Tag:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tags")),
		Note:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "note")),
		FollowUp: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow-up")),
		Recovery: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "recovery")),
		Reply:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
		Canned:   key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "canned reply")),
		Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Fold:     key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "quoted text")),
		NextFile: key.NewBinding(key.WithKeys("}"), key.WithHelp("}", "next attachment")),
		PrevFile: key.NewBinding(key.WithKeys("{"), key.WithHelp("{", "previous attachment")),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save it")),
		Next:     key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next case")),
		Prev:     key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous case")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to queue")),
		Down:     downKey("down"),
		Up:       upKey("up"),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " "), key.WithHelp("pgdn/space", "page down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		Top:      topKey("top"),
		Bottom:   bottomKey("bottom"),
		FocusNext: key.NewBinding(key.WithKeys("J"),
			key.WithHelp("J", "next section")),
		FocusPrev: key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "previous section")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open other case")),
		// n is the note: the search's hits are > and <; n/N only step
		// through a find of the agent's own (/) while it lasts.
		NextHit: key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "next hit")),
		PrevHit: key.NewBinding(key.WithKeys("<"), key.WithHelp("<", "prev hit")),
		Find:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "find in case")),
	}
}

// editKeys are the keys of the inputs the case pane opens (pickers,
// prompts, the note and reply editors).
type editKeys struct {
	Save, Cancel, Submit, Next, Prev, Left, Right, Remove, Delete key.Binding
	New, Edit, Del, Yes, No, SwitchField                          key.Binding
}

func newEditKeys() editKeys {
	return editKeys{
		Save:        key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:      cancelKey(),
		Submit:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Next:        key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓/tab", "next suggestion")),
		Prev:        key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑/shift+tab", "previous")),
		Left:        key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "select tag")),
		Right:       key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next tag")),
		Remove:      key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "remove selected tag")),
		Delete:      key.NewBinding(key.WithKeys("delete"), key.WithHelp("del", "remove selected tag")),
		New:         key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "new template")),
		Edit:        key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "edit template")),
		Del:         key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "delete template")),
		Yes:         yesKey("yes"),
		No:          noKey(),
		SwitchField: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "name/text")),
	}
}

// withHelp copies a binding with other help text, so one key can read right
// in each input.
func withHelp(b key.Binding, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(k, desc))
}

// What the case pane's keys do, with no input open.

// key handles a key with no input open.
func (p *casePane) key(msg tea.KeyMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Back):
		if n := len(p.trail); n > 0 {
			id := p.trail[n-1].id
			return func() tea.Msg { return openCaseMsg{id: id, nav: navBack} }
		}
		return func() tea.Msg { return backMsg{} }
	case key.Matches(msg, k.Next):
		return func() tea.Msg { return stepCaseMsg{delta: +1} }
	case key.Matches(msg, k.Prev):
		return func() tea.Msg { return stepCaseMsg{delta: -1} }
	case key.Matches(msg, k.FocusNext):
		p.cycleFocus(+1)
		return nil
	case key.Matches(msg, k.FocusPrev):
		p.cycleFocus(-1)
		return nil
	case key.Matches(msg, k.Find):
		if p.ready() {
			return p.openFind()
		}
		return nil
	case key.Matches(msg, k.NextHit):
		return p.jumpHit(+1)
	case key.Matches(msg, k.PrevHit):
		return p.jumpHit(-1)
	}
	if p.scrollKey(msg) || p.conversationKey(msg) {
		return nil
	}
	if p.focus == secBody && key.Matches(msg, k.Save) && p.ready() {
		return p.openSave()
	}
	if p.focus == secOther && key.Matches(msg, k.Open) && p.otherSel < len(p.others) {
		id := p.others[p.otherSel].ID
		return func() tea.Msg { return openCaseMsg{id: id, nav: navOther} }
	}
	if !p.ready() {
		return nil
	}
	// An editor the desk's rules would refuse at save does not open: the
	// agent learns it before typing (a note in --read-only, a follow-up
	// on a colleague's case on the team server).
	opens := map[*key.Binding]model.Action{&k.Assign: model.Assign{To: p.e.agent}, &k.Status: model.SetStatus{},
		&k.Priority: model.SetPriority{}, &k.Tag: model.AddTag{}, &k.Note: model.AddNote{},
		&k.FollowUp: model.SetFollowUp{}, &k.Recovery: model.SetRecovery{}}
	for b, act := range opens {
		if key.Matches(msg, *b) {
			if cmd := p.refused(act); cmd != nil {
				return cmd
			}
		}
	}
	switch {
	case key.Matches(msg, k.Claim):
		return p.claim()
	case key.Matches(msg, k.Assign):
		return p.openAssign()
	case key.Matches(msg, k.Status):
		p.openEditor(newStatusChoice(p.edBase(), p.c))
	case key.Matches(msg, k.Priority):
		p.openEditor(newPriorityChoice(p.edBase(), p.c, p.e.svc.SLA()))
	case key.Matches(msg, k.Tag):
		return p.openTags()
	case key.Matches(msg, k.Note):
		return p.openNote()
	case key.Matches(msg, k.FollowUp):
		return p.openFollowUp()
	case key.Matches(msg, k.Recovery):
		p.openEditor(newRecoveryChoice(p.edBase(), p.c, p.lay.caseW))
	case key.Matches(msg, k.Reply):
		return p.openComposer("")
	case key.Matches(msg, k.Canned):
		return p.openReplies()
	case key.Matches(msg, k.Undo):
		id := p.c.ID
		return func() tea.Msg { return undoMsg{id: id} }
	}
	return nil
}

// refused is the desk's refusal of act on the case shown (the service's
// MayAct: the team server's roles, a read-only desk), nil when allowed.
func (p *casePane) refused(act model.Action) tea.Cmd {
	if err := p.e.svc.MayAct(p.c, p.e.agent, act); err != nil {
		return statusMsg{text: errText(err), err: true}.cmd()
	}
	return nil
}

func (p *casePane) claim() tea.Cmd {
	switch p.c.Assignee {
	case p.e.agent:
		return statusMsg{text: fmt.Sprintf("#%d is already yours", p.c.ID)}.cmd()
	case "":
		return p.act("claimed", model.Claim{})
	}
	return statusMsg{text: fmt.Sprintf("#%d is assigned to %s; press a to assign it to yourself", p.c.ID, Clean(p.c.Assignee)), err: true}.cmd()
}

func (p *casePane) cycleFocus(d int) {
	n := 2
	if len(p.others) > 0 && p.lay.otherRows > 0 {
		n = 3
	}
	p.focus = section((int(p.focus) + d + n) % n)
}

// scrollKey scrolls the focused section; it reports whether msg was a
// scrolling key.
func (p *casePane) scrollKey(msg tea.KeyMsg) bool {
	k := p.keys
	if p.focus == secOther {
		n := len(p.others)
		cur, moved := moveCursor(msg, cursorKeys{k.Up, k.Down, k.Top, k.Bottom}, p.otherSel, n)
		switch {
		case moved:
			p.otherSel = cur
		case key.Matches(msg, k.PageDown), key.Matches(msg, k.HalfDown):
			p.otherSel = min(p.otherSel+max(p.lay.otherRows, 1), max(n-1, 0))
		case key.Matches(msg, k.PageUp), key.Matches(msg, k.HalfUp):
			p.otherSel = max(p.otherSel-max(p.lay.otherRows, 1), 0)
		default:
			return false
		}
		return true
	}
	vp := &p.body
	if p.focus == secTimeline {
		vp = &p.timeline
	}
	switch {
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.HalfDown):
		vp.HalfPageDown()
	case key.Matches(msg, k.HalfUp):
		vp.HalfPageUp()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	default:
		return false
	}
	return true
}

// The case pane's help: its keys, or the open editor's.

func (p *casePane) ShortHelp() []key.Binding {
	if p.ed != nil {
		return p.ed.help()
	}
	var back model.CaseID // the case esc goes back to
	if n := len(p.trail); n > 0 {
		back = p.trail[n-1].id
	}
	// kept: the footer asks for the keys every frame
	return p.helpKept.get(shortHelpKey{finding: p.finding(), back: back}, func() []key.Binding {
		k := p.keys
		if p.finding() {
			return []key.Binding{p.fkeys.Next, p.fkeys.Prev, p.fkeys.End, k.Find, k.Reply, k.Claim, k.Status, k.Tag}
		}
		return []key.Binding{k.Reply, k.Canned, k.Claim, k.Assign, k.Status, k.Priority, k.Tag, k.Note, k.FollowUp,
			k.Recovery, k.Next, k.Prev, k.FocusNext, p.backKey()}
	})
}

// shortHelpKey is what the case pane's keys in the footer depend on.
type shortHelpKey struct {
	finding bool
	back    model.CaseID
}

// HelpNotes says when the card warns of a repeat contact.
func (p *casePane) HelpNotes() []string {
	if p.ed != nil { // the tag picker's or an editor's keys: the card's warning is not theirs
		return nil
	}
	return []string{"⚠ " + model.RepeatRule + "; ⚠ REOPENED: a case of the customer's was reopened (not a repeat contact)"}
}

func (p *casePane) FullHelp() [][]key.Binding {
	if p.ed != nil {
		return [][]key.Binding{p.ed.help()}
	}
	k := p.keys
	files := []key.Binding{k.Fold, withHelp(k.NextFile, "}/{", "attachments"), k.Save}
	if p.e.files == nil { // a team server's session saves no attachment
		files = files[:2]
	}
	return [][]key.Binding{
		{k.Claim, k.Assign, k.Status, k.Priority, k.Tag, k.Undo},
		{k.Reply, k.Canned, k.Note, k.FollowUp, k.Recovery},
		append(files, withHelp(k.Find, "/", "find, then n/N"), withHelp(k.NextHit, ">/<", "next/prev hit")),
		{k.Next, k.Prev, p.backKey(), k.FocusNext, k.FocusPrev, k.Open},
		{k.Down, k.Up, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.Top, k.Bottom},
	}
}

// backKey is esc as it works now: back to the case the agent came from,
// else to the queue.
func (p *casePane) backKey() key.Binding {
	if n := len(p.trail); n > 0 {
		return withHelp(p.keys.Back, "esc", fmt.Sprintf("back to #%d", p.trail[n-1].id))
	}
	return p.keys.Back
}
