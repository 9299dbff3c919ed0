package caseindex

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
	snap := loaded(t, 9000)
	order := sortAll(snap, SortUrgency)
	pos := inverse(order)
	for _, text := range []string{"refund", "dee silva", "status:open refund", "tag:billing/ ch", "@ana", "zzzq", "T-00012"} {
		pq, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		req := searchReq{seq: 1, snap: snap, order: order, pos: pos, q: pq, raw: text, now: testNow.Unix(),
			env: matchEnv{me: "ana", sla: snap.sla, clk: NewClock(testNow, time.UTC)}}
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

// TestScoreBytesLong checks the eight-bytes-at-a-time paths (subsequence
// and scoreBytes) against sahilm/fuzzy on longer text, with the bytes next
// to the ASCII letters that a case-folding trick could confuse.
func TestScoreBytesLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alpha := []string{"a", "b", "c", "A", "B", "C", "z", "Z", " ", "-", ".", "@", "`", "[", "{", "^", "~", "1", "!", "\x01", "é", "漢", "x", "X"}
	pats := alpha[:18]
	gen := func(set []string, n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(set[rng.IntN(len(set))])
		}
		return b.String()
	}
	for i := range 200000 {
		s := gen(alpha[:6+rng.IntN(len(alpha)-6)], rng.IntN(90))
		p := gen(pats[:3+rng.IntN(len(pats)-3)], 1+rng.IntN(6))
		if i%3 == 0 && len(s) > 4 {
			// A pattern taken from the text, so that it matches.
			a := rng.IntN(len(s) - 2)
			p = strings.ToUpper(s[a : a+1+rng.IntN(3)])
			if !isASCII(p) {
				continue
			}
		}
		want := fuzzy.Find(p, []string{s})
		pt := newPattern(p)
		if sub := pt.subsequence(s); sub != (len(want) == 1) {
			t.Fatalf("subsequence(%q, %q) = %v; sahilm: %+v", p, s, sub, want)
		}
		got, ok := pt.score(s, isASCII(s), true)
		if ok != (len(want) == 1) || ok && got != want[0].Score {
			t.Fatalf("score(%q, %q) = %d, %v; sahilm: %+v", p, s, got, ok, want)
		}
	}
}

// TestFilterPlanMatches checks the filters decided by table lookups
// against Query.Match on every row.
func TestFilterPlanMatches(t *testing.T) {
	snap := loaded(t, 3000)
	now := testNow
	for _, text := range []string{"status:open", "-status:resolved -status:closed", "status:active priority:urgent",
		"priority:high priority:urgent channel:email", "@ana", "@me is:overdue", "assignee:none tag:billing/",
		"is:mine is:unassigned", "is:untagged", "-tag:delivery/ status:pending", "customer:silva", `customer:"dee silva" -@bo`,
		"tag:billing/refund tag:delivery/late is:overdue", "id:T-0000012", "created:2026-11 status:new", "created:2026-W47 @bo -is:untagged", "is:followup-today @chen",
		"-channel:chat -channel:phone", "priority:low -is:mine"} {
		q, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(text, err)
		}
		plan := newFilterPlan(q, snap, now, "ana", snap.sla)
		hits := 0
		for i := range snap.Len() {
			r := snap.At(int32(i))
			want := q.Match(snap.Summary(r), snap.ModelCustomer(r), now, "ana", snap.sla)
			got := plan.tables(r) && (!plan.rest || plan.q.Match(snap.Summary(r), snap.ModelCustomer(r), now, "ana", snap.sla))
			if got != want {
				t.Fatalf("%q: case %d: plan %v, Match %v", text, r.id, got, want)
			}
			if want {
				hits++
			}
		}
		t.Logf("%-40q %4d hits, rest %v", text, hits, plan.rest)
	}
}

// TestFilterOnlySearchInQueueOrder: with no text every case ties, and ties
// keep the queue's order.
func TestFilterOnlySearchInQueueOrder(t *testing.T) {
	for _, n := range []int{500, 9000} { // the queue-order walk and the memory-order scan
		snap := loaded(t, n)
		order := sortAll(snap, SortNewest)
		pq, _ := model.ParseQuery("status:open")
		res := runSearch(searchReq{seq: 1, snap: snap, order: order, pos: inverse(order), sort: SortNewest, q: pq,
			now: testNow.Unix(), env: matchEnv{me: "ana", sla: snap.sla, clk: NewClock(testNow, time.UTC)}})
		var want []int32
		for _, i := range order {
			if snap.At(i).status == model.StatusOpen {
				want = append(want, i)
			}
		}
		if len(want) == 0 || !slices.Equal(res.list, want) {
			t.Fatalf("%d rows: %d results, want %d in queue order", n, len(res.list), len(want))
		}
	}
}
