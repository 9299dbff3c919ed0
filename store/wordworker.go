package store

import "github.com/caredesk/caredesk/model"

// An import's new cases are tokenized and noted in the word postings on a
// goroutine of their own, beside the rest of the write (records, indexes,
// counters, customers), so that on a multi-core machine the word index
// costs an import little of its time. The worker keeps its own postings;
// applyPostings merges them in before the main ones. That order is right
// because the worker only ever adds the words of a case as it is created,
// and whatever the write does to that case later (an update from a later
// row, a note) is noted on the main side after it.

// wordJob is one new case's indexed text. fields carries the extra
// fields' orders, looked up on the write's side (the worker cannot read
// the transaction).
type wordJob struct {
	c      model.Case // shallow: its strings and slices are not changed after writeCase
	cu     caseCustomer
	orders []fieldOrderOf
}

type fieldOrderOf struct {
	key   string
	order uint32
	ok    bool
}

// wordJobsChunk is how many jobs go to the worker at once.
const wordJobsChunk = 256

type wordWorker struct {
	jobs chan []wordJob
	// free are the chunks the worker is done with, for the write to fill
	// again: a job copies a whole case, and a new chunk for every 256
	// cases was half of what the hand-over allocated.
	free   chan []wordJob
	done   chan struct{}
	next   []wordJob // being filled by the write
	closed bool      // jobs is closed: the write has no more
	// sent are the field keys whose order the write has handed over (the
	// write's side): a job carries an order only the first time.
	sent   map[string]bool
	p      postings
	slab   []posting // p's postings (postings.noteIn)
	ts     termSet
	orders map[string]fieldOrderOf
	// prepare, set before jobs is closed, asks for changes: p as sorted
	// index changes with their values (applyPostings), which uses p up.
	prepare bool
	changes []shardChange
}

func (ww *wordWorker) run() {
	defer close(ww.done)
	defer func() {
		if ww.prepare {
			ww.changes = shardChanges(ww.p, true)
			clear(ww.p) // the changes hold what they need of it
			ww.p = nil
		}
	}()
	for chunk := range ww.jobs {
		for i := range chunk {
			j := &chunk[i]
			for _, o := range j.orders {
				ww.orders[o.key] = o
			}
			ww.ts.reset()
			caseWords(&ww.ts, &j.c, j.cu.orNil(), ww.order)
			for k := range ww.ts.spans {
				ww.p.noteIn(&ww.slab, ww.ts.term(k), uint64(j.c.ID), true)
			}
		}
		clear(chunk) // the cases' strings are the write's to drop
		select {
		case ww.free <- chunk[:0]:
		default:
		}
	}
}

func (ww *wordWorker) order(key string) (uint32, bool) {
	o := ww.orders[key]
	return o.order, o.ok
}

// indexNewCase hands a new case of a bulk write, and its customer cu, to
// the word worker, starting it on the first.
func (w *wtx) indexNewCase(c *model.Case, cu caseCustomer) {
	ww := w.wordWorker
	if ww == nil {
		ww = &wordWorker{jobs: make(chan []wordJob, 4), free: make(chan []wordJob, 6), done: make(chan struct{}),
			next: make([]wordJob, 0, wordJobsChunk), sent: map[string]bool{}, p: w.workerPostings(),
			orders: map[string]fieldOrderOf{}}
		w.wordWorker = ww
		go ww.run()
	}
	ww.next = append(ww.next, wordJob{c: *c, cu: cu})
	j := &ww.next[len(ww.next)-1]
	for _, f := range c.Fields {
		if ww.sent[f.Key] {
			continue
		}
		// A key not in field_keys yet is asked again: a later row may add it.
		o, ok := w.fieldOrder(f.Key)
		j.orders = append(j.orders, fieldOrderOf{f.Key, o, ok})
		ww.sent[f.Key] = ok
	}
	if len(ww.next) == wordJobsChunk {
		ww.jobs <- ww.next
		select {
		case ww.next = <-ww.free:
		default:
			ww.next = make([]wordJob, 0, wordJobsChunk)
		}
	}
}

// finishWords tells the worker that the write's new cases are all
// handed over; with prepare, it goes on to sort its postings into index
// changes (wordWorkerChanges) while the write does the rest of its flush.
func (w *wtx) finishWords(prepare bool) {
	ww := w.wordWorker
	if ww == nil || ww.closed {
		return
	}
	if len(ww.next) > 0 {
		ww.jobs <- ww.next
	}
	ww.prepare, ww.closed = prepare, true
	close(ww.jobs)
}

// wordWorkerDone waits for the worker's postings: nil without a worker.
func (w *wtx) wordWorkerDone() postings {
	ww := w.wordWorker
	if ww == nil {
		return nil
	}
	w.finishWords(false)
	w.wordWorker = nil
	<-ww.done
	if ww.prepare {
		return nil // spent on changes
	}
	return ww.p
}

// wordWorkerChanges waits for the changes finishWords(true) asked for.
func (w *wtx) wordWorkerChanges() []shardChange {
	ww := w.wordWorker
	w.finishWords(true)
	w.wordWorker = nil
	<-ww.done
	return ww.changes
}

// mergeWorkerWords puts the worker's postings before the write's own.
func (w *wtx) mergeWorkerWords() {
	wp := w.wordWorkerDone()
	if len(wp) == 0 {
		return
	}
	p := w.words()
	for term, ps := range wp {
		if own := p[term]; own != nil {
			ps.ops = append(ps.ops, own.ops...)
		}
		p[term] = ps
	}
	clear(wp)
}

// workerPostings is the map the word worker notes in: an import
// session's, emptied, for every batch of it — a batch's grows to some
// 35,000 words, and growing a new map to that for every batch was a sixth
// of the worker's time (a sync.Pool lost it to the collector between
// batches). Emptied when spent: the postings may live on in the changes
// made of them.
func (w *wtx) workerPostings() postings {
	if w.session == nil {
		return postings{}
	}
	if w.session.wordPostings == nil {
		w.session.wordPostings = postings{}
	}
	clear(w.session.wordPostings) // a failed batch may have left some
	return w.session.wordPostings
}
