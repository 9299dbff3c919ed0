package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// backMsg asks the root to go back to the queue (esc in the case pane).
type backMsg struct{}

// caseLoadedMsg carries everything the case pane shows about one case.
type caseLoadedMsg struct {
	id        model.CaseID
	c         model.Case
	events    []model.Event
	cust      model.Customer
	custCases []model.Summary
	reopened  bool  // one of the customer's cases was reopened
	custErr   error // the customer part failed; the case still shows
	err       error
	why       loadReason
	by        string // who changed the case, for why == loadChanged
}

type loadReason uint8

const (
	loadOpen     loadReason = iota // the agent opened the case
	loadChanged                    // someone else changed it
	loadConflict                   // a save hit ECONFLICT
	loadQuiet                      // a related record changed
)

// caseActedMsg is the result of one save through svc.Act.
type caseActedMsg struct {
	id        model.CaseID
	label     string // what was saved, in the agent's words
	before    uint64 // the version the save was based on
	c         model.Case
	events    []model.Event
	custCases []model.Summary
	err       error
}

type assigneesMsg struct{ names []string }

type tagsMsg struct {
	tags  []model.TagInfo
	index map[string]model.TagInfo // the same by name
	at    time.Time                // when they were read
	gen   int                      // the pane's taxGen then
	err   error
}

// tagsRead is when the case pane last read the taxonomy.
type tagsRead struct {
	ok  bool
	at  time.Time
	gen int
}

// section is the part of the case pane that j/k scroll.
type section uint8

const (
	secBody section = iota
	secTimeline
	secOther
)

// maxReopenChecks bounds how many of a customer's other cases are read in
// full to find a reopened one (Summary does not carry Reopens).
const maxReopenChecks = 25

// casePane shows one case with its customer and timeline, and saves what
// the agent does to it.
type casePane struct {
	e     *env
	keys  caseKeys
	ekeys editKeys

	width, height int
	lay           caseLayout

	id      model.CaseID // the case shown or being loaded
	loaded  bool
	loadErr error

	c         model.Case
	events    []model.Event
	cust      model.Customer
	custErr   error
	custCases []model.Summary // every case of the customer, newest first
	others    []model.Summary // custCases without the shown one
	reopened  bool
	card      cardInfo

	focus    section
	body     viewport.Model
	timeline viewport.Model
	bodyKey  wrapKey
	tlKey    wrapKey
	// the viewports' content as lines, as set
	bodyLines, tlLines []string
	otherSel           int
	otherTop           int

	ed     editor // the open input, nil when none
	saving bool

	// trail is the cases esc goes back to, the latest last.
	trail []trailStop

	assignees       []string
	assigneesLoaded bool
	tags            []model.TagInfo // ranked for suggestions (rankTags)
	tagIndex        map[string]model.TagInfo
	tagsRead        tagsRead
	taxGen          int // taxonomy notices (renames, merges, retirements) seen
	replies         []model.Reply

	// rev counts the messages and resizes the pane took: View draws again
	// only when it, the second on the clock or the presence line moved.
	// The app draws after every message, and many are not the case
	// pane's (the status line's, the command line's keys).
	rev   uint64
	memo  memo[caseViewKey]
	rules map[ruleKey]string
}

type caseViewKey struct {
	rev      uint64
	now      int64 // seconds: ages are drawn to the second
	presence uint64
}

// trailStop is a case on the way to a customer's other case.
type trailStop struct {
	id       model.CaseID
	otherSel int
}

// wrapKey identifies wrapped content, so it is wrapped once per width or
// data change rather than once per frame.
type wrapKey struct {
	id      model.CaseID
	version uint64
	width   int
	n       int
}

var _ pane = (*casePane)(nil)

func newCasePane(e *env) *casePane {
	p := &casePane{e: e, keys: remapped(newCaseKeys(), e), ekeys: newEditKeys()}
	p.body = viewport.New(0, 0)
	p.timeline = viewport.New(0, 0)
	return p
}

func (p *casePane) Init() tea.Cmd { return nil }

// Capturing is true while an input is open: the root then sends every key.
func (p *casePane) Capturing() bool { return p.ed != nil }

// takesText: the tag picker's and the note editor's keys are no
// characters; the other editors' are (a status by its digit), and so are
// the note's while it asks y/n to discard.
func (p *casePane) takesText() bool {
	switch ed := p.ed.(type) {
	case *tagPicker:
		return true
	case *noteEditor:
		return !ed.confirming
	}
	return false
}

