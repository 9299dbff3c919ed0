package ui

import (
	"fmt"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
	conv      []model.Message
	convErr   error // the conversation could not be read; the case still shows
	err       error
	why       loadReason
	by        string // who changed the case, for why == loadChanged
	// own is the version the agent's own change left (a quiet read after
	// it; 0: none): only a newer read found someone else's change too.
	own uint64
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
	label     string         // what was saved, in the agent's words
	before    uint64         // the version the save was based on
	was       model.Undoable // the case then, for undo
	acts      []model.Action
	c         model.Case
	events    []model.Event
	custCases []model.Summary
	conv      []model.Message
	convErr   error
	err       error
}

type assigneesMsg struct{ names []string }

// tagsMsg is the store's taxonomy, ranked for suggestions.
type tagsMsg struct {
	tax  *model.Taxonomy
	rank *model.TagRanking
	err  error
}

// section is the part of the case pane that j/k scroll.
type section uint8

const (
	secBody section = iota
	secTimeline
	secOther
)

// maxReopenChecks bounds how many of a customer's other cases, newest
// first, are looked at to find a reopened one: the card's warning is about
// the customer's recent cases (each was once read in full for it).
const maxReopenChecks = 25

// casePane shows one case with its customer and timeline, and saves what
// the agent does to it.
type casePane struct {
	e     *env
	keys  caseKeys
	ekeys editKeys
	// asks are the open editor's requests (a save, a close), taken in the
	// Update that made them (Update).
	asks []tea.Msg

	width, height int
	lay           caseLayout

	id      model.CaseID // the case shown or being loaded
	loaded  bool
	loadErr error
	loading int // reads of the case under way (load), whose answers are to come

	c model.Case
	// descMore is how much of the case's description c leaves out
	// (description.go).
	descMore  int
	events    []model.Event
	cust      model.Customer
	custErr   error
	custCases []model.Summary // every case of the customer, newest first
	others    []model.Summary // custCases without the shown one
	otherIDW  int             // the widest "#id" of others: the list's number column
	reopened  bool
	card      cardInfo
	conv      convView // the conversation in the details (conversation.go)

	// search marks the words of the queue's search in the details; hits
	// are the detail lines that hold one, for > and <.
	search caseindex.Highlighter
	// heading is the case and what the queue showed when it was opened,
	// for the title line (drawn every frame: made once).
	heading string
	hits    []int
	tlHits  []int // the timeline lines that hold one, after the details' hits
	hitAt   int   // the hit > and < last went to, of hits then tlHits; -1 for none
	// findText is the find typed or kept in this case (casepane_find.go):
	// its marks replace the search's while it is in force.
	findText string
	fkeys    findKeys

	focus    section
	body     viewport.Model
	timeline viewport.Model
	bodyKey  wrapKey
	tlKey    wrapKey
	bodyText detailText // the case's own text in the details, as last drawn
	// detailsDrawn counts the details wrapped and marked, for benchmarks
	detailsDrawn int
	// tlShown is the events the timeline was last drawn from
	tlShown struct {
		events []model.Event
		rev    uint64
	}
	// the viewports' content as lines, as set
	bodyLines, tlLines []string
	tlKept             eventLines // the timeline's events as drawn
	otherSel           int
	otherTop           int

	ed     editor // the open input, nil when none
	saving bool
	// spareArea is the last note's text area, emptied, for the next
	// (noteArea); nil when none.
	spareArea *textarea.Model

	// trail is the cases esc goes back to, the latest last.
	trail []trailStop
	// play places a case reached through the queue in play mode's list:
	// the header says "3 of 41" while that case is shown.
	play struct {
		id     model.CaseID
		at, of int
	}

	assignees       []string
	assigneesLoaded bool
	tax             *model.Taxonomy   // the last taxonomy read, shared
	taxRank         *model.TagRanking // tax ranked for suggestions
	replies         []model.Reply
	saveFolder      string // where the last attachment was saved

	// rev counts the messages and resizes the pane took: View draws again
	// only when it, the second on the clock or the presence line moved.
	// The app draws after every message, and many are not the case
	// pane's (the status line's, the command line's keys).
	rev   uint64
	memo  kept[caseViewKey, []string]
	rules map[ruleKey]string
	// custRev counts the loads of the customer and their cases, for the
	// card's key; metaKept and cardKept keep the header and the card by
	// what they show (drawcache.go)
	custRev uint64
	// metaTick and cardTick count the turns of the clock that change what
	// the header and the card say (an age, a time left, an SLA state):
	// they are drawn again then, not at every second (drawcache.go)
	metaTick, cardTick   uint64
	metaUntil, cardUntil int64
	metaKept             kept[metaKey, []string]
	cardKept             kept[cardKey, []string]
	wraps                styleWraps // the styles' sequences (stylewrap.go)
	border               struct {   // the card's border, styled once
		st *Styles
		s  string
	}
	column   []string                          // the case column's lines as last drawn (caseColumn)
	helpKept kept[shortHelpKey, []key.Binding] // ShortHelp
	// the rules' texts as last made (caseLines)
	bodyRight kept[detailsRight, string]
	tlTitle   kept[int, string]
	caseFit   fitted // the case column's lines, fitted to its width
	cardFit   fitted // the wide card's
	rowsKept  joined // the two joined, by row
}

