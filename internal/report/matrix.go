package report

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Spec says which heatmap to build.
type Spec struct {
	Query    model.Query // filters and words applied to cases, as in the queue's search
	G        model.Granularity
	From, To model.Day // half-open creation-day range; zero means unbounded
	Metric   Metric
	Now      time.Time       // for is:overdue, is:followup-today and the Overdue metric
	Me       string          // the agent, for @me and is:mine
	SLA      model.SLAPolicy // for is:overdue and the Overdue metric
	// TagPrefix keeps only the rows of tags under it ("billing" or
	// "billing/"); untagged cases are then out of the picture.
	TagPrefix string

	hits *model.TextHits // the cases the query's words select (text.go)
}

// Source is what Build reads. model.CaseService satisfies it.
type Source interface {
	TagDayCounts(from, to model.Day) ([]model.TagDayCount, error)
	AreaDayCounts(from, to model.Day) ([]model.TagDayCount, error)
	EachSummary(func(model.Summary) error) error
	EachCustomer(func(model.Customer) error) error
}

// Matrix is a heatmap: one row per tag, one column per period.
type Matrix struct {
	G      model.Granularity
	Metric Metric
	// From and To are the creation days covered, half-open. When the spec
	// bounds them they may cut into the first or last period.
	From, To model.Day
	Periods  []model.Period // oldest first, contiguous
	Rows     []Row          // one per tag with a non-zero total, by name
	Untagged Row            // cases without a tag; Tag is ""
	// Areas has one row per area (the tag part before '/'), Tag "billing/".
	// An area counts a case (or customer) once however many of the area's
	// tags it carries, so that its drill-down lists exactly its count.
	Areas []Row
	// Labels are the readable names of tags that have one (the CFPB's
	// "Product / Issue"), and of areas whose tags agree on a product.
	Labels map[string]string

	rf    rowFilter // which tags have rows, for DrillQuery
	today model.Day // spec.Now's day; 0 when unknown
	// dataFrom is the first day with data when the range's start is
	// unbounded: a first period that starts before it is only partly
	// counted (the desk's history begins mid-week), so it is partial.
	dataFrom model.Day
	// repeatCases are, for the repeat metric, the cases of the repeat
	// contacts a cell counts (row tag → period → case ids), for its
	// drill-down.
	repeatCases map[string]map[int][]model.CaseID
}

