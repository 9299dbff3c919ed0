package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sahilm/fuzzy"
)

// TestFuzzyScoreMatchesSahilm checks the search's allocation-free scorer
// against sahilm/fuzzy itself on random text, ASCII and not.
func TestFuzzyScoreMatchesSahilm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alpha := []string{"a", "b", "c", "A", "B", " ", "-", "_", ".", "/", "x", "é", "É", "K", "k", "\u212a", "漢", "s", "ſ"}
	ascii := alpha[:11]
	gen := func(set []string, n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(set[rng.IntN(len(set))])
		}
		return b.String()
	}
	for i := range 20000 {
		set := alpha
		if i%2 == 0 {
			set = ascii
		}
		s := gen(set, rng.IntN(24))
		p := gen(set, 1+rng.IntN(4))
		want := fuzzy.Find(p, []string{s})
		got, ok := fuzzyScore([]rune(p), s)
		if ok != (len(want) == 1) || ok && got != want[0].Score {
			t.Fatalf("fuzzyScore(%q, %q) = %d, %v; sahilm: %+v", p, s, got, ok, want)
		}
		if isASCII(p) && isASCII(s) {
			pt := newPattern(p)
			got2, ok2 := pt.score(s, true)
			if ok2 != ok || ok && got2 != got {
				t.Fatalf("ASCII path (%q, %q) = %d, %v; want %d, %v", p, s, got2, ok2, got, ok)
			}
		}
	}
}

func TestNarrowable(t *testing.T) {
	for _, tc := range []struct {
		prev, text string
		want       bool
	}{
		{"", "abc", true}, {"ab", "abc", true}, {"ac", "abc", true}, {"AB", "abc", true},
		{"abc", "ab", false}, {"ba", "abc", false},
	} {
		if got := narrowable(tc.prev, tc.text); got != tc.want {
			t.Errorf("narrowable(%q, %q) = %v", tc.prev, tc.text, got)
		}
	}
}
