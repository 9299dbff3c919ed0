package store

import (
	"sync"

	"github.com/caredesk/caredesk/model"
)

// subscriberBuffer is how many notices a subscriber may fall behind before
// it is sent a Resync instead. A group commit sends its calls' notices in
// one burst (up to maxGroup of them): with room for 64 the team server's
// index fell behind a single busy group, and every Resync made all its
// screens recount 100k rows — 200 screens stalled. Room for several full
// groups costs a few hundred kB per subscriber (one per process or server).
const subscriberBuffer = 8 * maxGroup

// subscriber is one reader of change notices. A writer never blocks on it:
// when its buffer is full the notice is dropped and a goroutine delivers one
// Resync as soon as the reader makes room.
type subscriber struct {
	ch   chan model.Change
	wake chan struct{} // a notice was dropped
	done chan struct{} // unsubscribed
	exit sync.WaitGroup
	once sync.Once
}

// Subscribe returns a channel of change notices, sent after each committed
// write, and a function that ends the subscription and closes the channel.
func (db *DB) Subscribe() (<-chan model.Change, func()) {
	s := &subscriber{ch: make(chan model.Change, subscriberBuffer), wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.exit.Add(1)
	go s.resyncLoop()
	db.subMu.Lock()
	db.subs[s] = struct{}{}
	db.subMu.Unlock()
	return s.ch, func() {
		db.subMu.Lock()
		delete(db.subs, s)
		db.subMu.Unlock()
		s.stop()
	}
}

func (s *subscriber) resyncLoop() {
	defer s.exit.Done()
	defer close(s.ch)
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
			select {
			case s.ch <- model.Change{Resync: true}:
			case <-s.done:
				return
			}
		}
	}
}

// stop ends the subscription; the channel is closed once the resync
// goroutine has gone, so nothing sends on a closed channel.
func (s *subscriber) stop() {
	s.once.Do(func() { close(s.done) })
	s.exit.Wait()
}

// notify hands ch to every subscriber without waiting.
func (db *DB) notify(ch model.Change) {
	db.subMu.Lock()
	defer db.subMu.Unlock()
	for s := range db.subs {
		select {
		case s.ch <- ch:
		default:
			select {
			case s.wake <- struct{}{}:
			default: // a Resync is already on its way
			}
		}
	}
}