// keepRepeat notes that cases a and b are a repeat contact counted in
// the row's period p.
func (m *Matrix) keepRepeat(tag string, p int, a, b model.CaseID) {
	if m.repeatCases == nil {
		m.repeatCases = map[string]map[int][]model.CaseID{}
	}
	row := m.repeatCases[tag]
	if row == nil {
		row = map[int][]model.CaseID{}
		m.repeatCases[tag] = row
	}
	ids := row[p]
	for _, id := range []model.CaseID{a, b} {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	row[p] = ids
}

// Complete is how many periods, from the oldest, have ended by now: a
// trend compares whole periods only, or every Tuesday would read as a
// fall against last week's full seven days.
func (m *Matrix) Complete() int {
	n := len(m.Periods)
	if m.today == 0 {
		return n
	}
	for n > 0 && m.Periods[n-1].End > m.today {
		n--
	}
	return n
}

// Partial reports whether period i is not wholly counted: it starts
// before the range's first day (a from: mid-week), ends after its last, or
// has not ended yet. A partial period is marked as such and left out of
// trends, so that it does not read as a drop.
func (m *Matrix) Partial(i int) bool {
	if i < 0 || i >= len(m.Periods) {
		return false
	}
	p := m.Periods[i]
	return p.Start < m.From || p.Start < m.dataFrom || p.End > m.To || (m.today != 0 && p.End > m.today)
}

// whole is the range of periods, [lo, hi), that trends compare: the
// complete ones, a cut first period left out.
func (m *Matrix) whole() (lo, hi int) {
	hi = m.Complete()
	for hi > 0 && m.Partial(hi-1) {
		hi--
	}
	if hi > 0 && m.Partial(0) {
		lo = 1
	}
	return lo, max(hi, lo)
}

// Row is one line of the heatmap.
type Row struct {
	Tag    string // tag; "area/" for an area row; "" for untagged
	Counts []int  // per period, aligned with Matrix.Periods
	Total  int    // over all periods (distinct over them for customer metrics)
	Trend  Trend
	Spark  []int // levels 0..SparkLevels of the last SparkLen periods; 0 is none
}

// Row returns the row of tag ("" untagged, "area/" an area) and whether
// the matrix has it.
func (m *Matrix) Row(tag string) (Row, bool) {
	if tag == "" {
		return m.Untagged, true
	}
	rows := m.Rows
	if isAreaKey(tag) {
		rows = m.Areas
	}
	for _, r := range rows {
		if r.Tag == tag {
			return r, true
		}
	}
	return Row{}, false
}

// PeriodIndex returns the column holding day d, or -1.
func (m *Matrix) PeriodIndex(d model.Day) int {
	i := sort.Search(len(m.Periods), func(i int) bool { return m.Periods[i].End > d })
	if i == len(m.Periods) || !m.Periods[i].Contains(d) {
		return -1
	}
	return i
}

// Build computes the heatmap spec asks for from src. An unfiltered
// case-count heatmap reads only the tag × day counters; anything else is
// one pass over the summaries.
func Build(src Source, spec Spec) (*Matrix, error) {
	if err := spec.searchText(src); err != nil {
		return nil, err
	}
	var m *Matrix
	var err error
	if spec.Metric == Cases && !spec.filtered() && countersServe(&spec) {
		m, err = buildFromCounters(src, spec)
	} else {
		m, err = buildFromScan(src, spec)
	}
	if err != nil {
		return nil, err
	}
	return m, m.readLabels(src)
}

// bounds turns the spec's zero-means-unbounded days into a real range.
func (spec *Spec) bounds() (from, to model.Day) {
	from, to = spec.From, spec.To
	if from == 0 {
		from = math.MinInt32
	}
	if to == 0 {
		to = math.MaxInt32
	}
	return from, to
}

// rowFilter decides which tags get a row: those under TagPrefix and, when
// the query names tags, those it names. A case found through tag:billing/
// also carrying delivery/late counts in the billing rows only, so that
// every cell has an exact drill-down query.
type rowFilter struct {
	prefix string
	tags   []string // positive tag: filters of the query
}

func newRowFilter(spec *Spec) rowFilter {
	rf := rowFilter{prefix: spec.TagPrefix}
	for _, f := range spec.Query.Filters() {
		if f.Key == "tag" && !f.Not {
			rf.tags = append(rf.tags, f.Value)
		}
	}
	return rf
}

func (rf *rowFilter) allows(tag string) bool {
	if tag == "" {
		return rf.untagged()
	}
	if rf.prefix != "" && !model.TagMatches(tag, rf.prefix) {
		return false
	}
	if len(rf.tags) == 0 {
		return true
	}
	for _, f := range rf.tags {
		if model.TagMatches(tag, f) {
			return true
		}
	}
	return false
}

// first is a tag the filter keeps rows for, or "".
func (rf *rowFilter) first() string {
	if rf.prefix != "" {
		return rf.prefix
	}
	if len(rf.tags) > 0 {
		return rf.tags[0]
	}
	return ""
}

// within returns the tag filters that select an area's rows: the area
// itself, or the narrower prefix or tag: filters under it that the rows
// were limited to.
func (rf *rowFilter) within(area string) []string {
	under := func(f string) bool {
		bare := strings.TrimPrefix(strings.TrimSuffix(f, "/"), model.ExactTag)
		return model.TagMatches(bare, area)
	}
	if rf.prefix != "" && under(rf.prefix) {
		return []string{strings.TrimSuffix(rf.prefix, "/")}
	}
	var out []string
	for _, f := range rf.tags {
		if under(f) {
			out = append(out, strings.TrimSuffix(f, "/"))
		}
	}
	if len(out) == 0 {
		return []string{area + "/"}
	}
	return out
}

func (rf *rowFilter) untagged() bool { return rf.prefix == "" && len(rf.tags) == 0 }

// areaKey is the row key of a tag's area: "billing/".
func areaKey(tag string) string { return model.TagArea(tag) + "/" }

// isAreaKey tells an area key from a tag: normalised tags never end in '/'.
func isAreaKey(k string) bool { return len(k) > 0 && k[len(k)-1] == '/' }

// periodsFor lists the periods of g covering days [from, to).
func periodsFor(g model.Granularity, from, to model.Day) []model.Period {
	if from >= to {
		return nil
	}
	var ps []model.Period
	for p := model.PeriodOf(g, from); p.Start < to; p = p.Next() {
		ps = append(ps, p)
	}
	return ps
}

// frame fixes the matrix's range and periods: the spec's bounds where
// given, else the data's first and last day (lo, hi inclusive; ok false
// when there is no data).
func frame(spec *Spec, lo, hi model.Day, ok bool) *Matrix {
	m := &Matrix{G: spec.G, Metric: spec.Metric, From: spec.From, To: spec.To, rf: newRowFilter(spec)}
	if !spec.Now.IsZero() {
		m.today = model.DayOf(spec.Now)
	}
	if !ok && (spec.From == 0 || spec.To == 0) {
		return m // no data and no range: nothing to draw
	}
	if spec.From == 0 {
		m.From = lo
	}
	if spec.To == 0 {
		m.To = hi + 1
	}
	m.Periods = periodsFor(spec.G, m.From, m.To)
	// An unbounded side takes its period's edge, so that drill-downs need
	// no from:/to: where the data does not reach.
	if len(m.Periods) > 0 {
		if spec.From == 0 {
			m.From, m.dataFrom = m.Periods[0].Start, lo
		}
		if spec.To == 0 {
			m.To = m.Periods[len(m.Periods)-1].End
		}
	}
	return m
}

// finishRows fills totals, trends and sparklines and sorts rows by name.
func (m *Matrix) finishRows() {
	lo, complete := m.whole()
	fin := func(r *Row) {
		if !m.Metric.distinct() {
			r.Total = 0
			for _, c := range r.Counts {
				r.Total += c
			}
		}
		r.Trend = trendOf(r.Counts[lo:complete])
		if r.Trend.Last == 0 && r.Trend.Prev == 0 {
			// A tag that appeared only in the period under way is new now,
			// not in a week's time.
			for _, c := range r.Counts[complete:] {
				r.Trend.Last += c
			}
			r.Trend.New = r.Trend.Last > 0
		}
		r.Spark = sparkOf(r.Counts)
	}
	for i := range m.Rows {
		fin(&m.Rows[i])
	}
	for i := range m.Areas {
		fin(&m.Areas[i])
	}
	if m.Untagged.Counts == nil {
		m.Untagged.Counts = make([]int, len(m.Periods))
	}
	fin(&m.Untagged)
	SortRows(m.Rows, ByName)
	SortRows(m.Areas, ByName)
}
