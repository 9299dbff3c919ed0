package report

import (
	"bytes"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// importCases writes cases and their customers into a new store.
func importCases(tb testing.TB, path string, cases []model.Case, custs []model.Customer) *store.DB {
	tb.Helper()
	s, err := store.Open(path, store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		tb.Fatal(err)
	}
	rows := make([]model.ImportRow, 0, 5000)
	flush := func() {
		if _, err := s.Import(rows); err != nil {
			tb.Fatal(err)
		}
		rows = rows[:0]
	}
	for _, c := range cases {
		r := model.ImportRow{Case: c}
		if c.CustomerID != 0 {
			r.Customer = custs[c.CustomerID-1]
		}
		rows = append(rows, r)
		if len(rows) == cap(rows) {
			flush()
		}
	}
	flush()
	return s
}

// TestOnStore builds heatmaps from a real database: the counters path, the
// scan path and the drill-down queries must agree with the independent
// count of the generated cases.
func TestOnStore(t *testing.T) {
	cases, custs := genCases(2000, 21)
	s := importCases(t, filepath.Join(t.TempDir(), "t.db"), cases, custs)
	defer s.Close()
	for _, g := range grans {
		m, err := Build(s, Spec{G: g, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		checkAgainst(t, m, expectCases(cases, g, nil))
		scan, err := buildFromScan(s, Spec{G: g, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m, scan) {
			t.Errorf("%s: the store's counters and a scan of its cases disagree", g)
		}
	}
	spec := Spec{G: model.ByWeek, Query: mustQuery(t, "channel:phone"), Now: testNow, SLA: s.SLA()}
	m, err := Build(s, spec)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, m, expectCases(cases, model.ByWeek, func(c *model.Case) bool { return c.Channel == model.ChannelPhone }))
	var sums []model.Summary
	if err := s.EachSummary(func(x model.Summary) error { sums = append(sums, x); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, r := range append([]Row{m.Untagged}, m.Rows[:3]...) {
		for p, c := range r.Counts {
			q := mustQuery(t, m.DrillQuery(r.Tag, p, spec.Query))
			n := 0
			for _, x := range sums {
				if q.Match(x, model.Customer{}, testNow, "", spec.SLA) {
					n++
				}
			}
			if n != c {
				t.Errorf("%q %s: cell %d, drill %q selects %d", r.Tag, m.Periods[p].Label(), c, q, n)
			}
		}
	}
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, s, spec, f, BriefOptions{}); err != nil || buf.Len() == 0 {
			t.Errorf("format %s: %v (%d bytes)", f, err, buf.Len())
		}
	}
}

// TestWordFilterOnStore: words in --filter select the cases that hold them
// (here in their customer's name), through the store's word index.
func TestWordFilterOnStore(t *testing.T) {
	cases, custs := genCases(2000, 22)
	s := importCases(t, filepath.Join(t.TempDir(), "t.db"), cases, custs)
	defer s.Close()
	named := func(word string) func(c *model.Case) bool {
		return func(c *model.Case) bool {
			return c.CustomerID != 0 && slices.Contains(strings.Fields(strings.ToLower(custs[c.CustomerID-1].Name)), word)
		}
	}
	for filter, keep := range map[string]func(*model.Case) bool{
		"chen": named("chen"),
		"LOPEZ -status:closed": func(c *model.Case) bool {
			return named("lopez")(c) && c.Status != model.StatusClosed
		},
		"-chen": func(c *model.Case) bool { return !named("chen")(c) },
	} {
		spec, err := Flags{By: "week", Filter: filter}.Spec()
		if err != nil {
			t.Fatal(err)
		}
		spec.Now = testNow
		m, err := Build(s, spec)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainst(t, m, expectCases(cases, model.ByWeek, keep))
	}
}
