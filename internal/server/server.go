// Package server is caredesk's team server (caredesk serve): one process
// owns the database, as bbolt allows one writer, and every agent opens
// their own caredesk screen in it over SSH, the way wish and soft-serve
// serve Bubble Tea apps. Each session gets its own program, window, colour
// profile and cursor on the one shared store; its writes go through a
// guard that applies the agent's role; store change notices and the
// team's presence reach its program through one relay goroutine.
//
// Agents are listed in an agents file (NAME ROLE PUBLIC-KEY per line) and
// authenticate with their key only. Without a screen, a session can run
// "import" (leads) and "report".
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/caredesk/caredesk/internal/backup"
	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Config sets up a server.
type Config struct {
	// Store is the shared database. The server never closes it: its owner
	// does, after Shutdown has returned.
	Store model.CaseService
	// HostKeyPath is the host key, created on first start.
	HostKeyPath string
	// AgentsPath is the agents file.
	AgentsPath string
	// IdleTimeout ends a screen after this long without a key (0: never).
	IdleTimeout time.Duration
	// Logger gets one line per connection, refusal and shutdown step
	// (nil: discarded).
	Logger *slog.Logger
	// Now is the clock (nil: time.Now).
	Now model.Clock
	// BackupDir is the server's backup folder: the rotated daily copies
	// of the database go there, and so does a copy a lead asks for with
	// :backup, under a name the server chooses. "" keeps no backups.
	BackupDir string
	// Limits bound connections before login and sessions per agent
	// (zero fields: DefaultLimits).
	Limits Limits
	// Views are the server config's [[view]]s: every agent's screen
	// offers them. Teams come with the Store (routing runs there).
	Views []ui.SavedView
	// Mail is the desk's identity from the server config's [mail] (zero:
	// mail not set up, replies are logged), and MailStates the state of
	// the server's one mail runner, which fetches and sends for everyone:
	// every screen's header shows it (nil: none).
	Mail       ui.MailIdentity
	MailStates *MailStates
	// Look, when set, is each agent's views (the server's and the
	// agent's own), keys and colours, in place of Views.
	Look func(agent string) Look
}

// Look is how one agent's screen is dressed: the views the queue offers
// beside its own, the keys remapped by action name (checked at start with
// ui.CheckKeys) and the colours by palette name ([theme]).
type Look struct {
	Views   []ui.SavedView
	Keys    map[string]string
	Colours map[string][2]string
	// Zone is the zone the agent reads times in (their team's); nil is
	// the server's own.
	Zone *time.Location
}

// Server serves caredesk sessions over SSH.
type Server struct {
	store  checkedStore
	ssh    *ssh.Server
	agents *agentsFile
	hub    *Hub
	gate   gate
	log    *slog.Logger
	now    model.Clock
	idle   time.Duration
	hostFP string
	limits Limits
	door   *doorman
	views  []ui.SavedView
	look   func(agent string) Look
	mail   ui.MailIdentity
	mailSt *MailStates
	// backups is the rotation in the backup folder; nil keeps none.
	backups *backup.Rotation
	jobs    jobs // Serve's background work: backups, the agents file watch
	// index is the team's case index, which every screen's queue reads
	// (index.go).
	index     *caseindex.Index
	stopIndex chan struct{}
	indexDone chan struct{}

	// boxes hold each session's change notices until its next frame
	// (notices.go).
	boxMu sync.Mutex
	boxes map[*noticeBox]struct{}
	// fanout meters the screens and paces their notices (pacing.go).
	fanout fanout

	mu       sync.Mutex
	closing  bool
	sessions map[*liveSession]struct{}
	wg       sync.WaitGroup // running session handlers
	// listeners are Serve's, which Shutdown closes itself; serving counts
	// the Serve calls that have not returned (serve.go).
	listeners []net.Listener
	serving   sync.WaitGroup
}