func (p *casePane) SetSize(width, height int) {
	p.rev++
	p.width, p.height = max(width, 0), max(height, 0)
	p.relayout()
}

func (p *casePane) now() time.Time {
	if p.e.now != nil {
		return p.e.now()
	}
	return time.Now()
}

func (p *casePane) loc() *time.Location {
	if p.e.loc != nil {
		return p.e.loc
	}
	return time.Local
}

// ready reports whether the case shown is the one asked for, so actions
// apply to what the agent sees.
func (p *casePane) ready() bool { return p.loaded && p.c.ID == p.id && p.id != 0 }

func statusCmd(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text} }
}

func errorCmd(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: true} }
}

func (p *casePane) Update(msg tea.Msg) tea.Cmd {
	p.rev++
	switch msg := msg.(type) {
	case openCaseMsg:
		return p.openVia(msg)
	case caseLoadedMsg:
		return p.loadedCase(msg)
	case caseActedMsg:
		return p.acted(msg)
	case changeMsg:
		return p.changed(model.Change(msg))
	case assigneesMsg:
		p.assignees, p.assigneesLoaded = msg.names, true
		if pr, ok := p.ed.(*promptEditor); ok && pr.kind == promptAssign {
			pr.setCandidates(p.assigneeCandidates())
		}
		return nil
	case tagsMsg:
		if msg.err != nil {
			return errorCmd("could not read tags: " + errText(msg.err))
		}
		p.tags, p.tagIndex = msg.tags, msg.index
		p.tagsRead = tagsRead{at: msg.at, gen: msg.gen, ok: true}
		if tp, ok := p.ed.(*tagPicker); ok {
			tp.refresh(p)
		}
		return nil
	case repliesMsg:
		return p.repliesLoaded(msg)
	case tea.KeyMsg:
		if p.ed != nil {
			return p.ed.update(p, msg)
		}
		return p.key(msg)
	}
	if p.ed != nil {
		return p.ed.update(p, msg)
	}
	return nil
}

// open starts loading a case. The shown case stays on screen until the new
// one arrives (a local load takes a millisecond), so play mode never
// flashes an empty pane.
// openVia opens a case and keeps the trail esc walks back: a customer's
// other case remembers the case it was opened from.
func (p *casePane) openVia(m openCaseMsg) tea.Cmd {
	switch m.nav {
	case navFresh:
		p.trail = p.trail[:0]
	case navOther:
		if p.id != 0 && p.id != m.id {
			p.trail = append(p.trail, trailStop{id: p.id, otherSel: p.otherSel})
		}
	case navBack:
		if n := len(p.trail); n > 0 && p.trail[n-1].id == m.id {
			stop := p.trail[n-1]
			p.trail = p.trail[:n-1]
			cmd := p.open(m.id)
			// Back where the agent left: on the other case they opened.
			p.focus, p.otherSel = secOther, stop.otherSel
			return cmd
		}
	}
	return p.open(m.id)
}

func (p *casePane) open(id model.CaseID) tea.Cmd {
	if id != p.id {
		p.closeEditor()
		p.focus = secBody
		p.otherSel, p.otherTop = 0, 0
		p.loadErr = nil
	}
	p.id = id
	return p.load(loadOpen, "")
}

func (p *casePane) load(why loadReason, by string) tea.Cmd {
	svc, id := p.e.svc, p.id
	return func() tea.Msg {
		m := loadCase(svc, id)
		m.why, m.by = why, by
		return m
	}
}

func loadCase(svc model.CaseService, id model.CaseID) caseLoadedMsg {
	m := caseLoadedMsg{id: id}
	c, err := svc.Case(id)
	if err != nil {
		m.err = err
		return m
	}
	m.c = c
	if m.events, err = svc.Events(id); err != nil {
		m.err = err
		return m
	}
	m.reopened = c.Reopens > 0
	if c.CustomerID == 0 {
		return m
	}
	if m.cust, err = svc.Customer(c.CustomerID); err != nil {
		m.custErr = err
		return m
	}
	if m.custCases, err = svc.CustomerCases(c.CustomerID); err != nil {
		m.custErr = err
		return m
	}
	m.reopened = m.reopened || othersReopened(svc, id, m.custCases)
	return m
}

