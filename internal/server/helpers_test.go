package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
)

// waitLong bounds every wait for a screen: far above what a healthy
// session needs (milliseconds), low enough that a broken test fails fast.
const waitLong = 15 * time.Second

// testAgent is an agent with a fresh key.
type testAgent struct {
	name   string
	role   string
	signer gossh.Signer
}

func newTestAgent(t testing.TB, name, role string) testAgent {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return testAgent{name: name, role: role, signer: s}
}

func (a testAgent) line() string {
	return fmt.Sprintf("%s %s %s", a.name, a.role, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(a.signer.PublicKey()))))
}

func writeAgents(t testing.TB, path string, agents ...testAgent) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# NAME ROLE PUBLIC-KEY\n\n")
	for _, a := range agents {
		b.WriteString(a.line() + "\n")
	}
	// Write beside and rename, as editors do: the reload must see it.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// testRows makes n plain cases, all new and unassigned, external ids
// T-000001…, so any agent can claim them.
func testRows(from, n int, subject string) []model.ImportRow {
	tags := []string{"billing/refund", "shipping/late", "account/login", "card/declined"}
	base := time.Now().Add(-72 * time.Hour).UTC().Truncate(time.Second)
	rows := make([]model.ImportRow, 0, n)
	for i := from; i < from+n; i++ {
		c := model.Case{
			ExternalID: fmt.Sprintf("T-%06d", i),
			CreatedAt:  base.Add(time.Duration(i%5000) * 30 * time.Second),
			Channel:    model.ChannelEmail,
			Subject:    fmt.Sprintf("%s %d", subject, i),
			Body:       "The parcel has not arrived and nobody answers the phone.",
			Priority:   model.PriorityNormal,
			Tags:       []string{tags[i%len(tags)]},
		}
		var cu model.Customer
		if i%3 != 0 {
			cu = model.Customer{Name: fmt.Sprintf("Customer %d", i%997), Email: fmt.Sprintf("c%d@example.com", i%997)}
		}
		rows = append(rows, model.ImportRow{Source: "test", Line: i, Case: c, Customer: cu})
	}
	return rows
}

// desk is a server on a random loopback port over a fresh store.
type desk struct {
	t      testing.TB
	dir    string
	dbPath string
	db     *store.DB
	srv    *Server
	addr   string
	hostFP gossh.PublicKey
	served chan error
	agents []testAgent
	logBuf *syncBuffer
	down   bool
}

type deskOpts struct {
	cases int
	idle  time.Duration
	// backupDir is the server's backup folder ("" keeps none).
	backupDir string
	limits    Limits
	// routing is the desk's teams (nil: none), as serve's config gives
	// them to the store.
	routing *model.Routing
	// look is each agent's views, keys and colours (nil: the server's
	// views alone), as serve's config gives them.
	look func(agent string) Look
	// mail and mailStates are what serve gives the server when its
	// config has [mail].
	mail       ui.MailIdentity
	mailStates *MailStates
}

func startDesk(t testing.TB, o deskOpts, agents ...testAgent) *desk {
	t.Helper()
	d := &desk{t: t, dir: t.TempDir(), agents: agents, logBuf: &syncBuffer{}}
	d.dbPath = filepath.Join(d.dir, "desk.db")
	db, err := store.Open(d.dbPath, store.Options{Routing: o.routing})
	if err != nil {
		t.Fatal(err)
	}
	d.db = db
	for from := 1; from <= o.cases; from += 5000 {
		n := min(5000, o.cases-from+1)
		if _, err := db.Import(testRows(from, n, "Parcel missing")); err != nil {
			t.Fatal(err)
		}
	}
	writeAgents(t, filepath.Join(d.dir, "agents"), agents...)
	d.srv, err = New(Config{Store: db, HostKeyPath: filepath.Join(d.dir, "host_ed25519"), AgentsPath: filepath.Join(d.dir, "agents"),
		IdleTimeout: o.idle, Logger: slog.New(slog.NewTextHandler(d.logBuf, nil)), BackupDir: o.backupDir, Limits: o.limits,
		Mail: o.mail, MailStates: o.mailStates, Look: o.look})
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(d.dir, "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := gossh.ParsePrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	d.hostFP = hs.PublicKey()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d.addr = ln.Addr().String()
	d.served = make(chan error, 1)
	go func() { d.served <- d.srv.Serve(ln) }()
	t.Cleanup(func() {
		d.shutdown()
		if t.Failed() {
			t.Logf("server log:\n%s", d.logBuf.String())
		}
	})
	return d
}

// shutdown is what SIGTERM does in caredesk serve: Shutdown, then close
// the database.
func (d *desk) shutdown() {
	if d.down {
		return
	}
	d.down = true
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := d.srv.Shutdown(ctx); err != nil {
		d.t.Errorf("shutdown: %v", err)
	}
	select {
	case err := <-d.served:
		if err != nil {
			d.t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		d.t.Errorf("Serve did not return after Shutdown")
	}
	if err := d.db.Close(); err != nil {
		d.t.Errorf("closing the database: %v", err)
	}
}

func (d *desk) clientConfig(a testAgent) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: a.name, Auth: []gossh.AuthMethod{gossh.PublicKeys(a.signer)},
		HostKeyCallback: gossh.FixedHostKey(d.hostFP), Timeout: 5 * time.Second}
}

