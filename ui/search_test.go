package ui

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"

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
	for i := range 200000 {
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
		if isASCII(p) {
			pt := newPattern(p)
			foldSafe := isASCII(s) || !strings.ContainsAny(s, "\u212a\u017f")
			if pt.mask&charMask(s) != pt.mask && ok && foldSafe {
				t.Fatalf("mask rejects a match: %q in %q", p, s)
			}
			got2, ok2 := pt.score(s, isASCII(s), foldSafe)
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

// TestSearchPathsAgree checks that the memory-order scan, the queue-order
// walk and narrowing within earlier results all give the same list.
func TestSearchPathsAgree(t *testing.T) {
	svc := newTestService(9000)
	b, err := loadIndex(svc)
	if err != nil {
		t.Fatal(err)
	}
	snap := b.freeze()
	order := sortAll(snap, sortUrgency)
	pos := inverse(order)
	for _, text := range []string{"refund", "dee silva", "status:open refund", "tag:billing/ ch", "@ana", "zzzq", "T-00012"} {
		pq, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		req := searchReq{seq: 1, snap: snap, order: order, pos: pos, q: pq, raw: text, now: testNow.Unix(),
			env: matchEnv{me: "ana", sla: snap.sla, clk: newViewClock(testNow, time.UTC)}}
		scan := runSearch(req)
		req.pos = nil
		walk := runSearch(req)
		if !slices.Equal(scan.list, walk.list) || !slices.Equal(scan.cands, walk.cands) {
			t.Fatalf("%q: scan %d results, walk %d", text, len(scan.list), len(walk.list))
		}
		// Typed key by key, each narrowing within the last.
		req.pos = pos
		var prev *searchResult
		for k := 1; k <= len(text); k++ {
			pq, err := model.ParseQuery(text[:k])
			if err != nil {
				continue
			}
			req.q, req.prev = pq, prev
			prev = runSearch(req)
		}
		if !slices.Equal(prev.list, scan.list) {
			t.Fatalf("%q: typed gives %d results, pasted %d", text, len(prev.list), len(scan.list))
		}
	}
}
