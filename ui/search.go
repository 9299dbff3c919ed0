package ui

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/caredesk/caredesk/model"
	"github.com/sahilm/fuzzy"
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

// searchReq is one search, run off the Update loop.
type searchReq struct {
	seq   int
	snap  *snapshot
	order []int32 // every row in the queue's order
	pos   []int32 // the inverse of order: row → its place in order
	sort  sortID
	q     model.Query
	raw   string
	now   int64
	env   matchEnv
	prev  *searchResult // the last finished search, to narrow within
}

// matchEnv is what Query.Match needs besides the case.
type matchEnv struct {
	me  string
	sla model.SLAPolicy
	clk viewClock
}

// searchResult is a finished search.
type searchResult struct {
	seq     int
	gen     uint64
	sort    sortID
	filters string // the filters' canonical form
	text    string // the fuzzy text
	raw     string // the query as typed
	cands   []int32
	list    []int32 // best first
}

// searchMsg delivers a search's result to the queue.
type searchMsg struct{ res *searchResult }

// filterKey is the canonical form of a query's filters.
func filterKey(q model.Query) string {
	var b strings.Builder
	for _, f := range q.Filters() {
		b.WriteString(f.String())
		b.WriteByte(' ')
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
		text: req.q.Text, raw: req.raw}
	base := req.order
	// The rows to test, in memory order, when the last results can be
	// narrowed; nil for every row.
	var within []int32
	narrow := false
	if p := req.prev; p != nil && p.cands != nil && p.gen == res.gen && p.sort == res.sort &&
		p.filters == res.filters && narrowable(p.text, res.text) {
		narrow = true
		base, within = p.cands, p.cands
	}
	hasFilters := len(req.q.Filters()) > 0
	pat := newPattern(res.text)
	if !hasFilters && pat.empty() {
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
	test := func(r *row) (int32, bool) {
		if quick && r.foldSafe && r.mask&pat.mask != pat.mask {
			return 0, false
		}
		if hasFilters && !plan.tables(r) {
			return 0, false
		}
		if quick && r.foldSafe && !pat.subsequence(r.hay) {
			return 0, false
		}
		if plan.rest && !plan.q.Match(req.snap.summary(r), req.snap.modelCustomer(r), unixTime(req.now), req.env.me, req.env.sla) {
			return 0, false
		}
		if pat.empty() {
			return 0, true
		}
		if quick && r.foldSafe {
			// The subsequence test above passed: score only.
			sc, ok := pat.scoreClean(r.hay)
			return int32(sc), ok
		}
		sc, ok := pat.score(r.hay, r.ascii, r.foldSafe)
		return int32(sc), ok
	}
	var parts []hits
	if n := req.snap.len(); len(req.order) == n && len(req.pos) == n && n >= 4096 {
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
				if sc, ok := test(req.snap.at(i)); ok {
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
	return res
}

// filterPlan evaluates a query's filters. Query.Match takes them in
// groups of one key (alternatives) that must all hold. A group whose key
// reads one interned field of a row (status, priority, channel,
// assignee, tag set, customer) is decided once per distinct value, up
// front, and then costs a table lookup per row; the other groups (id,
// dates, is:overdue, is:followup-today) run through Query.Match.
type filterPlan struct {
	status, prio []bool // by value
	channel      []bool // by chan8
	who          []bool // by interned assignee
	tags         []bool // by interned tag set
	cust         []bool // by row.cust
	rest         bool   // q holds filters to Match per row
	q            model.Query
}

// filterField is the row field a filter key reads, or fieldRow.
type filterField int

const (
	fieldRow filterField = iota
	fieldStatus
	fieldPrio
	fieldChannel
	fieldWho
	fieldTags
	fieldCust
)

func fieldOf(f model.Filter) filterField {
	switch f.Key {
	case "status":
		return fieldStatus
	case "priority":
		return fieldPrio
	case "channel":
		return fieldChannel
	case "assignee":
		return fieldWho
	case "tag":
		return fieldTags
	case "customer":
		return fieldCust
	case "is":
		switch f.Value {
		case "unassigned", "mine":
			return fieldWho
		case "untagged":
			return fieldTags
		}
	}
	return fieldRow
}

func newFilterPlan(q model.Query, s *snapshot, now time.Time, me string, sla model.SLAPolicy) filterPlan {
	fs := q.Filters()
	plan := filterPlan{rest: true, q: q}
	var rest []string
	for i := 0; i < len(fs); {
		// A group as Match forms it: a run of one key (one value for is:).
		j := i + 1
		for j < len(fs) && fs[j].Key == fs[i].Key && (fs[i].Key != "is" || fs[j].Value == fs[i].Value) {
			j++
		}
		var words []string
		for _, f := range fs[i:j] {
			words = append(words, f.String())
		}
		field := fieldOf(fs[i])
		i = j
		gq, err := model.ParseQuery(strings.Join(words, " "))
		if field == fieldRow || err != nil || len(gq.Filters()) != len(words) {
			rest = append(rest, words...)
			continue
		}
		match := func(sum model.Summary, c model.Customer) bool { return gq.Match(sum, c, now, me, sla) }
		var tab []bool
		switch field {
		case fieldStatus:
			tab = make([]bool, 256)
			for v := range tab {
				tab[v] = match(model.Summary{Status: model.Status(v)}, model.Customer{})
			}
		case fieldPrio:
			tab = make([]bool, 256)
			for v := range tab {
				tab[v] = match(model.Summary{Priority: model.Priority(v)}, model.Customer{})
			}
		case fieldChannel:
			tab = make([]bool, len(s.channels))
			for v, ch := range s.channels {
				tab[v] = match(model.Summary{Channel: ch}, model.Customer{})
			}
		case fieldWho:
			tab = make([]bool, len(s.who))
			for v, w := range s.who {
				tab[v] = match(model.Summary{Assignee: w}, model.Customer{})
			}
		case fieldTags:
			tab = make([]bool, len(s.tagsets))
			for v, ts := range s.tagsets {
				tab[v] = match(model.Summary{Tags: ts}, model.Customer{})
			}
		case fieldCust:
			tab = make([]bool, len(s.custs)+1)
			for v := range tab {
				var c model.Customer
				if v > 0 {
					c = model.Customer{ID: s.custs[v-1].id, Name: s.custs[v-1].name, Email: s.custs[v-1].email}
				}
				tab[v] = match(model.Summary{}, c)
			}
		}
		// Two groups on one field (is:mine with @ana) must both hold.
		dst := plan.table(field)
		if *dst != nil {
			for v := range tab {
				tab[v] = tab[v] && (*dst)[v]
			}
		}
		*dst = tab
	}
	if len(rest) == 0 {
		plan.rest = false
	} else if len(rest) != len(fs) {
		rq, err := model.ParseQuery(strings.Join(rest, " "))
		if err == nil && len(rq.Filters()) == len(rest) {
			plan.q = rq
		} else {
			// Cannot happen (rendered filters parse back); keep every
			// filter in Match, which is always right.
			plan.q = q
		}
	}
	return plan
}

func (p *filterPlan) table(f filterField) *[]bool {
	switch f {
	case fieldStatus:
		return &p.status
	case fieldPrio:
		return &p.prio
	case fieldChannel:
		return &p.channel
	case fieldWho:
		return &p.who
	case fieldTags:
		return &p.tags
	}
	return &p.cust
}

// tables reports whether r passes the filters decided by field. A value
// beyond a table (a row added after the plan) fails, which cannot
// happen: a search reads one snapshot.
func (p *filterPlan) tables(r *row) bool {
	return pass(p.status, int(r.status)) && pass(p.prio, int(r.prio)) && pass(p.channel, int(r.channel)) &&
		pass(p.who, int(r.who)) && pass(p.tags, int(r.tags)) && pass(p.cust, custSlot(p.cust, r.cust))
}

// custSlot is the table entry of a row's customer: 0, no customer, for
// one the snapshot does not hold, as snapshot.customer reads it.
func custSlot(tab []bool, c uint32) int {
	if int(c) >= len(tab) {
		return 0
	}
	return int(c)
}

func pass(tab []bool, v int) bool { return tab == nil || v < len(tab) && tab[v] }

// scanRows tests rows in memory order, which at a million rows is many
// times faster than the queue's order (rows and their text are read
// sequentially instead of at random), on two goroutines. within lists the
// rows to test, ascending; nil tests every row. pos puts the hits back in
// queue order; the hits are also returned ascending, to narrow within.
func scanRows(s *snapshot, within, order, pos []int32, test func(*row) (int32, bool)) (hits, []int32) {
	n := s.len()
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
			sc, ok := test(s.at(i))
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

// pattern is fuzzy text prepared once per search.
type pattern struct {
	runes []rune
	ascii []byte      // the pattern's bytes when it is ASCII
	lower []byte      // lower-cased ASCII, for the subsequence test
	cls   []byteClass // lower[i] as a SWAR byte class
	mask  uint64      // charMask of an ASCII pattern; 0 for any other
}

func newPattern(text string) pattern {
	var p pattern
	if text == "" {
		return p
	}
	p.runes = []rune(text)
	if isASCII(text) {
		p.ascii = []byte(text)
		p.lower = []byte(strings.ToLower(text))
		p.mask = charMask(text)
		p.cls = make([]byteClass, len(p.lower))
		for i, c := range p.lower {
			p.cls[i] = classOf(c)
		}
	}
	return p
}

func (p *pattern) empty() bool { return len(p.runes) == 0 }

// score reports whether s matches and its sahilm/fuzzy score. ascii and
// foldSafe describe s (see row).
func (p *pattern) score(s string, ascii, foldSafe bool) (int, bool) {
	if p.ascii == nil || !foldSafe {
		return fuzzyScore(p.runes, s)
	}
	if !p.subsequence(s) {
		return 0, false
	}
	return p.scoreBytes(s)
}

// byteClass finds the bytes equal to a lower-cased ASCII character,
// ignoring ASCII case, eight at a time (SWAR): a byte b is in the class
// when b|or == eq. For a letter or is 0x20 in every lane, which maps
// exactly its upper case onto it; for any other character or is 0 and
// only the character itself matches.
type byteClass struct{ or, eq uint64 }

const (
	lanes01 = 0x0101010101010101
	lanes7f = 0x7f7f7f7f7f7f7f7f
)

func classOf(c byte) byteClass {
	k := byteClass{eq: lanes01 * uint64(c)}
	if 'a' <= c && c <= 'z' {
		k.or = lanes01 * 0x20
	}
	return k
}

// in returns 0x80 in each byte lane of w that is in the class, and 0 in
// the others (exactly: no borrow runs from lane to lane).
func (k byteClass) in(w uint64) uint64 {
	v := (w | k.or) ^ k.eq
	return ^(((v & lanes7f) + lanes7f) | v | lanes7f)
}

// load64 reads s[i:i+8] as a little-endian word: byte i in the low lane.
func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i : i+8]) }

// strBytes views s as bytes, without copying, for load64. The bytes are
// never written.
func strBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// subsequence is the cheap test before scoring: do the pattern's bytes
// appear in s in order, ignoring ASCII case? For text without characters
// that fold onto ASCII letters this is exactly when sahilm/fuzzy matches.
// It looks at eight bytes at a time.
func (p *pattern) subsequence(s string) bool {
	k, lo, cls := 0, p.lower, p.cls
	b := strBytes(s)
	i, n := 0, len(s)
	for i+8 <= n {
		m := cls[k].in(load64(b, i))
		if m == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(m)>>3 + 1
		if k++; k == len(lo) {
			return true
		}
	}
	for ; i < n; i++ {
		if lowerTab[s[i]] == lo[k] {
			if k++; k == len(lo) {
				return true
			}
		}
	}
	return false
}

// sahilm/fuzzy's scoring constants.
const (
	fzFirstCharBonus   = 10
	fzSeparatorBonus   = 20
	fzCamelBonus       = 20
	fzAdjacentBonus    = 5
	fzLeadingPenalty   = -5
	fzMaxLeadingPenalt = -15
)

func fzSep(r rune) bool {
	switch r {
	case '/', '-', '_', ' ', '.', '\\':
		return true
	}
	return false
}

// fzPrevTab describes a byte before a match, for its bonuses: a
// separator, or an ASCII lower-case letter (for the camel-case bonus).
const (
	fzPrevSep = 1 << iota
	fzPrevLower
)

var fzPrevTab = func() (t [256]uint8) {
	for i := range utf8.RuneSelf {
		if fzSep(rune(i)) {
			t[i] |= fzPrevSep
		}
		if 'a' <= i && i <= 'z' {
			t[i] |= fzPrevLower
		}
	}
	return t
}()

func fzUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowerTab lower-cases ASCII letters and leaves every other byte alone.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] = byte(i + 'a' - 'A')
		}
	}
	return t
}()

