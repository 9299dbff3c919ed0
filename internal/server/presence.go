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
	mu sync.Mutex
	// onCase is the members by the case they show (none for 0): a Set
	// wakes, and Others reads, only the sessions on that case. Scanning
	// every session of the server under the one lock, twice for each case
	// a screen opened, was 9 µs at 200 screens, and every screen's Update
	// queued behind it (the mutex profile's first wait in the load test).
	onCase map[model.CaseID]map[*member]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{onCase: map[model.CaseID]map[*member]struct{}{}} }

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

// Join adds a session of agent (on no case until its first Set).
func (h *Hub) Join(agent string) *member {
	return &member{hub: h, agent: agent, wake: make(chan struct{}, 1)}
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
	m.hub.place(m, old, id)
	m.id, m.action = id, doing
	if m.shows != nil {
		m.shows.Store(int64(id))
	}
	m.pokeOthers(old)
	if id != old {
		m.pokeOthers(id)
	}
}

// place files m under the case it shows, id, instead of old.
func (h *Hub) place(m *member, old, id model.CaseID) {
	if old == id {
		return
	}
	if on := h.onCase[old]; on != nil {
		delete(on, m)
		if len(on) == 0 {
			delete(h.onCase, old)
		}
	}
	if id != 0 {
		if h.onCase[id] == nil {
			h.onCase[id] = map[*member]struct{}{}
		}
		h.onCase[id][m] = struct{}{}
	}
}

// pokeOthers wakes the other agents' sessions on case id (0: none).
func (m *member) pokeOthers(id model.CaseID) {
	for o := range m.hub.onCase[id] {
		if o != m && o.agent != m.agent {
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
	for o := range h.onCase[id] {
		if o.agent == m.agent {
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
}
