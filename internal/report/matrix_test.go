package report

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

var grans = []model.Granularity{model.ByDay, model.ByWeek, model.ByMonth}

// expectCases counts cases per tag and period label the plain way; tag ""
// holds untagged cases, "area/" the distinct cases carrying any tag of the
// area (a case with two billing tags is one billing case).
func expectCases(cases []model.Case, g model.Granularity, keep func(*model.Case) bool) map[[2]string]int {
	want := map[[2]string]int{}
	for i := range cases {
		c := &cases[i]
		if keep != nil && !keep(c) {
			continue
		}
		l := label(g, c.CreatedAt)
		if len(c.Tags) == 0 {
			want[[2]string{"", l}]++
		}
		areas := map[string]bool{}
		for _, t := range c.Tags {
			want[[2]string{t, l}]++
			areas[model.TagArea(t)+"/"] = true
		}
		for a := range areas {
			want[[2]string{a, l}]++
		}
	}
	return want
}

// checkAgainst compares every cell, untagged included, with want and
// checks that nothing in want is missing from the matrix.
func checkAgainst(t *testing.T, m *Matrix, want map[[2]string]int) {
	t.Helper()
	seen := 0
	check := func(r Row) {
		if len(r.Counts) != len(m.Periods) {
			t.Fatalf("row %q has %d counts for %d periods", r.Tag, len(r.Counts), len(m.Periods))
		}
		total := 0
		for i, c := range r.Counts {
			k := [2]string{r.Tag, m.Periods[i].Label()}
			if c != want[k] {
				t.Errorf("%s %s: got %d, want %d", r.Tag, k[1], c, want[k])
			}
			if c > 0 {
				seen++
			}
			total += c
		}
		if r.Total != total {
			t.Errorf("%s: total %d, counts sum to %d", r.Tag, r.Total, total)
		}
	}
	for _, r := range m.Rows {
		check(r)
	}
	for _, r := range m.Areas {
		check(r)
	}
	check(m.Untagged)
	nonzero := 0
	for _, n := range want {
		if n > 0 {
			nonzero++
		}
	}
	if seen != nonzero {
		t.Errorf("matrix has %d non-zero cells, the independent count %d", seen, nonzero)
	}
}

func checkContiguous(t *testing.T, m *Matrix) {
	t.Helper()
	for i := 1; i < len(m.Periods); i++ {
		if m.Periods[i].Start != m.Periods[i-1].End {
			t.Fatalf("periods %d and %d are not contiguous", i-1, i)
		}
	}
}

