package store

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// wtx is one write transaction's write set. Puts and deletes are buffered
// per bucket and applied sorted by key at the end (random-order puts into a
// growing B+tree are many times slower than ordered ones); counters are
// summed in memory and written once. get sees the buffered writes, so the
// code above reads its own writes as with a plain *bolt.Tx.
type wtx struct {
	tx  *bolt.Tx
	db  *DB
	now time.Time

	buckets  map[string]*bolt.Bucket
	cursors  map[string]*bolt.Cursor // reused by get: bolt's Get makes a cursor per call
	pending  map[string]*pendingBucket
	npending int
	appendOK map[string]bool // bucket written only past its last key so far

	counts   map[string]int64 // counts bucket deltas
	tagDay   map[string]int64 // tag_day deltas, by key
	areaDay  map[string]int64 // area_day deltas, by key
	tagCases map[string]int64 // tags bucket Cases deltas
	// tagAdded widens the tags' first and last use: tag → [first, last]
	// unix seconds it was put on a case in this write (see noteTagAdded).
	tagAdded map[string][2]int64
	// tagLabels are labels an import brings for tags that have none yet.
	tagLabels map[string]string
	// tagRetired is whether a tag an import puts on cases is retired, read
	// once per write (an import warns of it on every row, see rowWarnings).
	tagRetired map[string]bool
	// tagRenamed is what a renamed tag an import brings is called now,
	// "" for a tag that is one, and renames the taxonomy's renames and
	// merges; read once per write (importrenamed.go).
	tagRenamed map[string]string
	renames    map[string]string
	// tagUses are agents' tag additions an import's history brings: tag →
	// [count, last unix second] (an agent's own add counts in Act).
	tagUses map[string][2]int64
	// retagging: a rename or merge moves tags between names; the cases'
	// new tag is not a new use (the old tag's first and last move with it).
	retagging bool

	changed      map[model.CaseID]int // index into cases
	cases        []model.Summary
	customers    map[model.CustomerID]model.Customer
	taxonomy     bool
	tagsTouched  map[string]bool // tags whose record or days changed (taxonomy.go)
	replies      bool
	teamsChanged bool                  // someone went away or came back
	createdEv    map[model.CaseID]bool // cases given a stored created event here
	bulk         bool                  // an import: see appendPoints

	// session is the import this write is a batch of (nil: none);
	// lastWriter the session of the write before it (importsession.go).
	session, lastWriter *ImportSession
	custCache           *customerCache // begun by customerCache()

	agentKeyCache, teamKeyCache map[string]*routeKeys // routing.go
	routeTexts                  map[routeText]string
	importRoutes                *importRoutes // importroutes.go

	// The word index's changes, applied at flush (words.go).
	caseWords          postings
	lastCustomer       model.Customer // the last customer customerFor found, for its words (customerText)
	wordWorker         *wordWorker    // a bulk write's new cases' words (wordworker.go)
	oldTerms, newTerms termSet
	fieldOrders        map[string]uint32
}

// pendingBucket holds one bucket's buffered writes in the order made. Only
// buckets that writes read back keep a key → position map; the indexes and
// the events are write-only inside a write, so they skip the map (it was a
// third of an import's time) and are sorted and de-duplicated at flush.
type pendingBucket struct {
	ops []kop
	pos map[string]int // nil for write-only buckets
}

type kop struct {
	key, val []byte
	del      bool
	n        int // write order, so the last write of a key wins after sorting
}

// flushEvery bounds the write set of a huge transaction: past it the
// buffered puts go to the tree early (still in order, still one commit).
const flushEvery = 400_000

func newWtx(tx *bolt.Tx, db *DB) *wtx {
	return &wtx{tx: tx, db: db, now: db.now().UTC(), buckets: map[string]*bolt.Bucket{}, cursors: map[string]*bolt.Cursor{},
		pending: map[string]*pendingBucket{}, appendOK: map[string]bool{}, counts: map[string]int64{},
		tagDay: map[string]int64{}, areaDay: map[string]int64{}, tagCases: map[string]int64{}, tagAdded: map[string][2]int64{}, changed: map[model.CaseID]int{},
		customers: map[model.CustomerID]model.Customer{}}
}

