package caseindex

import (
	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

// When a query's words are in no case, the agent may have mistyped a
// name, an e-mail, a subject or a tag: the search then accepts, for each
// word of four letters or more, a word of the row's text (what the index
// keeps in memory: subject, customer, tags, external id) at most one edit
// away — two for a word of eight or more. Only whole words within that
// distance count, so `escrwo` finds escrow and not every text that holds
// its letters in order, as a subsequence match would.

// typoQuery is the folded words a typo match looks for.
type typoQuery struct {
	words [][]byte
}

// minTypoWord is the shortest word a typo is forgiven in: shorter words
// are one edit away from too many others.
const minTypoWord = 4

// newTypoQuery returns the typo match of q's positive words, or nil when
// it has none long enough or has a phrase (which means exactly that).
func newTypoQuery(q model.Query) *typoQuery {
	var t typoQuery
	for _, term := range q.Terms() {
		if term.Not {
			continue
		}
		if term.Phrase {
			return nil
		}
		for _, w := range fulltext.Words(term.Text) {
			t.words = append(t.words, []byte(w))
		}
	}
	for _, w := range t.words {
		if len(w) < minTypoWord {
			return nil
		}
	}
	if len(t.words) == 0 {
		return nil
	}
	return &t
}

// score reports whether every word is near a word of the row's text; the
// score puts fewer edits first.
func (t *typoQuery) score(r *Row) (int32, bool) {
	best := make([]int, len(t.words))
	for i := range best {
		best[i] = 3
	}
	fulltext.Each(r.text, func(w []byte) {
		for i, q := range t.words {
			if best[i] > 0 {
				best[i] = min(best[i], distance(q, w, maxEdits(q)))
			}
		}
	})
	total := 0
	for i, q := range t.words {
		if best[i] > maxEdits(q) {
			return 0, false
		}
		total += best[i]
	}
	return int32(-total), true
}

// near reports whether w is within reach of one of the words.
func (t *typoQuery) near(w []byte) bool {
	for _, q := range t.words {
		if distance(q, w, maxEdits(q)) <= maxEdits(q) {
			return true
		}
	}
	return false
}

func maxEdits(w []byte) int {
	if len(w) >= 8 {
		return 2
	}
	return 1
}

// distance is the Damerau–Levenshtein distance (adjacent swaps count one)
// between a and b, or limit+1 once it is known to exceed limit.
func distance(a, b []byte, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows of the edit matrix: the one before last, last and this;
	// words are at most fulltext.MaxWord bytes, so they fit on the stack.
	var m [3][fulltext.MaxWord + 1]int
	prev2, prev, cur := m[0][:len(b)+1], m[1][:len(b)+1], m[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// typoBounds is what a typo match must still honour of the query: the
// cases its -words leave out and, with extra-field filters, the cases
// those allow (nil: any). A typo in the words never lifts an exclusion or
// a filter: `refnud -refund` lists no case that holds refund.
type typoBounds struct {
	out map[model.CaseID]bool
	in  map[model.CaseID]bool
}

func (b typoBounds) allows(id model.CaseID) bool {
	if b.out[id] {
		return false
	}
	return b.in == nil || b.in[id]
}

// typoBoundsOf decides whether a search whose words found nothing may
// forgive a typo: only when its positive words alone find nothing (when
// they do, its exclusions or filters emptied it, and that is the answer:
// `refund -refund` finds no case). ok false means no typo match.
func typoBoundsOf(req searchReq) (b typoBounds, ok bool) {
	hits, ok, err := req.words(req.q.Positive())
	if err != nil || !ok || len(hits) > 0 {
		return b, false
	}
	b.out = map[model.CaseID]bool{}
	for _, ex := range req.q.Excluded() {
		hits, ok, err := req.words(ex)
		if err != nil || !ok {
			return b, false
		}
		for _, h := range hits {
			b.out[h.ID] = true
		}
	}
	if f := req.q.FieldFilters(); !f.Empty() {
		hits, ok, err := req.words(f)
		if err != nil || !ok {
			return b, false
		}
		b.in = make(map[model.CaseID]bool, len(hits))
		for _, h := range hits {
			b.in[h.ID] = true
		}
	}
	return b, true
}
