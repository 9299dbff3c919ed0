package report

import (
	"encoding/json"
	"io"
	"slices"
)

// JSONMatrix is the JSON form of a heatmap: the CSV's numbers plus the
// untagged row, the areas, totals and trends.
type JSONMatrix struct {
	Granularity string    `json:"granularity"`
	Metric      string    `json:"metric"`
	From        string    `json:"from,omitempty"` // first day covered
	To          string    `json:"to,omitempty"`   // last day covered (inclusive)
	Periods     []string  `json:"periods"`
	Rows        []JSONRow `json:"rows"`
	Untagged    JSONRow   `json:"untagged"`
	Areas       []JSONRow `json:"areas"`
	// FirstResponse is the first-response time of each answered case in
	// scope (response.go); absent when no case has had a reply.
	FirstResponse *JSONFirstResponses `json:"first_response,omitempty"`
}

// JSONRow is one row: counts aligned with JSONMatrix.Periods.
type JSONRow struct {
	Tag    string  `json:"tag"`
	Counts []int   `json:"counts"`
	Total  int     `json:"total"`
	Last   int     `json:"last"`
	Prev   int     `json:"prev"`
	Pct    float64 `json:"pct"`
	New    bool    `json:"new,omitempty"`
}

// JSON returns the matrix's JSON form, rows A to Z.
func (m *Matrix) JSON() JSONMatrix {
	j := JSONMatrix{Granularity: m.G.String(), Metric: m.Metric.String(), Periods: make([]string, len(m.Periods))}
	if len(m.Periods) > 0 {
		j.From, j.To = m.From.String(), (m.To - 1).String()
	}
	for i, p := range m.Periods {
		j.Periods[i] = p.Label()
	}
	conv := func(rows []Row) []JSONRow {
		rows = slices.Clone(rows)
		SortRows(rows, ByName)
		out := make([]JSONRow, len(rows))
		for i, r := range rows {
			out[i] = jsonRow(r)
		}
		return out
	}
	j.Rows, j.Areas, j.Untagged = conv(m.Rows), conv(m.Areas), jsonRow(m.Untagged)
	return j
}

func jsonRow(r Row) JSONRow {
	c := r.Counts
	if c == nil {
		c = []int{}
	}
	return JSONRow{Tag: r.Tag, Counts: c, Total: r.Total, Last: r.Trend.Last, Prev: r.Trend.Prev,
		Pct: round1(r.Trend.Pct), New: r.Trend.New}
}

func round1(f float64) float64 { return float64(int64(f*10+sign(f)*0.5)) / 10 }

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// WriteJSON writes the matrix as indented JSON.
func WriteJSON(w io.Writer, m *Matrix) error { return writeJSON(w, m, FirstResponses{}) }

// writeJSON writes the matrix with the first-response times.
func writeJSON(w io.Writer, m *Matrix, fr FirstResponses) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	j := m.JSON()
	j.FirstResponse = fr.json()
	return enc.Encode(j)
}
