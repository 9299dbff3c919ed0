package ui

import (
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// paneID names a pane the root can focus.
type paneID int

const (
	paneQueue paneID = iota
	paneCase
	paneHeatmap
	paneTags
	numPanes
)

var paneNames = [numPanes]string{"Queue", "Case", "Heatmap", "Tags"}

// app is the root model: it owns focus and the input mode, draws the
// header, status line and footer around the focused pane, and routes keys
// and messages (pug's pane manager, soft-serve's routing by type).
type app struct {
	e    *env
	keys GlobalKeys
	w, h int

	// panes are known by what they answer (pane.go), never by their
	// type: lines, orders and source are the queue's answers.
	panes [numPanes]pane // nil: not available
	// away: the screen's agent is away (away.go), shown in the header.
	away   bool
	lines  queueLines  // the queue, as the title and tab lines ask it
	orders queueOrders // the queue, as the command line asks it
	source caseSource  // the queue, as play mode and the case pane ask it
	focus  paneID
	// opened is the case the case pane shows (0 before the first).
	opened model.CaseID
	// play is the queue's order when the agent opened a case from it,
	// which ] and [ walk (play.go).
	play *playList
	// backTo is where esc returns after a drill-down into the queue.
	backTo paneID

	fullHelp bool
	help     helpView

	statusText string
	statusErr  bool
	statusKeep bool // statusMsg.keep
	statusSeq  int

	cmd cmdline
	// pastFollowUpArmed is the past time a first :followup asked about;
	// the same command again sets it.
	pastFollowUpArmed string
	// newTagArmed is the new tag a first :tag asked to create; the same
	// :tag again creates it.
	newTagArmed string
	// assignArmed is the unknown name a first :assign was refused for.
	assignArmed string
	imp         importer
	// tagger is the tag picker the queue opened for its marked cases.
	tagger *bulkTagger

	// asking is the y/n question in the status line (askMsg), if any.
	asking *askMsg

	readOnly bool
	quitting bool
	acting   bool // an action (act) or an undo is being applied
	// undoLog is what the agent's actions changed, for u (undo.go).
	undoLog undoLog
	// mail is the mail runner's last state (nil: no runner, or none yet).
	mail *MailState
	// outbox is the outbox view over the focused pane (:outbox); nil: closed.
	outbox *outboxView
	// rejected lists the last import's rejected rows over the focused
	// pane (:rejected, rejected.go); nil: closed.
	rejected *rejectedView

	frame frame
	// the chrome lines as last drawn, by what they show
	titleMemo  memo[titleKey]
	tabsMemo   memo[tabsShown]
	tabsLast   tabsKey // what tabsMemo's line was last asked for
	tabsDrawn  int     // tab lines drawn, for the benchmarks
	statusMemo memo[statusKey]
	statusMore string // the status message's second line (status)
	footerMemo recent
	footerLast footerLast
	tabParts   map[tabPartKey]string
	tabLabels  map[tabLabelKey]string
	tabWraps   styleWraps
	paneFit    paneFit
}

// touch forgets the last frame unless msg is quiet: a store change notice,
// the team server's index moving, or the queue's own work on them (its
// order) while another pane is on screen. Those
// change at most the tab line's counts (the queue is out of sight, the
// case pane only starts a reload, which draws when it arrives, and the
// heatmap and tags panes schedule theirs), so View redraws that line only.
func (a *app) touch(msg tea.Msg) {
	if a.focus != paneQueue {
		switch msg.(type) {
		case changeMsg, indexOrderMsg, IndexChangedMsg, NoticesMsg:
			return
		}
	}
	a.frame.ok = false
}

// statusClearMsg clears an informational status after a while.
type statusClearMsg struct{ seq int }

// statusTTL is how long an informational message stays; errors stay until
// replaced.
const statusTTL = 6 * time.Second

func newApp(e *env, readOnly bool) *app {
	a := &app{e: e, keys: remapped(NewGlobalKeys(), e), readOnly: readOnly}
	e.focused, e.say = a.focused, a.say
	q := newQueuePane(e)
	a.lines, a.orders, a.source = q, q, q
	e.assignees = func() []string {
		if s := q.snapshot(); s != nil && s.Complete() {
			return s.AssigneesByUse()
		}
		return nil
	}
	a.panes = [numPanes]pane{paneQueue: q, paneCase: newCasePane(e),
		paneHeatmap: newHeatmapPane(e), paneTags: newTaxonomyPane(e)}
	a.help = newHelpView(e.styles)
	a.cmd = newCmdline()
	a.fitFileAbilities()
	a.imp = newImporter()
	return a
}

func (a *app) Init() tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range a.panes {
		if p != nil {
			cmds = append(cmds, p.Init())
		}
	}
	cmds = append(cmds, loadAway(a.e.svc, a.e.agent), a.listDrafts(false))
	return tea.Batch(cmds...)
}

