package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// --- near duplicates ---

// nearDuplicates lists pairs of tags that look like one issue written two
// ways: within an area, issues one or two letters apart
// (double-charge/double-charged) or with the same words once the area's
// name is dropped (late/late-delivery under delivery); across areas only
// when the whole tag is such a variant (payment/refund, payments/refund).
// The same issue under two areas is not a duplicate: CFPB files
// "incorrect information on your report" under several products, and
// those are different problems. Each pair merges the tag with fewer cases
// into the other.
func nearDuplicates(tags []model.TagInfo) []taxPair {
	cases := make(map[string]int, len(tags))
	retired := make(map[string]bool, len(tags))
	// An area's tags as compared: the issue (the whole tag for bare tags).
	type named struct{ tag, name string }
	byArea := map[string][]named{}
	byWords := map[string][]string{}
	for _, t := range tags {
		cases[t.Tag], retired[t.Tag] = t.Cases, t.Retired
		area, name := model.TagArea(t.Tag), model.TagIssue(t.Tag)
		if name == "" {
			area, name = "", t.Tag // bare tags are compared among themselves
		}
		byArea[area] = append(byArea[area], named{t.Tag, name})
		if w := issueWords(t.Tag); w != "" {
			byWords[w] = append(byWords[w], t.Tag)
		}
	}
	seen := map[[2]string]bool{}
	var out []taxPair
	add := func(a, b, reason string, rank int) {
		if a > b {
			a, b = b, a
		}
		if seen[[2]string{a, b}] {
			return
		}
		seen[[2]string{a, b}] = true
		from, to := a, b
		// Keep the tag with more cases; then the one in use; then the
		// shorter, plainer name.
		switch {
		case cases[a] != cases[b]:
			if cases[a] > cases[b] {
				from, to = b, a
			}
		case retired[a] != retired[b]:
			if retired[b] {
				from, to = b, a
			}
		case len(a) < len(b):
			from, to = b, a
		}
		out = append(out, taxPair{from: from, to: to, reason: reason, rank: rank})
	}
	// Letters apart: only names at most two bytes longer can be two edits
	// away, so each area is walked in length order and a name is compared
	// with the next ones until they get too long.
	var ed editRows
	for _, ts := range byArea {
		slices.SortFunc(ts, func(a, b named) int { return cmp.Compare(len(a.name), len(b.name)) })
		for i := range ts {
			for j := i + 1; j < len(ts) && len(ts[j].name)-len(ts[i].name) <= 2; j++ {
				x, y := ts[i].name, ts[j].name
				if d := ed.distance(x, y, 2); d <= editBudget(x, y) {
					add(ts[i].tag, ts[j].tag, plural(d, "letter")+" apart", d)
				}
			}
		}
	}
	// The same words within an area: one issue written two ways.
	for _, ts := range byWords {
		for i := range ts {
			for j := i + 1; j < len(ts); j++ {
				if model.TagArea(ts[i]) == model.TagArea(ts[j]) {
					add(ts[i], ts[j], "same words", 3)
				}
			}
		}
	}
	// Across areas, the whole tag a spelling variant: walked in length
	// order as above.
	all := make([]string, 0, len(tags))
	for _, t := range tags {
		if model.TagIssue(t.Tag) != "" {
			all = append(all, t.Tag)
		}
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
	for i := range all {
		for j := i + 1; j < len(all) && len(all[j])-len(all[i]) <= 2; j++ {
			x, y := all[i], all[j]
			if model.TagArea(x) == model.TagArea(y) {
				continue // compared by issue above
			}
			if d := ed.distance(x, y, 2); d <= editBudget(model.TagArea(x), model.TagArea(y)) && d <= 2 {
				add(x, y, plural(d, "letter")+" apart", d)
			}
		}
	}
	slices.SortFunc(out, func(a, b taxPair) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(cases[b.from]+cases[b.to], cases[a.from]+cases[a.to]); c != 0 {
			return c
		}
		return cmp.Compare(a.from, b.from)
	})
	return out
}

// editBudget is how many edits still read as the same word: none for
// words of up to four letters (late/lost, fee/fees are different), one
// up to eight, two beyond.
func editBudget(a, b string) int {
	n := min(len(a), len(b))
	switch {
	case n <= 4:
		if len(a) != len(b) && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
			return 1 // a plural: refund/refunds, fee/fees
		}
		return 0
	case n <= 8:
		return 1
	}
	return 2
}

// issueWords is a tag's issue as a sorted set of crudely stemmed words
// without the area's name: "delivery/late-delivery" and "delivery/late"
// both give "lat"; "" for a bare tag.
func issueWords(tag string) string {
	issue := model.TagIssue(tag)
	if issue == "" {
		return ""
	}
	area := stem(model.TagArea(tag))
	var ws []string
	for _, w := range strings.FieldsFunc(issue, func(r rune) bool { return r == '-' || r == '_' || r == '/' || r == '.' }) {
		if stopWords[w] {
			continue // trouble-using-the-card, trouble-using-your-card
		}
		if s := stem(w); s != area && s != "" {
			ws = append(ws, s)
		}
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	return strings.Join(ws, " ")
}

// stopWords carry no issue of their own: two issues that differ only in
// them are one issue worded two ways.
var stopWords = map[string]bool{"a": true, "an": true, "the": true, "your": true, "my": true, "our": true,
	"of": true, "on": true, "to": true, "for": true, "with": true, "in": true, "at": true, "by": true}

func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// editDistance is the Levenshtein distance of a and b in bytes, or
// limit+1 as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	var ed editRows
	return ed.distance(a, b, limit)
}

// editRows are editDistance's two rows, kept between calls: comparing a
// large taxonomy makes many.
type editRows struct{ prev, cur []int }

func (e *editRows) distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// A common prefix and suffix cost nothing: tags of one family
	// (agent07-123, agent07-124) differ in a few bytes.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 || len(b) == 0 {
		return min(max(len(a), len(b)), limit+1)
	}
	if cap(e.prev) < len(b)+1 {
		e.prev, e.cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := e.prev[:len(b)+1], e.cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
