package caseindex

import (
	"slices"
	"sort"

	"github.com/caredesk/caredesk/model"
)

// patch replays an index's changes onto the order, the view's list and
// the counts in place: each changed row leaves its place and takes its new
// one, found by binary search on the sort key, and the counts lose the old
// row's views and gain the new one's. It costs O(k log n) plus moving
// memory, against O(n log n) for a recompute. It reports false when it
// cannot keep them (the agent's first case moved the agent's views); a
// recompute is needed then.
//
// The order is sorted by the keys of q.snap; snap has every change of ds.
// Rows not yet moved are compared by their old key, so that the binary
// searches see the order as it is.
func (q *Queue) patch(ds []Delta, snap *Snapshot) bool {
	me := snap.MeIndex(q.cfg.Agent)
	if me != q.me {
		return false
	}
	by, view, clk := q.sort, q.view, q.clk
	// Each row once, as it was before the first of the changes.
	changes := firstChanges(ds)
	// Rows in the order at their old key: every changed row until its
	// turn. Most notices change one row, and every probe of every binary
	// search asks, so they are a short list to scan, not a map to hash.
	var unmoved rowSet
	for i := range changes {
		if changes[i].had {
			unmoved.put(changes[i].idx, &changes[i].old)
		}
	}
	keyOf := func(e int32) uint64 {
		if r := unmoved.get(e); r != nil {
			return sortKey(by, r)
		}
		return sortKey(by, snap.At(e))
	}
	cmpAt := func(e int32, t keyed) int { return cmpKeyed(keyed{keyOf(e), e}, t) }

	// The order and list may be shared with a running search: copy once.
	order := q.order
	if !q.orderOwned {
		order = slices.Grow(slices.Clone(order), 8)
	}
	list := q.list
	keepList := !q.Searched() && view != ViewAll
	if keepList && len(list) > 0 && len(order) > 0 && &list[0] == &order[0] {
		list = slices.Clone(list) // never so, but the order must not move under it
	}
	// A search of filters alone is patched too (livefilter.go), in place:
	// its list is its own (a running search reads the order and its last
	// result's candidates, never a list).
	filt := q.liveFilter(snap, by)
	keepList = keepList || filt != nil
	listed := func(r *Row) bool {
		if filt != nil {
			return filt.tables(r)
		}
		return inView(view, r, me, clk)
	}
	q.searchPatched = false
	counts := q.counts
	fail := func() bool {
		q.resortAll = true // the order may be half patched
		return false
	}
	for i := range changes {
		rc := &changes[i]
		idx := rc.idx
		nr := snap.At(idx)
		nk := keyed{sortKey(by, nr), idx}
		inList := keepList && listed(nr)
		if !rc.had {
			order = insertSorted(order, nk, cmpAt)
			if inList {
				list = insertSorted(list, nk, cmpAt)
			}
			addCounts(&counts, nr, me, clk, 1)
			continue
		}
		old := &rc.old
		ok := keyed{sortKey(by, old), idx}
		op, hit := slices.BinarySearchFunc(order, ok, cmpAt)
		if !hit {
			return fail()
		}
		lp := -1
		if keepList && listed(old) {
			p, hit := slices.BinarySearchFunc(list, ok, cmpAt)
			if !hit {
				return fail()
			}
			lp = p
		}
		unmoved.drop(idx) // from here on the row sorts by its new key
		if *old == *nr {
			continue
		}
		// A save that leaves the sort key (an assignee, a tag) leaves the
		// row where it is: no search for its new place.
		moved := nk.key != ok.key
		if moved {
			reposition(order, op, nk, cmpAt)
		}
		switch {
		case lp >= 0 && inList:
			if moved {
				reposition(list, lp, nk, cmpAt)
			}
		case lp >= 0:
			list = slices.Delete(list, lp, lp+1)
		case inList:
			list = insertSorted(list, nk, cmpAt)
		}
		addCounts(&counts, old, me, clk, -1)
		addCounts(&counts, nr, me, clk, 1)
	}
	q.snap = snap
	q.order, q.pos, q.counts = order, nil, counts
	q.orderOwned = true
	if !q.Searched() {
		if view == ViewAll {
			list = order
		}
		q.list = list
	} else if filt != nil {
		q.patchedSearch(snap, list)
		q.searchPatched = true
	}
	return true
}

// addCounts adds d to the count of every view r is in.
func addCounts(counts *[NumViews]int, r *Row, me uint32, clk Clock, d int) {
	b := viewsOf(r, me, clk)
	for v := range NumViews {
		if b>>v&1 != 0 {
			counts[v] += d
		}
	}
}

// reposition moves s[from], whose key is now t, to where t sorts among
// the others, shifting only the rows in between: on a team server every
// screen does this for every save, and a delete then an insert would each
// move all the rows after them.
func reposition(s []int32, from int, t keyed, cmpAt func(int32, keyed) int) {
	// The place among the others, as if s[from] were not there.
	p := sort.Search(len(s)-1, func(k int) bool {
		if k >= from {
			k++
		}
		return cmpAt(s[k], t) >= 0
	})
	e := s[from]
	if p >= from {
		copy(s[from:p], s[from+1:p+1])
	} else {
		copy(s[p+1:from+1], s[p:from])
	}
	s[p] = e
}

// insertSorted inserts row t.idx where key t sorts.
func insertSorted(s []int32, t keyed, cmpAt func(int32, keyed) int) []int32 {
	p, _ := slices.BinarySearchFunc(s, t, cmpAt)
	return slices.Insert(s, p, t.idx)
}

// upsertCustomers applies changed customers and redoes the search text of
// their cases, whose rows it returns.
func (b *builder) upsertCustomers(cs []model.Customer) []int32 {
	var recust map[uint32]bool
	for _, c := range cs {
		if i, changed := b.upsertCustomer(c); changed {
			if recust == nil {
				recust = map[uint32]bool{}
			}
			recust[i] = true
		}
	}
	if recust == nil {
		return nil
	}
	var rows []int32
	s := &b.snap
	for i := 0; i < s.n; i++ {
		if r := s.At(int32(i)); r.cust != 0 && recust[r.cust] {
			b.retext(i)
			rows = append(rows, int32(i))
		}
	}
	return rows
}