func TestCountersMatchIndependentCount(t *testing.T) {
	cases, custs := genCases(3000, 1)
	src := newFakeSource(cases, custs)
	for _, g := range grans {
		t.Run(g.String(), func(t *testing.T) {
			m, err := Build(src, Spec{G: g, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			checkContiguous(t, m)
			checkAgainst(t, m, expectCases(cases, g, nil))
			// The scan must give the very same matrix as the counters.
			spec := Spec{G: g, Now: testNow}
			s, err := buildFromScan(src, spec)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, s) {
				t.Errorf("counters and scan disagree")
			}
		})
	}
}

func TestFilteredMatchesIndependentCount(t *testing.T) {
	cases, custs := genCases(3000, 2)
	src := newFakeSource(cases, custs)
	for _, g := range grans {
		m, err := Build(src, Spec{G: g, Query: mustQuery(t, "channel:phone"), Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		checkAgainst(t, m, expectCases(cases, g, func(c *model.Case) bool { return c.Channel == model.ChannelPhone }))
	}
}

func TestTagPrefixAndTagFilterKeepTheirRows(t *testing.T) {
	cases, custs := genCases(2000, 3)
	src := newFakeSource(cases, custs)
	under := func(prefix string) map[[2]string]int {
		want := map[[2]string]int{}
		for k, n := range expectCases(cases, model.ByWeek, nil) {
			if k[0] != "" && model.TagMatches(k[0], prefix) {
				want[k] = n
			}
		}
		return want
	}
	m, err := Build(src, Spec{G: model.ByWeek, TagPrefix: "billing"})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, m, under("billing"))
	// tag:billing/ as a filter: billing cases counted in billing rows only.
	m, err = Build(src, Spec{G: model.ByWeek, Query: mustQuery(t, "tag:billing/")})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, m, under("billing"))
	if len(m.Areas) != 1 || m.Areas[0].Tag != "billing/" {
		t.Errorf("areas = %v, want billing/ alone", m.Areas)
	}
}

func TestSeveralTagsUntaggedAndAreas(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	cases := []model.Case{
		{ID: 1, CreatedAt: at, CustomerID: 1, Tags: []string{"billing/double-charge", "billing/late-fee", "delivery/late"}},
		{ID: 2, CreatedAt: at, CustomerID: 1, Tags: []string{"billing/double-charge"}},
		{ID: 3, CreatedAt: at, CustomerID: 2},
		{ID: 4, CreatedAt: at.AddDate(0, 0, 7), CustomerID: 2, Tags: []string{"billing/late-fee"}},
	}
	src := newFakeSource(cases, nil)
	m, err := Build(src, Spec{G: model.ByWeek})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]int{}
	for _, r := range append(append([]Row{m.Untagged}, m.Rows...), m.Areas...) {
		got[r.Tag] = r.Counts
	}
	want := map[string][]int{
		"":                      {1, 0},
		"billing/double-charge": {2, 0},
		"billing/late-fee":      {1, 1},
		"delivery/late":         {1, 0},
		"billing/":              {2, 1}, // case 1 counts once, though it has two billing tags
		"delivery/":             {1, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cases:\n got %v\nwant %v", got, want)
	}

	// Distinct customers: customer 1 is one customer in the billing area
	// however many billing tags and cases they have.
	m, err = Build(src, Spec{G: model.ByWeek, Metric: Customers})
	if err != nil {
		t.Fatal(err)
	}
	area, _ := m.Row("billing/")
	if !reflect.DeepEqual(area.Counts, []int{1, 1}) || area.Total != 2 {
		t.Errorf("billing area customers = %v total %d, want [1 1] total 2", area.Counts, area.Total)
	}
	m, err = Build(src, Spec{G: model.ByWeek, Metric: RepeatContacts})
	if err != nil {
		t.Fatal(err)
	}
	dc, _ := m.Row("billing/double-charge")
	area, _ = m.Row("billing/")
	if !reflect.DeepEqual(dc.Counts, []int{1, 0}) || !reflect.DeepEqual(area.Counts, []int{1, 0}) || area.Total != 1 {
		t.Errorf("repeat: double-charge %v, area %v total %d; want [1 0], [1 0] total 1", dc.Counts, area.Counts, area.Total)
	}
}

func TestYearBoundaryMidnightAndMonths(t *testing.T) {
	mid := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC) }
	cases := []model.Case{
		{ID: 1, CreatedAt: mid(2026, 12, 28), Tags: []string{"x"}},                                             // Monday of 2026-W53
		{ID: 2, CreatedAt: mid(2027, 1, 1), Tags: []string{"x"}},                                               // Friday, still 2026-W53
		{ID: 3, CreatedAt: mid(2027, 1, 4).Add(-time.Nanosecond), Tags: []string{"x"}},                         // Sunday 23:59:59.999…
		{ID: 4, CreatedAt: mid(2027, 1, 4), Tags: []string{"x"}},                                               // 2027-W01
		{ID: 5, CreatedAt: time.Date(2027, 1, 4, 1, 0, 0, 0, time.FixedZone("", 2*3600)), Tags: []string{"x"}}, // 2027-01-03 23:00 UTC
		{ID: 6, CreatedAt: mid(2026, 12, 31).Add(23*time.Hour + 59*time.Minute), Tags: []string{"x"}},
	}
	src := newFakeSource(cases, nil)
	for _, tc := range []struct {
		g    model.Granularity
		want map[string]int
	}{
		{model.ByWeek, map[string]int{"2026-W53": 5, "2027-W01": 1}},
		{model.ByMonth, map[string]int{"2026-12": 2, "2027-01": 4}},
		{model.ByDay, map[string]int{"2026-12-28": 1, "2026-12-31": 1, "2027-01-01": 1, "2027-01-03": 2, "2027-01-04": 1}},
	} {
		m, err := Build(src, Spec{G: tc.g})
		if err != nil {
			t.Fatal(err)
		}
		checkContiguous(t, m)
		got := map[string]int{}
		for i, c := range m.Rows[0].Counts {
			if c > 0 {
				got[m.Periods[i].Label()] = c
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.g, got, tc.want)
		}
		if tc.g == model.ByDay && len(m.Periods) != 8 {
			t.Errorf("days 2026-12-28..2027-01-04 make 8 columns, got %d", len(m.Periods))
		}
	}
}

