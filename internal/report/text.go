package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// Words and numbers shared by the Markdown and HTML briefs, so both say
// exactly the same thing.

// thousands writes n as 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func percent(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" }

func unit(g model.Granularity, n int) string {
	w := map[model.Granularity]string{model.ByDay: "day", model.ByWeek: "week", model.ByMonth: "month"}[g]
	if n != 1 {
		w += "s"
	}
	return fmt.Sprintf("%d %s", n, w)
}

// trendText says how a trend moved: "12 → 30 (+150.0%)", "new (7)".
func trendText(t Trend) string {
	switch {
	case t.New:
		return fmt.Sprintf("new: 0 → %s", thousands(t.Last))
	case t.Prev == 0:
		return "—"
	}
	sign := "+"
	if t.Pct < 0 {
		sign = ""
	}
	return fmt.Sprintf("%s → %s (%s%s)", thousands(t.Prev), thousands(t.Last), sign, percent(t.Pct))
}

// trendWindow names the trend's windows: "last 4 weeks against the 4
// before".
func trendWindow(m *Matrix) string {
	w := m.TrendPeriods()
	if w == 0 {
		return "too few periods for a trend"
	}
	return fmt.Sprintf("last %s against the %d before", unit(m.G, w), w)
}

// covered names the brief's days: "2026-11-02 to 2027-02-28 (18 weeks)".
func covered(m *Matrix) string {
	if len(m.Periods) == 0 {
		return "no cases"
	}
	n := len(m.Periods)
	var part []string
	if m.Partial(0) {
		part = append(part, "the first")
	}
	if n > 1 && m.Partial(n-1) {
		part = append(part, "the last")
	}
	what := unit(m.G, n)
	if len(part) > 0 {
		what += ", " + strings.Join(part, " and ") + " partial"
	}
	return fmt.Sprintf("%s to %s (%s)", m.From, m.To-1, what)
}

// dates names the days a brief covers, "2026-03-13 to 2026-09-10".
func dates(m *Matrix) string {
	if len(m.Periods) == 0 {
		return "no dates"
	}
	return fmt.Sprintf("%s to %s", m.From, m.To-1)
}

// periodHead is a heatmap column's heading, "2026-W11*" for a partial
// period (heatNote explains the mark).
func periodHead(m *Matrix, i int) string {
	if m.Partial(i) {
		return m.Periods[i].Label() + "*"
	}
	return m.Periods[i].Label()
}

func recoveryText(is Issue) string {
	if is.Recovered == 0 {
		return "none recorded"
	}
	parts := make([]string, len(is.Recovery))
	for i, k := range is.Recovery {
		parts[i] = fmt.Sprintf("%s %s", textsafe.Plain(k.Kind), thousands(k.Cases))
	}
	return fmt.Sprintf("%s of %s: %s", thousands(is.Recovered), countOf(is.Cases, Cases), strings.Join(parts, ", "))
}

// heatColumns is how many of the latest periods a brief's heatmap shows.
const heatColumns = 16

// heatTopRows is how many tags a brief's heatmap shows, in every format.
const heatTopRows = 12

// heatRows picks the brief's heatmap: the top heatTopRows tags by total,
// then the untagged row when it has cases, over the last heatColumns
// periods.
func heatRows(m *Matrix) (rows []Row, first int) {
	rows = append([]Row(nil), m.Rows...)
	SortRows(rows, ByTotal)
	rows = rows[:min(heatTopRows, len(rows))]
	if m.Untagged.Total > 0 {
		rows = append(rows, m.Untagged)
	}
	return rows, max(0, len(m.Periods)-heatColumns)
}

// heatNote says what the brief's heatmap leaves out and what a total
// counts, so a cut table is not read as the whole: "Top 12 of 40 issues by
// total. The last 16 of 30 weeks; totals are over all 30."
func heatNote(m *Matrix) string {
	var parts []string
	if len(m.Rows) > heatTopRows {
		parts = append(parts, fmt.Sprintf("Top %d of %d issues by total.", heatTopRows, len(m.Rows)))
	}
	if first := max(0, len(m.Periods)-heatColumns); first > 0 {
		parts = append(parts, fmt.Sprintf("The last %d of %s; totals are over all %d.", heatColumns, unit(m.G, len(m.Periods)), len(m.Periods)))
	}
	for i := max(0, len(m.Periods)-heatColumns); i < len(m.Periods); i++ {
		if m.Partial(i) {
			parts = append(parts, "* A partial "+m.G.String()+" (under way, or cut by the range) is left out of trends.")
			break
		}
	}
	if note := m.Metric.TotalNote(m.G); note != "" {
		parts = append(parts, "A total counts each customer once over the whole range; a cell counts them per "+m.G.String()+".")
	}
	return strings.Join(parts, " ")
}

// countOf writes "1 case", "12 cases", "3 repeat-contact customers".
func countOf(n int, m Metric) string {
	t := m.Title()
	if n == 1 {
		t = strings.TrimSuffix(t, "s") // every metric's title is a plural in -s
	}
	return thousands(n) + " " + t
}