func othersReopened(svc model.CaseService, id model.CaseID, cases []model.Summary) bool {
	n := 0
	for _, s := range cases {
		if s.ID == id {
			continue
		}
		if n++; n > maxReopenChecks {
			break
		}
		if oc, err := svc.Case(s.ID); err == nil && oc.Reopens > 0 {
			return true
		}
	}
	return false
}

func (p *casePane) loadedCase(m caseLoadedMsg) tea.Cmd {
	if m.id != p.id {
		return nil // the agent moved on
	}
	if m.err != nil {
		if !p.ready() {
			p.loadErr = m.err
			p.loaded = false
		}
		return errorCmd(fmt.Sprintf("could not load case #%d: %s", m.id, errText(m.err)))
	}
	if p.ready() && m.c.Version < p.c.Version {
		return nil // an older read than what is shown
	}
	p.setCase(m.c, m.events)
	p.cust, p.custErr, p.reopened = m.cust, m.custErr, m.reopened
	if m.c.CustomerID == 0 {
		p.cust = model.Customer{}
	}
	p.setCustCases(m.custCases)
	p.loaded, p.loadErr = true, nil
	p.relayout()
	switch m.why {
	case loadChanged:
		return statusCmd(fmt.Sprintf("case #%d updated by %s", m.id, Clean(orSomeone(m.by))))
	case loadConflict:
		by := orSomeone(lastAuthor(m.events))
		kept := ""
		if p.ed != nil {
			kept = "; your input is kept, save again to apply it"
		}
		return errorCmd(fmt.Sprintf("case #%d was changed by %s meanwhile — reloaded%s", m.id, Clean(by), kept))
	}
	return nil
}

func orSomeone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "someone else"
	}
	return s
}

func lastAuthor(evs []model.Event) string {
	var last model.Event
	for _, ev := range evs {
		if !ev.At.Before(last.At) {
			last = ev
		}
	}
	return last.Author
}

func (p *casePane) setCase(c model.Case, events []model.Event) {
	p.c = c
	if events != nil {
		p.events = events
	}
}

func (p *casePane) setCustCases(cc []model.Summary) {
	p.custCases = cc
	p.others = p.others[:0]
	for _, s := range cc {
		if s.ID != p.c.ID {
			p.others = append(p.others, s)
		}
	}
	p.otherSel = min(p.otherSel, max(len(p.others)-1, 0))
	if len(p.others) == 0 && p.focus == secOther {
		p.focus = secBody
	}
	p.card = p.cardInfo()
}

// changed handles a store change notice: a newer version of the shown case
// by anyone but this pane's own save in flight is reloaded, never
// overwritten.
func (p *casePane) changed(ch model.Change) tea.Cmd {
	var cmds []tea.Cmd
	if ch.Replies {
		if _, ok := p.ed.(*replyPicker); ok {
			cmds = append(cmds, p.loadReplies(0))
		}
	}
	if ch.Taxonomy {
		p.taxGen++
		if _, ok := p.ed.(*tagPicker); ok {
			cmds = append(cmds, p.loadTags())
		}
	}
	if p.id == 0 || !p.loaded {
		return tea.Batch(cmds...)
	}
	reload, quiet := ch.Resync, true
	for _, s := range ch.Cases {
		switch {
		case s.ID == p.id:
			if s.Version > p.c.Version && !(p.saving && ch.Author == p.e.agent) {
				reload = true
				quiet = quiet && ch.Author == p.e.agent
			}
		case p.c.CustomerID != 0 && s.CustomerID == p.c.CustomerID:
			reload = true // a new or changed contact of the same customer
		}
	}
	for _, cu := range ch.Customers {
		if cu.ID != 0 && cu.ID == p.c.CustomerID {
			reload = true
		}
	}
	if reload {
		if quiet {
			cmds = append(cmds, p.load(loadQuiet, ""))
		} else {
			cmds = append(cmds, p.load(loadChanged, ch.Author))
		}
	}
	return tea.Batch(cmds...)
}

// act saves acts on the shown case at the version shown. The open input
// stays until the save succeeds, so a failed save loses nothing typed.
func (p *casePane) act(label string, acts ...model.Action) tea.Cmd {
	if !p.ready() || p.saving {
		return nil
	}
	p.saving = true
	svc, id, ver, agent := p.e.svc, p.c.ID, p.c.Version, p.e.agent
	custID := p.c.CustomerID
	return func() tea.Msg {
		c, err := svc.Act(id, ver, agent, acts...)
		m := caseActedMsg{id: id, label: label, before: ver, c: c, err: err}
		if err != nil {
			return m
		}
		m.events, _ = svc.Events(id) // on error the old timeline stays
		if custID != 0 {
			m.custCases, _ = svc.CustomerCases(custID)
		}
		return m
	}
}

