package model

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"
)

// A ranking patched with the tags a write changed is the ranking sorted
// afresh at the same time, and a patched taxonomy holds what it should.
func TestTaxonomyRankingPatchMatchesSort(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	now := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	info := func(name string) TagInfo {
		ti := TagInfo{Tag: name, Cases: r.Intn(4), Retired: r.Intn(8) == 0}
		if r.Intn(3) > 0 {
			ti.Uses = r.Intn(5)
			ti.LastAdded = now.Add(-time.Duration(r.Intn(30*24)) * time.Hour).Unix()
		}
		return ti
	}
	byName := map[string]TagInfo{}
	for i := range 200 {
		n := fmt.Sprintf("a%d/t-%d", i%5, i)
		byName[n] = info(n)
	}
	all := func() []TagInfo {
		var out []TagInfo
		for _, ti := range byName {
			out = append(out, ti)
		}
		slices.SortFunc(out, byTag)
		return out
	}
	tax := NewTaxonomy(1, all())
	at, rankedAt := now, now
	tax.Ranked(at)
	for step := range 200 {
		var changed []TagInfo
		var gone []string
		for range 1 + r.Intn(4) {
			n := fmt.Sprintf("a%d/t-%d", r.Intn(5), r.Intn(260))
			if _, ok := byName[n]; ok && r.Intn(4) == 0 {
				delete(byName, n)
				gone = append(gone, n)
				continue
			}
			byName[n] = info(n)
			changed = append(changed, byName[n])
		}
		tax = tax.Patched(uint64(step+2), changed, gone)
		if !slices.Equal(tax.Tags(), all()) {
			t.Fatalf("step %d: patched tags differ from the tags", step)
		}
		at = at.Add(time.Second)
		got := tax.Ranked(at)
		if stale := at.Sub(rankedAt) >= TagRankFresh; stale != got.At.Equal(at) {
			t.Fatalf("step %d: ranked at %s for %s, the last ranking was at %s", step, got.At, at, rankedAt)
		}
		rankedAt = got.At
		want := rankingOf(tax.Tags(), got.At)
		if !slices.Equal(got.Names, want.Names) || got.Live != want.Live || !slices.Equal(got.Letters, want.Letters) {
			t.Fatalf("step %d: patched\n%q\nsorted\n%q", step, got.Names, want.Names)
		}
	}
}