// New prepares a server: it reads the agents file and loads or creates the
// host key. Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	st, ok := cfg.Store.(checkedStore)
	if !ok {
		return nil, errors.New("server: the store cannot check an agent's rights inside its writes (ActChecked)")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	agents, err := loadAgentsFile(cfg.AgentsPath, log, cfg.Store.Routing())
	if err != nil {
		return nil, err
	}
	// Routing runs in the store: only an agent of the file can act on a
	// case, so only they are given one.
	if r, ok := cfg.Store.(interface{ RouteOnlyTo(func(string) bool) }); ok {
		r.RouteOnlyTo(agents.Has)
	}
	key, created, err := HostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, agents: agents, hub: NewHub(), log: log, now: clock(cfg.Now),
		idle: cfg.IdleTimeout, hostFP: fingerprint(key), sessions: map[*liveSession]struct{}{}, boxes: map[*noticeBox]struct{}{},
		limits: cfg.Limits.withDefaults(), index: caseindex.NewIndex(cfg.Store), views: cfg.Views, look: cfg.Look,
		mail: cfg.Mail, mailSt: cfg.MailStates}
	s.door = newDoorman(s.limits, log)
	if created {
		log.Info("host key created", "file", cfg.HostKeyPath, "fingerprint", s.hostFP)
	}
	if cfg.BackupDir != "" {
		s.backups = &backup.Rotation{DB: cfg.Store.Path(), Dir: cfg.BackupDir, Now: s.now}
	}
	opts := []ssh.Option{
		wish.WithHostKeyPEM(key),
		wish.WithPublicKeyAuth(s.authenticate),
		wish.WithMiddleware(s.handle),
		func(srv *ssh.Server) error {
			srv.ConnCallback = s.door.admit
			srv.ServerConfigCallback = s.door.serverConfig
			srv.ConnectionFailedCallback = s.door.failed
			return nil
		},
	}
	if s.idle > 0 {
		// The transport's own timeout counts output as activity, so a
		// screen that redraws its SLA clocks would never time out by it:
		// screens time out on keys (see watchIdle) and this only catches
		// connections where nothing moves at all, a little later.
		opts = append(opts, wish.WithIdleTimeout(s.idle+idleCheck(s.idle)*2+5*time.Second))
	}
	s.ssh, err = wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	return s, nil
}

// HostKeyFingerprint is the SHA256 fingerprint agents see on first
// connection.
func (s *Server) HostKeyFingerprint() string { return s.hostFP }

// Serve accepts connections on ln until Shutdown; it returns nil after a
// shutdown.
func (s *Server) Serve(ln net.Listener) error {
	if !s.serveStarts(ln) {
		return nil
	}
	defer s.serving.Done()
	s.jobs.start(&s.mu, &s.closing, s.keepBackups, s.watchAgents)
	s.startIndex()
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) || s.shuttingDown() && errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// authenticate accepts a key listed for the user name it is offered with;
// any other is refused before a session, let alone a screen, exists.
func (s *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok := s.agents.Lookup(ctx.User(), key)
	if !ok {
		// Through the refusal log, as the doorman's refusals: a key
		// scanner would otherwise write a line per key it tries.
		s.door.log.refuse("key refused: not on the agents list for that name",
			ctx.User()+"@"+ctx.RemoteAddr().String()+" key "+gossh.FingerprintSHA256(key))
	}
	return ok
}

// liveSession is a running session, for shutdown and idle notices.
type liveSession struct {
	sess  ssh.Session
	agent string
	key   ssh.PublicKey // the key it logged in with
	send  func(msg any) // the program's Send; nil for commands
	mu    sync.Mutex
	// removed: its agent left the agents file and it is being ended.
	removed bool
	// gone is closed once the session has said its last word (a
	// screen's farewell) and its exit status is sent.
	gone chan struct{}
}

func (l *liveSession) isRemoved() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.removed
}

// markRemoved marks the session as ending because its agent left the
// agents file; false if it already was.
func (l *liveSession) markRemoved() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.removed {
		return false
	}
	l.removed = true
	return true
}

func (l *liveSession) setSend(f func(any)) {
	l.mu.Lock()
	l.send = f
	l.mu.Unlock()
}

func (l *liveSession) notify(msg any) bool {
	l.mu.Lock()
	f := l.send
	l.mu.Unlock()
	if f == nil {
		return false
	}
	f(msg)
	return true
}

