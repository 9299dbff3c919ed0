package ui

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/sahilm/fuzzy"
)

// The suggester narrows what it kept as the agent types on, and starts
// over when the text is not an extension: at every key its matches are
// those of a fresh filter (rankMatches over every candidate but the
// hidden ones), and with nothing typed the hidden candidates are left out
// as far as the list is read.
func TestSuggesterNarrowsWhatItKept(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	letters := []rune("abcdAB/-é ")
	word := func(n int) string { return randomText(r, string(letters), n) }
	for range 300 {
		all := make([]string, 1+r.IntN(60))
		for i := range all {
			all[i] = word(12)
		}
		hide := []string{all[r.IntN(len(all))], all[r.IntN(len(all))]}
		var s suggester
		s.setCandidates(all, lettersOf(all), hide)
		typed := ""
		for range 12 {
			switch k := r.IntN(6); {
			case k == 0 && typed != "":
				_, n := utf8LastRune(typed)
				typed = typed[:len(typed)-n] // backspace
			case k == 1:
				typed = word(3) // pasted over
			default:
				typed += string(letters[r.IntN(len(letters))])
			}
			s.filter(typed)
			s.more(len(all) + 1)
			var want []string
			for _, i := range rankMatches(typed, all) {
				if !slices.Contains(hide, all[i]) {
					want = append(want, all[i])
				}
			}
			if !slices.Equal(s.matches, want) {
				t.Fatalf("%q typed over %q hiding %q: %q, a fresh filter %q", typed, all, hide, s.matches, want)
			}
		}
	}
}

// lettersOf is the names' model.LetterMask, as a ranking keeps them.
func lettersOf(names []string) []uint64 {
	out := make([]uint64, len(names))
	for i, n := range names {
		out[i] = model.LetterMask(n)
	}
	return out
}

// randomText is 1 to n runes of letters, as random typing.
func randomText(r *rand.Rand, letters string, n int) string {
	runes := []rune(letters)
	b := make([]rune, r.IntN(n)+1)
	for i := range b {
		b[i] = runes[r.IntN(len(runes))]
	}
	return string(b)
}

func utf8LastRune(s string) (rune, int) {
	r := []rune(s)
	return r[len(r)-1], len(string(r[len(r)-1]))
}

// A match of a longer text is a match of the shorter one, as the
// suggester's narrowing needs; asciiMatch, when sure, is the library's
// answer, and a text whose model.LetterMask lacks a bit of an ASCII q's
// is no match, as rankAmong's fast paths need: all held against
// sahilm/fuzzy itself.
func FuzzFuzzyMatchIsSubsequence(f *testing.F) {
	for _, seed := range [][2]string{{"ab", "axb"}, {"screen/agent17-1", "screen/agent175-000012"}, {"aab", "ab ab"},
		{"k", "\u212aelvin"}, {"é", "café"}, {"a\x00", "a\x00b"}, {"b/d", "billing/double-charge"},
		{"screen/xxxxxagent17-000034", "screen/xxxxxagent71-000043"}, {"S", "\u017f"}, {"a b", "xa yb"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, q, c string) {
		if q == "" {
			return
		}
		match := len(fuzzy.Find(q, []string{c})) > 0
		if isPlainASCII(q) {
			if m, sure := asciiMatch(q, c); sure && m != match {
				t.Fatalf("fuzzy %v, asciiMatch %v for %q in %q", match, m, q, c)
			}
			if needs := model.LetterMask(q); match && model.LetterMask(c)&needs != needs {
				t.Fatalf("%q matches %q, whose letters %x lack some of %x", q, c, model.LetterMask(c), needs)
			}
		}
		if r := []rune(q); match && len(r) > 1 {
			shorter := string(r[:len(r)-1])
			if len(fuzzy.Find(shorter, []string{c})) == 0 {
				t.Fatalf("%q matches %q but %q does not", q, c, shorter)
			}
		}
	})
}
