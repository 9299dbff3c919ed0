package ui

import (
	"fmt"
	"io"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// Options configure the app.
type Options struct {
	Agent    string         // the agent's name, written on every change
	Now      model.Clock    // the time source; nil is time.Now
	Location *time.Location // for "today" and follow-up times; nil is time.Local
	ReadOnly bool           // refuse every write, whatever the service allows
	Styles   *Styles        // nil is the default theme; a team server passes NewStylesFor(its session's renderer)
	Presence Presence       // who else is on a case (team server, NewSessionModel); nil shows nothing
	Files    Files          // import, backup and report files, path completion; nil: none (team server)
	Backups  Backups        // :backup without a file; nil: none
	// SSHCommand is how this agent reaches a team server's commands
	// ("ssh -p 2323 ana@deskhost"): :report and :import, which a session
	// has not, name it. Empty in a local app.
	SSHCommand string
	// TakeDraft gives back, once, the agent's draft on a case (a note or
	// reply a team server kept when it stopped): the case pane reopens
	// it. nil: none (a local app).
	TakeDraft func(id model.CaseID) (model.EditorDraft, bool, error)
	// Drafts lists the agent's kept drafts, oldest case first, without
	// taking them: the status line names them at start and :drafts opens
	// each (draftlist.go). nil: none are kept.
	Drafts func() ([]model.EditorDraft, error)
	// KeepDrafts keeps, when the app ends (ctrl+c, a closed terminal), the
	// note or reply being written, as a team server does for a screen;
	// the app names it at next start. nil: it is not kept (read-only).
	KeepDrafts func([]model.EditorDraft) error
	// Keys is the config's [keys], already checked with CheckKeys.
	Keys map[string]string
	// Views are the config's [[view]]s, beside the built-in ones; Lead
	// adds one view per team (a local app is its own lead).
	Views []SavedView
	Lead  bool
	// MayCareTaxonomy says whether this agent may rename, merge, move,
	// label or retire tags (a team server asks the session's role, so an
	// agent is refused at the key, not after a y/n); nil: they may.
	MayCareTaxonomy func() error
	// MayCareReplies says whether this agent may create, edit or delete
	// the desk's canned replies (a team server: leads only); nil: they may.
	MayCareReplies func() error
	// Agents lists the desk's agents (the agents file on a team server):
	// assign offers them, and only them without a confirmation.
	Agents func() []string
	// Index is a team server's case index, which it loads and keeps
	// current for all its sessions (the server sends NoticesMsg, or
	// IndexChangedMsg, when it changes); nil makes the queue keep its own.
	Index *caseindex.Index

	// The mail channel: the desk's identity ([mail]; zero: not set up),
	// the background runner whose state the header shows, and $EDITOR
	// for the composer (nil on a team server: it starts no programs).
	Mail       MailIdentity
	MailRunner MailRunner
	Editor     ExternalEditor

	// Stop, once closed, ends Run as q does (the command line closes it
	// when the terminal hangs up); nil never.
	Stop <-chan struct{}

	// Input and Output replace the terminal (tests).
	Input  io.Reader
	Output io.Writer
}

// NewModel builds the app's root model without running it: for tests and
// for callers that run their own program.
func NewModel(svc model.CaseService, opt Options) tea.Model {
	return newRoot(svc, opt)
}

func newRoot(svc model.CaseService, opt Options) *app {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.Styles == nil {
		opt.Styles = NewStyles(DefaultTheme())
	}
	if opt.ReadOnly && !svc.ReadOnly() {
		svc = readOnlyService{CaseReader: svc, svc: svc}
	}
	e := &env{svc: svc, agent: opt.Agent, now: opt.Now, loc: opt.Location, styles: opt.Styles,
		files: opt.Files, backups: opt.Backups, sshCommand: opt.SSHCommand, takeDraft: opt.TakeDraft, drafts: opt.Drafts, keyRemap: opt.Keys, index: opt.Index,
		mail: opt.Mail, mailRunner: opt.MailRunner, editor: opt.Editor, views: opt.Views, lead: opt.Lead, agents: opt.Agents, mayCareTaxonomy: opt.MayCareTaxonomy,
		mayCareReplies: opt.MayCareReplies}
	return newApp(e, opt.ReadOnly)
}

// Run runs the app full screen until the agent quits. Store change notices
// reach the program from one goroutine (pug's relay). A panic inside the
// program is returned as an error, with the terminal restored.
func Run(svc model.CaseService, opt Options) (err error) {
	m := newRoot(svc, opt)
	popts := []tea.ProgramOption{tea.WithAltScreen()}
	if opt.Input != nil {
		popts = append(popts, tea.WithInput(opt.Input))
	}
	if opt.Output != nil {
		popts = append(popts, tea.WithOutput(opt.Output))
	}
	p := tea.NewProgram(m, popts...)

	changes, stop := svc.Subscribe()
	relayDone := make(chan struct{})
	go func() {
		defer close(relayDone)
		for ch := range changes {
			p.Send(changeMsg(ch))
		}
	}()
	stopMail := relayMail(p, opt.MailRunner)
	ended := make(chan struct{})
	defer close(ended)
	if opt.Stop != nil {
		go func() {
			select {
			case <-opt.Stop:
				p.Quit()
			case <-ended:
			}
		}()
	}
	defer func() {
		stop() // closes changes, which ends the relay
		<-relayDone
		stopMail()
		if r := recover(); r != nil {
			err = fmt.Errorf("caredesk: internal error: %v", r)
		}
	}()
	final, err := p.Run()
	if kerr := keepLastDrafts(final, opt.KeepDrafts); kerr != nil && err == nil {
		err = kerr
	}
	if err != nil {
		return fmt.Errorf("caredesk: %w", err)
	}
	return nil
}

// keepLastDrafts asks the ended app for what it was writing and keeps it:
// ctrl+c or a closed window mid-note once lost the text without a word.
func keepLastDrafts(final tea.Model, keep func([]model.EditorDraft) error) error {
	a, ok := final.(*app)
	if !ok || keep == nil {
		return nil
	}
	c, ok := a.panes[paneCase].(*casePane)
	if !ok {
		return nil
	}
	if d, ok := c.openDraft(); ok {
		return keep([]model.EditorDraft{d})
	}
	return nil
}

// readOnlyService refuses writes for an app opened read-only over a
// writable service. It embeds only the reads: every other method of
// model.CaseService is written out here, so a write added to the service
// later does not compile until its rule here is decided (fail closed).
type readOnlyService struct {
	model.CaseReader
	svc model.CaseService
}

var _ model.CaseService = readOnlyService{}

func (readOnlyService) ReadOnly() bool { return true }

func errReadOnly() error {
	return model.Errorf(model.EDENIED, "read-only: this database is open as a viewer")
}

func (readOnlyService) Act(model.CaseID, uint64, string, ...model.Action) (model.Case, error) {
	return model.Case{}, errReadOnly()
}

func (readOnlyService) MayAct(model.Case, string, ...model.Action) error { return errReadOnly() }

func (readOnlyService) Import([]model.ImportRow) (model.ImportResult, error) {
	return model.ImportResult{}, errReadOnly()
}

func (readOnlyService) RenameTag(string, string, string) (int, error) { return 0, errReadOnly() }
func (readOnlyService) RetireTag(string, bool, string) error          { return errReadOnly() }
func (readOnlyService) SetTagLabel(string, string, string) error      { return errReadOnly() }
func (readOnlyService) RenameArea(string, string, string) (int, int, error) {
	return 0, 0, errReadOnly()
}
func (readOnlyService) SaveReply(model.Reply) (model.Reply, error) {
	return model.Reply{}, errReadOnly()
}
func (readOnlyService) DeleteReply(uint64) error   { return errReadOnly() }
func (readOnlyService) SetAway(string, bool) error { return errReadOnly() }

// Backup copies the database without changing it: a viewer may take one.
func (r readOnlyService) Backup(w io.Writer) (int64, error) { return r.svc.Backup(w) }

// Subscribe passes change notices on: a viewer sees others' writes.
func (r readOnlyService) Subscribe() (<-chan model.Change, func()) { return r.svc.Subscribe() }