func TestCustomerMetricsMatchIndependentCount(t *testing.T) {
	cases, custs := genCases(2500, 4)
	src := newFakeSource(cases, custs)
	for _, g := range grans {
		for _, metric := range []Metric{Customers, RepeatContacts} {
			m, err := Build(src, Spec{G: g, Metric: metric, Query: mustQuery(t, "-channel:web")})
			if err != nil {
				t.Fatal(err)
			}
			// case times per (row, period, customer) and (row, customer)
			cell := map[[3]string][]time.Time{}
			tot := map[[2]string][]time.Time{}
			for i := range cases {
				c := &cases[i]
				if c.Channel == model.ChannelWeb || c.CustomerID == 0 {
					continue
				}
				l, cu := label(g, c.CreatedAt), fmt.Sprint(c.CustomerID)
				keys := map[string]bool{}
				if len(c.Tags) == 0 {
					keys[""] = true
				}
				for _, tag := range c.Tags {
					keys[tag] = true
					keys[model.TagArea(tag)+"/"] = true
				}
				for k := range keys {
					cell[[3]string{k, l, cu}] = append(cell[[3]string{k, l, cu}], c.CreatedAt)
					tot[[2]string{k, cu}] = append(tot[[2]string{k, cu}], c.CreatedAt)
				}
			}
			counts := func(ts []time.Time) bool {
				if metric == RepeatContacts {
					return model.RepeatContact(ts)
				}
				return len(ts) > 0
			}
			want := map[[2]string]int{}
			wantTot := map[string]int{}
			if metric == RepeatContacts {
				// A repeat-contact cell counts the customers who came back
				// in its period: the later of two cases within 30 days.
				for k, ts := range tot {
					ts = slices.Clone(ts)
					slices.SortFunc(ts, time.Time.Compare)
					came := map[string]bool{}
					for i := 1; i < len(ts); i++ {
						if ts[i].Sub(ts[i-1]) <= model.RepeatWindow {
							came[label(g, ts[i])] = true
						}
					}
					for l := range came {
						want[[2]string{k[0], l}]++
					}
				}
			}
			for k, ts := range cell {
				if metric != RepeatContacts && counts(ts) {
					want[[2]string{k[0], k[1]}]++
				}
			}
			for k, ts := range tot {
				if counts(ts) {
					wantTot[k[0]]++
				}
			}
			for _, r := range append(append([]Row{m.Untagged}, m.Rows...), m.Areas...) {
				for i, c := range r.Counts {
					if w := want[[2]string{r.Tag, m.Periods[i].Label()}]; c != w {
						t.Errorf("%s %s %q %s: got %d, want %d", g, metric, r.Tag, m.Periods[i].Label(), c, w)
					}
				}
				if r.Total != wantTot[r.Tag] {
					t.Errorf("%s %s %q total: got %d, want %d", g, metric, r.Tag, r.Total, wantTot[r.Tag])
				}
			}
		}
	}
}

func TestOverdueMetric(t *testing.T) {
	cases, custs := genCases(2000, 5)
	src := newFakeSource(cases, custs)
	now := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	m, err := Build(src, Spec{G: model.ByWeek, Metric: Overdue, Now: now, SLA: model.DefaultSLA})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, m, expectCases(cases, model.ByWeek, func(c *model.Case) bool {
		due := c.CreatedAt.Add(model.DefaultSLA.For(c.Priority))
		if !c.FollowUp.IsZero() {
			due = c.FollowUp
		}
		// Waiting for the customer stops the clock, unless a follow-up is set.
		waiting := c.Status == model.StatusPending && c.FollowUp.IsZero()
		return c.Status.Active() && !waiting && due.Before(now)
	}))
}

