package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// A team server (caredesk serve) runs one app per SSH session, all on one
// store. What a session adds to the app lives here: presence (who else has
// the case open), notices from the server (shutting down, idle) and no
// reach into the server's files. A local caredesk has none of it:
// Options.Presence is nil and nothing shows.

// Presence is the team's "who is on which case", one handle per session.
// The server implements it; the app only publishes and asks.
type Presence interface {
	// Set publishes what this session is doing: the case it shows (0 for
	// none) and what its agent does there. It never blocks.
	Set(id model.CaseID, doing Doing)
	// Others lists the other agents who have case id open, by name.
	Others(id model.CaseID) []Activity
}

// Activity is another agent on a case.
type Activity struct {
	Agent string
	Doing Doing
}

// Doing is what an agent does on the case they have open, as the others
// are told: a reply being written matters most (two agents must not
// answer the customer at once), then a note.
type Doing uint8

const (
	Viewing Doing = iota
	WritingNote
	WritingReply
)

// says is how the others' header puts it: "bo is writing a reply".
func (d Doing) says() string {
	switch d {
	case WritingNote:
		return " is typing a note"
	case WritingReply:
		return " is writing a reply"
	}
	return " is viewing"
}

// PresenceMsg tells a session's program that presence changed; the
// server's relay sends it and the app asks Presence again.
type PresenceMsg struct{}

// NoticeMsg is a message from the server for the status line. Quit ends
// the session once the saves in flight have come back, so the agent sees
// whether the last one went through.
type NoticeMsg struct {
	Text string
	Quit bool
}

// IndexChangedMsg tells a session's program that the team server's shared
// case index (Options.Index) changed: the queue catches up with it.
type IndexChangedMsg struct{}

// NoticesMsg is what a team server's relay gathered for a session during
// one frame: the store's change notices in the order they came, and
// whether the shared case index moved (Index). The app takes them in one
// Update and draws once: a screen gets at most one redraw per frame
// however many agents save, where it drew once per notice per message.
type NoticesMsg struct {
	Changes []model.Change
	Index   bool
}

// ChangeMsg is a store change notice as the app takes it, for a caller
// that runs its own program and relays Subscribe's channel (as Run does).
func ChangeMsg(ch model.Change) tea.Msg { return changeMsg(ch) }

// importOverSSH is how to import where the app has no files to open (a
// team server's session): the server's own import command.
const importOverSSH = "import runs over ssh on a team server: ssh HOST import < FILE (leads only)"

// leaveTicks bounds the wait for saves in flight when the server ends a
// session: 30 × 100 ms.
const (
	leaveTicks = 30
	leaveTick  = 100 * time.Millisecond
)

type leaveMsg struct{ n int }

// session wraps the root model for one SSH session.
type session struct {
	app      *app
	presence Presence

	published bool
	sentID    model.CaseID
	sentDoing Doing
	othersID  model.CaseID // the case others was read for
	others    []Activity
	othersRev uint64 // counts reads of others, for the case pane's memo
	leaving   bool
	// lastFrame is the screen as it quits on a notice, notice and all.
	lastFrame []string
}

// NewSessionModel builds the app for one session of a team server: svc is
// the session's guarded view of the shared store and opt.Presence its
// presence handle. The import command, which opens files on the server, is
// left out; imports go through the server's ssh import command.
func NewSessionModel(svc model.CaseService, opt Options) tea.Model {
	a := newRoot(svc, opt)
	s := &session{app: a, presence: opt.Presence}
	a.e.session = s
	return s
}

func (s *session) Init() tea.Cmd { return s.app.Init() }

func (s *session) View() string { return strings.Join(s.viewLines(), "\n") }

// ViewLines is View by line, each at most width cells: a team server's
// frame writer takes them as the app keeps them, never joined.
func (s *session) ViewLines() (lines []string, width int) { return s.viewLines(), s.app.w }

func (s *session) viewLines() []string {
	if s.app.quitting && s.lastFrame != nil {
		return s.lastFrame
	}
	return s.app.viewLines()
}