func (p *casePane) acted(m caseActedMsg) tea.Cmd {
	if m.id == p.c.ID {
		p.saving = false
	}
	if m.id != p.id || m.id != p.c.ID {
		if m.err != nil {
			return errorCmd(fmt.Sprintf("#%d: could not save %s: %s", m.id, m.label, errText(m.err)))
		}
		return statusCmd(fmt.Sprintf("#%d: %s", m.id, m.label))
	}
	if m.err != nil {
		reason := errText(m.err)
		if p.ed != nil {
			p.ed.setErr(reason)
		}
		if model.ErrorCode(m.err) == model.ECONFLICT {
			return tea.Batch(errorCmd(reason+" — reloading"), p.load(loadConflict, ""))
		}
		// A refusal will not change on a second try: a picker closes
		// (an editor keeps the agent's text to copy elsewhere).
		if _, isChoice := p.ed.(*choiceEditor); isChoice && model.ErrorCode(m.err) == model.EDENIED {
			p.closeEditor()
		}
		// The reason names what was refused; the label would only push
		// it off a narrow status line.
		return errorCmd("not saved: " + reason)
	}
	if m.c.Version >= p.c.Version {
		p.setCase(m.c, m.events)
		p.reopened = p.reopened || m.c.Reopens > 0
		if m.custCases != nil {
			p.setCustCases(m.custCases)
		} else {
			p.card = p.cardInfo()
		}
	}
	text := fmt.Sprintf("#%d: %s", m.id, m.label)
	if m.c.Version == m.before {
		text = fmt.Sprintf("#%d: nothing to change (%s)", m.id, m.label)
	}
	if p.ed != nil {
		p.ed.setErr("")
		if !p.ed.saved(p) {
			p.closeEditor()
		}
	}
	p.relayout()
	return statusCmd(text)
}

func (p *casePane) openEditor(ed editor) {
	p.ed = ed
	p.relayout()
}

func (p *casePane) closeEditor() {
	if p.ed == nil {
		return
	}
	p.ed = nil
	p.relayout()
}

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
	}
	if p.scrollKey(msg) {
		return nil
	}
	if p.focus == secOther && key.Matches(msg, k.Open) && p.otherSel < len(p.others) {
		id := p.others[p.otherSel].ID
		return func() tea.Msg { return openCaseMsg{id: id, nav: navOther} }
	}
	if !p.ready() {
		return nil
	}
	switch {
	case key.Matches(msg, k.Claim):
		return p.claim()
	case key.Matches(msg, k.Assign):
		return p.openAssign()
	case key.Matches(msg, k.Status):
		p.openEditor(newStatusChoice(p))
	case key.Matches(msg, k.Priority):
		p.openEditor(newPriorityChoice(p))
	case key.Matches(msg, k.Tag):
		return p.openTags()
	case key.Matches(msg, k.Note):
		return p.openNote()
	case key.Matches(msg, k.FollowUp):
		return p.openFollowUp()
	case key.Matches(msg, k.Recovery):
		p.openEditor(newRecoveryChoice(p))
	case key.Matches(msg, k.Reply):
		return p.openReplies()
	}
	return nil
}

