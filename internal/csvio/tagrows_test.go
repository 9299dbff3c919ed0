package csvio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// A row whose tags the store would change or drop is a rejected row with
// its line: more than 32 tags, a tag starting with '=' (an exact tag
// filter) or with a spreadsheet formula's first character. Before, the
// store kept 32 and dropped '=x' with "rejected 0".
func TestTagRowsRejectedNotCut(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("area/t%02d", i)
	}
	in := "external_id,created_at,tags\n" +
		"A-1,2026-11-01T00:00:00Z," + strings.Join(many, ";") + "\n" +
		"A-2,2026-11-01T00:00:00Z,=billing;delivery/late\n" +
		"A-3,2026-11-01T00:00:00Z,+cmd|' /C calc'!A0\n" +
		"A-4,2026-11-01T00:00:00Z,@sum;-x\n" +
		"A-5,2026-11-01T00:00:00Z,billing/refund\n"
	for _, tc := range []struct{ name, input string }{
		{"csv", in},
		{"json lines", `{"external_id":"A-1","created_at":"2026-11-01T00:00:00Z","tags":["` + strings.Join(many, `","`) + `"]}
{"external_id":"A-2","created_at":"2026-11-01T00:00:00Z","tags":["=billing","delivery/late"]}
{"external_id":"A-3","created_at":"2026-11-01T00:00:00Z","tags":["+cmd"]}
{"external_id":"A-4","created_at":"2026-11-01T00:00:00Z","tags":["@sum","-x"]}
{"external_id":"A-5","created_at":"2026-11-01T00:00:00Z","tags":["billing/refund"]}
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewReader("in", strings.NewReader(tc.input))
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			var reasons []string
			var ok []string
			for {
				row, err := r.Read()
				if err == io.EOF {
					break
				}
				var re *RowError
				if errors.As(err, &re) {
					lines = append(lines, re.Line)
					reasons = append(reasons, re.Reason)
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				ok = append(ok, row.Case.ExternalID)
			}
			first := 2
			if tc.name == "json lines" {
				first = 1
			}
			if len(ok) != 1 || ok[0] != "A-5" || len(lines) != 4 || lines[0] != first || lines[3] != first+3 {
				t.Fatalf("kept %v, rejected lines %v: %q", ok, lines, reasons)
			}
			for i, want := range []string{"40 tags, but a case holds at most 32", "cannot start with '='", "cannot start with '+'", "cannot start with '@'"} {
				if !strings.Contains(reasons[i], want) {
					t.Errorf("line %d: %q, want %q", lines[i], reasons[i], want)
				}
			}
		})
	}
}
