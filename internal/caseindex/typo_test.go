package caseindex

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

// wordIndex is a word index recounted from the generated cases' subjects
// and tags: whole words only, every positive word must be in a case, no
// -word may be.
func wordIndex(src genSource) WordsFunc {
	cases := map[string][]model.CaseID{}
	src.each(func(s model.Summary) {
		seen := map[string]bool{}
		for _, w := range fulltext.Words(s.Subject + " " + strings.Join(s.Tags, " ")) {
			if !seen[w] {
				seen[w] = true
				cases[w] = append(cases[w], s.ID)
			}
		}
	})
	return func(q model.Query) ([]WordHit, bool, error) {
		var result map[model.CaseID]bool
		for _, t := range q.Terms() {
			if t.Not {
				continue
			}
			has := map[model.CaseID]bool{}
			for _, id := range cases[fulltext.Fold(t.Text)] {
				if result == nil || result[id] {
					has[id] = true
				}
			}
			result = has
		}
		if result == nil {
			result = map[model.CaseID]bool{}
			src.each(func(s model.Summary) { result[s.ID] = true })
		}
		for _, t := range q.Terms() {
			if t.Not {
				for _, id := range cases[fulltext.Fold(t.Text)] {
					delete(result, id)
				}
			}
		}
		var hits []WordHit
		for id := range result {
			hits = append(hits, WordHit{ID: id, Score: 1})
		}
		return hits, true, nil
	}
}

// A typo in the words never lifts an exclusion: when the words exist and
// the -words leave nothing, nothing is listed (not a typo match of the
// same word), and a typo match keeps out the cases a -word names.
func TestTypoFallbackKeepsExclusions(t *testing.T) {
	src := genSource{n: 3000}
	q := NewQueue(Config{Source: src, Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, Words: wordIndex(src)})
	run(q, q.Start())
	words := func(ri int32) []string {
		r := q.snap.At(ri)
		return fulltext.Words(r.Subject() + " " + strings.Join(q.snap.Tags(r), " "))
	}
	run(q, q.Search("refund -refund ", true))
	if n, _ := q.Matches(); n != 0 {
		t.Fatalf("refund -refund lists %d cases, want 0", n)
	}
	if q.NearMatches() {
		t.Fatal("an empty answer is said to be near matches")
	}
	run(q, q.Search("refnud ", true))
	if n, _ := q.Matches(); n == 0 || !q.NearMatches() {
		t.Fatalf("the typo refnud finds %d cases (near matches %v)", n, q.NearMatches())
	}
	run(q, q.Search("refund ", true))
	if n, _ := q.Matches(); n == 0 || q.NearMatches() {
		t.Fatalf("refund finds %d cases, said to be near matches %v", n, q.NearMatches())
	}
	run(q, q.Search("refnud -refund ", true))
	if n, _ := q.Matches(); n != 0 {
		t.Fatalf("refnud -refund lists %d cases, want 0", n)
	}
	run(q, q.Search("refnud -billing ", true))
	n, _ := q.Matches()
	if n == 0 {
		t.Fatal("refnud -billing finds nothing, though some refund cases are not tagged billing")
	}
	for _, ri := range q.List() {
		if slices.Contains(words(ri), "billing") {
			t.Fatalf("refnud -billing lists case %d: %q", q.snap.At(ri).ID(), words(ri))
		}
	}
}
