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
	for i := range 600 { // parts of 128 to 256 tags
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
	for step := range 400 {
		var changed []TagInfo
		var gone []string
		for range 1 + r.Intn(4) {
			n := fmt.Sprintf("a%d/t-%d", r.Intn(5), r.Intn(800))
			if _, ok := byName[n]; ok && r.Intn(4) == 0 {
				delete(byName, n)
				gone = append(gone, n)
				continue
			}
			byName[n] = info(n)
			changed = append(changed, byName[n])
		}
		tax = tax.Patched(uint64(step+2), changed, gone)
		if !slices.Equal(tax.Tags(), all()) || tax.Len() != len(byName) {
			t.Fatalf("step %d: patched tags differ from the tags", step)
		}
		for _, ti := range changed {
			gone = append(gone, ti.Tag)
		}
		for _, name := range gone {
			want, has := byName[name]
			if got, ok := tax.Find(name); ok != has || got != want {
				t.Fatalf("step %d: %s found as %v, %v", step, name, got, ok)
			}
		}
		for _, p := range tax.parts {
			if len(p) == 0 || len(p) > 2*tagPart {
				t.Fatalf("step %d: a part of %d tags", step, len(p))
			}
		}
		at = at.Add(time.Second)
		if r.Intn(3) == 0 {
			continue // no t on this one: the next patches from the ranking before
		}
		got := tax.Ranked(at)
		if stale := at.Sub(rankedAt) >= TagRankFresh; stale != got.At.Equal(at) {
			t.Fatalf("step %d: ranked at %s for %s, the last ranking was at %s", step, got.At, at, rankedAt)
		}
		rankedAt = got.At
		want := rankingOf([][]TagInfo{tax.Tags()}, got.At)
		if !slices.Equal(got.Names, want.Names) || got.Live != want.Live || !slices.Equal(got.Letters, want.Letters) {
			t.Fatalf("step %d: patched\n%q\nsorted\n%q", step, got.Names, want.Names)
		}
	}
}