func (d *desk) dial(a testAgent) (*gossh.Client, error) {
	return gossh.Dial("tcp", d.addr, d.clientConfig(a))
}

// caseByExt finds a case of the store by external id.
func (d *desk) caseByExt(ext string) model.Case {
	d.t.Helper()
	c, err := d.db.CaseByExternalID(ext)
	if err != nil {
		d.t.Fatal(err)
	}
	return c
}

// run runs an SSH command and returns its output and exit status.
func (d *desk) run(a testAgent, cmd string, stdin io.Reader) (stdout, stderr string, code int) {
	d.t.Helper()
	cl, err := d.dial(a)
	if err != nil {
		d.t.Fatalf("dial as %s: %v", a.name, err)
	}
	return d.runOn(cl, cmd, stdin)
}

// runOn runs an SSH command on a client already logged in, and closes it.
func (d *desk) runOn(cl *gossh.Client, cmd string, stdin io.Reader) (stdout, stderr string, code int) {
	d.t.Helper()
	defer cl.Close()
	s, err := cl.NewSession()
	if err != nil {
		d.t.Fatal(err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	if stdin != nil {
		s.Stdin = stdin
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(cmd) }()
	select {
	case err = <-done:
	case <-time.After(waitLong):
		d.t.Fatalf("%s: no answer in %s", cmd, waitLong)
	}
	var ee *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitStatus()
	default:
		d.t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

// screen is an SSH client with a terminal: it keeps everything the server
// drew and answers the terminal queries a real terminal would.
type screen struct {
	t      testing.TB
	name   string
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser

	mu       sync.Mutex
	out      screenText
	answered bool
	shown    int // the case the load test last opened
	changed  chan struct{}
	ended    chan struct{}
	exitErr  error
}

func (d *desk) open(a testAgent, w, h int) *screen {
	d.t.Helper()
	sc, err := d.tryOpen(a, w, h)
	if err != nil {
		d.t.Fatalf("open a screen as %s: %v", a.name, err)
	}
	// The queue's tab line is drawn once the first page is loaded.
	sc.waitFor(0, "All ")
	return sc
}

func (d *desk) tryOpen(a testAgent, w, h int) (*screen, error) {
	cl, err := d.dial(a)
	if err != nil {
		return nil, err
	}
	s, err := cl.NewSession()
	if err != nil {
		cl.Close()
		return nil, err
	}
	modes := gossh.TerminalModes{gossh.ECHO: 0}
	if err := s.RequestPty("xterm-256color", h, w, modes); err != nil {
		cl.Close()
		return nil, err
	}
	in, err := s.StdinPipe()
	if err != nil {
		cl.Close()
		return nil, err
	}
	out, err := s.StdoutPipe()
	if err != nil {
		cl.Close()
		return nil, err
	}
	sc := &screen{t: d.t, name: a.name, client: cl, sess: s, in: in, changed: make(chan struct{}, 1), ended: make(chan struct{})}
	if err := s.Shell(); err != nil {
		cl.Close()
		return nil, err
	}
	go sc.read(out)
	go func() {
		err := s.Wait()
		sc.mu.Lock()
		sc.exitErr = err
		sc.mu.Unlock()
		close(sc.ended)
	}()
	d.t.Cleanup(sc.close)
	return sc, nil
}

func (sc *screen) read(out io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			sc.mu.Lock()
			sc.out.take(buf[:n])
			// The server asks for the background colour and the device
			// attributes once; a terminal answers the latter at least.
			if !sc.answered && sc.out.asked {
				sc.answered = true
				go sc.in.Write([]byte("\x1b[?62;22c"))
			}
			sc.mu.Unlock()
			select {
			case sc.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

func (sc *screen) close() {
	sc.sess.Close()
	sc.client.Close()
}

// mark is where the output is now: waits look only at what comes after.
func (sc *screen) mark() int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.out.base + len(sc.out.plain)
}

// forget drops the text shown so far: later marks and waits look only
// at what comes after (the load test's screens, which would otherwise
// keep and regrow every frame's text for the whole run).
func (sc *screen) forget() {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.out.base += len(sc.out.plain)
	sc.out.plain = sc.out.plain[:0]
}

// text is the output since mark with the escape sequences taken out.
func (sc *screen) text(since int) string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return string(sc.out.since(since))
}

// shows reports whether the text since mark holds one of wants, without
// copying it (the load test's screens wait on every frame).
func (sc *screen) shows(since int, wants ...string) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for _, w := range wants {
		if bytes.Contains(sc.out.since(since), []byte(w)) {
			return true
		}
	}
	return false
}

// afterScreen is what the terminal keeps once the program has left the
// alternate screen: the output after its last "leave" sequence.
func (sc *screen) afterScreen() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return ansi.Strip(string(sc.out.afterLeave))
}

// waitFor waits until want appears in the output after since.
func (sc *screen) waitFor(since int, want string) {
	sc.t.Helper()
	if err := sc.await(since, want, waitLong); err != nil {
		sc.t.Fatalf("%s's screen: %v", sc.name, err)
	}
}

// waitForAny waits until one of wants appears after since.
func (sc *screen) waitForAny(since int, wants ...string) {
	sc.t.Helper()
	if err := sc.await(since, wants[0], waitLong, wants[1:]...); err != nil {
		sc.t.Fatalf("%s's screen: %v (or %q)", sc.name, err, wants[1:])
	}
}

func (sc *screen) await(since int, want string, d time.Duration, or ...string) error {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	wants := append([]string{want}, or...)
	for {
		if sc.shows(since, wants...) {
			return nil
		}
		select {
		case <-sc.changed:
		case <-sc.ended:
			if sc.shows(since, want) {
				return nil
			}
			return fmt.Errorf("session ended without showing %q; it showed:\n%s", want, tail(sc.text(since), 1500))
		case <-deadline.C:
			return fmt.Errorf("%q did not appear in %s; the screen showed:\n%s", want, d, tail(sc.text(since), 1500))
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// keys types: each string is one read on the server, as a person's
// separate key presses are (a burst of runes reaches Bubble Tea as one
// key message, which binds to nothing).
func (sc *screen) keys(ks ...string) {
	sc.t.Helper()
	for i, k := range ks {
		if i > 0 {
			time.Sleep(15 * time.Millisecond)
		}
		if _, err := sc.in.Write([]byte(k)); err != nil {
			sc.t.Fatalf("%s: typing %q: %v", sc.name, k, err)
		}
	}
}

// step sends one key press (or a run of typed text) and waits until the
// screen shows want after it: the next key goes only once this one took,
// as a person looks before typing on. Two keys that reach the server in
// one read merge (":" then "open" is the runes ":open", esc then ":" is
// alt+:), so single-key bindings followed by more keys need a step.
func (sc *screen) step(keys, want string) (time.Duration, error) {
	m := sc.mark()
	t0 := time.Now()
	if _, err := sc.in.Write([]byte(keys)); err != nil {
		return 0, err
	}
	if err := sc.await(m, want, waitLong); err != nil {
		return 0, fmt.Errorf("after %q: %w", keys, err)
	}
	return time.Since(t0), nil
}

// mustStep is step in a test.
func (sc *screen) mustStep(keys, want string) {
	sc.t.Helper()
	if _, err := sc.step(keys, want); err != nil {
		sc.t.Fatalf("%s's screen: %v", sc.name, err)
	}
}

// command types a ':' command line and returns the mark before its enter.
func (sc *screen) command(line string) int {
	sc.t.Helper()
	sc.mustStep(":", "enter run")
	sc.mustStep(line, line)
	m := sc.mark()
	sc.keys("\r")
	return m
}

// openCase opens a case by external id and waits for it to show.
func (sc *screen) openCase(ext string) {
	sc.t.Helper()
	m := sc.command("open " + ext)
	sc.waitFor(m, "("+ext+")")
}

// waitEnd waits for the session to end.
func (sc *screen) waitEnd() error {
	select {
	case <-sc.ended:
		sc.mu.Lock()
		defer sc.mu.Unlock()
		return sc.exitErr
	case <-time.After(waitLong):
		return fmt.Errorf("%s's session did not end", sc.name)
	}
}

// syncBuffer is a bytes.Buffer for the server's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func mustCheck(t testing.TB, db *store.DB) {
	t.Helper()
	probs, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("check found %d problems:\n%s", len(probs), strings.Join(probs, "\n"))
	}
}
