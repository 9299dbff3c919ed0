package caseindex

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caredesk/caredesk/model"
)

// The queue's search. A query is parsed with model.ParseQuery: key:value
// filters select exactly through Query.Match, and the remaining text is
// fuzzy-matched against each case's search text with sahilm/fuzzy's rules,
// best first, ties in the queue's current order.
//
// Running sahilm/fuzzy itself over a million strings takes seconds: it
// decodes every rune and allocates the matched indexes of every hit. So the
// search runs the same algorithm without allocating (fuzzyScore, checked
// against the library by TestFuzzyScoreMatchesSahilm), skips cases that
// cannot match with a byte-level subsequence test, narrows within the last
// results when the query only grew, and splits the candidates over the
// cores. The library itself highlights the few rows on screen.
//
// A full-text index plugs in through WordsFunc: when the caller's Config
// has one and it answers for the query's words, its cases take the place
// of the fuzzy match (filters still apply, its scores rank them, the most
// recent first among equals). When the words find nothing, a typo
// tolerant match of names, e-mails, subjects and tags takes over
// (typo.go): below every word match, and only then, so it never floods.

// WordsFunc resolves the text of a query — words, phrases, exclusions,
// extra-field filters (Query.NeedsIndex) — to the cases that hold them:
// the seam for the store's word index. It runs off the caller's loop, once
// per search, and must be safe to call from any goroutine. ok false means
// it does not answer (no index), and the search fuzzy-matches the words as
// before. Higher scores list first. err says the query cannot be answered
// as written (a filter on a field no case has): nothing is listed and the
// queue says why (QueryErr) instead of a silent 0.
type WordsFunc func(q model.Query) (hits []WordHit, ok bool, err error)

// WordHit is a case a WordsFunc found, and how well it matched.
type WordHit struct {
	ID    model.CaseID
	Score int32
}

// searchReq is one search, run off the Update loop.
type searchReq struct {
	seq   int
	snap  *Snapshot
	order []int32 // every row in the queue's order
	pos   []int32 // the inverse of order: row → its place in order
	sort  Sort
	q     model.Query
	raw   string // the words typed
	scope string // the saved view's query they narrow, "" for none
	now   int64
	env   matchEnv
	prev  *searchResult // the last finished search, to narrow within
	words WordsFunc
}

// matchEnv is what Query.Match needs besides the case.
type matchEnv struct {
	me  string
	sla model.SLAPolicy
	clk Clock
}

// searchResult is a finished search.
type searchResult struct {
	seq        int
	gen        uint64
	sort       Sort
	filters    string  // the filters' canonical form
	text       string  // the fuzzy text
	raw        string  // the query as typed
	scope      string  // the saved view's query it narrows
	cands      []int32 // the rows that matched, ascending, to narrow within (nil: not narrowable)
	list       []int32 // best first
	byWords    bool    // the text was answered by the WordsFunc
	typos      bool    // the words found nothing: these are typo matches
	refused    string  // why the WordsFunc could not answer the query as written
	outside    int32   // the case a reference names that the view leaves out (caseref.go)
	hasOutside bool
	q          model.Query
}

