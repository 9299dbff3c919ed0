package report

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// testTags is the taxonomy of generated cases: three areas and a bare tag
// with a sub-tag of its own (its drill-down must leave the sub-tag out).
var testTags = []string{
	"account/locked-out", "account/password-reset",
	"billing/double-charge", "billing/late-fee", "billing/refund-delay",
	"delivery/damaged", "delivery/late", "delivery/lost",
	"warranty", "warranty/claim",
}

var testNow = time.Date(2027, 3, 2, 9, 30, 0, 0, time.UTC)

// genCases makes n cases between 2026-11-02 and 2027-02-28, across the
// 2026-W53 / 2027 boundary, with 0–3 tags each, some at exact midnight
// UTC and some stamped in other time zones.
func genCases(n int, seed uint64) ([]model.Case, []model.Customer) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	span := int64(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC).Sub(start) / time.Second)
	zones := []*time.Location{time.UTC, time.FixedZone("UTC+5", 5*3600), time.FixedZone("UTC-8", -8*3600)}
	names := []string{"Ana Lopez", "", "Bo Chen", "Dee Okafor", "", "Eli \x1b[31mRed\x1b[0m"}
	var custs []model.Customer
	for i := 1; i <= 40; i++ {
		c := model.Customer{ID: model.CustomerID(i), Name: names[i%len(names)]}
		if c.Name != "" {
			c.Name += fmt.Sprintf(" %d", i)
		} else {
			c.Email = fmt.Sprintf("c%d@example.com", i)
		}
		custs = append(custs, c)
	}
	cases := make([]model.Case, n)
	for i := range cases {
		c := &cases[i]
		c.ID = model.CaseID(i + 1)
		c.ExternalID = fmt.Sprintf("T-%05d", i+1)
		at := start.Add(time.Duration(r.Int64N(span)) * time.Second)
		switch r.IntN(10) {
		case 0:
			at = at.Truncate(24 * time.Hour) // exactly midnight UTC
		case 1:
			at = at.Truncate(24 * time.Hour).Add(-time.Nanosecond) // last instant of a day
		}
		c.CreatedAt = at.In(zones[r.IntN(len(zones))])
		c.UpdatedAt = c.CreatedAt
		c.Channel = model.Channels[r.IntN(4)]
		if r.IntN(8) > 0 {
			c.CustomerID = model.CustomerID(1 + r.IntN(len(custs)))
		}
		c.Priority = model.Priority(1 + r.IntN(4))
		c.Status = model.Statuses[r.IntN(len(model.Statuses))]
		if r.IntN(2) == 0 {
			c.Assignee = []string{"ana", "bo", "chen"}[r.IntN(3)]
		}
		for range r.IntN(4) {
			t := testTags[r.IntN(len(testTags))]
			if !slices.Contains(c.Tags, t) {
				c.Tags = append(c.Tags, t)
			}
		}
		slices.Sort(c.Tags)
		c.Subject = fmt.Sprintf("Case %d", i+1)
		c.Body = fmt.Sprintf("Customer says: problem %d with my order, please help.\u202e evil", i+1)
		if r.IntN(3) == 0 {
			c.Recovery = model.Recovery{Kind: model.RecoveryKinds[r.IntN(len(model.RecoveryKinds))], Text: "done"}
		}
	}
	return cases, custs
}

// fakeSource serves generated cases the way the store does, counters
// included.
type fakeSource struct {
	cases []model.Case
	custs []model.Customer
	sums  []model.Summary
	tdc   []model.TagDayCount
	adc   []model.TagDayCount // area × day: distinct cases per area
}

func newFakeSource(cases []model.Case, custs []model.Customer) *fakeSource {
	f := &fakeSource{cases: cases, custs: custs}
	counts := map[model.TagDayCount]int{}
	acounts := map[model.TagDayCount]int{} // area × day, as the store keeps them
	for i := range cases {
		c := &cases[i]
		f.sums = append(f.sums, c.Summary())
		d := model.DayOf(c.CreatedAt)
		if len(c.Tags) == 0 {
			counts[model.TagDayCount{Day: d}]++
		}
		for _, t := range c.Tags {
			counts[model.TagDayCount{Tag: t, Day: d}]++
		}
		areas := map[string]bool{}
		for _, t := range c.Tags {
			areas[model.TagArea(t)] = true
		}
		for a := range areas {
			acounts[model.TagDayCount{Tag: a, Day: d}]++
		}
	}
	for k, n := range acounts {
		k.Count = n
		f.adc = append(f.adc, k)
	}
	for k, n := range counts {
		k.Count = n
		f.tdc = append(f.tdc, k)
	}
	slices.SortFunc(f.tdc, func(a, b model.TagDayCount) int {
		if a.Tag != b.Tag {
			if a.Tag < b.Tag {
				return -1
			}
			return 1
		}
		return int(a.Day - b.Day)
	})
	return f
}

func (f *fakeSource) TagDayCounts(from, to model.Day) ([]model.TagDayCount, error) {
	var out []model.TagDayCount
	for _, c := range f.tdc {
		if c.Day >= from && c.Day < to {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeSource) AreaDayCounts(from, to model.Day) ([]model.TagDayCount, error) {
	var out []model.TagDayCount
	for _, c := range f.adc {
		if c.Day >= from && c.Day < to {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeSource) EachSummary(fn func(model.Summary) error) error {
	for _, s := range f.sums {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) EachCustomer(fn func(model.Customer) error) error {
	for _, c := range f.custs {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Case(id model.CaseID) (model.Case, error) {
	if id == 0 || int(id) > len(f.cases) {
		return model.Case{}, model.Errorf(model.ENOTFOUND, "no case %d", id)
	}
	return f.cases[id-1], nil
}

func (f *fakeSource) Customer(id model.CustomerID) (model.Customer, error) {
	if id == 0 || int(id) > len(f.custs) {
		return model.Customer{}, model.Errorf(model.ENOTFOUND, "no customer %d", id)
	}
	return f.custs[id-1], nil
}

// label names the period holding t the independent way, with the time
// package only: the tests' check on model.PeriodOf and Label.
func label(g model.Granularity, t time.Time) string {
	t = t.UTC()
	switch g {
	case model.ByDay:
		return t.Format("2006-01-02")
	case model.ByMonth:
		return t.Format("2006-01")
	}
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

func mustQuery(t interface{ Fatalf(string, ...any) }, s string) model.Query {
	q, err := model.ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	return q
}
