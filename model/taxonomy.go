package model

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Taxonomy is the desk's tags as one write left them: a value no one
// changes, which every screen of a team server shares. The store hands out
// the same one until a write changes a tag (its record or its count), so
// a screen opening the tag picker reads nothing and ranks nothing when
// nothing changed. Rev tells two of them apart.
type Taxonomy struct {
	rev  uint64
	tags []TagInfo // in tag order

	mu     sync.Mutex
	ranked *TagRanking
	// from is an earlier taxonomy's ranking and since the tags changed
	// after it: Ranked patches it rather than sorting every tag again.
	from  *TagRanking
	since []string
}

// NewTaxonomy is the taxonomy of tags, which it keeps (in tag order: it
// sorts them if they are not).
func NewTaxonomy(rev uint64, tags []TagInfo) *Taxonomy {
	if !slices.IsSortedFunc(tags, byTag) {
		tags = slices.Clone(tags)
		slices.SortFunc(tags, byTag)
	}
	return &Taxonomy{rev: rev, tags: tags}
}

func byTag(a, b TagInfo) int { return strings.Compare(a.Tag, b.Tag) }

// Rev is the revision: a later taxonomy has a greater one.
func (t *Taxonomy) Rev() uint64 { return t.rev }

// Tags are every tag in tag order, shared: the caller must not change them.
func (t *Taxonomy) Tags() []TagInfo { return t.tags }

// Find is tag's record, if the desk has the tag.
func (t *Taxonomy) Find(tag string) (TagInfo, bool) {
	i, ok := slices.BinarySearchFunc(t.tags, tag, func(ti TagInfo, tag string) int { return strings.Compare(ti.Tag, tag) })
	if !ok {
		return TagInfo{}, false
	}
	return t.tags[i], true
}

// Patched is the taxonomy at rev after a write: changed tags replace or
// join the tags, gone ones leave. It costs a copy of the tags, not a sort,
// and keeps this taxonomy's ranking to patch (Ranked).
func (t *Taxonomy) Patched(rev uint64, changed []TagInfo, gone []string) *Taxonomy {
	changed = slices.Clone(changed)
	slices.SortFunc(changed, byTag)
	changed = slices.CompactFunc(changed, func(a, b TagInfo) bool { return a.Tag == b.Tag })
	isGone := make(map[string]bool, len(gone))
	names := slices.Clone(gone)
	for _, g := range gone {
		isGone[g] = true
	}
	out := make([]TagInfo, 0, len(t.tags)+len(changed))
	i := 0
	for _, ti := range t.tags {
		for i < len(changed) && changed[i].Tag < ti.Tag {
			out = append(out, changed[i])
			i++
		}
		switch {
		case i < len(changed) && changed[i].Tag == ti.Tag:
			out = append(out, changed[i])
			i++
		case !isGone[ti.Tag]:
			out = append(out, ti)
		}
	}
	out = append(out, changed[i:]...)
	for _, c := range changed {
		names = append(names, c.Tag)
	}
	next := &Taxonomy{rev: rev, tags: out}
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.ranked != nil:
		next.from, next.since = t.ranked, names
	case t.from != nil:
		next.from, next.since = t.from, append(slices.Clone(t.since), names...)
	}
	if len(next.since) > len(out)/8+64 {
		next.from, next.since = nil, nil // sorting again is cheaper
	}
	return next
}

// TagRankFresh is how long a ranking stands: suggestions ranked a few
// seconds ago are as good, and the tags changed since are patched in.
const TagRankFresh = 15 * time.Second

// TagRanking is a taxonomy's tags in the order the tag picker suggests
// them at a time At (RankTags).
type TagRanking struct {
	At    time.Time
	order []rankedTag
	// Names are the live tags best first, then the retired ones best
	// first. Shared: the caller must not change them.
	Names []string
	// Live is how many of Names are live.
	Live int
	// Letters are the LetterMask of each of Names, for a filter to skip
	// names without reading them. Shared like Names.
	Letters []uint64
}

type rankedTag struct {
	tag       string
	letters   uint64 // LetterMask(tag), once per tag, not per keystroke
	score     float64
	lastAdded int64
	cases     int
	retired   bool
}

// Ranked is the taxonomy ranked for suggestions at now, or at most
// TagRankFresh before: ranked once for every screen, and patched from the
// taxonomy before it when only a few tags changed.
func (t *Taxonomy) Ranked(now time.Time) *TagRanking {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fresh(t.ranked, now) {
		return t.ranked
	}
	if fresh(t.from, now) {
		t.ranked = t.patchRanking()
	} else {
		t.ranked = rankingOf(t.tags, now)
	}
	t.from, t.since = nil, nil
	return t.ranked
}

func fresh(r *TagRanking, now time.Time) bool {
	return r != nil && !now.Before(r.At) && now.Sub(r.At) < TagRankFresh
}

// rankingOf orders tags for suggestions at now: frequent and recent use
// first (uses decay by a week of age), then cases carrying the tag, then
// by name.
func rankingOf(tags []TagInfo, now time.Time) *TagRanking {
	order := make([]rankedTag, len(tags))
	for i, ti := range tags {
		order[i] = rankOf(ti, now)
	}
	// Scores once per tag, not per comparison: desks gather thousands.
	slices.SortFunc(order, compareRanked)
	return newRanking(order, now)
}

func rankOf(ti TagInfo, now time.Time) rankedTag {
	r := rankedTag{tag: ti.Tag, letters: LetterMask(ti.Tag), lastAdded: ti.LastAdded, cases: ti.Cases, retired: ti.Retired}
	if ti.Uses == 0 {
		return r
	}
	days := 0.0
	if ti.LastAdded > 0 {
		days = max(now.Sub(time.Unix(ti.LastAdded, 0)).Hours()/24, 0)
	}
	r.score = float64(ti.Uses) / (1 + days/7)
	return r
}

// compareRanked is a total order: tag names are unique.
func compareRanked(a, b rankedTag) int {
	return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.lastAdded, a.lastAdded),
		cmp.Compare(b.cases, a.cases), strings.Compare(a.tag, b.tag))
}

func newRanking(order []rankedTag, at time.Time) *TagRanking {
	r := &TagRanking{At: at, order: order, Names: make([]string, 0, len(order)), Letters: make([]uint64, 0, len(order))}
	for _, rt := range order {
		if !rt.retired {
			r.Names, r.Letters = append(r.Names, rt.tag), append(r.Letters, rt.letters)
		}
	}
	r.Live = len(r.Names)
	for _, rt := range order {
		if rt.retired {
			r.Names, r.Letters = append(r.Names, rt.tag), append(r.Letters, rt.letters)
		}
	}
	return r
}

// patchRanking is t.from with the tags changed since taken out and put
// back where they rank now, at t.from's time: the order RankTags gives
// at that time, in a copy instead of a sort.
func (t *Taxonomy) patchRanking() *TagRanking {
	at := t.from.At
	moved := make(map[string]bool, len(t.since))
	var put []rankedTag
	for _, tag := range t.since {
		if moved[tag] {
			continue
		}
		moved[tag] = true
		if ti, ok := t.Find(tag); ok {
			put = append(put, rankOf(ti, at))
		}
	}
	slices.SortFunc(put, compareRanked)
	order := make([]rankedTag, 0, len(t.tags))
	for _, rt := range t.from.order {
		if moved[rt.tag] {
			continue
		}
		for len(put) > 0 && compareRanked(put[0], rt) < 0 {
			order = append(order, put[0])
			put = put[1:]
		}
		order = append(order, rt)
	}
	return newRanking(append(order, put...), at)
}