func (w *wtx) bucket(name []byte) *bolt.Bucket {
	if b, ok := w.buckets[string(name)]; ok {
		return b
	}
	b := w.tx.Bucket(name)
	w.buckets[string(name)] = b
	return b
}

// get returns the value of key, buffered or stored. Like bolt's Get, the
// result must not be kept past the transaction or modified.
func (w *wtx) get(name, key []byte) []byte {
	if pb := w.pending[string(name)]; pb != nil {
		if pb.pos != nil {
			if i, ok := pb.pos[string(key)]; ok {
				return pb.ops[i].value()
			}
		} else {
			for i := len(pb.ops) - 1; i >= 0; i-- { // not used on hot paths
				if bytes.Equal(pb.ops[i].key, key) {
					return pb.ops[i].value()
				}
			}
		}
	}
	c, ok := w.cursors[string(name)]
	if !ok {
		b := w.bucket(name)
		if b == nil {
			return nil
		}
		c = b.Cursor()
		w.cursors[string(name)] = c
	}
	k, v := c.Seek(key)
	if !bytes.Equal(k, key) {
		return nil
	}
	return v
}

func (o *kop) value() []byte {
	if o.del {
		return nil
	}
	return o.val
}

func (w *wtx) put(name, key, val []byte) { w.set(name, kop{key: key, val: val}) }

func (w *wtx) del(name, key []byte) { w.set(name, kop{key: key, del: true}) }

func (w *wtx) set(name []byte, o kop) {
	w.touchedTag(name, o.key)
	pb := w.pending[string(name)]
	if pb == nil {
		pb = w.db.scratch[string(name)] // kept from the last write: no regrowing
		if pb == nil {
			pb = &pendingBucket{}
			if readBack[string(name)] {
				pb.pos = map[string]int{}
			}
			w.db.scratch[string(name)] = pb
		}
		w.pending[string(name)] = pb
	}
	w.npending++
	o.n = w.npending
	if pb.pos != nil {
		if i, ok := pb.pos[string(o.key)]; ok {
			pb.ops[i] = o
			return
		}
		pb.pos[string(o.key)] = len(pb.ops)
	}
	pb.ops = append(pb.ops, o)
}

// maybeFlush writes the buffer early once it is large; callers loop over
// many rows and call it between rows.
func (w *wtx) maybeFlush() error {
	if w.npending < flushEvery {
		return nil
	}
	return w.flushPending()
}

// appendPoints are the indexes an import writes at a few places each — the
// end of one status × priority, one tag, one tag's days, the last shard or
// two of idx_words and idx_customer — because rows come roughly in
// creation order. A page
// split at bbolt's default 50% there stays half empty for good (nothing
// later lands before the new keys), so a bulk import fills their pages to
// bulkFill instead. (The word index was 59% full: a 10k-row batch starts
// in the shard the last one ended in, so it was never append-only.)
var appendPoints = map[string]bool{string(bucketQueue): true, string(bucketTagIdx): true,
	string(bucketCreated): true, string(bucketTagDay): true, string(bucketAreaDay): true,
	string(bucketWords): true, string(bucketCustomerIdx): true}

// bulkFill leaves room for the odd later insert (an agent's status change
// moves a case within idx_queue) before a page splits again.
const bulkFill = 0.9

// parallelSortOps is the write-set size from which flushPending sorts the
// next bucket on another goroutine while it writes the previous one.
const parallelSortOps = 20_000

func cmpKop(a, b kop) int {
	if c := bytes.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.n, b.n)
}

func sortOps(ops []kop) {
	if !slices.IsSortedFunc(ops, cmpKop) {
		slices.SortFunc(ops, cmpKop)
	}
}

