package report

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"

	"github.com/caredesk/caredesk/model"
)

// SpreadsheetSafe neutralises a cell a spreadsheet would run as a formula
// (OWASP's CSV injection rule): one starting with '=', '+', '-', '@', tab
// or CR gets a leading single quote, which spreadsheets show as text.
// New tags cannot start so (model.NormalizeTag); older files may hold
// some.
func SpreadsheetSafe(s string) string {
	if model.TagStartsLikeFormula(s) {
		return "'" + s
	}
	return s
}

// WriteCSV writes the tag rows as tag,period,count, one line per tag and
// period with a non-zero count, tags A to Z and periods oldest first.
// Untagged cases and areas are left out: every line is one tag's count,
// so a spreadsheet pivot gives back the heatmap.
func WriteCSV(w io.Writer, m *Matrix) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"tag", "period", "count"}); err != nil {
		return err
	}
	labels := make([]string, len(m.Periods))
	for i, p := range m.Periods {
		labels[i] = p.Label()
	}
	rows := slices.Clone(m.Rows)
	SortRows(rows, ByName)
	rec := make([]string, 3)
	for _, r := range rows {
		for i, c := range r.Counts {
			if c == 0 {
				continue
			}
			rec[0], rec[1], rec[2] = SpreadsheetSafe(r.Tag), labels[i], strconv.Itoa(c)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
