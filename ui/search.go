package ui

import (
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	if p := req.prev; p != nil && p.gen == res.gen && p.sort == res.sort && p.filters == res.filters &&
		narrowable(p.text, res.text) {
		base = p.cands
	}
	hasFilters := len(req.q.Filters()) > 0
	pat := newPattern(res.text)
	if !hasFilters && pat.empty() {
		res.cands, res.list = base, base
		return res
	}

	// Two halves on two goroutines; each keeps its hits in queue order.
	work := func(in []int32) hits {
		var p hits
		q := req.q
		for _, i := range in {
			r := req.snap.at(i)
			if hasFilters && !q.Match(req.snap.summary(r), req.snap.modelCustomer(r), unixTime(req.now), req.env.me, req.env.sla) {
				continue
			}
			if pat.empty() {
				p.idx = append(p.idx, i)
				continue
			}
			sc, ok := pat.score(r.hay, r.ascii)
			if !ok {
				continue
			}
			p.idx = append(p.idx, i)
			p.scores = append(p.scores, int32(sc))
		}
		return p
	}
	var parts []hits
	if len(base) < 4096 || runtime.GOMAXPROCS(0) < 2 {
		parts = []hits{work(base)}
	} else {
		half := len(base) / 2
		ch := make(chan hits, 1)
		go func() { ch <- work(base[half:]) }()
		first := work(base[:half])
		parts = []hits{first, <-ch}
	}
	n := 0
	for _, p := range parts {
		n += len(p.idx)
	}
	res.cands = make([]int32, 0, n)
	for _, p := range parts {
		res.cands = append(res.cands, p.idx...)
	}
	if pat.empty() {
		res.list = res.cands
		return res
	}
	res.list = rankByScore(parts)
	return res
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
	ascii []byte // the pattern's bytes when it is ASCII
	lower []byte // lower-cased ASCII, for the subsequence test
	upper []byte
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
		p.upper = []byte(strings.ToUpper(text))
	}
	return p
}

func (p *pattern) empty() bool { return len(p.runes) == 0 }

// score reports whether s matches and its sahilm/fuzzy score.
func (p *pattern) score(s string, ascii bool) (int, bool) {
	if ascii && p.ascii != nil {
		if !p.subsequence(s) {
			return 0, false
		}
		return fuzzyScoreASCII(p.ascii, s)
	}
	return fuzzyScore(p.runes, s)
}

// subsequence is the cheap test before scoring: do the pattern's bytes
// appear in s in order, ignoring ASCII case? For ASCII text this is
// exactly when sahilm/fuzzy matches.
func (p *pattern) subsequence(s string) bool {
	pos := 0
	for k := range p.lower {
		lo, up := p.lower[k], p.upper[k]
		rest := s[pos:]
		i := strings.IndexByte(rest, lo)
		if up != lo {
			if j := strings.IndexByte(rest, up); j >= 0 && (i < 0 || j < i) {
				i = j
			}
		}
		if i < 0 {
			return false
		}
		pos += i + 1
	}
	return true
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

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// fuzzyScoreASCII is sahilm/fuzzy's FindFromIterNoSort for one ASCII string
// and an ASCII pattern, step for step, without allocating.
func fuzzyScoreASCII(p []byte, s string) (int, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	n := len(s)
	total, matched, lastMatch := 0, 0, -1
	pi, bestScore, matchedIndex, curAdj := 0, -1, -1, 0
	var last byte
	lastIndex := 0
	for j := 0; j < n; j++ {
		c := s[j]
		if lowerASCII(c) == lowerASCII(p[pi]) {
			score := 0
			if j == 0 {
				score += fzFirstCharBonus
			}
			if 'a' <= last && last <= 'z' && 'A' <= c && c <= 'Z' {
				score += fzCamelBonus
			}
			if j != 0 && fzSep(rune(last)) {
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
		var nextp, nextc byte
		if pi < len(p)-1 {
			nextp = p[pi+1]
		}
		if j+1 < n {
			nextc = s[j+1]
		}
		if lowerASCII(nextp) == lowerASCII(nextc) || j+1 >= n {
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
	total += matched - n
	return total, matched == len(p)
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
