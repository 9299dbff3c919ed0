package store

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Group commit. A bbolt commit costs a few milliseconds of fsync whatever
// it carries, and bbolt has one writer: on a team server every agent's save
// was its own commit, so saves queued behind each other's fsyncs (99 % of
// the server's lock wait, issue #16). Saves that arrive while a commit is
// in flight now wait for it to end and are then committed together, in one
// transaction and one fsync, by the first of them (the leader); saves that
// arrive while the leader runs its group's writes join the group. A save
// that finds no commit in flight leads at once: nothing waits on a timer,
// so a quiet desk's save is as fast as before, and the busier the desk the
// more each commit carries (bbolt's own Batch waits a fixed delay instead
// and makes every save pay it).
//
// Each call keeps its own outcome: calls run one after the other in the
// transaction, each through its own write set, so a call sees the calls
// before it as it would see earlier commits. A call that fails makes the
// leader roll the whole transaction back and run the group again without
// it (as bbolt's Batch does): its writes never land, the others are not
// harmed, and its error is the one it met after the calls before it, a
// state that then commits. A call's fn may therefore run more than once and
// must not change what it captured in a way a second run would see. Only
// once the transaction is committed, and synced, does any call return;
// the change notices go out per call, in commit order, before that.

// A call refused before it wrote anything (refuse: a conflict, a rule)
// has nothing to roll back: it fails alone and the group goes on in the
// same transaction. Before, a stale save made the leader run its whole
// group again, and on a team server the guard read each case before the
// write to keep conflicts out of the group.

// maxGroup bounds the calls one transaction carries, so that the time a
// failing call costs the others (the group runs again) stays bounded.
const maxGroup = 128

// saveCall is one write waiting for its commit.
type saveCall struct {
	author string
	fn     func(w *wtx) error
	// alone is a write that keeps its own transaction (imports, renames
	// across thousands of cases, mail fetches): it is never grouped.
	alone bool

	err      error
	panicked any // fn's panic, raised again in the caller
	change   model.Change
	tags     []string // the tags its writes changed (taxonomy.go)
	// woken says true when the call is to lead the next group, false when
	// its outcome is set.
	woken chan bool
}

// committer queues the calls waiting for a commit.
type committer struct {
	mu      sync.Mutex
	waiting []*saveCall
	leading bool // a leader is running a group
	// noticed is closed once the last group taken has sent its notices;
	// the next group waits for it, so notices go out in commit order.
	noticed chan struct{}

	saves, commits atomic.Uint64
	// lastSave is when grouped calls (agents' saves) last committed, in
	// unix nanoseconds: an import bounds its chunks by time on a desk in
	// use (importchunk.go).
	lastSave atomic.Int64
	// fill is the fill percent each bucket was given by the group's calls
	// so far: the lowest stands (see flushPending); nil outside a group's
	// transaction.
	fill map[string]float64
	// For the benchmarks' comparison only: oneTxPerSave commits every
	// call alone (as before group commit); timer makes each leader wait
	// that long before it takes its group (a batch timer, bbolt Batch's
	// way).
	oneTxPerSave bool
	timer        time.Duration
}

// CommitCounts are the writes committed since Open: Saves the calls that
// landed, Commits the write transactions (each one fsync) they took.
type CommitCounts struct{ Saves, Commits uint64 }

// CommitCounts counts the writes committed through the write path.
func (db *DB) CommitCounts() CommitCounts {
	return CommitCounts{Saves: db.group.saves.Load(), Commits: db.group.commits.Load()}
}

// ReadTxs counts the read transactions begun since Open: what a save and
// the reads that show it cost bbolt, besides the commit.
func (db *DB) ReadTxs() uint64 { return uint64(db.bolt.Stats().TxN) }

// Lookups counts the cursors bbolt made since Open, each Get being one: how
// many times the reads (and writes) went down one of the file's B-trees
// from its root. A customer's cases used to be one per case.
func (db *DB) Lookups() uint64 {
	st := db.bolt.Stats()
	return uint64(st.TxStats.GetCursorCount())
}

