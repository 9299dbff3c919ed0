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
	jobs   chan []wordJob
	done   chan struct{}
	next   []wordJob // being filled by the write
	closed bool      // jobs is closed: the write has no more
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
		ww = &wordWorker{jobs: make(chan []wordJob, 4), done: make(chan struct{}), p: postings{},
			orders: map[string]fieldOrderOf{}}
		w.wordWorker = ww
		go ww.run()
	}
	j := wordJob{c: *c, cu: cu}
	for _, f := range c.Fields {
		o, ok := w.fieldOrder(f.Key)
		j.orders = append(j.orders, fieldOrderOf{f.Key, o, ok})
	}
	ww.next = append(ww.next, j)
	if len(ww.next) == wordJobsChunk {
		ww.jobs <- ww.next
		ww.next = make([]wordJob, 0, wordJobsChunk)
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
}
