package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
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
	matchClasses
)

func matchClass(cand, q string) int { return lowerClass(strings.ToLower(cand), strings.ToLower(q)) }

// lowerClass is matchClass of a lower-cased candidate and text.
func lowerClass(c, q string) int {
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
	ranked, _ := rankAmong(q, cands, nil, nil, nil)
	out := make([]int, len(ranked))
	for i, at := range ranked {
		out[i] = int(at)
	}
	return out
}

// rankAmong is rankMatches over the candidates at positions among (all
// when nil), less those in hide: it returns the matches ranked, and the
// same in the candidates' order, for the next keystroke to narrow.
// letters, when not nil, are the candidates' model.LetterMask: a
// candidate lacking a character of an ASCII q is passed over unread, so a
// first burst over thousands of tags reads only those that could match.
func rankAmong(q string, cands []string, letters []uint64, among []int32, hide []string) (ranked, kept []int32) {
	n := len(cands)
	if among != nil {
		n = len(among)
	}
	asciiQ := isPlainASCII(q)
	var needs uint64
	if asciiQ && letters != nil {
		needs = model.LetterMask(q)
	}
	var slow []string // candidates the library must judge
	var slowAt []int32
	for k := range n {
		i := int32(k)
		if among != nil {
			i = among[k]
		}
		if needs != 0 && letters[i]&needs != needs {
			continue // a character of q is missing (FuzzFuzzyMatchIsSubsequence)
		}
		c := cands[i]
		if asciiQ {
			if match, sure := asciiMatch(q, c); sure {
				if match && !hidden(hide, c) {
					kept = append(kept, i)
				}
				continue
			}
		}
		if !hidden(hide, c) {
			slow = append(slow, c)
			slowAt = append(slowAt, i)
		}
	}
	if len(slow) > 0 {
		kept = mergeFound(kept, slowAt, fuzzy.FindNoSort(q, slow))
	}
	// Ranked by class, each class in the candidates' order: a counting
	// sort, not a comparison sort.
	classes := make([]uint8, len(kept))
	var count [matchClasses + 1]int
	lq := strings.ToLower(q)
	for k, i := range kept {
		classes[k] = uint8(lowerClass(strings.ToLower(cands[i]), lq))
		count[classes[k]+1]++
	}
	for c := 1; c <= matchClasses; c++ {
		count[c] += count[c-1]
	}
	ranked = make([]int32, len(kept))
	for k, i := range kept {
		ranked[count[classes[k]]] = i
		count[classes[k]]++
	}
	return ranked, kept
}

// mergeFound adds to kept (in the candidates' order) the positions at of
// the library's matches.
func mergeFound(kept, at []int32, found fuzzy.Matches) []int32 {
	if len(found) == 0 {
		return kept
	}
	more := make([]int32, len(found))
	for k, m := range found {
		more[k] = at[m.Index]
	}
	out := make([]int32, 0, len(kept)+len(more))
	for len(kept) > 0 && len(more) > 0 {
		if kept[0] < more[0] {
			out, kept = append(out, kept[0]), kept[1:]
		} else {
			out, more = append(out, more[0]), more[1:]
		}
	}
	return append(append(out, kept...), more...)
}

func hidden(hide []string, c string) bool {
	for _, h := range hide {
		if h == c {
			return true
		}
	}
	return false
}

// asciiMatch judges an ASCII q (without NUL) against c as sahilm/fuzzy
// does, in one pass and without the library's allocations. The library
// moves to q's next letter on the character before it, once any letter
// matched, so it matches each letter no later than the first place after
// the one before: the letters of q found in c in order (ASCII case
// folded) are its match, whatever else c holds, and in an all-ASCII c
// their absence is its miss (FuzzFuzzyMatchIsSubsequence). sure is false
// for the rest, which the library judges: c with a NUL (it reads c only
// up to one) or with non-ASCII letters (it folds some onto ASCII ones:
// the Kelvin sign is a k).
func asciiMatch(q, c string) (match, sure bool) {
	i, plain := 0, true
	for j := 0; j < len(c); j++ {
		switch b := c[j]; {
		case b == 0:
			return false, false
		case b >= utf8.RuneSelf:
			plain = false
		case lowerASCII(b) == lowerASCII(q[i]):
			if i++; i == len(q) {
				return true, true
			}
		}
	}
	return false, plain
}

// isPlainASCII: ASCII without NUL, where the library stops reading.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == 0 {
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