func (a *app) focused() pane { return a.panes[a.focus] }

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.touch(msg)
	if m, ok := msg.(caseActedMsg); ok {
		a.caseActed(m) // and on to the case pane, below
	}
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = max(m.Width, 0), max(m.Height, 0)
		a.layout()
		// and to every pane, for what a size brings (the queue's preview)
		return a, a.tell(m)
	case tea.KeyMsg:
		if m.Type == tea.KeyRunes && len(m.Runes) > 1 && !m.Paste && !m.Alt {
			return a, a.burst(m.Runes)
		}
		return a, a.key(m)
	case statusMsg:
		return a, a.say(m)
	case mailStateMsg:
		s := MailState(m)
		a.mail = &s
		return a, nil
	case outboxMsg:
		if a.outbox != nil {
			a.outbox.loadedMsgs(m)
		}
		return a, nil
	case askMsg:
		return a, a.ask(m)
	case statusClearMsg:
		if m.seq == a.statusSeq && !a.statusErr && !a.statusKeep {
			a.statusText = ""
		}
		return a, nil
	case awayMsg:
		a.away = bool(m)
		return a, nil
	case keptDraftsMsg:
		return a, a.keptDrafts(m)
	case changeMsg:
		return a, a.changed([]model.Change{model.Change(m)}, false)
	case NoticesMsg:
		return a, a.changed(m.Changes, m.Index)
	case openCaseMsg:
		return a, a.openCase(m)
	case stepCaseMsg:
		om, why := a.stepPlay(m.delta)
		if why != "" {
			return a, statusMsg{text: why}.cmd()
		}
		return a, a.openCase(om)
	case filterQueueMsg:
		if a.focus != paneQueue {
			a.backTo = a.focus
		}
		a.setFocus(paneQueue)
		m.fromOther = a.backTo != paneQueue
		return a, a.send(paneQueue, m)
	case backMsg:
		return a, a.show(paneQueue) // the queue catches up with what it put off
	case queueBackMsg:
		var cmd tea.Cmd
		if a.panes[a.backTo] != nil {
			cmd = a.show(a.backTo)
		}
		a.backTo = paneQueue
		return a, cmd
	case openCmdlineMsg:
		return a, a.cmd.openWith(m.text)
	case openTaggerMsg:
		return a, a.openTagger(m.ids)
	case taggerTagsMsg:
		return a, a.taggerTags(m)
	case showHelpMsg:
		a.fullHelp = true
		return a, nil
	case importPromptMsg:
		return a, a.cmd.openWith("import ")
	case importEventMsg:
		return a, a.imp.update(a, m)
	case IndexChangedMsg:
		return a, a.send(paneQueue, msg) // the team's index moved: the queue's alone
	case actMsg:
		return a, a.actMsg(m)
	case actDoneMsg:
		return a, a.acted(m)
	case bulkAskMsg:
		return a, a.bulkAsked(m)
	case undoMsg:
		return a, a.undo(m.id)
	case undoneMsg:
		return a, a.undone(m)
	case indexMsg, indexOrderMsg, previewMsg, tickMsg, clockMsg:
		return a, a.send(paneQueue, msg)
	}
	// Anything else belongs to a pane's own commands (the case pane's
	// loads and saves, the inputs' cursor blinks): each pane ignores what
	// is not its own.
	var cmd tea.Cmd
	if a.cmd.open {
		cmd = a.cmd.update(msg)
	}
	return a, tea.Batch(cmd, a.tell(msg))
}