// CasesRead counts the whole case records decoded by id since Open (a
// summary, which the queue and a customer's cases read, is not one): what
// opening a case and a save read, counted without a clock.
func (db *DB) CasesRead() uint64 { return db.casesRead.Load() }

// update runs fn in a write transaction through a write set, grouped with
// concurrent calls, and returns once it is committed, after its change
// notice went to the subscribers.
func (db *DB) update(author string, fn func(w *wtx) error) error {
	return db.write(&saveCall{author: author, fn: fn})
}

// updateAlone is update for a big write that keeps a transaction of its
// own: an import batch, a rename across every case of a tag.
func (db *DB) updateAlone(author string, fn func(w *wtx) error) error {
	return db.write(&saveCall{author: author, fn: fn, alone: true})
}

func (db *DB) write(c *saveCall) error {
	if db.readOnly {
		return model.Errorf(model.EINVALID, "%s is opened read-only", db.path)
	}
	c.woken = make(chan bool, 1)
	g := &db.group
	g.mu.Lock()
	g.waiting = append(g.waiting, c)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead {
		lead = <-c.woken
	}
	if lead {
		db.lead(c)
	}
	if c.panicked != nil {
		panic(c.panicked)
	}
	return c.err
}

// lead commits a group: the waiting calls (an alone call as a group of
// its own) and those that join while it runs them. Once committed, it
// hands the lead to the first call that arrived meanwhile, then sends the
// notices and wakes the group's calls.
func (db *DB) lead(self *saveCall) {
	g := &db.group
	if g.timer > 0 {
		time.Sleep(g.timer)
	}
	g.mu.Lock()
	prev, noticed := g.noticed, make(chan struct{})
	g.noticed = noticed
	g.mu.Unlock()

	taken, committed := db.commitGroup()

	g.mu.Lock()
	if len(g.waiting) > 0 {
		g.waiting[0].woken <- true
	} else {
		g.leading = false
	}
	g.mu.Unlock()

	if prev != nil {
		<-prev
	}
	for _, c := range committed {
		if ch := c.change; len(ch.Cases) > 0 || len(ch.Customers) > 0 || ch.Taxonomy || ch.Replies || ch.Teams {
			db.notify(ch)
		}
	}
	close(noticed)
	for _, c := range taken {
		if c != self {
			c.woken <- false
		}
	}
}

// take moves waiting calls into group and returns them: none once the
// group is maxGroup calls or an alone call, and an alone call only into
// an empty group.
func (g *committer) take(group []*saveCall) []*saveCall {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.waiting) == 0 {
		return nil
	}
	solo := g.waiting[0].alone || g.oneTxPerSave
	if len(group) > 0 && (solo || group[0].alone) {
		return nil
	}
	n := 1
	for !solo && n < len(g.waiting) && len(group)+n < maxGroup && !g.waiting[n].alone {
		n++
	}
	more := slices.Clone(g.waiting[:n])
	g.waiting = slices.Delete(g.waiting, 0, n)
	return more
}

