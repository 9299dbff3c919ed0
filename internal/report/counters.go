package report

import "github.com/caredesk/caredesk/model"

// buildFromCounters sums the store's tag × day counters: O(tags × days),
// whatever the number of cases.
func buildFromCounters(src Source, spec Spec) (*Matrix, error) {
	from, to := spec.bounds()
	tdc, err := src.TagDayCounts(from, to)
	if err != nil {
		return nil, err
	}
	rf := newRowFilter(&spec)
	kept := tdc[:0:0]
	var lo, hi model.Day
	for _, c := range tdc {
		if c.Count == 0 || c.Day < from || c.Day >= to || !rf.allows(c.Tag) {
			continue
		}
		if len(kept) == 0 || c.Day < lo {
			lo = c.Day
		}
		if len(kept) == 0 || c.Day > hi {
			hi = c.Day
		}
		kept = append(kept, c)
	}
	m := frame(&spec, lo, hi, len(kept) > 0)
	m.foldDays(kept)
	m.sumAreas()
	m.finishRows()
	return m, nil
}

// foldDays adds tag × day counts into period columns, one row per tag.
func (m *Matrix) foldDays(cs []model.TagDayCount) {
	idx := map[string]int{}
	for _, c := range cs {
		p := m.PeriodIndex(c.Day)
		if p < 0 || c.Day < m.From || c.Day >= m.To {
			continue
		}
		r := &m.Untagged
		if c.Tag != "" {
			i, ok := idx[c.Tag]
			if !ok {
				i = len(m.Rows)
				idx[c.Tag] = i
				m.Rows = append(m.Rows, Row{Tag: c.Tag, Counts: make([]int, len(m.Periods))})
			}
			r = &m.Rows[i]
		} else if r.Counts == nil {
			r.Counts = make([]int, len(m.Periods))
		}
		r.Counts[p] += c.Count
	}
}
