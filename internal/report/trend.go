package report

import (
	"cmp"
	"slices"
)

// TrendWindow is how many periods a trend compares: the last TrendWindow
// complete periods against the TrendWindow before them.
const TrendWindow = 4

// Trend compares a row's recent periods with the ones before.
type Trend struct {
	Last, Prev int     // sums over the two windows
	Pct        float64 // change in percent; 0 when Prev is 0
	New        bool    // nothing before, something now
}

// trendOf compares the last TrendWindow counts with the TrendWindow
// before. With fewer than 2×TrendWindow periods the windows shrink to half
// the periods each, so both sides always cover as many periods.
func trendOf(counts []int) Trend {
	n := len(counts)
	w := min(TrendWindow, n/2)
	if w == 0 {
		return Trend{}
	}
	var t Trend
	for _, c := range counts[n-w:] {
		t.Last += c
	}
	for _, c := range counts[n-2*w : n-w] {
		t.Prev += c
	}
	switch {
	case t.Prev > 0:
		t.Pct = float64(t.Last-t.Prev) * 100 / float64(t.Prev)
	case t.Last > 0:
		t.New = true
	}
	return t
}

// TrendPeriods is how many periods each side of the rows' trends covers:
// the whole periods (a partial first or last one left out) halved when
// fewer than 2×TrendWindow; 0 when too few for a trend.
func (m *Matrix) TrendPeriods() int {
	lo, complete := m.whole()
	return min(TrendWindow, (complete-lo)/2)
}

// Rising reports whether the trend goes up.
func (t Trend) Rising() bool { return t.Last > t.Prev }

// SparkLen and SparkLevels shape Row.Spark: the last SparkLen periods, each
// 0 (none) or 1..SparkLevels scaled to the row's highest of them, ready for
// "▁▂▃▄▅▆▇█".
const (
	SparkLen    = 12
	SparkLevels = 8
)

func sparkOf(counts []int) []int {
	counts = counts[max(0, len(counts)-SparkLen):]
	hi := 0
	for _, c := range counts {
		hi = max(hi, c)
	}
	out := make([]int, len(counts))
	for i, c := range counts {
		if c > 0 {
			out[i] = max(1, (c*SparkLevels+hi-1)/hi) // ceil: any count shows
		}
	}
	return out
}

// Order is how rows are sorted.
type Order uint8

const (
	ByName  Order = iota // tag name, A to Z
	ByTotal              // largest total first
	ByTrend              // rising first: new issues, then by percent, then by increase
)

// SortRows sorts rows in place; ties fall back to the tag name so the
// order is stable across refreshes.
func SortRows(rows []Row, o Order) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		var c int
		switch o {
		case ByTotal:
			c = cmp.Compare(b.Total, a.Total)
		case ByTrend:
			c = compareTrend(b.Trend, a.Trend)
		}
		if c != 0 {
			return c
		}
		return cmp.Compare(a.Tag, b.Tag)
	})
}

// compareTrend orders trends from falling to rising.
func compareTrend(a, b Trend) int {
	if a.New != b.New {
		if a.New {
			return 1
		}
		return -1
	}
	if a.New {
		return cmp.Compare(a.Last, b.Last)
	}
	if c := cmp.Compare(a.Pct, b.Pct); c != 0 {
		return c
	}
	return cmp.Compare(a.Last-a.Prev, b.Last-b.Prev)
}

// Sort sorts the tag and area rows.
func (m *Matrix) Sort(o Order) {
	SortRows(m.Rows, o)
	SortRows(m.Areas, o)
}
