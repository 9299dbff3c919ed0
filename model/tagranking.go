package model

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// TagRankFresh is how long a ranking stands: suggestions ranked a few
// seconds ago are as good, and the tags changed since are patched in.
const TagRankFresh = 15 * time.Second

// TagRanking is a taxonomy's tags in the order the tag picker suggests
// them at a time At (RankTags).
type TagRanking struct {
	At time.Time
	of *Taxonomy // the tags ranked: their records order Names (find)
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
	letters   uint64 // LetterMask(tag), once per ranked tag, not per keystroke
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
	t.ranked = nil
	if fresh(t.from, now) {
		t.ranked = t.patchRanking()
	}
	if t.ranked == nil {
		t.ranked = rankingOf(t.parts, now)
	}
	t.ranked.of = t
	t.from, t.since = nil, nil
	return t.ranked
}

func fresh(r *TagRanking, now time.Time) bool {
	return r != nil && !now.Before(r.At) && now.Sub(r.At) < TagRankFresh
}

// rankingOf orders tags (parts of them, in any order) for suggestions at
// now: frequent and recent use first (uses decay by a week of age), then
// cases carrying the tag, then by name.
func rankingOf(parts [][]TagInfo, now time.Time) *TagRanking {
	var order []rankedTag
	for _, p := range parts {
		for _, ti := range p {
			rt := rankOf(ti, now)
			rt.letters = LetterMask(ti.Tag)
			order = append(order, rt)
		}
	}
	// Scores once per tag, not per comparison: desks gather thousands.
	slices.SortFunc(order, compareRanked)
	return newRanking(order, now)
}

func rankOf(ti TagInfo, now time.Time) rankedTag {
	r := rankedTag{tag: ti.Tag, lastAdded: ti.LastAdded, cases: ti.Cases, retired: ti.Retired}
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
	r := &TagRanking{At: at, Names: make([]string, 0, len(order)), Letters: make([]uint64, 0, len(order))}
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
// at that time, copied in runs between the moved tags, which binary
// searches find (by the records of t.from's taxonomy), instead of sorted
// or compared tag by tag. nil when a moved tag is not where its old
// record ranks (never, but a full ranking is always right).
func (t *Taxonomy) patchRanking() *TagRanking {
	from, at := t.from, t.from.At
	moved := make(map[string]bool, t.since.n)
	var out []int // where the moved tags were in from.Names
	var live, retired []rankedTag
	for e := t.since; e != nil; e = e.prev {
		for _, tag := range e.names {
			if moved[tag] {
				continue
			}
			moved[tag] = true
			if old, ok := from.of.Find(tag); ok {
				i, found := from.find(rankOf(old, at))
				if !found {
					return nil
				}
				out = append(out, i)
			}
			if ti, ok := t.Find(tag); ok {
				rt := rankOf(ti, at)
				rt.letters = LetterMask(tag)
				if rt.retired {
					retired = append(retired, rt)
				} else {
					live = append(live, rt)
				}
			}
		}
	}
	slices.Sort(out)
	r := &TagRanking{At: at, Names: make([]string, 0, t.n), Letters: make([]uint64, 0, t.n)}
	out = r.splice(from, 0, from.Live, out, live)
	r.Live = len(r.Names)
	r.splice(from, from.Live, len(from.Names), out, retired)
	return r
}

// find is where rt is in the ranking, or would be: live and retired tags
// each in compareRanked order.
func (r *TagRanking) find(rt rankedTag) (int, bool) {
	lo, hi := 0, r.Live
	if rt.retired {
		lo, hi = r.Live, len(r.Names)
	}
	i, found := sort.Find(hi-lo, func(j int) int { return compareRanked(rt, r.key(lo+j)) })
	return lo + i, found
}

// key is how Names[i] ranks at At, from its record.
func (r *TagRanking) key(i int) rankedTag {
	ti, _ := r.of.Find(r.Names[i])
	return rankOf(ti, r.At)
}

// splice appends from's names in [lo, hi), less those at out (sorted),
// with put inserted where they rank; it returns out past hi.
func (r *TagRanking) splice(from *TagRanking, lo, hi int, out []int, put []rankedTag) []int {
	slices.SortFunc(put, compareRanked)
	done := lo
	keep := func(to int) { // from's names in [done, to) less the moved
		for len(out) > 0 && out[0] < to {
			r.Names, r.Letters = append(r.Names, from.Names[done:out[0]]...), append(r.Letters, from.Letters[done:out[0]]...)
			done, out = out[0]+1, out[1:]
		}
		r.Names, r.Letters = append(r.Names, from.Names[done:to]...), append(r.Letters, from.Letters[done:to]...)
		done = to
	}
	for _, rt := range put {
		i, _ := from.find(rt)
		keep(max(i, done))
		r.Names, r.Letters = append(r.Names, rt.tag), append(r.Letters, rt.letters)
	}
	keep(hi)
	return out
}