// scoreBytes is sahilm/fuzzy's algorithm (see fuzzyScore) for an ASCII
// pattern, lower-cased in lp, over text whose non-ASCII characters
// cannot fold onto ASCII (row.foldSafe). It walks bytes and does work
// only where a byte matches the current pattern character or the next
// byte matches the one after (where sahilm commits a match); the
// character before a match, which the bonuses look at, is decoded then.
//
// Between those places it skips eight bytes at a time (byteClass): a
// byte is worth a look only where it matches lp[pi] or the byte after it
// matches lp[pi+1], or at the end.
func (p *pattern) scoreBytes(s string) (int, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return p.scoreClean(s)
}

// scoreClean is scoreBytes for text without NUL (a row's hay, see
// row.foldSafe).
func (p *pattern) scoreClean(s string) (int, bool) {
	lp, cls := p.lower, p.cls
	b := strBytes(s)
	n := len(s)
	total, matched, lastMatch := 0, 0, -1
	pi, bestScore, matchedIndex, curAdj := 0, -1, -1, 0
	lastPi := len(lp) - 1
	for j := 0; j < n; j++ {
		var isMatch, commit, end bool
		if j+9 <= n {
			// Not at the end: find the next byte matching lp[pi] or
			// followed by one matching lp[pi+1].
			m := cls[pi].in(load64(b, j))
			var next uint64
			if pi < lastPi {
				next = cls[pi+1].in(load64(b, j+1))
			}
			if m|next == 0 {
				j += 7
				continue
			}
			t := bits.TrailingZeros64(m | next)
			j += t >> 3
			isMatch, commit = m>>t&1 != 0, next>>t&1 != 0
		} else {
			isMatch = lowerTab[s[j]] == lp[pi]
			end = j+1 >= n
			commit = end || pi < lastPi && lowerTab[s[j+1]] == lp[pi+1]
			if !isMatch && !commit {
				continue
			}
		}
		if isMatch {
			score := 0
			if j == 0 {
				score += fzFirstCharBonus
			} else {
				pb, size := s[j-1], 1
				f := fzPrevTab[pb]
				if pb >= utf8.RuneSelf {
					var prev rune
					prev, size = utf8.DecodeLastRuneInString(s[:j])
					if unicode.IsLower(prev) {
						f |= fzPrevLower
					}
				}
				if f&fzPrevLower != 0 && fzUpper(s[j]) {
					score += fzCamelBonus
				}
				if f&fzPrevSep != 0 {
					score += fzSeparatorBonus
				}
				if matched > 0 {
					bonus := 0
					if j-size == lastMatch {
						bonus = curAdj*2 + fzAdjacentBonus
					}
					score += bonus
					curAdj += bonus
				}
			}
			if score > bestScore {
				bestScore, matchedIndex = score, j
			}
		}
		// sahilm commits at the last byte of a character; a byte inside a
		// multi-byte character is never followed by ASCII, so the test on
		// the next byte is the same.
		if commit && matchedIndex > -1 {
			if matched == 0 {
				bestScore += max(matchedIndex*fzLeadingPenalty, fzMaxLeadingPenalt)
			}
			total += bestScore
			lastMatch = matchedIndex
			matched++
			bestScore = -1
			if pi < lastPi {
				pi++
			} else if !end {
				// sahilm would index past the pattern here; it cannot
				// happen, as the last character only commits at the end.
				break
			}
		}
	}
	total += matched - n
	return total, matched == len(lp)
}

