package model

import (
	"slices"
	"strings"
	"sync"
)

// Taxonomy is the desk's tags as one write left them: a value no one
// changes, which every screen of a team server shares. The store hands out
// the same one until a write changes a tag (its record or its count), so
// a screen opening the tag picker reads nothing and ranks nothing when
// nothing changed. Rev tells two of them apart.
type Taxonomy struct {
	rev uint64
	// parts are the tags in tag order, cut in parts of at most
	// 2*tagPart: a write's patch copies the parts it changes and the
	// list of parts, not every tag (desks gather thousands, agents add
	// one at a time). Shared with the taxonomies before and after.
	parts [][]TagInfo
	n     int

	joined sync.Once
	flat   []TagInfo // Tags, joined at the first call

	mu     sync.Mutex
	ranked *TagRanking
	// from is an earlier taxonomy's ranking and since the tags changed
	// after it: Ranked patches it rather than sorting every tag again.
	from  *TagRanking
	since *tagEdits
}

// tagPart is how many tags a part of a new taxonomy holds; a patched
// part is cut again past twice that.
const tagPart = 128

// tagEdits are the tags one write changed, after those of the writes
// before it (prev): each patch adds a link instead of copying the list.
type tagEdits struct {
	names []string
	n     int // names in this link and those before
	prev  *tagEdits
}

// NewTaxonomy is the taxonomy of tags, which it keeps (in tag order: it
// sorts them if they are not).
func NewTaxonomy(rev uint64, tags []TagInfo) *Taxonomy {
	if !slices.IsSortedFunc(tags, byTag) {
		tags = slices.Clone(tags)
		slices.SortFunc(tags, byTag)
	}
	return &Taxonomy{rev: rev, parts: cutParts(nil, tags), n: len(tags)}
}

// cutParts appends tags to parts in parts of tagPart; the parts share
// tags' array, capped so that no append reaches the next.
func cutParts(parts [][]TagInfo, tags []TagInfo) [][]TagInfo {
	for len(tags) > 0 {
		k := min(len(tags), tagPart)
		if len(tags) <= 2*tagPart {
			k = len(tags)
		}
		parts = append(parts, tags[:k:k])
		tags = tags[k:]
	}
	return parts
}

func byTag(a, b TagInfo) int { return strings.Compare(a.Tag, b.Tag) }

func tagIs(ti TagInfo, tag string) int { return strings.Compare(ti.Tag, tag) }

// Rev is the revision: a later taxonomy has a greater one.
func (t *Taxonomy) Rev() uint64 { return t.rev }

// Len is how many tags the desk has.
func (t *Taxonomy) Len() int { return t.n }

// Tags are every tag in tag order, shared: the caller must not change
// them. They are joined from the parts once, at the first call (the
// taxonomy pane's; the tag picker needs only Find and Ranked).
func (t *Taxonomy) Tags() []TagInfo {
	if len(t.parts) == 1 {
		return t.parts[0]
	}
	t.joined.Do(func() {
		t.flat = make([]TagInfo, 0, t.n)
		for _, p := range t.parts {
			t.flat = append(t.flat, p...)
		}
	})
	return t.flat
}

// partOf is the part that holds tag, or would: the first whose last tag
// is not before it, or the last part. t has parts.
func (t *Taxonomy) partOf(tag string) int {
	i, _ := slices.BinarySearchFunc(t.parts, tag, func(p []TagInfo, tag string) int { return tagIs(p[len(p)-1], tag) })
	return min(i, len(t.parts)-1)
}

// Find is tag's record, if the desk has the tag.
func (t *Taxonomy) Find(tag string) (TagInfo, bool) {
	if len(t.parts) == 0 {
		return TagInfo{}, false
	}
	p := t.parts[t.partOf(tag)]
	i, ok := slices.BinarySearchFunc(p, tag, tagIs)
	if !ok {
		return TagInfo{}, false
	}
	return p[i], true
}

// Patched is the taxonomy at rev after a write: changed tags replace or
// join the tags, gone ones leave. It copies the parts the write changed,
// not every tag, and keeps this taxonomy's ranking to patch (Ranked).
func (t *Taxonomy) Patched(rev uint64, changed []TagInfo, gone []string) *Taxonomy {
	changed = slices.Clone(changed)
	slices.SortFunc(changed, byTag)
	changed = slices.CompactFunc(changed, func(a, b TagInfo) bool { return a.Tag == b.Tag })
	gone = slices.Clone(gone)
	slices.Sort(gone)
	gone = slices.Compact(gone)
	names := slices.Clone(gone)
	for _, c := range changed {
		names = append(names, c.Tag)
	}
	next := &Taxonomy{rev: rev, parts: t.patchParts(changed, gone)}
	for _, p := range next.parts {
		next.n += len(p)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.ranked != nil:
		next.from, next.since = t.ranked, &tagEdits{names: names, n: len(names)}
	case t.from != nil:
		next.from, next.since = t.from, &tagEdits{names: names, n: t.since.n + len(names), prev: t.since}
	}
	if next.since != nil && next.since.n > next.n/8+64 {
		next.from, next.since = nil, nil // sorting again is cheaper
	}
	return next
}

// patchParts is t's parts with changed (in tag order, one of each) put
// in and gone (sorted) taken out: the parts they fall in are merged
// again, the others shared.
func (t *Taxonomy) patchParts(changed []TagInfo, gone []string) [][]TagInfo {
	if len(t.parts) == 0 {
		return cutParts(nil, changed)
	}
	out := make([][]TagInfo, 0, len(t.parts)+len(changed)/tagPart+1)
	done := 0 // parts before done are in out
	for len(changed) > 0 || len(gone) > 0 {
		// the next part an edit falls in, and its edits
		p := len(t.parts)
		if len(changed) > 0 {
			p = t.partOf(changed[0].Tag)
		}
		if len(gone) > 0 {
			p = min(p, t.partOf(gone[0]))
		}
		in := func(tag string) bool { return p == len(t.parts)-1 || tag <= t.parts[p][len(t.parts[p])-1].Tag }
		c := 0
		for c < len(changed) && in(changed[c].Tag) {
			c++
		}
		g := 0
		for g < len(gone) && in(gone[g]) {
			g++
		}
		out = append(out, t.parts[done:p]...)
		out = cutParts(out, mergeTags(t.parts[p], changed[:c], gone[:g]))
		changed, gone, done = changed[c:], gone[g:], p+1
	}
	return append(out, t.parts[done:]...)
}

// mergeTags is part with changed put in (replacing a tag of the same
// name) and gone taken out, all three in tag order; a tag both changed
// and gone is changed.
func mergeTags(part, changed []TagInfo, gone []string) []TagInfo {
	out := make([]TagInfo, 0, len(part)+len(changed))
	i := 0
	for _, ti := range part {
		for i < len(changed) && changed[i].Tag < ti.Tag {
			out = append(out, changed[i])
			i++
		}
		for len(gone) > 0 && gone[0] < ti.Tag {
			gone = gone[1:]
		}
		switch {
		case i < len(changed) && changed[i].Tag == ti.Tag:
			out = append(out, changed[i])
			i++
		case len(gone) == 0 || gone[0] != ti.Tag:
			out = append(out, ti)
		}
	}
	return append(out, changed[i:]...)
}
