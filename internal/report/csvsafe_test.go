package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// A report cell that a spreadsheet would run as a formula is neutralised
// with a leading quote (OWASP CSV injection); others are written as they
// are.
func TestReportCSVNeutralisesFormulas(t *testing.T) {
	m := &Matrix{Periods: []model.Period{{G: model.ByDay, Start: model.Day(20000), End: model.Day(20001)}}, Rows: []Row{
		{Tag: "=HYPERLINK(\"http://x\")", Counts: []int{1}},
		{Tag: "+cmd", Counts: []int{1}}, {Tag: "-2+3", Counts: []int{1}}, {Tag: "@SUM(A1)", Counts: []int{1}},
		{Tag: "\tx", Counts: []int{1}}, {Tag: "\rx", Counts: []int{1}}, {Tag: "billing/refund", Counts: []int{1}},
	}}
	var b bytes.Buffer
	if err := WriteCSV(&b, m); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if c := r[0]; c != "billing/refund" && c[0] != '\'' {
			t.Errorf("cell %q not neutralised", c)
		}
	}
	if len(recs) != 8 {
		t.Fatalf("%d records", len(recs))
	}
}
