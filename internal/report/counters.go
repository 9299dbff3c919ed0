package report

import (
	"strings"

	"github.com/caredesk/caredesk/model"
)

// buildFromCounters sums the store's tag × day and area × day counters:
// O(tags × days), whatever the number of cases. Area rows come from the
// area counters, which count a case once however many of the area's tags
// it carries; spec.TagPrefix must be empty or an area (countersServe).
func buildFromCounters(src Source, spec Spec) (*Matrix, error) {
	from, to := spec.bounds()
	tdc, err := src.TagDayCounts(from, to)
	if err != nil {
		return nil, err
	}
	adc, err := src.AreaDayCounts(from, to)
	if err != nil {
		return nil, err
	}
	for _, c := range adc {
		c.Tag += "/" // the area's row key
		tdc = append(tdc, c)
	}
	rf := newRowFilter(&spec)
	kept := tdc[:0:0]
	var lo, hi model.Day
	for _, c := range tdc {
		if c.Count == 0 || c.Day < from || c.Day >= to || !rf.allows(strings.TrimSuffix(c.Tag, "/")) {
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
	m.finishRows()
	return m, nil
}

// countersServe reports whether the counters hold spec's area rows: the
// rows kept must be whole areas, as the area counters count every tag of
// an area.
func countersServe(spec *Spec) bool {
	p := strings.TrimSuffix(spec.TagPrefix, "/")
	return !strings.Contains(p, "/") && !strings.HasPrefix(p, model.ExactTag)
}

// foldDays adds row × day counts into period columns, one row per tag or
// area ("billing/").
func (m *Matrix) foldDays(cs []model.TagDayCount) {
	idx := map[string]int{}
	for _, c := range cs {
		p := m.PeriodIndex(c.Day)
		if p < 0 || c.Day < m.From || c.Day >= m.To {
			continue
		}
		r := &m.Untagged
		if c.Tag != "" {
			rows := &m.Rows
			if isAreaKey(c.Tag) {
				rows = &m.Areas
			}
			i, ok := idx[c.Tag]
			if !ok {
				i = len(*rows)
				idx[c.Tag] = i
				*rows = append(*rows, Row{Tag: c.Tag, Counts: make([]int, len(m.Periods))})
			}
			r = &(*rows)[i]
		} else if r.Counts == nil {
			r.Counts = make([]int, len(m.Periods))
		}
		r.Counts[p] += c.Count
	}
}
