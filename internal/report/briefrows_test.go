package report

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// TestBriefFormatsShowTheSameRows: the md and html briefs list the same
// heatmap rows and both say when issues or weeks were cut, and what a
// customer total counts.
func TestBriefFormatsShowTheSameRows(t *testing.T) {
	start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	var cases []model.Case
	for w := range 30 {
		for tg := range 20 {
			for k := range 1 + tg%4 {
				id := model.CaseID(len(cases) + 1)
				cases = append(cases, model.Case{ID: id, ExternalID: fmt.Sprint(id), CustomerID: model.CustomerID(1 + k),
					CreatedAt: start.AddDate(0, 0, 7*w+k), Tags: []string{fmt.Sprintf("area%d/issue-%02d", tg%3, tg)}})
			}
		}
	}
	src := newFakeSource(cases, []model.Customer{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}, {ID: 4, Name: "d"}})
	spec := Spec{G: model.ByWeek, Now: start.AddDate(0, 0, 7*30)}
	rowsOf := func(format string) ([]string, string) {
		var buf bytes.Buffer
		if err := Write(&buf, src, spec, format, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		heat := out[strings.Index(out, "Heatmap"):]
		re := regexp.MustCompile(`(?m)^\| (area\d/issue-\d\d) \|`)
		if format == "html" {
			re = regexp.MustCompile(`<tr><th>(area\d/issue-\d\d)</th>`)
		}
		var rows []string
		for _, m := range re.FindAllStringSubmatch(heat, -1) {
			rows = append(rows, m[1])
		}
		return rows, out
	}
	md, mdOut := rowsOf("md")
	html, htmlOut := rowsOf("html")
	if len(md) != heatTopRows || !slices.Equal(md, html) {
		t.Errorf("md rows %v\nhtml rows %v", md, html)
	}
	for _, want := range []string{"Top 12 of 20 issues by total.", "The last 16 of 30 weeks; totals are over all 30."} {
		if !strings.Contains(mdOut, want) || !strings.Contains(htmlOut, want) {
			t.Errorf("a brief does not say %q", want)
		}
	}
	spec.Metric = Customers
	_, mdOut = rowsOf("md")
	_, htmlOut = rowsOf("html")
	want := "A total counts each customer once over the whole range; a cell counts them per week."
	if !strings.Contains(mdOut, want) || !strings.Contains(htmlOut, want) {
		t.Errorf("the customers brief does not say what a total counts")
	}
}
