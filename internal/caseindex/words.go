package caseindex

import (
	"cmp"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

// newestFirstWithin orders word hits by score, then the most recent
// first: a search engine's order, not the queue's.
func newestFirstWithin(s *Snapshot, list []int32, parts []hits) {
	type hit struct {
		idx     int32
		score   int32
		created int64
	}
	all := make([]hit, 0, len(list))
	for _, p := range parts {
		for k, i := range p.idx {
			all = append(all, hit{i, p.scores[k], s.At(i).created})
		}
	}
	slices.SortFunc(all, func(a, b hit) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		if a.created != b.created {
			return cmp.Compare(b.created, a.created)
		}
		return cmp.Compare(b.idx, a.idx)
	})
	for k, h := range all {
		list[k] = h.idx
	}
}

// Highlighter marks what a search matched in a row on screen: the words
// of a word search (whole folded words, the one being typed as a prefix),
// or the characters of a fuzzy one.
type Highlighter struct {
	fuzzy string
	words wordSet
}

// wordSet is a query's folded words, for marking them in any text.
type wordSet struct {
	whole  map[string]bool
	prefix []string
	typo   *typoQuery
}

// newWordSet folds the positive words of q.
func newWordSet(q model.Query) wordSet {
	ws := wordSet{whole: map[string]bool{}}
	for _, t := range q.Terms() {
		if t.Not {
			continue
		}
		toks := fulltext.Words(t.Text)
		for i, w := range toks {
			if t.Prefix && i == len(toks)-1 && len(w) >= 2 {
				ws.prefix = append(ws.prefix, w)
			} else {
				ws.whole[w] = true
			}
		}
	}
	return ws
}

func (ws *wordSet) empty() bool { return len(ws.whole) == 0 && len(ws.prefix) == 0 }

// matches reports whether folded word w is one the query looks for.
func (ws *wordSet) matches(w []byte) bool {
	if ws.whole[string(w)] {
		return true
	}
	for _, p := range ws.prefix {
		if len(w) >= len(p) && string(w[:len(p)]) == p {
			return true
		}
	}
	return ws.typo != nil && ws.typo.near(w)
}

// Marks returns the byte offsets of every character of the words in text
// that the query looks for, as Highlights gives them.
func (ws *wordSet) Marks(text string) []int {
	if ws.empty() && ws.typo == nil {
		return nil
	}
	var out []int
	fulltext.Spans(text, func(start, end int, w []byte) {
		if !ws.matches(w) {
			return
		}
		for i := range text[start:end] { // the start of each character
			out = append(out, start+i)
		}
	})
	return out
}

// Highlighter returns what marks the listed search's matches.
func (q *Queue) Highlighter() Highlighter {
	if q.shown == nil {
		return Highlighter{}
	}
	if !q.shown.byWords {
		return Highlighter{fuzzy: q.shown.text}
	}
	ws := newWordSet(q.shown.q)
	if q.shown.typos {
		ws.typo = newTypoQuery(q.shown.q)
	}
	return Highlighter{words: ws}
}

// Empty reports whether nothing would be marked.
func (h Highlighter) Empty() bool { return h.fuzzy == "" && h.words.empty() && h.words.typo == nil }

// Row returns the byte offsets to mark in the row's subject, customer
// name (or e-mail) and joined tags.
func (h Highlighter) Row(s *Snapshot, r *Row) (subject, customer, tags []int) {
	if h.fuzzy != "" {
		return s.Highlights(r, h.fuzzy)
	}
	return h.words.Marks(r.Subject()), h.words.Marks(s.CustomerName(r)), h.words.Marks(strings.Join(s.Tags(r), " "))
}

// Text returns the byte offsets to mark in any text (a case's body).
func (h Highlighter) Text(text string) []int {
	if h.fuzzy != "" {
		return nil // fuzzy characters mean nothing in a long text
	}
	return h.words.Marks(text)
}

// Key identifies what the highlighter marks, to know when marked text
// must be drawn again.
func (h Highlighter) Key() string {
	if h.fuzzy != "" {
		return "fuzzy:" + h.fuzzy
	}
	keys := make([]string, 0, len(h.words.whole))
	for w := range h.words.whole {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	k := strings.Join(keys, " ") + "|" + strings.Join(h.words.prefix, " ")
	if h.words.typo != nil {
		k += "|typo"
	}
	return k
}

// FindHighlighter marks what an agent finds inside one case: every word
// of text, folded, at the start of a word (finding "arr" marks arrived).
func FindHighlighter(text string) Highlighter {
	return Highlighter{words: wordSet{whole: map[string]bool{}, prefix: fulltext.Words(text)}}
}