// filterKey is the canonical form of a query's filters, each with the
// part of a narrowed view it belongs to: status:new then status:open
// typed after it is not status:new status:open.
func filterKey(q model.Query) string {
	var b strings.Builder
	for _, f := range q.Filters() {
		b.WriteString(f.String())
		b.WriteByte(' ')
		if f.Part() > 0 {
			b.WriteString(strconv.Itoa(f.Part()))
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// narrowable reports whether every match of text is also a match of prev:
// prev's characters appear in text in order (ignoring case).
func narrowable(prev, text string) bool {
	pr := []rune(strings.ToLower(prev))
	i := 0
	for _, r := range strings.ToLower(text) {
		if i < len(pr) && pr[i] == r {
			i++
		}
	}
	return i == len(pr)
}

// runSearch performs a search. It never touches the queue's state.
func runSearch(req searchReq) *searchResult {
	res := &searchResult{seq: req.seq, gen: req.snap.gen, sort: req.sort, filters: filterKey(req.q),
		text: req.q.Text, raw: req.raw, scope: req.scope, q: req.q}
	base := req.order
	// The rows to test, in memory order, when the last results can be
	// narrowed; nil for every row.
	var within []int32
	narrow := false
	// The full-text index's answer for the words, by row.
	var wordScores map[model.CaseID]int32
	if req.words != nil && req.q.NeedsIndex() {
		hits, ok, err := req.words(req.q)
		if err != nil {
			res.refused, res.list = model.ErrorMessage(err), []int32{}
			return res
		}
		if ok {
			res.byWords = true
			wordScores = make(map[model.CaseID]int32, len(hits))
			for _, h := range hits {
				wordScores[h.ID] = h.Score
			}
		}
	}
	if p := req.prev; p != nil && p.cands != nil && !p.byWords && !res.byWords && p.gen == res.gen &&
		p.sort == res.sort && p.filters == res.filters && narrowable(p.text, res.text) {
		narrow = true
		base, within = p.cands, p.cands
	}
	hasFilters := len(req.q.Filters()) > 0
	pat := newPattern(res.text)
	if res.byWords {
		pat = pattern{}
	}
	if !hasFilters && pat.empty() && !res.byWords {
		res.list = req.order
		return res
	}

	// Cheapest test first: the character mask, the filters that depend on
	// one interned field (table lookups), the byte subsequence, then the
	// other filters, then the score.
	quick := !pat.empty() && pat.ascii != nil
	var plan filterPlan
	if hasFilters {
		plan = newFilterPlan(req.q, req.snap, unixTime(req.now), req.env.me, req.env.sla)
	}
	var typo *typoQuery
	var bounds typoBounds
	test := func(r *Row) (int32, bool) {
		if typo != nil {
			if hasFilters && !plan.tables(r) {
				return 0, false
			}
			if !bounds.allows(r.id) {
				return 0, false
			}
			if plan.rest && !plan.q.Match(req.snap.Summary(r), req.snap.ModelCustomer(r), unixTime(req.now), req.env.me, req.env.sla) {
				return 0, false
			}
			return typo.score(r)
		}
		if quick && r.foldSafe && r.mask&pat.mask != pat.mask {
			return 0, false
		}
		if hasFilters && !plan.tables(r) {
			return 0, false
		}
		if quick && r.foldSafe && !pat.subsequence(r.text) {
			return 0, false
		}
		if plan.rest && !plan.q.Match(req.snap.Summary(r), req.snap.ModelCustomer(r), unixTime(req.now), req.env.me, req.env.sla) {
			return 0, false
		}
		if res.byWords {
			sc, ok := wordScores[r.id]
			return sc, ok
		}
		if pat.empty() {
			return 0, true
		}
		if quick && r.foldSafe {
			// The subsequence test above passed: score only.
			sc, ok := pat.scoreClean(r.text)
			return int32(sc), ok
		}
		sc, ok := pat.score(r.text, r.ascii, r.foldSafe)
		return int32(sc), ok
	}
	parts := scanAll(req, within, base, narrow, test, res)
	if res.byWords && len(wordScores) == 0 {
		if tq := newTypoQuery(req.q); tq != nil {
			if b, ok := typoBoundsOf(req); ok {
				typo, bounds = tq, b
				res.typos, res.cands = true, nil
				parts = scanAll(req, nil, req.order, false, test, res)
			}
		}
	}
	if res.cands == nil {
		// Kept in memory order, as scanRows keeps them.
		for _, p := range parts {
			res.cands = append(res.cands, p.idx...)
		}
		slices.Sort(res.cands)
		if res.cands == nil {
			res.cands = []int32{}
		}
	}
	// With no text every score is 0: the hits in queue order.
	res.list = rankByScore(parts)
	if res.byWords {
		newestFirstWithin(req.snap, res.list, parts)
	}
	withRef(req, res)
	return res
}

// scanAll tests the rows (within the last results when narrow) and
// returns the hits; res.cands is set when the scan leaves them ascending.
func scanAll(req searchReq, within, base []int32, narrow bool, test func(*Row) (int32, bool), res *searchResult) []hits {
	var parts []hits
	if n := req.snap.Len(); len(req.order) == n && len(req.pos) == n && n >= 4096 {
		var h hits
		h, res.cands = scanRows(req.snap, within, req.order, req.pos, test)
		parts = []hits{h}
	} else {
		// A small or partly loaded index: visit the rows in queue order.
		if narrow {
			base = req.order
		}
		// Within earlier results: visit them in queue order, in two halves
		// on two goroutines.
		work := func(in []int32) hits {
			var p hits
			for _, i := range in {
				if sc, ok := test(req.snap.At(i)); ok {
					p.idx = append(p.idx, i)
					p.scores = append(p.scores, sc)
				}
			}
			return p
		}
		if len(base) < 4096 || runtime.GOMAXPROCS(0) < 2 {
			parts = []hits{work(base)}
		} else {
			half := len(base) / 2
			ch := make(chan hits, 1)
			go func() { ch <- work(base[half:]) }()
			first := work(base[:half])
			parts = []hits{first, <-ch}
		}
	}
	return parts
}

// scanRows tests rows in memory order, which at a million rows is many
// times faster than the queue's order (rows and their text are read
// sequentially instead of at random), on two goroutines. within lists the
// rows to test, ascending; nil tests every row. pos puts the hits back in
// queue order; the hits are also returned ascending, to narrow within.
func scanRows(s *Snapshot, within, order, pos []int32, test func(*Row) (int32, bool)) (hits, []int32) {
	n := s.Len()
	const none = int32(-1 << 31)
	at := make([]int32, n) // score by place in order; none for a miss
	for i := range at {
		at[i] = none
	}
	count := len(within)
	if within == nil {
		count = n
	}
	rowAt := func(k int) int32 {
		if within == nil {
			return int32(k)
		}
		return within[k]
	}
	scan := func(lo, hi int, out []int32) []int32 {
		for k := lo; k < hi; k++ {
			i := rowAt(k)
			sc, ok := test(s.At(i))
			if !ok {
				continue
			}
			if sc == none {
				sc++
			}
			at[pos[i]] = sc
			out = append(out, i)
		}
		return out
	}
	// The rows go out in blocks that the workers take in turn, so that a
	// worker whose core is busy with something else holds up no more than
	// a block. The hits stay ascending: block by block.
	const block = 1 << 14
	nb := (count + block - 1) / block
	found := make([][]int32, nb)
	workers := min(runtime.GOMAXPROCS(0), nb)
	var next atomic.Int64
	work := func() {
		for {
			k := int(next.Add(1) - 1)
			if k >= nb {
				return
			}
			found[k] = scan(k*block, min((k+1)*block, count), nil)
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	total := 0
	for _, f := range found {
		total += len(f)
	}
	cands := make([]int32, 0, total)
	for _, f := range found {
		cands = append(cands, f...)
	}
	h := hits{idx: make([]int32, 0, total), scores: make([]int32, 0, total)}
	for p, sc := range at {
		if sc != none {
			h.idx = append(h.idx, order[p])
			h.scores = append(h.scores, sc)
		}
	}
	return h, cands
}

// inverse returns pos with pos[order[k]] = k.
func inverse(order []int32) []int32 {
	pos := make([]int32, len(order))
	for k, i := range order {
		pos[i] = int32(k)
	}
	return pos
}

// hits are the matches of one part of a search, in queue order.
type hits struct {
	idx    []int32
	scores []int32
}

func unixTime(s int64) time.Time { return time.Unix(s, 0) }

// rankByScore orders hits best score first, keeping queue order among equal
// scores. Scores span a small range, so a counting sort does it in linear
// time; a wide range falls back to a stable sort.
func rankByScore(parts []hits) []int32 {
	var all [][2][]int32
	for _, m := range parts {
		all = append(all, [2][]int32{m.idx, m.scores})
	}
	lo, hi, n := int32(1<<30), int32(-1<<30), 0
	for _, p := range all {
		for _, s := range p[1] {
			lo, hi = min(lo, s), max(hi, s)
		}
		n += len(p[0])
	}
	out := make([]int32, n)
	if n == 0 {
		return out
	}
	if span := int(hi-lo) + 1; span <= 1<<16 {
		count := make([]int, span+1)
		for _, p := range all {
			for _, s := range p[1] {
				count[int(hi-s)+1]++
			}
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, p := range all {
			for k, s := range p[1] {
				b := int(hi - s)
				out[count[b]] = p[0][k]
				count[b]++
			}
		}
		return out
	}
	type hit struct{ i, s int32 }
	hs := make([]hit, 0, n)
	for _, p := range all {
		for k := range p[0] {
			hs = append(hs, hit{p[0][k], p[1][k]})
		}
	}
	slices.SortStableFunc(hs, func(a, b hit) int { return int(b.s) - int(a.s) })
	for k, h := range hs {
		out[k] = h.i
	}
	return out
}