// flushPending applies the buffered puts and deletes, bucket by bucket in
// key order (the last write of a key wins). A bucket only ever appended to
// in this transaction is filled to 100% when its pages are written: it
// will not be split in the middle again, and the file is half the size.
func (w *wtx) flushPending() error {
	names := make([]string, 0, len(w.pending))
	for name := range w.pending {
		names = append(names, name)
	}
	// The cases, always in order on import, go first: sorting the other
	// buckets overlaps with writing them.
	slices.SortFunc(names, func(a, b string) int {
		if (a == string(bucketCases)) != (b == string(bucketCases)) {
			if a == string(bucketCases) {
				return -1
			}
			return 1
		}
		return cmp.Compare(len(w.pending[b].ops), len(w.pending[a].ops))
	})
	sorted := make([]chan struct{}, len(names))
	if w.npending >= parallelSortOps {
		for i := range sorted {
			sorted[i] = make(chan struct{})
		}
		stop, finished := make(chan struct{}), make(chan struct{})
		defer func() {
			close(stop)
			<-finished // the buffers are reset after this returns
		}()
		go func() {
			defer close(finished)
			for i, name := range names {
				select {
				case <-stop: // the writes failed: stop sorting
					return
				default:
				}
				sortOps(w.pending[name].ops)
				close(sorted[i])
			}
		}()
	}
	for i, name := range names {
		pb := w.pending[name]
		b := w.bucket([]byte(name))
		if b == nil {
			return model.Errorf(model.EINTERNAL, "%s: bucket %s is missing", w.db.path, name)
		}
		if sorted[i] != nil {
			<-sorted[i]
		} else {
			sortOps(pb.ops)
		}
		ops := pb.ops
		appendOnly, seen := w.appendOK[name]
		if !seen || appendOnly {
			last, _ := b.Cursor().Last()
			appendOnly = last == nil || bytes.Compare(ops[0].key, last) > 0
			w.appendOK[name] = appendOnly
		}
		switch {
		case appendOnly:
			b.FillPercent = 1.0 // read at commit, when nodes are split
		case w.bulk && appendPoints[name]:
			b.FillPercent = bulkFill
		default:
			b.FillPercent = bolt.DefaultFillPercent
		}
		// Pages split at commit: in a group commit the lowest fill any
		// call asked for stands, or one call's append-only fill would
		// pack the pages another call inserted into.
		if fill := w.db.group.fill; fill != nil {
			if f, ok := fill[name]; ok && f < b.FillPercent {
				b.FillPercent = f
			}
			fill[name] = b.FillPercent
		}
		for i := range ops {
			if i+1 < len(ops) && bytes.Equal(ops[i].key, ops[i+1].key) {
				continue // a later write of the same key wins
			}
			var err error
			if ops[i].del {
				err = b.Delete(ops[i].key)
			} else {
				err = b.Put(ops[i].key, ops[i].val)
			}
			if err != nil {
				return err
			}
		}
	}
	w.resetPending()
	return nil
}

// resetPending empties the buffers for reuse, dropping their references so
// the written keys and values can be collected.
func (w *wtx) resetPending() {
	for _, pb := range w.pending {
		clear(pb.ops)
		pb.ops = pb.ops[:0]
		if pb.pos != nil {
			clear(pb.pos)
		}
	}
	w.pending = map[string]*pendingBucket{}
	w.npending = 0
}