// commitGroup runs a group in one transaction and commits it. Calls that
// arrive while it runs the others join it, until none is waiting, so no
// call waits for a commit it could have been in. A call that fails is
// dropped with its error and the rest run again; a refused one just
// fails (refuse). It returns every call
// it took and, in order, those committed.
func (db *DB) commitGroup() (taken, committed []*saveCall) {
	g := &db.group
	calls := g.take(nil)
	taken = slices.Clone(calls)
	for len(calls) > 0 {
		failed := -1
		err := db.updateTx(func(tx *bolt.Tx) error {
			// Read and set under bbolt's writer lock, as every write
			// does: a repair's write set, outside any group, must not
			// see fill.
			lastWriter := db.lastWriter
			g.fill = map[string]float64{}
			defer func() { g.fill = nil }()
			for i := 0; ; i++ {
				if i == len(calls) {
					more := g.take(calls)
					if len(more) == 0 && !slices.ContainsFunc(calls, landing) {
						return errNothingLands
					}
					if len(more) == 0 {
						return nil
					}
					calls, taken = append(calls, more...), append(taken, more...)
				}
				if err := db.runCall(tx, calls[i]); err != nil {
					if refused(err) {
						continue // it wrote nothing: the others go on
					}
					failed = i
					db.lastWriter = lastWriter // this transaction never happens
					return err
				}
			}
		})
		if failed >= 0 {
			// The others run again, the refused ones too: what refused
			// them may have been the failed call's writes.
			calls = slices.Delete(calls, failed, failed+1)
			continue
		}
		if err == errNothingLands { // every call refused: no commit
			return taken, nil
		}
		calls = slices.DeleteFunc(calls, func(c *saveCall) bool { return !landing(c) })
		if err != nil { // the commit itself failed: nothing landed
			for _, c := range calls {
				c.err, c.change = err, model.Change{}
			}
			return taken, nil
		}
		g.commits.Add(1)
		g.saves.Add(uint64(len(calls)))
		for _, c := range calls {
			db.taxonomy.changed(c.tags)
		}
		if !calls[0].alone {
			g.lastSave.Store(time.Now().UnixNano())
		}
		return taken, calls
	}
	return taken, nil
}

// updateTx is bolt's Update, with a panic of bbolt's own (its commit)
// made the error of the group: the calls waiting on the leader must be
// woken whatever happens to it.
func (db *DB) updateTx(fn func(tx *bolt.Tx) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: the write failed: %v", db.path, r)
		}
	}()
	return db.bolt.Update(fn)
}

// runCall runs one call's fn in tx through a write set of its own and
// writes the set into tx. A panic in fn is kept for its caller.
func (db *DB) runCall(tx *bolt.Tx, c *saveCall) (err error) {
	c.err, c.change, c.tags = nil, model.Change{}, nil
	defer func() {
		if r := recover(); r != nil {
			c.panicked = r
			err = fmt.Errorf("panic in a write: %v", r)
		}
		c.err = unrefused(err)
	}()
	w := newWtx(tx, db)
	defer w.resetPending()   // on failure too: the buffers are reused
	defer w.wordWorkerDone() // on failure too: the worker ends
	// Until this write commits, no session wrote last; a session's
	// failed batch empties its own cache.
	w.lastWriter, db.lastWriter = db.lastWriter, nil
	if err := c.fn(w); err != nil {
		var r refusal
		if errors.As(err, &r) && w.npending == 0 {
			db.lastWriter = w.lastWriter // as if the call had not run
			return r
		}
		return unrefused(err)
	}
	if err := w.flush(); err != nil {
		return err
	}
	if db.beforeCommit != nil {
		if err := db.beforeCommit(); err != nil {
			return err
		}
	}
	c.change = w.change(c.author)
	for t := range w.tagsTouched {
		c.tags = append(c.tags, t)
	}
	db.lastWriter = w.session
	return nil
}

// refusal is a write's error from before it wrote anything: see refuse.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }
func (r refusal) Unwrap() error { return r.err }

// refuse marks err, met by a write's fn before it changed anything (the
// write set empty, no sequence taken), as failing that call alone: the
// rest of its group stays in the transaction. runCall checks the write
// set is indeed empty; the caller gets err itself.
func refuse(err error) error { return refusal{err} }

func refused(err error) bool {
	_, ok := err.(refusal)
	return ok
}

// landing says whether a call of a group ran without error, so that it
// lands if the group commits.
func landing(c *saveCall) bool { return c.err == nil }

// errNothingLands rolls back a group whose every call was refused: there
// is nothing to commit.
var errNothingLands = errors.New("every write of the group was refused")

// unrefused is err without the refusal mark.
func unrefused(err error) error {
	if r, ok := err.(refusal); ok {
		return r.err
	}
	return err
}
