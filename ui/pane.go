package ui

import (
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// env is what every pane shares: the store behind the model's interface,
// who is working, the clock and the look. The UI never imports the store.
type env struct {
	svc    model.CaseService
	agent  string
	now    model.Clock
	loc    *time.Location
	styles *Styles
	// files and backups are the file abilities the command line handed
	// in (see Files); nil on a team server.
	files   Files
	backups Backups
	// sshCommand is Options.SSHCommand: where :report and :import go on
	// a team server.
	sshCommand string
	// takeDraft is Options.TakeDraft (drafts.go); nil locally.
	takeDraft func(id model.CaseID) (model.EditorDraft, bool, error)
	// drafts is Options.Drafts (draftlist.go); nil: none kept.
	drafts func() ([]model.EditorDraft, error)
	// mail, mailRunner and editor are the mail channel's abilities the
	// command line handed in (composer.go, mailstate.go,
	// externaleditor.go); zero or nil where there are none.
	mail       MailIdentity
	mailRunner MailRunner
	editor     ExternalEditor
	// keyRemap is the config's [keys] (keyremap.go); each pane applies it
	// to its key map when it is made.
	keyRemap map[string]string
	// views are the config's [[view]]s; lead shows every team's view
	// (teamviews.go).
	views []SavedView
	lead  bool
	// mayCareTaxonomy is Options.MayCareTaxonomy; nil allows.
	mayCareTaxonomy func() error
	// mayCareReplies is Options.MayCareReplies; nil allows.
	mayCareReplies func() error
	// agents lists the desk's agents (Options.Agents); nil locally.
	agents func() []string
	// assignees are the names cases are assigned to now, most used first,
	// from the queue's live index (nil before it loads); nil in pane tests.
	assignees func() []string
	// session is a team server's session (presence, notices); nil in a
	// local app.
	session *session
	// index is a team server's case index, shared by its sessions; nil
	// in a local app, whose queue keeps its own.
	index *caseindex.Index
	// focused returns the pane on screen, so that a pane out of sight can
	// put off costly work until it is shown; nil in pane tests.
	focused func() pane
	// say shows a status at once, in the Update that has it (the root's
	// status line); nil in pane tests, where a command carries it.
	say func(statusMsg) tea.Cmd
	// timer is tea.Tick (nil); tests replace it so no command waits on
	// the clock.
	timer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// after is a command that sends fn's message after d, on env's timer.
func (e *env) after(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	if e.timer == nil {
		return tea.Tick(d, fn)
	}
	return e.timer(d, fn)
}

// status says m on the status line: at once where the root listens (a
// save's acknowledgement drawn in the frame of its answer, not one
// message, Update, View and frame later), else as a command.
func (e *env) status(m statusMsg) tea.Cmd {
	if e.say != nil {
		return e.say(m)
	}
	return m.cmd()
}

// outOfSight reports that a pane other than p is on screen (never in pane
// tests, which have no focused).
func (e *env) outOfSight(p pane) bool { return e.focused != nil && e.focused() != p }

// refresher is a pane that put work off while out of sight: the root calls
// refresh when it brings the pane on screen.
type refresher interface {
	refresh() tea.Cmd
}

// noticeTaker is a pane that takes a frame's store change notices at
// once (app.changed). On a team server every screen gets every agent's
// saves: a pane checks each notice against what it shows, and a notice
// that concerns nothing on it costs a comparison, no command and no
// allocation (it was a boxed message, an Update and a batch per notice
// per pane). The pane's Update takes a single changeMsg the same way.
type noticeTaker interface {
	noticed(chs []model.Change) tea.Cmd
}

// textTaker is a pane whose open input binds no character keys, so a run
// of typed characters can go to it as one key message.
type textTaker interface {
	takesText() bool
}

// The capabilities below are what the root asks of a pane beyond pane,
// each found by a type assertion, so the root knows no pane's type (pug's
// pane manager). The queue's answers for the title, tab and command lines
// are queueLines (chrome.go) and queueOrders (cmdline.go).

// titled is a pane that says what it shows on the right of the title
// line: the queue its view or search, the case pane its case, the heatmap
// its range.
type titled interface {
	titleContext() string
}

// caseSource is the pane cases are opened from, the queue: ] and [ walk
// its order as the agent saw it (play.go), and the case pane marks the
// words of its search.
type caseSource interface {
	playFrom(id model.CaseID) *playList
	selectCase(id model.CaseID)
	searchMarks() caseindex.Highlighter
}

// caseHolder is the pane that shows one case: a team server's session
// asks it whether a save is in flight and whether a note is being typed.
type caseHolder interface {
	saveInFlight() bool
	doing() Doing
}

// reportSource is the pane whose set-up :report writes and :range sets,
// the heatmap.
type reportSource interface {
	setRange(arg string) tea.Cmd
	shown() report.Spec
}

// pane is one screen of the app (soft-serve's Component): the root routes
// keys and messages to it, asks it for help, and tells it its size.
type pane interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing reports that the pane is in a text input (search, note,
	// picker): the root then sends it every key but ctrl+c.
	Capturing() bool
}
