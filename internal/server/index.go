package server

// The team's case index: one for every screen. The server loads it once,
// applies each store change notice to it once, and passes the notice on
// to the screens (notices.go),
// whose queues read it (each keeping only its view, sort, query, marks and
// cursor). Before, every screen kept its own copy of a hundred thousand
// rows and applied every agent's save to it.

// startIndex loads the index and starts applying the store's notices; a
// resync (a notice lost to a full buffer) loads it again.
func (s *Server) startIndex() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopIndex != nil || s.closing {
		return
	}
	changes, unsubscribe := s.store.Subscribe() // before the load: nothing falls between
	stop, done := make(chan struct{}), make(chan struct{})
	s.stopIndex, s.indexDone = stop, done
	reload := make(chan struct{}, 1)
	reload <- struct{}{}
	loaderDone := make(chan struct{})
	go func() {
		defer close(loaderDone)
		for {
			select {
			case <-reload:
				if err := s.index.Load(); err != nil {
					s.log.Error("loading the case index", "err", err)
					continue
				}
				s.post(nil, true)
			case <-stop:
				return
			}
		}
	}()
	go func() {
		defer close(done)
		defer func() { <-loaderDone }()
		defer unsubscribe()
		for {
			select {
			case ch, ok := <-changes:
				if !ok {
					return
				}
				if ch.Resync {
					select {
					case reload <- struct{}{}:
					default: // a load is already due
					}
					s.fanout.resyncs.Add(1)
					s.post(&ch, false)
					continue
				}
				moved := s.index.ApplyQuietly(ch)
				s.post(&ch, moved)
			case <-stop:
				return
			}
		}
	}()
}

// endIndex stops applying notices.
func (s *Server) endIndex() {
	s.mu.Lock()
	stop, done := s.stopIndex, s.indexDone
	s.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	<-done
}