// fuzzyScore is the same for any text, rune by rune.
func fuzzyScore(p []rune, s string) (int, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	total, matched, lastMatch := 0, 0, -1
	pi, bestScore, matchedIndex, curAdj := 0, -1, -1, 0
	var last rune
	lastIndex := 0
	nextc, nextSize := utf8.DecodeRuneInString(s)
	var c rune
	var size int
	for j := 0; j < len(s); j += size {
		c, size = nextc, nextSize
		if fzEqualFold(c, p[pi]) {
			score := 0
			if j == 0 {
				score += fzFirstCharBonus
			}
			if unicode.IsLower(last) && unicode.IsUpper(c) {
				score += fzCamelBonus
			}
			if j != 0 && fzSep(last) {
				score += fzSeparatorBonus
			}
			if matched > 0 {
				bonus := 0
				if lastIndex == lastMatch {
					bonus = curAdj*2 + fzAdjacentBonus
				}
				score += bonus
				curAdj += bonus
			}
			if score > bestScore {
				bestScore, matchedIndex = score, j
			}
		}
		var nextp rune
		if pi < len(p)-1 {
			nextp = p[pi+1]
		}
		if j+size < len(s) {
			nextc, nextSize = utf8.DecodeRuneInString(s[j+size:])
		} else {
			nextc, nextSize = 0, 0
		}
		if fzEqualFold(nextp, nextc) || nextc == 0 {
			if matchedIndex > -1 {
				if matched == 0 {
					bestScore += max(matchedIndex*fzLeadingPenalty, fzMaxLeadingPenalt)
				}
				total += bestScore
				lastMatch = matchedIndex
				matched++
				bestScore = -1
				pi++
			}
		}
		lastIndex = j
		last = c
	}
	total += matched - len(s)
	return total, matched == len(p)
}

// fzEqualFold is sahilm/fuzzy's equalFold (strings.EqualFold for runes).
func fzEqualFold(tr, sr rune) bool {
	if tr == sr {
		return true
	}
	if tr < sr {
		tr, sr = sr, tr
	}
	if tr < utf8.RuneSelf {
		return 'A' <= sr && sr <= 'Z' && tr == sr+'a'-'A'
	}
	r := unicode.SimpleFold(sr)
	for r != sr && r < tr {
		r = unicode.SimpleFold(r)
	}
	return r == tr
}

// matchedBytes returns the byte offsets in s of the characters text
// matches, from sahilm/fuzzy itself: it runs for the rows on screen only.
func matchedBytes(text, s string) []int {
	if text == "" {
		return nil
	}
	ms := fuzzy.Find(text, []string{s})
	if len(ms) == 0 {
		return nil
	}
	return ms[0].MatchedIndexes
}
