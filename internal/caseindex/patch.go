package caseindex

import (
	"slices"
	"sort"

	"github.com/caredesk/caredesk/model"
)

// patch applies change notices in place: each changed row leaves its place
// in the order and the view's list and takes its new one, found by binary
// search on the sort key, and the counts lose the old row's views and
// gain the new one's. It costs O(k log n) plus moving memory, against
// O(n log n) for a recompute. It reports false when it could not keep the
// order (the agent's first case, a row inserted below the newest); the
// index is updated then and a recompute is needed.
func (q *Queue) patch(chs []model.Change) bool {
	b := q.b
	me := q.meOf()
	by, view, clk := q.sort, q.view, q.clk
	// The order and list may be shared with a running search: copy once.
	order := q.order
	if !q.orderOwned {
		order = slices.Grow(slices.Clone(order), 8)
	}
	list := q.list
	keepList := q.query == "" && view != ViewAll
	if keepList && len(list) > 0 && len(order) > 0 && &list[0] == &order[0] {
		list = slices.Clone(list) // never so, but the order must not move under it
	}
	counts := q.counts
	s := &b.snap
	cmpAt := func(e int32, t keyed) int { return cmpKeyed(keyed{sortKey(by, s.At(e)), e}, t) }
	ok := true
	for _, ch := range chs {
		b.upsertCustomers(ch.Customers) // only search texts change: no key, no view
		for ci := range ch.Cases {
			sum := &ch.Cases[ci]
			if !ok {
				idx, _ := b.upsert(sum)
				q.changed = append(q.changed, idx)
				continue
			}
			i, found := s.Find(sum.ID)
			// The old row's places, found before it changes: the search
			// compares each row by its current key.
			var old Row
			op, lp := -1, -1
			if found {
				old = *s.At(i)
				ok0 := keyed{sortKey(by, &old), i}
				if p, hit := slices.BinarySearchFunc(order, ok0, cmpAt); hit {
					op = p
				}
				if keepList && inView(view, &old, me, clk) {
					if p, hit := slices.BinarySearchFunc(list, ok0, cmpAt); hit {
						lp = p
					}
				}
			}
			idx, isNew := b.upsert(sum)
			if isNew && int(idx) != s.n-1 || found != !isNew || me != q.meOf() || found && op < 0 ||
				keepList && found && lp < 0 && inView(view, &old, me, clk) {
				// Row numbers moved, or the agent's views did: sort afresh.
				ok = false
				q.resortAll = true
				q.changed = append(q.changed, idx)
				continue
			}
			nr := s.At(idx)
			nk := keyed{sortKey(by, nr), idx}
			inList := keepList && inView(view, nr, me, clk)
			if found {
				if old == *nr {
					continue // an older version, ignored
				}
				reposition(order, op, nk, cmpAt)
				switch {
				case lp >= 0 && inList:
					reposition(list, lp, nk, cmpAt)
				case lp >= 0:
					list = slices.Delete(list, lp, lp+1)
				case inList:
					list = insertSorted(list, nk, cmpAt)
				}
				for v := range NumViews {
					if inView(v, &old, me, clk) {
						counts[v]--
					}
				}
			} else {
				order = insertSorted(order, nk, cmpAt)
				if inList {
					list = insertSorted(list, nk, cmpAt)
				}
			}
			for v := range NumViews {
				if inView(v, nr, me, clk) {
					counts[v]++
				}
			}
		}
	}
	q.snap = b.freeze()
	if !ok {
		return false
	}
	q.order, q.pos, q.counts = order, nil, counts
	q.orderOwned = true
	if q.query == "" {
		if view == ViewAll {
			list = order
		}
		q.list = list
	}
	return true
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
