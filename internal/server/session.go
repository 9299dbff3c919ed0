package server

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

func noticeQuit(text string) ui.NoticeMsg { return ui.NoticeMsg{Text: text, Quit: true} }

// screen runs one agent's caredesk in the session until they quit, the
// connection drops, they sit idle too long or the server stops. It returns
// the exit status.
func (s *Server) screen(sess ssh.Session, a Agent, l *liveSession) int {
	if _, _, ok := sess.Pty(); !ok {
		fmt.Fprint(sess.Stderr(), "caredesk: the app needs a terminal: connect with ssh -t, or run a command (import, report)\r\n")
		return 1
	}
	// The session's own renderer: its colour profile from its TERM and
	// COLORTERM, its background from asking the terminal.
	look := Look{Views: s.views}
	if s.look != nil {
		look = s.look(a.Name) // the server's views, keys and colours, and the agent's own over them
	}
	styles := ui.NewStylesFor(bm.MakeRenderer(sess), ui.DefaultTheme().WithColours(look.Colours))
	me := s.hub.Join(a.Name)
	defer me.Leave()

	in := &activityReader{r: sess}
	in.touch()
	// No Files: a session opens, writes and lists no file on the server.
	// A lead's :backup asks the server, which names the file.
	g := s.newGuard(a)
	// A lead sees a view per team; everyone sees the server's views and
	// their own.
	opt := ui.Options{Agent: a.Name, Now: s.now, Location: look.Zone, Styles: styles, Presence: me, Index: s.index, Views: look.Views, Keys: look.Keys,
		Lead: a.Role == model.RoleLead, Agents: s.agents.Names, Mail: s.mail, SSHCommand: sshCommand(sess, a), TakeDraft: s.takeDraft(a), Drafts: s.keptDrafts(a),
		MayCareTaxonomy: func() error { return g.lead("rename, merge, move, label or retire tags") },
		MayCareReplies:  func() error { return g.lead(careReplies) }}
	if s.mailSt != nil {
		opt.MailRunner = s.mailSt.subscribe()
	}
	if s.backups != nil {
		opt.Backups = sessionBackups{s: s, g: g}
	}
	// The session writes its own frames (frames.go): a view leaves when
	// it is drawn, not at the next tick of Bubble Tea's renderer.
	frames := startFrames(frameOut(sess), &s.fanout.written, s.fanout.observe)
	m := &meteredModel{Model: ui.NewSessionModel(g, opt), f: &s.fanout, frames: frames}
	p := tea.NewProgram(m,
		tea.WithInput(in), tea.WithOutput(sess), tea.WithoutRenderer(),
		// The process's signals are the server's: SIGTERM is a shutdown
		// for every session, handled once, not a quit for each program.
		tea.WithoutSignalHandler(),
		tea.WithFilter(ownRunes),
	)

	// One relay goroutine per session (pug's relay): the change notices
	// the server passes on (notices.go), at most one message a frame, and
	// presence wake-ups become messages to this program.
	box, closeBox := s.openBox(a.Name)
	me.showTo(&box.shows)
	stop := make(chan struct{})
	var relay sync.WaitGroup
	relay.Add(2)
	go func() {
		defer relay.Done()
		relayNotices(p, box, s.fanout.frame, me.Wake(), stop)
	}()
	go func() {
		defer relay.Done()
		s.watchIdle(sess, p, in, l, stop)
	}()
	l.setSend(func(msg any) { p.Send(msg) })
	stopMail := ui.RelayMail(p, opt.MailRunner) // the header's mail state

	// wish's Bubble Tea middleware runs the program with the session's
	// window size changes and quits it when the connection goes.
	bm.MiddlewareWithProgramHandler(func(ssh.Session) *tea.Program { return p }, termenv.Ascii)(func(ssh.Session) {})(sess)
	frames.close() // the last view, then the terminal as it was

	l.setSend(nil)
	stopMail()
	close(stop)
	closeBox()
	relay.Wait()
	if !s.shuttingDown() && !in.keptDrafts.Load() && s.keepLastDraft(m) > 0 {
		in.keptDrafts.Store(true)
		if !in.timedOut.Load() && !l.isRemoved() {
			fmt.Fprint(sess, "caredesk: "+draftKeptNotice+"\r\n")
		}
	}
	switch {
	case s.shuttingDown():
		fmt.Fprint(sess, "caredesk: "+ShutdownNotice+"\r\n")
	case in.timedOut.Load():
		if in.keptDrafts.Load() {
			fmt.Fprintf(sess, "caredesk: disconnected after %s without a key; %s\r\n", s.idle, draftKeptNotice)
		} else {
			fmt.Fprintf(sess, "caredesk: disconnected after %s without a key\r\n", s.idle)
		}
	case l.isRemoved():
		fmt.Fprint(sess, "caredesk: "+RemovedFarewell+"\r\n")
	}
	return 0
}

// ownRunes gives each key message its own copy of its runes. Bubble Tea
// hands every space key the same package-level slice, and text inputs
// sanitise runes in place: harmless with one program per process, a data
// race between sessions in a server.
func ownRunes(_ tea.Model, msg tea.Msg) tea.Msg {
	if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) > 0 {
		k.Runes = slices.Clone(k.Runes)
		return k
	}
	return msg
}

// idleCheck is how often a screen's last key is looked at.
func idleCheck(idle time.Duration) time.Duration {
	return min(max(idle/10, 50*time.Millisecond), 30*time.Second)
}

// leaveGrace is how long a session told to leave has to save and quit
// before its connection is closed under it.
const leaveGrace = 5 * time.Second

// watchIdle ends a screen that has had no key for the idle timeout: the
// note or reply being written is kept as a draft, as at shutdown (an agent
// called away mid-reply lost it), the agent is told on screen, the program
// quits once its saves are back, and if it has not gone after leaveGrace
// the session is closed.
func (s *Server) watchIdle(sess ssh.Session, p *tea.Program, in *activityReader, l *liveSession, stop <-chan struct{}) {
	if s.idle <= 0 {
		<-stop
		return
	}
	t := time.NewTicker(idleCheck(s.idle))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if time.Since(in.last()) < s.idle {
				continue
			}
			in.timedOut.Store(true)
			kept := "what you saved is kept"
			if s.keepDrafts([]*liveSession{l}) > 0 {
				in.keptDrafts.Store(true)
				kept += "; " + draftKeptNotice
			}
			p.Send(noticeQuit(fmt.Sprintf("no key for %s: disconnecting (%s)", s.idle, kept)))
			select {
			case <-stop:
			case <-time.After(leaveGrace):
				_ = sess.Close()
			}
			return
		}
	}
}

// activityReader is the session's input, remembering when the agent last
// typed.
type activityReader struct {
	r        io.Reader
	lastNano atomic.Int64
	timedOut atomic.Bool
	// keptDrafts: what the agent was writing is kept (at the idle close,
	// or after the screen ended), and the farewell says so.
	keptDrafts atomic.Bool
}

func (a *activityReader) Read(b []byte) (int, error) {
	n, err := a.r.Read(b)
	if n > 0 {
		a.touch()
	}
	return n, err
}

func (a *activityReader) touch() { a.lastNano.Store(time.Now().UnixNano()) }

func (a *activityReader) last() time.Time { return time.Unix(0, a.lastNano.Load()) }