// metaKey is everything the header lines show: the case (a version is
// never changed in place), its place in play mode, the width, a loading
// note, the second (ages) and who else is on it. An editor's keys change
// none of it, so typing a note draws the note alone.
type metaKey struct {
	id       model.CaseID
	version  uint64
	play     struct{ at, of int }
	w        int
	note     string
	tick     uint64 // metaTick
	presence uint64
}

// cardKey is everything the customer card shows: the case's own fields
// only through the card's counts (custRev), so a save that changes none
// of them does not draw it again.
type cardKey struct {
	id            model.CaseID
	loaded        bool
	cust          uint64 // custRev
	lay           caseLayout
	height        int
	tick          uint64 // cardTick
	othersFocused bool
	otherSel      int
	otherTop      int
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

// wrapKey identifies wrapped content by what it shows, so it is wrapped
// once per width or content change rather than once per frame or save.
type wrapKey struct {
	id     model.CaseID
	text   uint64 // the content's count of changes (detailText, tlShown)
	width  int
	year   int // dates of the current year are drawn without it
	st     *Styles
	conv   convKey
	search string // the word search marked in the lines
}

// What the root may ask of the case pane (pane.go).
var (
	_ pane       = (*casePane)(nil)
	_ titled     = (*casePane)(nil)
	_ caseHolder = (*casePane)(nil)
	_ textTaker  = (*casePane)(nil)
)

func newCasePane(e *env) *casePane {
	p := &casePane{e: e, keys: remapped(newCaseKeys(), e), ekeys: newEditKeys(), fkeys: newFindKeys(), hitAt: -1}
	p.body = viewport.New(0, 0)
	p.timeline = viewport.New(0, 0)
	return p
}

func (p *casePane) Init() tea.Cmd { return nil }

// Capturing is true while an input is open: the root then sends every key.
func (p *casePane) Capturing() bool { return p.ed != nil }

// takesText: the tag picker's and the note editor's keys are no
// characters; the other editors' are (a status by its digit), and so are
// the note's while it asks y/n to discard. An editor says so itself.
func (p *casePane) takesText() bool {
	tt, ok := p.ed.(textTaker)
	return ok && tt.takesText()
}

// titleContext names the case shown, and what the queue showed when it
// was opened.
func (p *casePane) titleContext() string { return p.heading }

// caseHeading is the title line's case: its id, and what the queue showed.
func caseHeading(id model.CaseID, from string) string {
	if from == "" {
		return fmt.Sprintf("case %d", id)
	}
	return fmt.Sprintf("case %d · %s", id, from)
}

// saveInFlight reports a save whose answer has not come (caseHolder).
func (p *casePane) saveInFlight() bool { return p.saving }

// doing is what the agent does on the case shown, for presence: writing
// a note or a reply in the editor open, else viewing.
func (p *casePane) doing() Doing {
	if w, ok := p.ed.(writer); ok {
		return w.doing()
	}
	return Viewing
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

// styled is text in style s (one of the pane's styles) as s.Render
// draws it, written by the style's sequences (stylewrap.go).
func (p *casePane) styled(s *lipgloss.Style, text string) string {
	return p.wraps.of(p.e.styles, s).render(text)
}

// caseClock is the time as the agent reads it: now, in the agent's zone.
type caseClock struct {
	now func() time.Time
	loc *time.Location
}

func (p *casePane) clock() caseClock { return caseClock{now: p.now, loc: p.loc()} }

// edBase is what every editor the pane opens starts from: the case shown
// and the look; its requests come back through asks.
func (p *casePane) edBase() edBase { return edBase{id: p.c.ID, st: p.e.styles, asks: &p.asks} }

// ready reports whether the case shown is the one asked for, so actions
// apply to what the agent sees.
func (p *casePane) ready() bool { return p.loaded && p.c.ID == p.id && p.id != 0 }

// Update takes msg, then what the open editor asked for meanwhile: a
// save starts in the Update of the key that made it, not one message,
// Update, View and frame later.
func (p *casePane) Update(msg tea.Msg) tea.Cmd {
	cmd := p.update(msg)
	for len(p.asks) > 0 {
		m := p.asks[0]
		p.asks = p.asks[1:]
		cmd = tea.Batch(cmd, p.update(m))
	}
	return cmd
}

func (p *casePane) update(msg tea.Msg) tea.Cmd {
	p.rev++
	switch msg := msg.(type) {
	case openCaseMsg:
		return p.openVia(msg)
	case caseLoadedMsg:
		return p.loadedCase(msg)
	case othersMsg:
		p.tookOthers(msg)
		return nil
	case draftRestoreMsg:
		return p.restoreDraft(msg)
	case caseActedMsg:
		return p.acted(msg)
	case changeMsg:
		ch := model.Change(msg)
		return p.changed(&ch)
	case assigneesMsg:
		p.assignees, p.assigneesLoaded = msg.names, true
		if ct, ok := p.ed.(candidateTaker); ok {
			ct.setCandidates(p.assigneeCandidates())
		}
		return nil
	case tagsMsg:
		if msg.err != nil {
			return statusMsg{text: "could not read tags: " + errText(msg.err), err: true}.cmd()
		}
		if !newerTaxonomy(msg, p.tax, p.taxRank) {
			return nil // nothing changed, or a later read came first
		}
		p.tax, p.taxRank = msg.tax, msg.rank
		if tt, ok := p.ed.(taxonomyTaker); ok {
			tt.setTaxonomy(p.tax, p.taxRank)
		}
		return nil
	case repliesMsg:
		return p.repliesLoaded(msg)
	case caseSaveMsg:
		if msg.id != p.id || msg.id != p.c.ID {
			return nil // the editor's case is no longer shown
		}
		return p.act(msg.label, msg.acts...)
	case editorCloseMsg:
		p.closeEditor()
		if msg.text != "" {
			return p.e.status(statusMsg{text: msg.text, err: msg.err})
		}
		return nil
	case editorOpenMsg:
		p.openEditor(msg.ed)
		return nil
	case composeMsg:
		if msg.id != p.id || !p.ready() {
			return nil
		}
		return p.openComposer(msg.text)
	case noteMsg:
		if msg.id != p.id || !p.ready() || p.ed != nil {
			return nil
		}
		if cmd := p.refused(model.AddNote{}); cmd != nil {
			return cmd
		}
		return p.openNote()
	case tea.KeyMsg:
		if f, ok := p.ed.(*findEditor); ok {
			return p.findKey(f, msg)
		}
		if p.ed != nil {
			return p.editorUpdate(msg)
		}
		if cmd, ok := p.findKeyKept(msg); ok {
			return cmd
		}
		return p.key(msg)
	}
	if p.ed != nil {
		return p.editorUpdate(msg)
	}
	return nil
}

// editorUpdate hands msg to the open editor and lays the pane out again:
// an editor may want another height (the reply picker's form).
func (p *casePane) editorUpdate(msg tea.Msg) tea.Cmd {
	cmd := p.ed.update(msg)
	p.relayout()
	return cmd
}

// open starts loading a case. The shown case stays on screen until the new
// one arrives (a local load takes a millisecond), so play mode never
// flashes an empty pane.
// openVia opens a case and keeps the trail esc walks back: a customer's
// other case remembers the case it was opened from.
func (p *casePane) openVia(m openCaseMsg) tea.Cmd {
	p.search, p.heading = m.search, caseHeading(m.id, m.from)
	if m.playAt > 0 {
		p.play.id, p.play.at, p.play.of = m.id, m.playAt, m.playOf
	} else if m.nav == navFresh {
		p.play.id = 0
	}
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
			cmd := p.open(m.id, nil)
			// Back where the agent left: on the other case they opened.
			p.focus, p.otherSel = secOther, stop.otherSel
			return cmd
		}
	}
	return p.open(m.id, m.found)
}

// open shows case id, found (nil: none) being the case as the command that
// asked for it read it.
func (p *casePane) open(id model.CaseID, found *model.Case) tea.Cmd {
	if id != p.id {
		p.closeEditor()
		p.findText = "" // a find is about the case it was typed in
		p.focus = secBody
		p.otherSel, p.otherTop = 0, 0
		p.loadErr = nil
	}
	p.id = id
	return p.loadFrom(found, loadOpen, "")
}

func (p *casePane) openEditor(ed editor) {
	p.ed = ed
	p.relayout()
}

func (p *casePane) closeEditor() {
	if p.ed == nil {
		return
	}
	if ne, ok := p.ed.(*noteEditor); ok {
		p.keepNoteArea(ne)
	}
	p.ed = nil
	p.relayout()
}