// send hands msg to pane id, its owner.
func (a *app) send(id paneID, msg tea.Msg) tea.Cmd {
	if p := a.panes[id]; p != nil {
		return p.Update(msg)
	}
	return nil
}

// tell hands msg to every pane; each ignores what is not its own.
func (a *app) tell(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range a.panes {
		if p != nil {
			cmds = append(cmds, p.Update(msg))
		}
	}
	return tea.Batch(cmds...)
}

// changed hands store change notices to every pane, in order, and then
// (index) tells the queue that the team's index moved.
func (a *app) changed(chs []model.Change, index bool) tea.Cmd {
	var cmd tea.Cmd
	if a.outbox != nil && len(chs) > 0 {
		cmd = loadOutbox(a.e.svc)
	}
	for _, p := range a.panes {
		switch p := p.(type) {
		case nil:
		case noticeTaker:
			cmd = batch(cmd, p.noticed(chs))
		default:
			for _, ch := range chs {
				cmd = batch(cmd, p.Update(changeMsg(ch)))
			}
		}
	}
	if awayChanged(chs) {
		cmd = batch(cmd, loadAway(a.e.svc, a.e.agent))
	}
	if index {
		cmd = batch(cmd, a.send(paneQueue, IndexChangedMsg{}))
	}
	return cmd
}

// eachNotice is fn on each of a frame's notices in order (a notice is
// large: not copied), its commands batched.
func eachNotice(chs []model.Change, fn func(*model.Change) tea.Cmd) tea.Cmd {
	var cmd tea.Cmd
	for i := range chs {
		cmd = batch(cmd, fn(&chs[i]))
	}
	return cmd
}

// batch is tea.Batch of two commands, without a slice when either is nil
// (the common case of a notice that sets nothing off).
func batch(a, b tea.Cmd) tea.Cmd {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return tea.Batch(a, b)
}

// key routes a key: ctrl+c always quits; the command line or a capturing
// pane takes every other key; then the global keys; then the focused pane.
func (a *app) key(m tea.KeyMsg) tea.Cmd {
	if key.Matches(m, a.keys.ForceQuit) {
		a.quitting = true
		return tea.Quit
	}
	if a.asking != nil {
		return a.answer(m)
	}
	if a.cmd.open {
		if key.Matches(m, a.cmd.keys.Run) {
			a.clearStatus()
		}
		return a.cmd.key(a, m)
	}
	if a.fullHelp && (key.Matches(m, a.keys.Help) || m.Type == tea.KeyEsc) {
		// before a capturing pane, which opened the help with showHelpMsg
		a.fullHelp = false
		return nil
	}
	if a.tagger != nil {
		return a.tagger.picker.handle(m)
	}
	if a.outbox != nil && !key.Matches(m, a.keys.Help) && !key.Matches(m, a.keys.Command) {
		return a.outbox.key(a, m)
	}
	if a.rejected != nil && !key.Matches(m, a.keys.Help) && !key.Matches(m, a.keys.Command) {
		return a.rejected.key(a, m)
	}
	if p := a.focused(); p != nil && p.Capturing() {
		return p.Update(m)
	}
	// The agent has moved on: the last message, even an error, is about
	// something before this key ("tag is empty" under :view overdue). What
	// this key causes arrives afterwards as a statusMsg of its own.
	a.clearStatus()
	switch {
	case key.Matches(m, a.keys.Quit):
		a.quitting = true
		return tea.Quit
	case key.Matches(m, a.keys.Help):
		a.fullHelp = !a.fullHelp
		return nil
	case key.Matches(m, a.keys.Queue):
		return a.focusPane(paneQueue)
	case key.Matches(m, a.keys.Case):
		return a.focusPane(paneCase)
	case key.Matches(m, a.keys.Heatmap):
		return a.focusPane(paneHeatmap)
	case key.Matches(m, a.keys.Tags):
		return a.focusPane(paneTags)
	case key.Matches(m, a.keys.NextPane):
		return a.cycle(1)
	case key.Matches(m, a.keys.PrevPane):
		return a.cycle(-1)
	case key.Matches(m, a.keys.Command):
		return a.cmd.openWith("")
	}
	if p := a.focused(); p != nil {
		return p.Update(m)
	}
	return nil
}

