package report

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// queueCount counts the cases a query selects, the way the queue does.
func queueCount(t *testing.T, src *fakeSource, s string, spec Spec) int {
	t.Helper()
	q := mustQuery(t, s)
	custs := map[model.CustomerID]model.Customer{}
	for _, c := range src.custs {
		custs[c.ID] = c
	}
	n := 0
	for _, sum := range src.sums {
		if q.Match(sum, custs[sum.CustomerID], spec.Now, spec.Me, spec.SLA) {
			n++
		}
	}
	return n
}

func TestDrillQueryCountEqualsCell(t *testing.T) {
	cases, custs := genCases(1500, 7)
	src := newFakeSource(cases, custs)
	from, _ := model.ParseDate("2026-12-02")
	to, _ := model.ParseDate("2027-01-14")
	specs := []Spec{
		{G: model.ByWeek},
		{G: model.ByMonth, Query: mustQuery(t, "channel:phone")},
		{G: model.ByWeek, From: from, To: to, Query: mustQuery(t, "status:active -tag:delivery/lost")},
		{G: model.ByDay, From: from, To: to, Query: mustQuery(t, "@ana")},
		{G: model.ByWeek, Query: mustQuery(t, "tag:billing/ tag:warranty priority:urgent priority:high")},
		{G: model.ByWeek, Query: mustQuery(t, "created:2026-12 created:2027-W02 customer:lopez")},
		{G: model.ByMonth, Query: mustQuery(t, "from:2026-12-10 from:2026-12-20 to:2027-01-05 -channel:chat")},
		{G: model.ByWeek, TagPrefix: "delivery", Query: mustQuery(t, "is:unassigned")},
		{G: model.ByWeek, Metric: Overdue, Query: mustQuery(t, "channel:email")},
	}
	for _, spec := range specs {
		spec.Now, spec.Me, spec.SLA = testNow, "ana", model.DefaultSLA
		m, err := Build(src, spec)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Periods) == 0 {
			t.Fatalf("%q: no periods", spec.Query)
		}
		cells := 0
		for _, r := range append([]Row{m.Untagged}, m.Rows...) {
			for p, c := range r.Counts {
				dq := m.DrillQuery(r.Tag, p, spec.Query)
				if got := queueCount(t, src, dq, spec); got != c {
					t.Errorf("spec %q %s: cell %q %s = %d, drill %q selects %d",
						spec.Query, spec.G, r.Tag, m.Periods[p].Label(), c, dq, got)
				}
				cells += c
			}
			if spec.Metric == Cases {
				if dq := m.DrillQuery(r.Tag, -1, spec.Query); queueCount(t, src, dq, spec) != r.Total {
					t.Errorf("spec %q: row %q total %d, whole-row drill %q disagrees", spec.Query, r.Tag, r.Total, dq)
				}
			}
		}
		// An area's queue count is its distinct cases: those with at least
		// one of the area's row tags.
		rowTags := map[string]bool{}
		for _, r := range m.Rows {
			rowTags[r.Tag] = true
		}
		q := spec.Query
		for _, a := range m.Areas {
			for p, c := range a.Counts {
				want := 0
				for _, s := range src.sums {
					d := model.DayOf(s.CreatedAt)
					if !m.Periods[p].Contains(d) || d < m.From || d >= m.To || !q.Match(s, custByID(src, s.CustomerID), spec.Now, spec.Me, spec.SLA) {
						continue
					}
					if spec.Metric == Overdue {
						if st, _ := spec.SLA.State(s, spec.Now); st != model.SLAOverdue {
							continue
						}
					}
					for _, tag := range s.Tags {
						if rowTags[tag] && model.TagArea(tag)+"/" == a.Tag {
							want++
							break
						}
					}
				}
				dq := m.DrillQuery(a.Tag, p, spec.Query)
				if got := queueCount(t, src, dq, spec); got != want || got != c {
					t.Errorf("spec %q: area %q %s: drill %q selects %d, want %d distinct (cell %d)", spec.Query, a.Tag, m.Periods[p].Label(), dq, got, want, c)
				}
			}
		}
		if cells == 0 {
			t.Errorf("spec %q: every cell is empty; the test checks nothing", spec.Query)
		}
	}
}

func TestDrillQueryText(t *testing.T) {
	cases, custs := genCases(500, 8)
	src := newFakeSource(cases, custs)
	from, _ := model.ParseDate("2026-11-25")
	m, err := Build(src, Spec{G: model.ByWeek, From: from, Query: mustQuery(t, "channel:phone")})
	if err != nil {
		t.Fatal(err)
	}
	base := mustQuery(t, "channel:phone")
	for _, tc := range []struct {
		tag  string
		p    int
		want string
	}{
		{"billing/double-charge", 1, "channel:phone tag:=billing/double-charge created:2026-W49"},
		{"", 1, "is:untagged channel:phone created:2026-W49"},
		{"billing/", 2, "channel:phone tag:billing/ created:2026-W50"},
		{"billing/late-fee", 0, "channel:phone tag:=billing/late-fee created:2026-W48 from:2026-11-25 to:2026-11-29"},
	} {
		if got := m.DrillQuery(tc.tag, tc.p, base); got != tc.want {
			t.Errorf("DrillQuery(%q, %d) = %q, want %q", tc.tag, tc.p, got, tc.want)
		}
	}
}

func custByID(src *fakeSource, id model.CustomerID) model.Customer {
	if id == 0 {
		return model.Customer{}
	}
	return src.custs[id-1]
}
