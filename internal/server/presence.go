package server

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// Hub is the team's presence: which case each session shows and what its
// agent does there (viewing, writing a note or a reply). Sessions publish
// through their member; a member whose case someone joins or leaves is woken, and its relay
// sends its program a ui.PresenceMsg. Everything is in memory, under one
// mutex: a Set is a few map reads, never a wait on another session.
type Hub struct {
	mu      sync.Mutex
	members map[*member]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{members: map[*member]struct{}{}} }

// member is one session's handle; it implements ui.Presence.
type member struct {
	hub    *Hub
	agent  string
	id     model.CaseID
	action ui.Doing
	wake   chan struct{} // one pending wake is enough: the app re-reads
	// shows is where id is written for the session's notice box, which
	// reads it without the hub's lock (notices.go): others' changes to
	// the case go at once. nil: no box.
	shows *atomic.Int64
}

var _ ui.Presence = (*member)(nil)

// Join adds a session of agent.
func (h *Hub) Join(agent string) *member {
	m := &member{hub: h, agent: agent, wake: make(chan struct{}, 1)}
	h.mu.Lock()
	h.members[m] = struct{}{}
	h.mu.Unlock()
	return m
}

// Set publishes what the session shows; the other sessions on the case it
// left and the case it opened are woken.
func (m *member) Set(id model.CaseID, doing ui.Doing) {
	h := m.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	m.setLocked(id, doing)
}

func (m *member) setLocked(id model.CaseID, doing ui.Doing) {
	old := m.id
	if old == id && m.action == doing {
		return
	}
	m.id, m.action = id, doing
	if m.shows != nil {
		m.shows.Store(int64(id))
	}
	for o := range m.hub.members {
		if o == m || o.agent == m.agent || o.id == 0 {
			continue
		}
		if o.id == old || o.id == id {
			o.poke()
		}
	}
}

func (m *member) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Others lists the other agents on case id, one entry per agent (what the
// busiest of their sessions does: a reply over a note over viewing), by
// name. The agent's own other sessions are not "someone else".
func (m *member) Others(id model.CaseID) []ui.Activity {
	if id == 0 {
		return nil
	}
	h := m.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []ui.Activity
	for o := range h.members {
		if o.id != id || o.agent == m.agent {
			continue
		}
		if i := slices.IndexFunc(out, func(a ui.Activity) bool { return a.Agent == o.agent }); i >= 0 {
			out[i].Doing = max(out[i].Doing, o.action)
			continue
		}
		out = append(out, ui.Activity{Agent: o.agent, Doing: o.action})
	}
	slices.SortFunc(out, func(a, b ui.Activity) int { return cmp.Compare(a.Agent, b.Agent) })
	return out
}

// showTo has the case the session shows (0: none) written to to from now
// on, starting with the case it shows now: its notice box's.
func (m *member) showTo(to *atomic.Int64) {
	h := m.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	m.shows = to
	to.Store(int64(m.id))
}

// Wake is signalled when Others may have changed for the session's case.
func (m *member) Wake() <-chan struct{} { return m.wake }

// Leave takes the session off the hub, waking whoever was on its case.
func (m *member) Leave() {
	h := m.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	m.setLocked(0, ui.Viewing)
	delete(h.members, m)
}
