package server

import (
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// Change notices reach the screens through the server, not through a
// subscription of their own: the server applies each notice to the team's
// index once and then puts it, with the news that the index moved, in
// every session's box. A session's relay takes what its box holds at most
// once a frame, as one message: with fifty agents saving, a screen
// updates and redraws once per frame, not once per notice and message (it
// was three Updates and Views per save per screen, and the server was
// CPU-bound by it). The frame grows with the screens open (pacing.go),
// but a change to the case a screen has open comes within noticeFrame. An
// agent's own save is acknowledged by its save's answer, which does not
// wait for any of this.

// noticeFrame is the shortest frame, and the frame of a change to the
// case a screen has open: two frames of Bubble Tea's 60 a second, so a
// change shows within a frame or two of the first notice that comes after
// a quiet spell, which goes at once.
const noticeFrame = 33 * time.Millisecond

// maxWaiting is how many notices a session's box holds before it gives up
// the details for one Resync (a screen that has stopped reading: it loads
// everything again when it comes back, as for a store subscriber's). A
// frame of a second at a few hundred saves a second stays under it.
const maxWaiting = 1024

// noticeBox is one session's notices waiting for its next frame.
type noticeBox struct {
	// agent is the session's agent; shows the case its screen shows (0:
	// none), written by its presence (member.showTo): others' changes to
	// it go within noticeFrame. The box holds it, not the member, so that
	// a save's post to every box reads no other struct's cache line.
	agent string
	shows atomic.Int64

	mu      sync.Mutex
	changes []model.Change
	// last is how many notices the last frame took: the next frame's
	// are gathered in one slice of that size, not grown to it (a slice
	// per frame per screen, where growing was one per doubling).
	last   int
	index  bool
	resync bool
	urgent bool          // a change waits for the open case
	held   bool          // the relay waits for the frame's end anyway
	ready  chan struct{} // holds one value while something waits
}

func newNoticeBox(agent string) *noticeBox {
	return &noticeBox{agent: agent, ready: make(chan struct{}, 1)}
}

// put adds a notice (nil: none) and whether the index moved.
func (b *noticeBox) put(ch *model.Change, index bool) {
	urgent := ch != nil && b.touchesOpen(ch)
	b.mu.Lock()
	if ch != nil && !b.resync {
		if len(b.changes) >= maxWaiting || ch.Resync {
			b.changes, b.resync = nil, true
		} else {
			if b.changes == nil {
				b.changes = make([]model.Change, 0, max(b.last, 4))
			}
			b.changes = append(b.changes, *ch)
		}
	}
	b.index = b.index || index
	b.urgent = b.urgent || urgent
	// A relay holding its frame takes this at the frame's end: waking it
	// for each notice was a wake-up per save per screen.
	wake := !b.held || urgent
	b.mu.Unlock()
	if !wake {
		return
	}
	select {
	case b.ready <- struct{}{}:
	default: // already signalled
	}
}

// touchesOpen reports whether ch is another agent's change to the case
// the session has open: a conflict or an edit to show at once.
func (b *noticeBox) touchesOpen(ch *model.Change) bool {
	id := model.CaseID(b.shows.Load())
	if id == 0 {
		return false
	}
	for _, c := range ch.Cases {
		if c.ID == id {
			return ch.Author != b.agent
		}
	}
	return false
}

// take empties the box into one message.
func (b *noticeBox) take() ui.NoticesMsg {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := ui.NoticesMsg{Changes: b.changes, Index: b.index}
	if b.resync {
		m.Changes = []model.Change{{Resync: true}}
	}
	b.last = len(b.changes)
	b.changes, b.index, b.resync, b.urgent, b.held = nil, false, false, false, false
	return m
}

// isUrgent reports whether a change to the open case waits.
func (b *noticeBox) isUrgent() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.urgent
}

// hold tells the box its relay waits for the frame's end: until the box
// is taken, only a change to the open case wakes it.
func (b *noticeBox) hold() {
	b.mu.Lock()
	b.held = true
	b.mu.Unlock()
}

// openBox gives a session of agent its box; the returned function closes
// it. The session's presence tells the box the case it shows
// (member.showTo).
func (s *Server) openBox(agent string) (*noticeBox, func()) {
	b := newNoticeBox(agent)
	s.boxMu.Lock()
	s.boxes[b] = struct{}{}
	s.fanout.screens.Store(int64(len(s.boxes)))
	s.boxMu.Unlock()
	return b, func() {
		s.boxMu.Lock()
		delete(s.boxes, b)
		s.fanout.screens.Store(int64(len(s.boxes)))
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

// relayNotices sends the box's notices to the program, at most once a
// frame (frame(): other agents' changes; noticeFrame when one is to the
// case the session has open), until stop. Presence wake-ups go at once:
// they are rare.
func relayNotices(p *tea.Program, box *noticeBox, frame func() time.Duration, presence <-chan struct{}, stop <-chan struct{}) {
	timer := time.NewTimer(0)
	if !timer.Stop() {
		<-timer.C
	}
	var due <-chan time.Time // the frame's end, while notices wait for it
	var dueAt, last time.Time
	for {
		select {
		case <-box.ready:
			wait := noticeFrame
			if !box.isUrgent() {
				wait = max(frame(), noticeFrame)
			}
			at := last.Add(wait)
			if time.Now().Before(at) {
				if due == nil || at.Before(dueAt) {
					timer.Reset(time.Until(at))
					due, dueAt = timer.C, at
					box.hold()
				}
				continue // they go at the frame's end
			}
			timer.Stop()
			due = nil
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
