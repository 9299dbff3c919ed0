package server

import (
	"fmt"
	"sync"
	"time"
)

// jobs are the server's background work while it serves: started once by
// Serve, stopped and waited for by Shutdown before the database closes.
type jobs struct {
	stopCh chan struct{}
	wg     sync.WaitGroup
}

// start runs each fn in its own goroutine until stop, unless the server
// is closing (closing is read under mu).
func (j *jobs) start(mu *sync.Mutex, closing *bool, fns ...func(stop <-chan struct{})) {
	mu.Lock()
	defer mu.Unlock()
	if j.stopCh != nil || *closing {
		return
	}
	j.stopCh = make(chan struct{})
	for _, fn := range fns {
		j.wg.Add(1)
		go func() {
			defer j.wg.Done()
			fn(j.stopCh)
		}()
	}
}

// stop ends the jobs and waits for them. Shutdown calls it after setting
// closing, so start can no longer begin them.
func (j *jobs) stop() {
	if j.stopCh != nil {
		close(j.stopCh)
	}
	j.wg.Wait()
}

// agentsCheck is how often open sessions are held to the agents file
// when nothing else read it: an authentication or a write that reads a
// changed file holds them to it at once.
const agentsCheck = time.Second

// RemovedNotice is what an agent taken off the agents file is told as
// their sessions end.
const RemovedNotice = "you are no longer on this desk's agents list: disconnecting"

// RemovedFarewell is the line a removed agent's terminal keeps once their
// screen has gone (the screen's own notice goes with the screen).
const RemovedFarewell = "your access to this desk was removed"

// removedGrace is how long a removed agent's screen has to leave by
// itself, its farewell written, before the connection is closed under
// it: the README promises the screens go within a second.
const removedGrace = 800 * time.Millisecond

// watchAgents ends, at once, every session of an agent taken off the
// agents file (or whose key was): until now they could still read every
// case, only their writes were refused.
func (s *Server) watchAgents(stop <-chan struct{}) {
	t := time.NewTicker(agentsCheck)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		case <-s.agents.reloaded:
		}
		if d := s.agents.missingFor(); d > 0 && d < missingGrace {
			continue // a moment's gap while the file is saved: the ticker looks again
		}
		s.mu.Lock()
		live := make([]*liveSession, 0, len(s.sessions))
		for l := range s.sessions {
			live = append(live, l)
		}
		s.mu.Unlock()
		for _, l := range live {
			if _, ok := s.agents.Lookup(l.agent, l.key); ok || !l.markRemoved() {
				continue
			}
			s.log.Warn("session ended: agent no longer on the agents list", "agent", l.agent, "remote", l.sess.RemoteAddr().String())
			if !l.notify(noticeQuit(RemovedNotice)) {
				fmt.Fprintf(l.sess.Stderr(), "caredesk: %s\r\n", RemovedNotice)
			}
			// The screen quits on the notice and says farewell below
			// it; the connection goes after removedGrace whatever the
			// program is doing.
			go func() {
				select {
				case <-l.gone:
				case <-time.After(removedGrace):
				}
				_ = l.sess.Close()
			}()
		}
	}
}
