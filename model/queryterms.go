package model

import (
	"strings"
	"unicode"
)

// Term is a word or a phrase of a query's text. A case matches a word when
// one of its texts holds that whole word (folded: case and accents do not
// matter), and a phrase when it holds the phrase's words one after the
// other. Every positive term must match; a negated one must not.
type Term struct {
	Text   string // as typed, quotes removed
	Phrase bool   // "quoted", or a word that folds to several (ana.lopez@example.com)
	Not    bool   // -word: cases holding it are left out
	Prefix bool   // the word being typed: it also matches the words it begins (Typing)
}

// String renders the term as ParseQuery reads it.
func (t Term) String() string {
	s := t.Text
	if t.Phrase {
		s = quote(s)
	}
	if t.Not {
		return "-" + s
	}
	return s
}

// parseTerm reads a token that is not a filter. A lone "-" is a word.
func parseTerm(tok, raw string) (Term, bool) {
	var t Term
	if len(raw) > 1 && raw[0] == '-' {
		t.Not, raw, tok = true, raw[1:], strings.TrimPrefix(tok, "-")
	}
	t.Phrase = strings.Contains(raw, `"`)
	t.Text = tok
	if t.Phrase {
		t.Text = strings.Join(strings.Fields(tok), " ")
	}
	return t, t.Text != ""
}

// Terms returns the query's words and phrases in the order typed. Callers
// must not change them.
func (q Query) Terms() []Term { return q.terms }

// Typing marks the last word as still being typed — raw, the query as
// typed, does not end in a space — so that it also matches the words it
// begins: `esc` finds escrow while the agent types. Only the search box
// does this; a saved filter means whole words.
func (q Query) Typing(raw string) Query {
	if len(q.terms) == 0 || raw == "" || unicode.IsSpace(rune(raw[len(raw)-1])) {
		return q
	}
	last := q.terms[len(q.terms)-1]
	if last.Not || last.Phrase || strings.HasSuffix(raw, `"`) {
		return q
	}
	terms := append([]Term(nil), q.terms...)
	terms[len(terms)-1].Prefix = true
	q.terms = terms
	return q
}

// NeedsIndex reports whether the query has text or extra-field filters,
// which only the word index can decide.
func (q Query) NeedsIndex() bool {
	if len(q.terms) > 0 {
		return true
	}
	for _, f := range q.filters {
		if f.Key == "field" {
			return true
		}
	}
	return false
}

// FieldName is the name by which a query filters an extra field: its key
// in lower case, runs of anything but letters and digits made one '-'
// ("ZIP code" is zip-code, "Sub_product" is sub-product).
func FieldName(key string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(key) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// isCaseRef reports whether raw is #digits.
func isCaseRef(raw string) bool {
	if len(raw) < 2 || raw[0] != '#' {
		return false
	}
	for i := 1; i < len(raw); i++ {
		if raw[i] < '0' || raw[i] > '9' {
			return false
		}
	}
	return true
}

// Positive returns the query's positive words and phrases alone, without
// its exclusions and filters: whether the words exist at all, which is when
// a search may forgive a typo in them.
func (q Query) Positive() Query {
	var p Query
	var text []string
	for _, t := range q.terms {
		if !t.Not {
			p.terms = append(p.terms, t)
			text = append(text, t.Text)
		}
	}
	p.Text = strings.Join(text, " ")
	return p
}

// Excluded returns each -word of the query as a query of its own that
// finds the cases it leaves out.
func (q Query) Excluded() []Query {
	var out []Query
	for _, t := range q.terms {
		if t.Not {
			t.Not, t.Prefix = false, false
			out = append(out, Query{Text: t.Text, terms: []Term{t}})
		}
	}
	return out
}

// FieldFilters returns the query's extra-field filters alone (which only
// the word index decides), or an empty query when it has none.
func (q Query) FieldFilters() Query {
	var f Query
	for _, fl := range q.filters {
		if fl.Key == "field" {
			f.filters = append(f.filters, fl)
		}
	}
	return f
}
