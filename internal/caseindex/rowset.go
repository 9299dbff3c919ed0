package caseindex

// The rows a change notice touched, as a Queue replays it (patch.go,
// outofsight.go). A notice changes a row or a few; every probe of a
// binary search over 100k rows asks whether its row is one of them, so a
// few are a list scanned in order, and a map only past that (a bulk
// change, an import's batch).

// smallRows is how many rows are scanned before a map is built.
const smallRows = 16

// firstChanges is each changed row of ds once, as it was before the first
// of the changes, in the order of the changes.
func firstChanges(ds []Delta) []rowChange {
	if len(ds) == 1 && len(ds[0].rows) == 1 {
		return ds[0].rows[:1:1]
	}
	var changes []rowChange
	var seen rowSet
	for _, d := range ds {
		for i := range d.rows {
			rc := &d.rows[i]
			if seen.get(rc.idx) == nil {
				seen.put(rc.idx, &rc.old)
				changes = append(changes, *rc)
			}
		}
	}
	return changes
}

// rowSet maps row numbers to rows: the first smallRows in arrays (no
// allocation for a notice's row or few), the rest in a map.
type rowSet struct {
	n    int
	idx  [smallRows]int32
	rows [smallRows]*Row
	big  map[int32]*Row
}

func (s *rowSet) put(i int32, r *Row) {
	if s.n < smallRows {
		s.idx[s.n], s.rows[s.n] = i, r
		s.n++
		return
	}
	if s.big == nil {
		s.big = map[int32]*Row{}
	}
	s.big[i] = r
}

// get is the row put for i, or nil.
func (s *rowSet) get(i int32) *Row {
	for k, j := range s.idx[:s.n] {
		if j == i {
			return s.rows[k]
		}
	}
	if s.big != nil {
		return s.big[i]
	}
	return nil
}

func (s *rowSet) drop(i int32) {
	for k, j := range s.idx[:s.n] {
		if j == i {
			s.n--
			s.idx[k], s.rows[k] = s.idx[s.n], s.rows[s.n]
			s.rows[s.n] = nil
			return
		}
	}
	delete(s.big, i)
}