func (p *casePane) claim() tea.Cmd {
	switch p.c.Assignee {
	case p.e.agent:
		return statusCmd(fmt.Sprintf("#%d is already yours", p.c.ID))
	case "":
		return p.act("claimed", model.Claim{})
	}
	return errorCmd(fmt.Sprintf("#%d is assigned to %s; press a to assign it to yourself", p.c.ID, Clean(p.c.Assignee)))
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
		switch {
		case key.Matches(msg, k.Down):
			p.otherSel = min(p.otherSel+1, max(n-1, 0))
		case key.Matches(msg, k.Up):
			p.otherSel = max(p.otherSel-1, 0)
		case key.Matches(msg, k.PageDown), key.Matches(msg, k.HalfDown):
			p.otherSel = min(p.otherSel+max(p.lay.otherRows, 1), max(n-1, 0))
		case key.Matches(msg, k.PageUp), key.Matches(msg, k.HalfUp):
			p.otherSel = max(p.otherSel-max(p.lay.otherRows, 1), 0)
		case key.Matches(msg, k.Top):
			p.otherSel = 0
		case key.Matches(msg, k.Bottom):
			p.otherSel = max(n-1, 0)
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

func (p *casePane) ShortHelp() []key.Binding {
	if p.ed != nil {
		return p.ed.help()
	}
	k := p.keys
	return []key.Binding{k.Claim, k.Assign, k.Status, k.Priority, k.Tag, k.Note, k.FollowUp,
		k.Recovery, k.Reply, k.Next, k.Prev, k.FocusNext, p.backKey()}
}

// HelpNotes says when the card warns of a repeat contact.
func (p *casePane) HelpNotes() []string {
	return []string{"⚠ " + model.RepeatRule + ", or a reopened case"}
}

func (p *casePane) FullHelp() [][]key.Binding {
	if p.ed != nil {
		return [][]key.Binding{p.ed.help()}
	}
	k := p.keys
	return [][]key.Binding{
		{k.Claim, k.Assign, k.Status, k.Priority, k.Tag},
		{k.Note, k.FollowUp, k.Recovery, k.Reply},
		{k.Next, k.Prev, p.backKey(), k.FocusNext, k.FocusPrev, k.Open},
		{k.Down, k.Up, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.Top, k.Bottom},
	}
}

// ---- layout ----

// caseLayout is where things go at the pane's size. It depends on the size
// and on whether an input is open, never on the case's data, so the screen
// does not jump when a case loads or changes.
type caseLayout struct {
	wide         bool
	caseW, cardW int
	cardH        int // narrow: card lines above the case
	otherRows    int // rows of the other-cases list
	metaH        int // title and meta lines
	bodyH, lowH  int // details viewport; timeline or input below it
	rules        bool
}

const (
	wideMinWidth = 110
	metaLines    = 5 // title, status, SLA, follow-up, tags
	cardTopWide  = 12
)

func (p *casePane) computeLayout() caseLayout {
	W, H := p.width, p.height
	var l caseLayout
	l.wide = W >= wideMinWidth && H >= 14
	l.caseW = W
	if l.wide {
		l.cardW = min(max(W*3/10, 34), 52)
		l.caseW = W - l.cardW - 1
		l.otherRows = max(H-cardTopWide-1, 0)
	} else if H >= 14 {
		l.otherRows = min(max((H-16)/3, 0), 4)
		l.cardH = 2 + l.otherRows
	} else if H >= 9 {
		l.cardH = 1
	}
	l.metaH = min(metaLines, H)
	rest := H - l.metaH - l.cardH
	if rest <= 0 {
		return l
	}
	l.rules = rest >= 4
	if l.rules {
		rest -= 2
	}
	if p.ed != nil {
		want := p.ed.want(l.caseW)
		l.lowH = min(want, max(rest-1, 0))
		if !l.rules {
			l.lowH = rest
		}
	} else {
		l.lowH = rest * 2 / 5
	}
	l.bodyH = rest - l.lowH
	return l
}

// relayout recomputes the layout and sizes the viewports and the input,
// re-wrapping content only when its width or data changed.
func (p *casePane) relayout() {
	l := p.computeLayout()
	p.lay = l
	p.body.Width, p.body.Height = l.caseW, l.bodyH
	p.timeline.Width, p.timeline.Height = l.caseW, l.lowH
	if p.ed != nil {
		p.ed.setSize(max(l.caseW, 1), max(l.lowH, 1))
	}
	if !p.loaded {
		return
	}
	bk := wrapKey{id: p.c.ID, version: p.c.Version, width: l.caseW}
	if bk != p.bodyKey {
		sameCase := bk.id == p.bodyKey.id
		y := p.body.YOffset
		p.bodyLines = detailLines(p.c, l.caseW)
		p.body.SetContent(strings.Join(p.bodyLines, "\n"))
		if sameCase {
			p.body.SetYOffset(y)
		} else {
			p.body.GotoTop()
		}
		p.bodyKey = bk
	}
	tk := wrapKey{id: p.c.ID, version: p.c.Version, width: l.caseW, n: len(p.events)}
	if tk != p.tlKey {
		sameCase := tk.id == p.tlKey.id
		y := p.timeline.YOffset
		p.tlLines = timelineLines(p.e.styles, p.events, p.loc(), l.caseW)
		p.timeline.SetContent(strings.Join(p.tlLines, "\n"))
		if sameCase {
			p.timeline.SetYOffset(y)
		} else {
			p.timeline.GotoTop()
		}
		p.tlKey = tk
	}
	// keep the selected other case in view
	if l.otherRows > 0 {
		if p.otherSel < p.otherTop {
			p.otherTop = p.otherSel
		}
		if p.otherSel >= p.otherTop+l.otherRows {
			p.otherTop = p.otherSel - l.otherRows + 1
		}
	}
}

// ---- view ----

func (p *casePane) View() string {
	k := caseViewKey{rev: p.rev, now: p.now().Unix(), presence: p.e.presenceRev()}
	return p.memo.get(k, p.draw)
}

func (p *casePane) draw() string {
	W, H := p.width, p.height
	if W <= 0 || H <= 0 {
		return ""
	}
	l := p.lay
	if p.focus == secOther {
		p.relayoutOthers()
	}
	caseLines := p.caseColumn(l)
	out := make([]string, H)
	if l.wide {
		card := p.cardWide(l)
		sep := p.e.styles.Border.Render("│")
		for i := range out {
			out[i] = fitLine(lineAt(caseLines, i), l.caseW) + sep + fitLine(lineAt(card, i), l.cardW)
		}
	} else {
		for i := range out {
			out[i] = fitLine(lineAt(caseLines, i), W)
		}
	}
	return strings.Join(out, "\n")
}

func (p *casePane) relayoutOthers() {
	rows := p.lay.otherRows
	if rows <= 0 {
		return
	}
	if p.otherSel < p.otherTop {
		p.otherTop = p.otherSel
	}
	if p.otherSel >= p.otherTop+rows {
		p.otherTop = p.otherSel - rows + 1
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// fitLine cuts or pads an already styled line to exactly w cells.
func fitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// caseColumn renders the case (and, when narrow, the card above it) as
// lines of at most l.caseW cells.
func (p *casePane) caseColumn(l caseLayout) []string {
	st := p.e.styles
	W := l.caseW
	lines := make([]string, 0, p.height)
	if !l.wide && l.cardH > 0 {
		lines = append(lines, fitLines(p.cardNarrow(l), l.cardH)...)
	}
	if p.loaded && p.c.ID != 0 {
		note := ""
		if p.c.ID != p.id {
			// keep the last case on screen while the next one loads
			note = fmt.Sprintf("loading case #%d…", p.id)
		}
		return append(lines, p.caseLines(l, note)...)
	}
	var msg string
	switch {
	case p.id == 0:
		msg = "No case open — pick one in the queue."
	case p.loadErr != nil:
		msg = fmt.Sprintf("Could not load case #%d: %s", p.id, errText(p.loadErr))
	default:
		msg = fmt.Sprintf("Loading case #%d…", p.id)
	}
	return append(lines, st.Muted.Render(Truncate(msg, W)))
}

func (p *casePane) caseLines(l caseLayout, note string) []string {
	W := l.caseW
	var lines []string
	meta := p.metaLines(W, note)
	lines = append(lines, meta[:l.metaH]...)
	if l.bodyH <= 0 && l.lowH <= 0 {
		return lines
	}
	if l.rules {
		right := ""
		if p.body.TotalLineCount() > p.body.Height && p.body.Height > 0 {
			right = fmt.Sprintf("%d%%", int(p.body.ScrollPercent()*100))
		}
		lines = append(lines, p.rule("Details", right, W, p.focus == secBody && p.ed == nil))
	}
	if l.bodyH > 0 {
		lines = append(lines, shownLines(p.body, p.bodyLines)...)
	}
	if p.ed != nil {
		if l.rules {
			lines = append(lines, p.rule(p.ed.title(), "", W, true))
		}
		lines = append(lines, fitLines(p.ed.view(p), l.lowH)...)
		return lines
	}
	if l.rules {
		right := ""
		if p.timeline.TotalLineCount() > p.timeline.Height && p.timeline.Height > 0 {
			right = fmt.Sprintf("%d%%", int(p.timeline.ScrollPercent()*100))
		}
		title := fmt.Sprintf("Timeline · %d, newest first", len(p.events))
		lines = append(lines, p.rule(title, right, W, p.focus == secTimeline))
	}
	if l.lowH > 0 {
		lines = append(lines, shownLines(p.timeline, p.tlLines)...)
	}
	return lines
}

// shownLines are the lines of a viewport scrolled as vp is, its content
// being lines: what vp.View shows, without lipgloss laying the block out
// once more (the pane fits every line to its width itself).
func shownLines(vp viewport.Model, lines []string) []string {
	out := make([]string, max(vp.Height, 0))
	if y := max(vp.YOffset, 0); y < len(lines) {
		copy(out, lines[y:])
	}
	return out
}

// fitLines returns exactly n lines.
func fitLines(lines []string, n int) []string {
	out := make([]string, n)
	copy(out, lines)
	return out
}

// rule is sectionRule, kept: a few rules are drawn again and again.
func (p *casePane) rule(title, right string, w int, focused bool) string {
	k := ruleKey{title, right, w, focused}
	if r, ok := p.rules[k]; ok {
		return r
	}
	if p.rules == nil || len(p.rules) >= 64 {
		p.rules = map[ruleKey]string{} // scroll percentages come and go
	}
	r := sectionRule(p.e.styles, title, right, w, focused)
	p.rules[k] = r
	return r
}

type ruleKey struct {
	title, right string
	w            int
	focused      bool
}

// sectionRule is a section heading across the width; the focused one is marked
// with ▸, so focus reads without colour.
func sectionRule(st *Styles, title, right string, w int, focused bool) string {
	line, mark, style := "─", "  ", st.Muted
	if focused {
		mark, style = "▸ ", st.Title
	}
	left := mark + title + " "
	if right != "" {
		right = " " + right + " "
	}
	fill := w - ansi.StringWidth(left) - ansi.StringWidth(right) - 1
	if fill < 1 {
		return style.Render(Truncate(mark+title, w))
	}
	return style.Render(left + strings.Repeat(line, fill) + right + line)
}

// metaLines are the title and the case's fields that fit on a line each.
func (p *casePane) metaLines(W int, note string) []string {
	st, c, now := p.e.styles, &p.c, p.now()
	ref := fmt.Sprintf("#%d", c.ID)
	if c.ExternalID != "" {
		ref += " (" + Truncate(c.ExternalID, 24) + ")"
	}
	subjectW := max(W-ansi.StringWidth(ref)-2, 0)
	// Who else has the case open (a team server); "" in a local app.
	others := p.e.presenceLine(c.ID, W/2)
	if others != "" {
		subjectW = max(subjectW-ansi.StringWidth(others)-2, 0)
	}
	title := st.Title.Render(ref) + "  " + st.Bold.Render(Truncate(c.Subject, subjectW))
	if others != "" {
		title += "  " + others
	}
	if note != "" {
		title = st.Muted.Render(Truncate(note, W))
	}

	assignee := st.Muted.Render("unassigned")
	if c.Assignee != "" {
		assignee = "@" + Truncate(c.Assignee, 24)
	}
	pr := c.Priority.Or(model.PriorityNormal)
	prStyle := st.Priority[pr.String()]
	status := strings.Join([]string{
		st.Bold.Render(strings.ToUpper(c.Status.String())),
		prStyle.Render(strings.TrimPrefix(pr.Symbol()+" ", "· ") + pr.String()),
		assignee,
		Truncate(string(c.Channel), 12),
		"created " + p.when(c.CreatedAt),
		"updated " + agoText(now, c.UpdatedAt),
	}, st.Muted.Render(" · "))

	sla := p.slaText()

	follow := st.Muted.Render("follow-up —")
	if !c.FollowUp.IsZero() {
		follow = "follow-up " + p.when(c.FollowUp) + " (" + relTime(now, c.FollowUp) + ")"
	}
	recovery := st.Muted.Render("recovery —")
	if !c.Recovery.IsZero() {
		recovery = "recovery " + Clean(c.Recovery.Kind)
		if c.Recovery.Text != "" {
			recovery += ": " + Clean(c.Recovery.Text)
		}
	}
	fr := follow + st.Muted.Render(" · ") + recovery

	tags := st.Muted.Render("tags —")
	if len(c.Tags) > 0 {
		parts := make([]string, len(c.Tags))
		for i, t := range c.Tags {
			parts[i] = st.Tag.Render("#" + Clean(t))
		}
		tags = "tags " + strings.Join(parts, " ")
	}
	return []string{title, status, sla, fr, tags}
}

func (p *casePane) slaText() string {
	st := p.e.styles
	now := p.now()
	state, due := p.e.svc.SLA().State(p.c.Summary(), now)
	switch state {
	case model.SLAOverdue:
		return st.SLAOverdue.Render(fmt.Sprintf("SLA %s OVERDUE by %s", state.Symbol(), model.FormatAge(now.Sub(due)))) +
			st.Muted.Render(" · due "+p.when(due))
	case model.SLADueSoon:
		return st.SLASoon.Render(fmt.Sprintf("SLA %s due in %s", state.Symbol(), model.FormatAge(due.Sub(now)))) +
			st.Muted.Render(" · "+p.when(due))
	case model.SLAOK:
		return st.SLAOK.Render(fmt.Sprintf("SLA %s due in %s", state.Symbol(), model.FormatAge(due.Sub(now)))) +
			st.Muted.Render(" · "+p.when(due))
	}
	if p.c.Status == model.StatusPending {
		return st.Muted.Render("SLA paused · waiting for the customer")
	}
	return st.Muted.Render("SLA — " + p.c.Status.String())
}

// when is a time as the agent reads it, in the agent's zone.
func (p *casePane) when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	lt, now := t.In(p.loc()), p.now().In(p.loc())
	if lt.Year() == now.Year() {
		return lt.Format("Mon 02 Jan 15:04")
	}
	return lt.Format("2006-01-02 15:04")
}

func agoText(now, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return relTime(now, t)
}

func relTime(now, t time.Time) string {
	if t.After(now) {
		return "in " + model.FormatAge(t.Sub(now))
	}
	return model.FormatAge(now.Sub(t)) + " ago"
}

// readingWidth caps the body's line length: long lines are hard to read on
// a wide terminal.
const readingWidth = 100

// detailLines are the case's extra fields, aligned, then its body, wrapped
// to w. This runs once per width or version change, not per frame.
func detailLines(c model.Case, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	if len(c.Fields) > 0 {
		kw := 0
		for _, f := range c.Fields {
			kw = max(kw, ansi.StringWidth(Clean(f.Key)))
		}
		kw = min(kw, max(w/3, 1))
		vw := w - kw - 2
		for _, f := range c.Fields {
			k := Fit(f.Key, kw)
			if vw < 4 {
				lines = append(lines, Truncate(Clean(f.Key)+": "+Clean(f.Value), w))
				continue
			}
			vals := wrapText(Clean(f.Value), vw)
			if len(vals) == 0 {
				vals = []string{""}
			}
			for i, v := range vals {
				if i == 0 {
					lines = append(lines, k+": "+v)
				} else {
					lines = append(lines, strings.Repeat(" ", kw+2)+v)
				}
			}
		}
		lines = append(lines, "")
	}
	body := strings.TrimRight(CleanBlock(c.Body), "\n ")
	if body == "" {
		lines = append(lines, "(no description)")
	} else {
		lines = append(lines, wrapText(body, min(w, readingWidth))...)
	}
	return lines
}

// wrapText word-wraps clean text to w cells, breaking long words, and
// returns its lines; every line is at most w cells wide.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	out := strings.Split(ansi.Wrap(s, w, ""), "\n")
	for i, l := range out {
		l = strings.TrimRight(l, " ")
		if ansi.StringWidth(l) > w {
			l = ansi.Truncate(l, w, "")
		}
		out[i] = l
	}
	return out
}

// editor is an input the case pane opens below the details: a picker, a
// prompt, the note or the reply editor. It owns every key while open.
type editor interface {
	title() string
	// want is the height the editor would like below the details.
	want(width int) int
	setSize(width, height int)
	update(p *casePane, msg tea.Msg) tea.Cmd
	view(p *casePane) []string
	help() []key.Binding
	// setErr shows why the last save failed ("" clears it).
	setErr(reason string)
	// saved is called after a successful save; true keeps the editor open.
	saved(p *casePane) bool
}

// edBase holds what every editor shares.
type edBase struct {
	w, h int
	err  string
}

func (b *edBase) setSize(w, h int)     { b.w, b.h = w, h }
func (b *edBase) setErr(reason string) { b.err = reason }
func (b *edBase) saved(*casePane) bool { return false }
func (b *edBase) errLine(st *Styles) string {
	if b.err == "" {
		return ""
	}
	return st.Error.Render(fitMessage("✗ "+b.err, b.w))
}

// backKey is esc as it works now: back to the case the agent came from,
// else to the queue.
func (p *casePane) backKey() key.Binding {
	if n := len(p.trail); n > 0 {
		return withHelp(p.keys.Back, "esc", fmt.Sprintf("back to #%d", p.trail[n-1].id))
	}
	return p.keys.Back
}
