package server

import (
	"context"
	"net"
	"sync"
)

// Serve and Shutdown can meet at any moment (a SIGTERM as serve starts, a
// test that ends at once). The ssh library's Shutdown closes only the
// listeners its Serve has begun to track, and waits for them while Serve
// adds itself: a Shutdown that came first left Serve accepting on an open
// listener for ever (and the race detector saw the two meet). So the
// server keeps its listeners itself: Shutdown closes them and waits for
// Serve to return before it asks the ssh library to shut down.

// serveStarts registers ln for Serve, or closes it and reports false when
// the server is already shutting down.
func (s *Server) serveStarts(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		ln.Close()
		return false
	}
	s.listeners = append(s.listeners, ln)
	s.serving.Add(1) // under mu with the closing check: endServing's Wait is safe
	return true
}

// endServing closes Serve's listeners and waits, until ctx ends, for every
// Serve to return. Shutdown calls it after setting closing.
func (s *Server) endServing(ctx context.Context) {
	s.mu.Lock()
	lns := s.listeners
	s.listeners = nil
	s.mu.Unlock()
	for _, ln := range lns {
		ln.Close()
	}
	_ = waitCtx(ctx, &s.serving)
}

// waitCtx waits for wg, or until ctx ends (its error).
func waitCtx(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
