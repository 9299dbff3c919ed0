package ui

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/sahilm/fuzzy"
)

// TestRankMatchesKeepsSahilmsMatches holds rankMatches against sahilm's
// own answer: the same candidates (the ASCII pre-filter drops none of
// them), ordered by match class and then by the list's order.
func TestRankMatchesKeepsSahilmsMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	word := func(n int) string { return randomText(r, "abcAB/-é d", n) }
	for range 3000 {
		cands := make([]string, r.IntN(12))
		for i := range cands {
			cands[i] = word(10)
		}
		q := word(3)
		got := rankMatches(q, cands)
		var want []int
		if strings.TrimSpace(q) == "" {
			for i := range cands {
				want = append(want, i)
			}
		} else {
			for _, m := range fuzzy.Find(strings.TrimSpace(q), cands) {
				want = append(want, m.Index)
			}
			slices.SortStableFunc(want, func(a, b int) int {
				if ca, cb := matchClass(cands[a], strings.TrimSpace(q)), matchClass(cands[b], strings.TrimSpace(q)); ca != cb {
					return ca - cb
				}
				return a - b
			})
		}
		if !slices.Equal(got, want) {
			t.Fatalf("rankMatches(%q, %q) = %v, want %v", q, cands, got, want)
		}
	}
}

// TestShortListsRankAlike: the same word typed into the taxonomy's filter,
// its merge picker and a prompt's suggestions over the same tags gives the
// same best match and the same order (they once ranked differently: the
// taxonomy by fuzzy score, the prompt by match class).
func TestShortListsRankAlike(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 120, 20)
	for _, q := range []string{"lo", "late", "refund", "dl", "bil"} {
		hmKeys(p, "/")
		hmType(p, q)
		var filtered []string
		for _, i := range p.shown {
			filtered = append(filtered, p.tags[i].Tag)
		}
		hmKeys(p, "enter", "esc") // keep the filter, then clear it

		s := suggester{all: p.names()}
		s.filter(q)
		if !slices.Equal(filtered, s.matches) {
			t.Errorf("%q: the taxonomy's filter shows %v, a prompt suggests %v", q, filtered, s.matches)
		}

		// The merge picker lists every tag but the one under the cursor.
		hmKeys(p, "g", "m")
		hmType(p, q)
		from := p.curTag
		var picked []string
		for _, i := range p.pick {
			picked = append(picked, p.tags[i].Tag)
		}
		hmKeys(p, "esc")
		want := slices.DeleteFunc(slices.Clone(s.matches), func(tag string) bool { return tag == from })
		if !slices.Equal(picked, want) {
			t.Errorf("%q: the merge picker lists %v, want %v", q, picked, want)
		}
	}
}
