package caseindex

import (
	"sync"
	"sync/atomic"

	"github.com/caredesk/caredesk/model"
)

// Index is the live case index: every case as a row, kept current by
// applying store change notices once. A local app has one per Queue; a
// team server has one for all its sessions, each session's Queue reading
// it (NewSharedQueue), so that a save is applied once rather than once per
// open screen, and a hundred screens hold one copy of the rows.
//
// Readers never lock a row: they read immutable Snapshots. The writer
// (Apply, Load) copies the chunk of rows it changes, and every change is
// also kept as a Delta, which each Queue replays onto its own order, list
// and counts (Queue.patch).
type Index struct {
	src Source

	// applying is the writer's lock: Apply changes the rows under it
	// alone, and takes mu only to publish the new snapshot, its delta and
	// the counts, so that the screens' readers (since, state, counted
	// views) never wait for the rows to be changed. Load takes it to swap
	// in its rows. Taken before mu.
	applying sync.Mutex

	mu      sync.Mutex
	b       *builder  // nil until the first load
	snap    *Snapshot // the latest frozen state
	epoch   int       // bumped by every load, and when row numbers move
	version uint64    // changes applied in this epoch
	deltas  []Delta   // the latest changes; deltas[0] is version base+1
	base    uint64
	loading bool
	pending []model.Change // notices that came during a load, replayed after it
	loaded  chan struct{}  // closed by the first load
	done    bool
	watch   map[chan struct{}]struct{}
	// sorts are the newest sorted snapshot's rows in each order, sorted
	// once for every queue that asks (a team's screens opening, or
	// changing sort); a queue copies one before it patches it, and one
	// that opens a few saves later patches those on (sortedBase).
	sorts [NumSorts]sortedRows
	// sortsRun counts the sorts of every row: work a screen opening
	// should not redo (the tests read it).
	sortsRun int
	// counts are the counted views' shared counts (viewcount.go).
	counts map[countKey]*viewCount
	// recomputes counts the queues' recomputes over the rows (a sort or
	// resort, a filter and a count of every case): on a team server the
	// work that grows with screens × cases, counted without a clock.
	recomputes atomic.Uint64
}

// Recomputes is how many times a queue sorted, filtered and counted every
// row of this index since it was made.
func (x *Index) Recomputes() uint64 { return x.recomputes.Load() }

type sortedRows struct {
	snap       *Snapshot
	epoch      int
	version    uint64
	order, pos []int32
}

// maxCatchUp is how many changes behind the newest sorted snapshot may be
// for a queue opening to start from it: patching one costs microseconds,
// sorting 100k rows afresh about ten milliseconds.
const maxCatchUp = 256

// sorted returns every row of snap (version of epoch) in order by, and
// its inverse, sorted once per snapshot and order; the newest of an epoch
// is kept for the queues that open after it. The slices are shared: read
// them only.
func (x *Index) sorted(snap *Snapshot, epoch int, version uint64, by Sort) (order, pos []int32) {
	x.mu.Lock()
	c := x.sorts[by]
	x.mu.Unlock()
	if c.snap == snap {
		return c.order, c.pos
	}
	order = sortAll(snap, by)
	pos = inverse(order)
	x.mu.Lock()
	x.sortsRun++
	if c := x.sorts[by]; epoch == x.epoch && (c.snap == nil || c.epoch != epoch || version > c.version) {
		x.sorts[by] = sortedRows{snap: snap, epoch: epoch, version: version, order: order, pos: pos}
	}
	x.mu.Unlock()
	return order, pos
}

// sortedBase is the newest snapshot sorted by by, with its epoch and
// version, when a queue can start from it and patch on the changes since
// (ok false: none of this epoch, or too far behind). On a team server
// saves come faster than screens open, so the snapshot a screen starts
// from is rarely the one another sorted: each sorted every row again.
func (x *Index) sortedBase(by Sort) (snap *Snapshot, epoch int, version uint64, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	c := x.sorts[by]
	if c.snap == nil || c.epoch != x.epoch || c.version < x.base || x.version-c.version > maxCatchUp {
		return nil, 0, 0, false
	}
	return c.snap, c.epoch, c.version, true
}

// Delta is one applied notice: which rows changed, and what they were.
type Delta struct {
	rows []rowChange
}

type rowChange struct {
	idx int32
	old Row  // the row before, when had
	had bool // false: a new row, appended
}

// maxDeltas bounds the changes kept for a Queue that has not caught up; one
// further behind recomputes from the latest snapshot.
const maxDeltas = 4096

// NewIndex makes an empty index over src; Load fills it.
func NewIndex(src Source) *Index {
	return &Index{src: src, loaded: make(chan struct{}), watch: map[chan struct{}]struct{}{}}
}