func (s *session) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	s.app.touch(msg) // presence and notices change what is drawn too
	switch m := msg.(type) {
	case PresenceMsg:
		s.readOthers()
		return s, nil
	case NoticeMsg:
		cmd := s.app.setStatus(m.Text, true)
		if m.Quit && !s.leaving {
			s.leaving = true
			s.publish()
			cmd = tea.Batch(cmd, leaveAfter(0))
		}
		return s, cmd
	case leaveMsg:
		if s.busy() && m.n < leaveTicks {
			return s, leaveAfter(m.n + 1)
		}
		// Bubble Tea draws the last view as the program ends: it keeps
		// the notice. On a busy server no frame may have been drawn
		// since the notice came, and the screen went blank without
		// saying why (TestRemovedAgentLosesScreens under load).
		s.lastFrame = s.app.viewLines()
		s.app.quitting = true
		return s, tea.Quit
	case DraftsMsg:
		var ds []model.EditorDraft
		if c, ok := s.app.panes[paneCase].(*casePane); ok {
			if d, ok := c.openDraft(); ok {
				ds = append(ds, d)
			}
		}
		m.Reply <- ds
		return s, nil
	case importPromptMsg:
		return s, func() tea.Msg { return statusMsg{text: importOverSSH, err: true} }
	case tea.KeyMsg:
		if s.leaving && !key.Matches(m, s.app.keys.ForceQuit) {
			return s, nil // the server is going: only ctrl+c still acts
		}
	}
	_, cmd := s.app.Update(msg)
	s.publish()
	return s, cmd
}

func leaveAfter(n int) tea.Cmd {
	return tea.Tick(leaveTick, func(time.Time) tea.Msg { return leaveMsg{n: n} })
}

// busy reports saves in flight, whose answers the agent should see before
// the session ends.
func (s *session) busy() bool {
	if c, ok := s.app.panes[paneCase].(caseHolder); ok && c.saveInFlight() {
		return true
	}
	return s.app.acting
}

// publish tells the team what this session shows, when it changed: the
// case pane's case while it has focus, and whether a note or a reply is
// being written.
func (s *session) publish() {
	if s.presence == nil {
		return
	}
	var id model.CaseID
	doing := Viewing
	if s.app.focus == paneCase && !s.app.quitting && !s.leaving {
		id = s.app.opened
		if c, ok := s.app.panes[paneCase].(caseHolder); ok {
			doing = c.doing()
		}
	}
	if s.published && id == s.sentID && doing == s.sentDoing {
		return
	}
	s.published, s.sentID, s.sentDoing = true, id, doing
	s.presence.Set(id, doing)
	// Others may have come while this session was elsewhere: the hub
	// wakes only sessions on the case.
	s.readOthers()
}

// readOthers reads who else is on the open case. Presence is an in-memory
// table, so this runs in Update rather than in a command.
func (s *session) readOthers() {
	if s.presence == nil {
		return
	}
	id := s.app.opened
	var others []Activity
	if id != 0 {
		others = s.presence.Others(id)
	}
	// Most reads find what the last one did (this session's own note
	// opening, or no one else on the case): the header stays as drawn.
	if id != s.othersID || !slices.Equal(others, s.others) {
		s.othersRev++
	}
	s.othersID, s.others = id, others
}

// presenceRev changes whenever what presenceLine draws may have.
func (e *env) presenceRev() uint64 {
	if e.session == nil {
		return 0
	}
	return e.session.othersRev
}

// presenceLine is who else has case id open, at most w cells, styled:
// "ana is viewing, bo is writing a reply". It is "" in a local app.
func (e *env) presenceLine(id model.CaseID, w int) string {
	s := e.session
	if s == nil || id == 0 || id != s.othersID || len(s.others) == 0 || w < 8 {
		return ""
	}
	parts := make([]string, 0, len(s.others))
	writing := false
	for _, o := range s.others {
		writing = writing || o.Doing != Viewing
		parts = append(parts, Clean(o.Agent)+o.Doing.says())
	}
	text := Truncate(strings.Join(parts, ", "), w)
	if writing {
		return e.styles.Warning.Render(text)
	}
	return e.styles.Muted.Render(text)
}