// burst takes characters that reached the program in one read (a fast
// typist, a slow SSH link, tmux send-keys): Bubble Tea delivers them as
// one KeyMsg, which matched no key, so "/refund" or "jjj" did nothing.
// They are taken one at a time, as typed, except that an input where no
// character is a key (the queue's search, the tag picker; see textTaker)
// takes the rest whole: one filter of its suggestions, not one per
// character. (A bracketed paste stays whole: it is text for an input,
// never keys.) A key whose effect arrives as a message, such as a, S or P
// opening a prompt or t opening the tag picker in the queue, has not taken
// effect yet when the characters after it in the same burst are taken.
func (a *app) burst(runes []rune) tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range runes {
		if a.quitting {
			break
		}
		if t, ok := a.focused().(textTaker); ok && t.takesText() && !a.cmd.open {
			// as a paste: text, even if it spells a key's name ("left")
			cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: runes[i:], Paste: true}))
			break
		}
		cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
	}
	return tea.Batch(cmds...)
}

// available reports whether a pane can take focus: it exists, and the case
// pane has a case.
func (a *app) available(id paneID) bool {
	if a.panes[id] == nil {
		return false
	}
	return id != paneCase || a.opened != 0
}

func (a *app) focusPane(id paneID) tea.Cmd {
	switch {
	case a.panes[id] == nil:
		return statusMsg{text: strings.ToLower(paneNames[id]) + " is not available in this build yet"}.cmd()
	case !a.available(id):
		return statusMsg{text: "no case open yet: select one in the queue and press enter"}.cmd()
	}
	return a.show(id)
}

func (a *app) setFocus(id paneID) {
	a.focus = id
	a.fullHelp = false
}

func (a *app) cycle(d int) tea.Cmd {
	// tab cycles the three work panes (README says so); taxonomy care is a lead's tool,
	// reached by 4 or :tags.
	const cycled = paneTags
	for i, id := 1, min(a.focus, cycled-1); i < int(cycled); i++ {
		id = (id + paneID(d) + cycled) % cycled
		if a.available(id) {
			return a.show(id)
		}
	}
	return nil
}

// show brings pane id on screen and lets it catch up on changes it put off
// while out of sight.
func (a *app) show(id paneID) tea.Cmd {
	a.setFocus(id)
	if r, ok := a.panes[id].(refresher); ok {
		return r.refresh()
	}
	return nil
}

func (a *app) openCase(m openCaseMsg) tea.Cmd {
	if m.id == 0 || a.panes[paneCase] == nil {
		return nil
	}
	switch {
	case a.focus == paneQueue && m.nav == navFresh:
		// Opened from the queue: play mode walks the order seen now.
		a.play = a.source.playFrom(m.id)
		if a.play != nil {
			m.playAt, m.playOf = a.play.at(), a.play.total
		}
	case m.nav == navFresh && m.playAt == 0:
		a.play = nil // opened by a command: play starts afresh on ]
	}
	a.opened = m.id
	m.search = a.source.searchMarks() // the words the agent searched for, marked
	if t, ok := a.panes[paneQueue].(titled); ok {
		m.from = t.titleContext()
	}
	a.setFocus(paneCase)
	return a.send(paneCase, m)
}

// say shows a pane's status; another agent's notice never hides an
// error.
func (a *app) say(m statusMsg) tea.Cmd {
	if m.notice && (a.statusErr || a.statusKeep) && a.statusText != "" {
		return nil
	}
	if m.keep {
		a.setStatus(m.text, m.err)
		a.statusKeep = true // no clearing after statusTTL: the next key clears it
		return nil
	}
	return a.setStatus(m.text, m.err)
}

func (a *app) setStatus(text string, isErr bool) tea.Cmd {
	a.statusText, a.statusErr, a.statusKeep = text, isErr, false
	a.statusSeq++
	if isErr || text == "" {
		return nil
	}
	seq := a.statusSeq
	return a.e.after(statusTTL, func(time.Time) tea.Msg { return statusClearMsg{seq: seq} })
}

func (a *app) clearStatus() {
	a.statusText, a.statusErr, a.statusKeep = "", false, false
	a.statusSeq++
}
