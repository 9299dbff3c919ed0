package server

import (
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// Change notices reach the screens through the server, not through a
// subscription of their own: the server applies each notice to the team's
// index once and then puts it, with the news that the index moved, in
// every session's box. A session's relay takes what its box holds at most
// once a frame (noticeFrame), as one message: with fifty agents saving,
// a screen updates and redraws once per frame, not once per notice and
// message (it was three Updates and Views per save per screen, and the
// server was CPU-bound by it). An agent's own save is acknowledged by its
// save's answer, which does not wait for any of this.

// noticeFrame is how often at most a screen takes other agents' changes:
// two frames of Bubble Tea's 60 a second, so a change shows within a
// frame or two of the first notice that comes after a quiet spell, which
// goes at once.
const noticeFrame = 33 * time.Millisecond

// maxWaiting is how many notices a session's box holds before it gives up
// the details for one Resync (a screen that has stopped reading: it loads
// everything again when it comes back, as for a store subscriber's).
const maxWaiting = 256

// noticeBox is one session's notices waiting for its next frame.
type noticeBox struct {
	mu      sync.Mutex
	changes []model.Change
	index   bool
	resync  bool
	ready   chan struct{} // holds one value while something waits
}

func newNoticeBox() *noticeBox { return &noticeBox{ready: make(chan struct{}, 1)} }

// put adds a notice (nil: none) and whether the index moved.
func (b *noticeBox) put(ch *model.Change, index bool) {
	b.mu.Lock()
	if ch != nil && !b.resync {
		if len(b.changes) >= maxWaiting || ch.Resync {
			b.changes, b.resync = nil, true
		} else {
			b.changes = append(b.changes, *ch)
		}
	}
	b.index = b.index || index
	b.mu.Unlock()
	select {
	case b.ready <- struct{}{}:
	default: // already signalled
	}
}

// take empties the box into one message.
func (b *noticeBox) take() ui.NoticesMsg {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := ui.NoticesMsg{Changes: b.changes, Index: b.index}
	if b.resync {
		m.Changes = []model.Change{{Resync: true}}
	}
	b.changes, b.index, b.resync = nil, false, false
	return m
}

// openBox gives a session its box; the returned function closes it.
func (s *Server) openBox() (*noticeBox, func()) {
	b := newNoticeBox()
	s.boxMu.Lock()
	s.boxes[b] = struct{}{}
	s.boxMu.Unlock()
	return b, func() {
		s.boxMu.Lock()
		delete(s.boxes, b)
		s.boxMu.Unlock()
	}
}

// post puts a notice (nil: none) in every session's box.
func (s *Server) post(ch *model.Change, index bool) {
	s.boxMu.Lock()
	defer s.boxMu.Unlock()
	for b := range s.boxes {
		b.put(ch, index)
	}
}

// relayNotices sends the box's notices to the program, at most once per
// noticeFrame, until stop. Presence wake-ups go at once: they are rare.
func relayNotices(p *tea.Program, box *noticeBox, presence <-chan struct{}, stop <-chan struct{}) {
	timer := time.NewTimer(0)
	if !timer.Stop() {
		<-timer.C
	}
	var due <-chan time.Time // the frame's end, while notices wait for it
	var last time.Time
	for {
		select {
		case <-box.ready:
			if due != nil {
				continue // they go at the frame's end
			}
			if wait := noticeFrame - time.Since(last); wait > 0 {
				timer.Reset(wait)
				due = timer.C
				continue
			}
		case <-due:
			due = nil
		case <-presence:
			p.Send(ui.PresenceMsg{})
			continue
		case <-stop:
			timer.Stop()
			return
		}
		m := box.take()
		if len(m.Changes) == 0 && !m.Index {
			continue
		}
		last = time.Now()
		p.Send(m)
	}
}
