package server

import (
	"container/list"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Limits bound what a connection may take before it has logged in, and
// what one agent may hold after. Without them, silent TCP connections were
// never cut before authentication: enough of them used every file
// descriptor of the process and locked every agent out.
type Limits struct {
	// Handshake is how long a connection has from accept to a verified
	// key (default 10 s).
	Handshake time.Duration
	// Unauthenticated caps the connections not yet logged in, in all
	// (default 256). A new one past it pushes out the oldest that has
	// sent nothing (else the oldest), so a flood of silent connections
	// cannot keep a real agent, whose client speaks at once, from the door.
	Unauthenticated int
	// PerAddress caps them per source address (default 16); past it a new
	// connection from that address is refused.
	PerAddress int
	// SessionsPerAgent caps the sessions (screens and commands) one agent
	// has open at once (default 16).
	SessionsPerAgent int
}

// DefaultLimits are the limits of a Config that sets none.
var DefaultLimits = Limits{Handshake: 10 * time.Second, Unauthenticated: 256, PerAddress: 16, SessionsPerAgent: 16}

func (l Limits) withDefaults() Limits {
	if l.Handshake <= 0 {
		l.Handshake = DefaultLimits.Handshake
	}
	if l.Unauthenticated <= 0 {
		l.Unauthenticated = DefaultLimits.Unauthenticated
	}
	if l.PerAddress <= 0 {
		l.PerAddress = DefaultLimits.PerAddress
	}
	if l.SessionsPerAgent <= 0 {
		l.SessionsPerAgent = DefaultLimits.SessionsPerAgent
	}
	return l
}

// doorman keeps the connections that have not logged in yet: oldest
// first, counted per source address, each with its handshake deadline.
type doorman struct {
	lim Limits
	log *refusalLog

	mu     sync.Mutex
	queue  *list.List // of *pendingConn, oldest first
	byAddr map[string]int
}

func newDoorman(lim Limits, log *slog.Logger) *doorman {
	return &doorman{lim: lim, log: newRefusalLog(log), queue: list.New(), byAddr: map[string]int{}}
}

type pendingKey struct{}

// admit is the server's ConnCallback: it refuses a connection past the
// per-address cap (nil closes it), pushes out the oldest waiting one past
// the total cap, and sets the handshake deadline.
func (d *doorman) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	d.mu.Lock()
	if d.byAddr[addr] >= d.lim.PerAddress {
		d.mu.Unlock()
		d.log.refuse("too many connections not logged in from one address", addr)
		return nil
	}
	var evicted *pendingConn
	if d.queue.Len() >= d.lim.Unauthenticated {
		evicted = d.victimLocked()
		d.removeLocked(evicted)
	}
	p := &pendingConn{Conn: c, d: d, addr: addr, deadline: time.Now().Add(d.lim.Handshake)}
	p.elem = d.queue.PushBack(p)
	d.byAddr[addr]++
	d.mu.Unlock()
	if evicted != nil {
		d.log.refuse("too many connections not logged in: the oldest was closed", evicted.addr)
		evicted.Conn.Close()
	}
	_ = c.SetDeadline(p.deadline)
	ctx.SetValue(pendingKey{}, p)
	return p
}

// victimLocked is the connection to push out: the oldest that has not
// said a word (nothing read, nothing waiting to be read), else the oldest.
func (d *doorman) victimLocked() *pendingConn {
	for e := d.queue.Front(); e != nil; e = e.Next() {
		if p := e.Value.(*pendingConn); !p.spoke.Load() && !hasSent(p.Conn) {
			return p
		}
	}
	return d.queue.Front().Value.(*pendingConn)
}

// removeLocked takes p off the waiting list; false if it was not on it.
func (d *doorman) removeLocked(p *pendingConn) bool {
	if p.elem == nil {
		return false
	}
	d.queue.Remove(p.elem)
	p.elem = nil
	if d.byAddr[p.addr]--; d.byAddr[p.addr] <= 0 {
		delete(d.byAddr, p.addr)
	}
	return true
}

// waiting is how many connections have not logged in (tests).
func (d *doorman) waiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.queue.Len()
}

// serverConfig gives each connection an SSH config that tells the doorman
// when its key has been verified (AuthLogCallback with no error comes
// only after the signature check, never for a mere "would this key do?").
func (d *doorman) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err != nil {
				return
			}
			if p, ok := ctx.Value(pendingKey{}).(*pendingConn); ok {
				p.loggedIn()
			}
		},
	}
}

// failed is the server's ConnectionFailedCallback: a handshake that ran
// out of time is a refusal worth counting.
func (d *doorman) failed(c net.Conn, err error) {
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		d.log.refuse("no login within the handshake deadline", hostOf(c.RemoteAddr()))
	}
}

// pendingConn is a connection until it logs in: its deadline cannot be
// lifted past the handshake deadline, and closing it frees its place.
type pendingConn struct {
	net.Conn
	d        *doorman
	addr     string
	deadline time.Time
	elem     *list.Element // nil once logged in, closed or pushed out

	spoke atomic.Bool // the client has sent something

	mu     sync.Mutex
	authed bool
}

func (p *pendingConn) Read(b []byte) (int, error) {
	n, err := p.Conn.Read(b)
	if n > 0 && !p.spoke.Load() {
		p.spoke.Store(true)
	}
	return n, err
}

// SetDeadline holds the handshake deadline until login: the SSH library
// sets its own deadline (none, or the idle timeout) on every read.
func (p *pendingConn) SetDeadline(t time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.authed && (t.IsZero() || t.After(p.deadline)) {
		t = p.deadline
	}
	return p.Conn.SetDeadline(t)
}

func (p *pendingConn) loggedIn() {
	p.mu.Lock()
	p.authed = true
	// A read in flight still has the handshake deadline: lift it (the
	// next read sets the idle timeout, if any).
	_ = p.Conn.SetDeadline(time.Time{})
	p.mu.Unlock()
	p.d.mu.Lock()
	p.d.removeLocked(p)
	p.d.mu.Unlock()
}

func (p *pendingConn) Close() error {
	p.d.mu.Lock()
	p.d.removeLocked(p)
	p.d.mu.Unlock()
	return p.Conn.Close()
}

func hostOf(a net.Addr) string {
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}

// refusalLog logs refusals without letting a flood flood the log: the
// first at once, then at most one line a second with the counts since.
type refusalLog struct {
	log     *slog.Logger
	mu      sync.Mutex
	last    time.Time
	counts  map[string]int
	lastBy  string
	pending bool
}

func newRefusalLog(log *slog.Logger) *refusalLog {
	return &refusalLog{log: log, counts: map[string]int{}}
}

const refusalLogEvery = time.Second

func (r *refusalLog) refuse(reason, addr string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[reason]++
	r.lastBy = addr
	if time.Since(r.last) >= refusalLogEvery {
		r.flushLocked()
		return
	}
	if !r.pending {
		r.pending = true
		time.AfterFunc(refusalLogEvery-time.Since(r.last), func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.flushLocked()
		})
	}
}

func (r *refusalLog) flushLocked() {
	r.pending = false
	r.last = time.Now()
	for reason, n := range r.counts {
		r.log.Warn("connections refused", "reason", reason, "count", n, "last_from", r.lastBy)
	}
	clear(r.counts)
}
