package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// TestPartialPeriodsAreMarkedAndLeftOutOfTrends: a from: mid-week and the
// week under way are partial; a steady issue then has no trend (it used to
// read as rising against the cut first week), and the brief says which
// periods are partial.
func TestPartialPeriodsAreMarkedAndLeftOutOfTrends(t *testing.T) {
	mon := time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC) // a Monday
	var cases []model.Case
	for d := range 49 {
		id := model.CaseID(d + 1)
		cases = append(cases, model.Case{ID: id, ExternalID: fmt.Sprint(id), CreatedAt: mon.AddDate(0, 0, d),
			Tags: []string{"billing/fees"}})
	}
	src := newFakeSource(cases, nil)
	from := model.DayOf(mon.AddDate(0, 0, 2))                                                    // Wednesday of the first week
	spec := Spec{G: model.ByWeek, From: from, Now: mon.AddDate(0, 0, 45), SLA: model.DefaultSLA} // Thursday of the seventh
	m, err := Build(src, spec)
	if err != nil {
		t.Fatal(err)
	}
	n := len(m.Periods)
	if n != 7 || !m.Partial(0) || !m.Partial(n-1) || m.Partial(1) || m.Partial(n-2) {
		t.Fatalf("%d periods; partial first %v last %v", n, m.Partial(0), m.Partial(n-1))
	}
	r, _ := m.Row("billing/fees")
	if r.Trend.Rising() || r.Trend.Pct != 0 || r.Trend.Last != r.Trend.Prev {
		t.Errorf("a steady issue trends %+v: a partial week was compared", r.Trend)
	}
	var buf bytes.Buffer
	if err := Write(&buf, src, spec, "md", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{"(7 weeks, the first and the last partial)", m.Periods[0].Label() + "* |",
		m.Periods[n-1].Label() + "* |", "* A partial week (under way, or cut by the range) is left out of trends."} {
		if !strings.Contains(md, want) {
			t.Errorf("the brief does not say %q:\n%s", want, md)
		}
	}
}

// TestFirstPeriodCutByTheDataIsPartial: with no from date, a desk whose
// history begins on a Wednesday has a partial first week — marked, and
// left out of trends — while one beginning on a Monday does not.
func TestFirstPeriodCutByTheDataIsPartial(t *testing.T) {
	mon := time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC) // a Monday
	for _, tc := range []struct {
		start   int // days after mon
		partial bool
	}{{0, false}, {1, true}, {2, true}} {
		var cases []model.Case
		for d := tc.start; d < 35; d++ {
			id := model.CaseID(d + 1)
			cases = append(cases, model.Case{ID: id, ExternalID: fmt.Sprint(id), CreatedAt: mon.AddDate(0, 0, d), Tags: []string{"billing/fees"}})
		}
		m, err := Build(newFakeSource(cases, nil), Spec{G: model.ByWeek, Now: mon.AddDate(0, 0, 60), SLA: model.DefaultSLA})
		if err != nil {
			t.Fatal(err)
		}
		if m.Partial(0) != tc.partial || m.Partial(1) {
			t.Errorf("data from %s: first week partial %v, want %v", mon.AddDate(0, 0, tc.start).Weekday(), m.Partial(0), tc.partial)
		}
	}
}

// The trend's windows are counted over whole periods, and the words say
// how many: June (cut by the data) and December (under way) are left out,
// so July–November's five months compare two against two — not "last 3
// months", as the heatmap said (a new-user finding).
func TestTrendWindowNamesTheWholePeriodsItSums(t *testing.T) {
	var cases []model.Case
	day := time.Date(2026, 6, 9, 10, 0, 0, 0, time.UTC)
	for i := 0; day.Before(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)); i++ {
		cases = append(cases, model.Case{ID: model.CaseID(i + 1), ExternalID: fmt.Sprint(i + 1), CreatedAt: day, Tags: []string{"billing/fees"}})
		day = day.AddDate(0, 0, 1)
	}
	m, err := Build(newFakeSource(cases, nil), Spec{G: model.ByMonth, Now: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), SLA: model.DefaultSLA})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Periods) != 7 || m.TrendPeriods() != 2 {
		t.Fatalf("%d months, trend over %d each side; want 7 and 2", len(m.Periods), m.TrendPeriods())
	}
	r, _ := m.Row("billing/fees")
	if r.Trend.Last != 31+30 || r.Trend.Prev != 31+30 { // Oct+Nov against Aug+Sep
		t.Errorf("trend %d vs %d, want 61 vs 61", r.Trend.Last, r.Trend.Prev)
	}
	if got := trendWindow(m); got != "last 2 months against the 2 before" {
		t.Errorf("the brief says %q", got)
	}
}