// handle is the one middleware: it finds the session's agent again from
// the key that actually authenticated (not from a value an earlier
// authentication attempt left behind), then runs a command or a screen.
func (s *Server) handle(_ ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		a, ok := s.agents.Lookup(sess.User(), sess.PublicKey())
		if !ok {
			fmt.Fprintf(sess.Stderr(), "caredesk: %q is not on this desk's agents list\r\n", sess.User())
			_ = sess.Exit(1)
			return
		}
		l := &liveSession{sess: sess, agent: a.Name, key: sess.PublicKey(), gone: make(chan struct{})}
		switch s.track(l) {
		case trackClosing:
			fmt.Fprint(sess.Stderr(), "caredesk: the server is shutting down\r\n")
			_ = sess.Exit(1)
			return
		case trackTooMany:
			s.log.Warn("session refused: too many open", "agent", a.Name, "limit", s.limits.SessionsPerAgent, "remote", sess.RemoteAddr().String())
			fmt.Fprintf(sess.Stderr(), "caredesk: %s already has %d sessions open, the most one agent may have: close one first\r\n", a.Name, s.limits.SessionsPerAgent)
			_ = sess.Exit(1)
			return
		}
		defer s.untrack(l)
		start := time.Now()
		cmd, err := splitCommand(sess.RawCommand())
		if err != nil {
			fmt.Fprintf(sess.Stderr(), "caredesk: the command cannot be read: %s\n", err)
			_ = sess.Exit(1)
			return
		}
		if len(cmd) > 0 {
			code := s.command(sess, a, cmd)
			s.log.Info("command", "agent", a.Name, "command", cmd[0], "exit", code, "took", time.Since(start).Round(time.Millisecond))
			_ = sess.Exit(code)
			return
		}
		s.log.Info("screen opened", "agent", a.Name, "role", a.Role.String(), "remote", sess.RemoteAddr().String())
		code := s.screen(sess, a, l)
		s.log.Info("screen closed", "agent", a.Name, "after", time.Since(start).Round(time.Second))
		_ = sess.Exit(code)
	}
}

const (
	tracked = iota
	trackClosing
	trackTooMany
)

func (s *Server) track(l *liveSession) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return trackClosing
	}
	n := 0
	for o := range s.sessions {
		if o.agent == l.agent {
			n++
		}
	}
	if n >= s.limits.SessionsPerAgent {
		return trackTooMany
	}
	s.wg.Add(1) // under mu with the closing check: Shutdown's Wait is safe
	s.sessions[l] = struct{}{}
	return tracked
}

func (s *Server) untrack(l *liveSession) {
	s.mu.Lock()
	delete(s.sessions, l)
	s.mu.Unlock()
	close(l.gone)
	s.wg.Done()
}

func (s *Server) shuttingDown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// newGuard is the session's view of the store for agent a. Its role is
// looked up again at each write, so an edit of the agents file reaches
// open sessions too.
func (s *Server) newGuard(a Agent) *guard {
	return &guard{CaseReader: s.store, store: s.store, agent: a.Name, gate: &s.gate, now: s.now,
		role: func() (model.Role, bool) {
			cur, ok := s.agents.Lookup(a.Name, a.Key)
			return cur.Role, ok
		},
		isAgent: s.agents.Has}
}

// ShutdownNotice is what sessions are told when the server stops.
const ShutdownNotice = "server shutting down: what you saved is kept; reconnect when it is back"

// Shutdown stops the server gracefully: no new connections; writes in
// flight finish and new ones are refused with a message; every screen is
// told and ends once its own saves have come back; then the remaining
// connections are closed. When it returns no session writes to the store
// any more, and the caller closes the database. ctx bounds the wait.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	live := make([]*liveSession, 0, len(s.sessions))
	for l := range s.sessions {
		live = append(live, l)
	}
	s.mu.Unlock()
	s.log.Info("shutting down", "sessions", len(live))

	// Close the listeners; the ssh server's own wait for connections runs
	// until ctx ends or they are all gone, which the steps below bring.
	s.endServing(ctx)
	sshDone := make(chan struct{})
	go func() {
		_ = s.ssh.Shutdown(ctx)
		close(sshDone)
	}()

	var errs []error
	s.jobs.stop()
	s.endIndex()
	if err := s.gate.close(ctx); err != nil {
		errs = append(errs, fmt.Errorf("waiting for writes in flight: %w", err))
	}
	s.keepDrafts(live)
	for _, l := range live {
		go l.notify(noticeQuit(ShutdownNotice))
	}
	if err := waitCtx(ctx, &s.wg); err != nil {
		errs = append(errs, fmt.Errorf("waiting for sessions to end: %w", err))
	}
	_ = s.ssh.Close() // whatever is left, and the listeners if ctx ran out
	<-sshDone
	s.log.Info("server stopped")
	return errors.Join(errs...)
}
