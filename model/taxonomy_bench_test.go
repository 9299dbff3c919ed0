package model

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkTaxonomyPatch10k is a tag commit on a desk of 10,000 tags as
// the team server pays it: the shared taxonomy patched with the new tag
// an agent created (patch), and then ranked for the next agent's t
// (ranked), 100 commits a second.
func BenchmarkTaxonomyPatch10k(b *testing.B) {
	for _, name := range []string{"patch", "ranked"} {
		ranked := name == "ranked"
		b.Run(name, func(b *testing.B) {
			now := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
			tags := make([]TagInfo, 10000)
			for k := range tags {
				tags[k] = TagInfo{Tag: fmt.Sprintf("screen/xxxxxagent%02d-%06d", k%50, k/50), Cases: 1, Uses: 1 + k%7,
					LastAdded: now.Add(-time.Duration(k) * time.Minute).Unix()}
			}
			tax := NewTaxonomy(1, tags)
			tax.Ranked(now)
			for i := 0; b.Loop(); i++ {
				now = now.Add(10 * time.Millisecond)
				made := TagInfo{Tag: fmt.Sprintf("screen/xxxxxagent%02d-%06d", i%50, 200+i/50), Cases: 1, Uses: 1, LastAdded: now.Unix()}
				tax = tax.Patched(uint64(i+2), []TagInfo{made}, nil)
				if ranked {
					tax.Ranked(now)
				}
			}
		})
	}
}
