package server

import (
	"sync"

	"github.com/caredesk/caredesk/ui"
)

// MailStates hands the state of the server's one mail runner (it fetches
// and sends for the whole team) to every session's header: each session
// subscribes and gets the newest state at once and every change after,
// latest only — a session that has not drawn the last one gets the newest
// instead, and the runner never waits for a screen.
type MailStates struct {
	mu   sync.Mutex
	last ui.MailState
	have bool
	subs map[*mailSubscriber]struct{}
}

// NewMailStates makes an empty hub.
func NewMailStates() *MailStates { return &MailStates{subs: map[*mailSubscriber]struct{}{}} }

// Publish hands st to every session.
func (h *MailStates) Publish(st ui.MailState) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last, h.have = st, true
	for sub := range h.subs {
		sub.offer(st)
	}
}

func (h *MailStates) subscribe() *mailSubscriber {
	sub := &mailSubscriber{h: h, states: make(chan ui.MailState, 1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[sub] = struct{}{}
	if h.have {
		sub.offer(h.last)
	}
	return sub
}

// mailSubscriber is one session's view of the runner (ui.MailRunner).
type mailSubscriber struct {
	h      *MailStates
	states chan ui.MailState
	once   sync.Once
}

var _ ui.MailRunner = (*mailSubscriber)(nil)

// offer replaces a state the session has not taken yet; called with the
// hub's lock held, so offers never interleave.
func (s *mailSubscriber) offer(st ui.MailState) {
	select {
	case <-s.states:
	default:
	}
	s.states <- st
}

func (s *mailSubscriber) States() (<-chan ui.MailState, func()) {
	return s.states, func() {
		s.once.Do(func() {
			s.h.mu.Lock()
			delete(s.h.subs, s)
			s.h.mu.Unlock()
		})
	}
}

// Flush does nothing: the runner sends the outbox on the store's change
// notice of every commit, a reply queued from any screen included.
func (s *mailSubscriber) Flush() {}