func TestRangeClipsAndEmpty(t *testing.T) {
	cases, custs := genCases(2000, 6)
	src := newFakeSource(cases, custs)
	from, _ := model.ParseDate("2026-12-02") // a Wednesday
	to, _ := model.ParseDate("2027-01-14")   // a Thursday, exclusive
	inRange := func(c *model.Case) bool { d := model.DayOf(c.CreatedAt); return d >= from && d < to }
	for _, q := range []string{"", "status:active"} {
		m, err := Build(src, Spec{G: model.ByWeek, From: from, To: to, Query: mustQuery(t, q), Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if m.Periods[0].Label() != "2026-W49" || m.Periods[len(m.Periods)-1].Label() != "2027-W02" {
			t.Errorf("periods %s..%s", m.Periods[0].Label(), m.Periods[len(m.Periods)-1].Label())
		}
		keep := inRange
		if q != "" {
			keep = func(c *model.Case) bool { return inRange(c) && c.Status.Active() }
		}
		checkAgainst(t, m, expectCases(cases, model.ByWeek, keep))
	}
	m, err := Build(newFakeSource(nil, nil), Spec{G: model.ByWeek})
	if err != nil || len(m.Periods) != 0 || len(m.Rows) != 0 {
		t.Errorf("empty source: %v, %d periods, %d rows", err, len(m.Periods), len(m.Rows))
	}
}

func TestTrendSparkAndSort(t *testing.T) {
	for _, tc := range []struct {
		counts []int
		want   Trend
	}{
		{[]int{1, 1, 1, 1, 2, 2, 2, 2}, Trend{Last: 8, Prev: 4, Pct: 100}},
		{[]int{9, 1, 1, 1, 1, 0, 0, 3, 3}, Trend{Last: 6, Prev: 4, Pct: 50}},
		{[]int{0, 0, 5}, Trend{Last: 5, Prev: 0, New: true}},
		{[]int{4, 2}, Trend{Last: 2, Prev: 4, Pct: -50}},
		{[]int{7}, Trend{}},
	} {
		if got := trendOf(tc.counts); got != tc.want {
			t.Errorf("trendOf(%v) = %+v, want %+v", tc.counts, got, tc.want)
		}
	}
	if got := sparkOf([]int{0, 1, 8, 4}); !reflect.DeepEqual(got, []int{0, 1, 8, 4}) {
		t.Errorf("sparkOf = %v", got)
	}
	rows := []Row{
		{Tag: "b", Total: 5, Trend: Trend{Last: 4, Prev: 2, Pct: 100}},
		{Tag: "a", Total: 9, Trend: Trend{Last: 2, Prev: 4, Pct: -50}},
		{Tag: "c", Total: 5, Trend: Trend{Last: 3, New: true}},
	}
	names := func() (s []string) {
		for _, r := range rows {
			s = append(s, r.Tag)
		}
		return s
	}
	SortRows(rows, ByTotal)
	if got := names(); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("by total: %v", got)
	}
	SortRows(rows, ByTrend)
	if got := names(); !reflect.DeepEqual(got, []string{"c", "b", "a"}) {
		t.Errorf("by trend: %v", got)
	}
	SortRows(rows, ByName)
	if got := names(); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("by name: %v", got)
	}
}

// TestRepeatIsOneRule: the repeat metric's cells and totals and the
// brief's repeat-contact customers all follow model.RepeatRule — two cases
// within 30 days — not "two cases in the same period"; a cell counts the
// customers who came back in it, so each customer of a total is in a cell.
func TestRepeatIsOneRule(t *testing.T) {
	at := func(mo time.Month, d, h int) time.Time { return time.Date(2027, mo, d, h, 0, 0, 0, time.UTC) }
	cases := []model.Case{
		// customer 1: same month, 30.5 days apart: no repeat contact
		{ID: 1, CustomerID: 1, CreatedAt: at(1, 1, 0), Tags: []string{"x/a"}},
		{ID: 2, CustomerID: 1, CreatedAt: at(1, 31, 12), Tags: []string{"x/a"}},
		// customer 2: three days apart across a month end: a repeat
		// contact over the range, in no single month
		{ID: 3, CustomerID: 2, CreatedAt: at(1, 30, 9), Tags: []string{"x/a"}},
		{ID: 4, CustomerID: 2, CreatedAt: at(2, 2, 9), Tags: []string{"x/a"}},
		// customer 3: twice the same day
		{ID: 5, CustomerID: 3, CreatedAt: at(1, 10, 9), Tags: []string{"x/a"}},
		{ID: 6, CustomerID: 3, CreatedAt: at(1, 10, 15), Tags: []string{"x/a"}},
	}
	src := newFakeSource(cases, []model.Customer{{ID: 1, Name: "one"}, {ID: 2, Name: "two"}, {ID: 3, Name: "three"}})
	spec := Spec{G: model.ByMonth, Metric: RepeatContacts, Now: at(3, 1, 0)}
	m, err := Build(src, spec)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := m.Row("x/a")
	// Customer 3 came back in January, customer 2 in February.
	if !reflect.DeepEqual(r.Counts, []int{1, 1}) || r.Total != 2 {
		t.Errorf("repeat by month: cells %v total %d, want [1 1] total 2", r.Counts, r.Total)
	}
	// A cell's drill-down lists the pairs it counts, the earlier case
	// from the month before too.
	if got, want := m.DrillQuery("x/a", 1, model.Query{}), "tag:=x/a #3 #4"; got != want {
		t.Errorf("February's drill-down %q, want %q", got, want)
	}
	b, err := BuildBrief(src, spec, BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.RepeatCustomers != 2 {
		t.Errorf("brief counts %d repeat-contact customers, want 2", b.RepeatCustomers)
	}
}