// Load reads every customer and case (again), off any screen's loop.
// Notices applied meanwhile are applied to the new rows too.
func (x *Index) Load() error {
	x.mu.Lock()
	x.loading = true
	x.pending = nil
	x.mu.Unlock()
	b, err := loadIndex(x.src)
	x.applying.Lock() // no Apply between the pending notices and the swap
	x.mu.Lock()
	x.loading = false
	if err != nil {
		x.pending = nil
		x.mu.Unlock()
		x.applying.Unlock()
		return err
	}
	for _, ch := range x.pending {
		b.upsertCustomers(ch.Customers)
		for i := range ch.Cases {
			b.upsert(&ch.Cases[i])
		}
	}
	x.pending = nil
	x.b = b
	x.newEpoch()
	x.recountViews()
	first := !x.done
	x.done = true
	x.mu.Unlock()
	x.applying.Unlock()
	if first {
		close(x.loaded)
	}
	x.notify()
	return nil
}

// Loaded is closed once the first Load has finished.
func (x *Index) Loaded() <-chan struct{} { return x.loaded }

// newEpoch starts over: row numbers may have moved, so every Queue sorts
// afresh. Called with the lock held.
func (x *Index) newEpoch() {
	x.snap = x.b.freeze()
	x.epoch++
	x.version, x.base, x.deltas = 0, 0, nil
}

// Apply applies a store change notice (a Resync is the caller's to answer
// with Load) and wakes the watchers.
func (x *Index) Apply(ch model.Change) {
	if x.apply(ch, false) {
		x.notify()
	}
}

// ApplyQuietly applies a store change notice without waking the watchers
// and reports whether the rows changed: for an owner that tells its
// readers itself (a team server puts it in every session's box).
func (x *Index) ApplyQuietly(ch model.Change) bool { return x.apply(ch, false) }

// apply applies a notice; inPlace writes rows without copying their chunk,
// for a caller that knows no other goroutine reads a snapshot meanwhile.
// It reports whether the rows changed.
func (x *Index) apply(ch model.Change, inPlace bool) bool {
	if len(ch.Cases) == 0 && len(ch.Customers) == 0 {
		return false
	}
	x.applying.Lock()
	defer x.applying.Unlock()
	x.mu.Lock()
	if x.loading {
		x.pending = append(x.pending, ch)
	}
	b := x.b // not swapped while applying is held
	x.mu.Unlock()
	if b == nil {
		return false
	}
	b.inPlace = inPlace
	defer func() { b.inPlace = false }()
	// A customer's new name changes only search texts: no key, no view,
	// so it needs no row in the delta (a search runs again on the new
	// snapshot).
	b.upsertCustomers(ch.Customers)
	var d Delta
	moved := false
	for i := range ch.Cases {
		s := &ch.Cases[i]
		ri, found := b.snap.Find(s.ID)
		var old Row
		if found {
			old = *b.snap.At(ri)
		}
		idx, isNew := b.upsert(s)
		if isNew && int(idx) != b.snap.n-1 {
			moved = true // an id below the newest: the rows after it moved
		}
		if found && old == *b.snap.At(idx) {
			continue // an older version, ignored
		}
		d.rows = append(d.rows, rowChange{idx: idx, old: old, had: found})
	}
	var snap *Snapshot
	if !moved {
		snap = b.freeze()
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if moved {
		x.newEpoch()
		x.recountViews()
		return true
	}
	x.snap = snap
	x.patchCounts(x.snap, &d, len(ch.Customers) > 0)
	x.version++
	x.deltas = append(x.deltas, d)
	if len(x.deltas) > maxDeltas {
		drop := len(x.deltas) - maxDeltas/2
		x.deltas = append(x.deltas[:0:0], x.deltas[drop:]...)
		x.base += uint64(drop)
	}
	return true
}

// since returns the changes after version v of epoch, the snapshot they
// lead to and its version; ok false means the Queue must sort afresh (a
// new epoch, or too far behind).
func (x *Index) since(epoch int, v uint64) (ds []Delta, snap *Snapshot, atEpoch int, at uint64, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.snap == nil {
		return nil, nil, 0, 0, false
	}
	if epoch != x.epoch || v < x.base || v > x.version {
		return nil, x.snap, x.epoch, x.version, false
	}
	return x.deltas[v-x.base:], x.snap, x.epoch, x.version, true
}

// state is the latest snapshot with its epoch and version.
func (x *Index) state() (*Snapshot, int, uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.snap, x.epoch, x.version
}

// Watch returns a channel that receives (at most one waiting value) when
// the rows change; stop ends the watch.
func (x *Index) Watch() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	x.mu.Lock()
	x.watch[ch] = struct{}{}
	x.mu.Unlock()
	return ch, func() {
		x.mu.Lock()
		delete(x.watch, ch)
		x.mu.Unlock()
	}
}

func (x *Index) notify() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for ch := range x.watch {
		select {
		case ch <- struct{}{}:
		default: // a wake-up is already waiting
		}
	}
}
