package model

import (
	"slices"
	"strings"
)

// A saved view narrowed with the words typed after it is two queries that
// must both hold. Joined into one string they would not: within one query
// two values of a key are alternatives, so "team:billing status:active"
// and a typed "status:pending" would list the view's active cases and
// every pending case besides. And keeps each query's alternatives to
// itself.

// And is q narrowed by o: a case passes when it passes both. Within each
// the filters of one key stay alternatives (team:billing team:product is
// either team); a key in both must hold in both, so status:active and
// status:pending give the pending cases. The words of both must all
// appear, as words always must. String renders the two one after the
// other, which ParseQuery reads as one query: keep the parts to search
// again, not the string.
func (q Query) And(o Query) Query {
	if len(o.filters) == 0 && len(o.terms) == 0 {
		return q
	}
	if len(q.filters) == 0 && len(q.terms) == 0 {
		return o
	}
	next := uint8(0)
	for _, f := range q.filters {
		next = max(next, f.part+1)
	}
	out := Query{filters: slices.Clone(q.filters), terms: slices.Concat(q.terms, o.terms)}
	for _, f := range o.filters {
		f.part += next
		out.filters = append(out.filters, f)
	}
	slices.SortStableFunc(out.filters, compareFilters)
	var text []string
	for _, t := range []string{q.Text, o.Text} {
		if t != "" {
			text = append(text, t)
		}
	}
	out.Text = strings.Join(text, " ")
	return out
}

// Part is the query of an And a filter came from, 0 for the first (and
// for a query read by ParseQuery): filters of one key are alternatives
// only within one part.
func (f Filter) Part() int { return int(f.part) }

// GroupEnd is the end of the group of alternatives that starts at filter
// i: filters of one key (one value for is:, whose flags are keys of their
// own) and one part. Match requires each group to hold.
func (q Query) GroupEnd(i int) int {
	fs := q.filters
	j := i + 1
	for j < len(fs) && fs[j].Key == fs[i].Key && fs[j].part == fs[i].part && (fs[i].Key != "is" || fs[j].Value == fs[i].Value) {
		j++
	}
	return j
}

// Pick is the query of q's filters at the places given (ascending), each
// keeping its part, without q's words.
func (q Query) Pick(at []int) Query {
	var out Query
	for _, i := range at {
		out.filters = append(out.filters, q.filters[i])
	}
	return out
}
