package ui

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// Every short list the agent narrows by typing ranks its matches here, so
// that one word finds the same best match everywhere: the tag picker's and
// the assign prompt's suggestions, the taxonomy's filter and its merge
// targets, the canned replies.

// match classes, best first: the typed text is the whole candidate, starts
// it, starts one of its words or path parts, is inside it, or only matches
// fuzzily.
const (
	matchExact = iota
	matchPrefix
	matchWord
	matchInside
	matchFuzzy
)

func matchClass(cand, q string) int {
	c, q := strings.ToLower(cand), strings.ToLower(q)
	switch {
	case c == q:
		return matchExact
	case strings.HasPrefix(c, q):
		return matchPrefix
	}
	for i := 1; i < len(c); i++ {
		if strings.ContainsRune("/- _.@", rune(c[i-1])) && strings.HasPrefix(c[i:], q) {
			return matchWord
		}
	}
	if strings.Contains(c, q) {
		return matchInside
	}
	return matchFuzzy
}

// rankMatches returns the indexes of the candidates that match q (fuzzily,
// as sahilm/fuzzy does), best match class first and, within a class, in the
// candidates' own order: the list's order (most used tags, alphabetical
// taxonomy, the replies as kept) says more than fuzzy's score between two
// words both merely "inside". An empty q matches every candidate.
func rankMatches(q string, cands []string) []int {
	q = strings.TrimSpace(q)
	if q == "" {
		all := make([]int, len(cands))
		for i := range all {
			all[i] = i
		}
		return all
	}
	// The library decodes every rune of every candidate: first drop the
	// ASCII candidates an ASCII q is not even a subsequence of (a
	// taxonomy has thousands of tags, an agent types one).
	kept, at := cands, []int(nil)
	if isASCII(q) {
		kept = nil
		for i, c := range cands {
			if !isASCII(c) || asciiSubsequenceFold(q, c) {
				kept = append(kept, c)
				at = append(at, i)
			}
		}
	}
	type hit struct{ class, at int }
	var hits []hit
	for _, m := range fuzzy.Find(q, kept) {
		i := m.Index
		if at != nil {
			i = at[m.Index]
		}
		hits = append(hits, hit{matchClass(cands[i], q), i})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.at, b.at))
	})
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.at
	}
	return out
}

// asciiSubsequenceFold reports whether the letters of q appear in c in
// order, ignoring ASCII case: what a fuzzy match needs at least.
func asciiSubsequenceFold(q, c string) bool {
	i := 0
	for j := 0; i < len(q) && j < len(c); j++ {
		if lowerASCII(q[i]) == lowerASCII(c[j]) {
			i++
		}
	}
	return i == len(q)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