// flush writes counters and the buffer; update calls it before commit.
// The word worker, if any, sorts its postings meanwhile: the word index
// is written last, after the other buckets.
func (w *wtx) flush() error {
	w.finishWords(len(w.caseWords) == 0)
	for tag, d := range w.tagCases {
		if d == 0 {
			continue
		}
		rec, err := w.tagRecord(tag)
		if err != nil {
			return err
		}
		rec.Cases += d
		if fl, ok := w.tagAdded[tag]; ok {
			rec.added(fl[0])
			rec.added(fl[1])
			delete(w.tagAdded, tag)
		}
		w.putTag(tag, &rec)
	}
	for tag, fl := range w.tagAdded { // added and taken off again in this write
		rec, err := w.tagRecord(tag)
		if err != nil {
			return err
		}
		rec.added(fl[0])
		rec.added(fl[1])
		w.putTag(tag, &rec)
	}
	for tag, u := range w.tagUses {
		if w.get(bucketTags, []byte(tag)) == nil {
			continue // the tag is on no case now: no record to count on
		}
		rec, err := w.tagRecord(tag)
		if err != nil {
			return err
		}
		rec.Uses += u[0]
		rec.LastAdded = max(rec.LastAdded, u[1])
		w.putTag(tag, &rec)
	}
	for tag, label := range w.tagLabels {
		if w.get(bucketTags, []byte(tag)) == nil {
			continue // no case took the tag (an agent had taken it off)
		}
		rec, err := w.tagRecord(tag)
		if err != nil {
			return err
		}
		if rec.Label == "" {
			rec.Label = label
			w.putTag(tag, &rec)
		}
	}
	for k, d := range w.tagDay {
		if d != 0 {
			w.addCounter(bucketTagDay, []byte(k), d)
		}
	}
	for k, d := range w.areaDay {
		if d != 0 {
			w.addCounter(bucketAreaDay, []byte(k), d)
		}
	}
	for k, d := range w.counts {
		if d != 0 {
			w.addCounter(bucketCounts, []byte(k), d)
		}
	}
	w.putTurns()
	for _, k := range w.agentKeyCache {
		k.loaded = false // the counts just moved into the bucket
	}
	w.tagCases, w.tagDay, w.areaDay, w.counts = map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	w.tagAdded, w.tagLabels, w.tagUses = map[string][2]int64{}, nil, nil
	w.putImportRoutes()
	if ww := w.wordWorker; ww != nil && ww.prepare {
		// The rest goes to the tree while the worker sorts its postings:
		// the word index no longer waits for them, nor they for it.
		if err := w.flushPending(); err != nil {
			return err
		}
	}
	if err := w.applyPostings(); err != nil {
		return err
	}
	return w.flushPending()
}

// addCounter adds d to an int64 counter, deleting it at zero so that
// tag_day holds only days that have cases.
func (w *wtx) addCounter(name, key []byte, d int64) {
	v := int64(getU64(w.get(name, key))) + d
	if v == 0 {
		w.del(name, key)
		return
	}
	w.put(name, key, u64(uint64(v)))
}

// touchCase records c for the change notice.
func (w *wtx) touchCase(c *model.Case) {
	sum := c.Summary()
	sum.Tags = slices.Clone(sum.Tags) // the caller may change c's tags later
	if i, ok := w.changed[c.ID]; ok {
		w.cases[i] = sum
		return
	}
	w.changed[c.ID] = len(w.cases)
	w.cases = append(w.cases, sum)
}

func (w *wtx) touchCustomer(cu model.Customer) { w.customers[cu.ID] = cu }

func (w *wtx) change(author string) model.Change {
	ch := model.Change{Cases: w.cases, Taxonomy: w.taxonomy, Replies: w.replies, Teams: w.teamsChanged, Author: author}
	for _, cu := range w.customers {
		ch.Customers = append(ch.Customers, cu)
	}
	slices.SortFunc(ch.Customers, func(a, b model.Customer) int { return cmp.Compare(a.ID, b.ID) })
	return ch
}

// getter is what the lookup helpers need: a read transaction or a write set.
type getter interface {
	get(name, key []byte) []byte
}

// rtx adapts a read transaction to getter.
type rtx struct{ tx *bolt.Tx }

func (r rtx) get(name, key []byte) []byte {
	b := r.tx.Bucket(name)
	if b == nil {
		return nil
	}
	return b.Get(key)
}
