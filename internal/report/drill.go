package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// DrillQuery returns the queue query that selects the cases behind a cell:
// base (the heatmap's filter) narrowed to the row and the period, e.g.
// "channel:phone tag:billing/double-charge created:2026-W47". rowTag is a
// row's Tag: a tag, "area/" for an area, "" for untagged. For the Cases
// metric the queue's count equals the cell's; for Overdue the query adds
// is:overdue; for customer metrics it lists the cases behind the count.
//
// Filters with one key are alternatives, so the base's positive tag:,
// created:, from: and to: filters cannot simply be added to: its tag:
// filters are replaced by the row's tag (rows only exist for tags they
// match) and its date filters are intersected with the cell's days.
//
// A tag row's query names its tag exactly (tag:=billing), so that a row
// for a tag with sub-tags does not also select billing/…; an area row
// counts distinct cases, as the queue does.
//
// periodIndex -1 selects the whole row over the matrix's days.
func (m *Matrix) DrillQuery(rowTag string, periodIndex int, base model.Query) string {
	var parts []string
	var created []model.Filter
	for _, f := range base.Filters() {
		switch {
		case f.Not:
		case f.Key == "tag", f.Key == "from", f.Key == "to":
			continue // replaced by the row's tag and the cell's days
		case f.Key == "created":
			created = append(created, f)
			continue
		}
		parts = append(parts, f.String())
	}
	for _, t := range base.Terms() {
		parts = append(parts, t.String())
	}
	from, to := baseBounds(base, m.From, m.To)

	switch {
	case rowTag == "" && !m.rf.untagged():
		// Untagged cases are outside this heatmap: a query that selects
		// none, like the row's zeros.
		parts = append(parts, "is:untagged", tagFilter(strings.TrimSuffix(m.rf.first(), "/")))
	case rowTag == "":
		parts = append(parts, "is:untagged")
	case isAreaKey(rowTag):
		for _, t := range m.rf.within(strings.TrimSuffix(rowTag, "/")) {
			parts = append(parts, tagFilter(t))
		}
	default:
		parts = append(parts, tagFilter(model.ExactTag+rowTag))
	}
	if m.Metric == Handoffs {
		parts = append(parts, "is:handedoff") // the cases behind the count
	}
	if m.Metric == Overdue {
		parts = append(parts, "is:overdue")
	}

	if m.Metric == RepeatContacts && periodIndex >= 0 && periodIndex < len(m.Periods) {
		// The cell's customers came back in its period: their pairs of
		// cases, the earlier one maybe from a period before.
		ids := slices.Clone(m.repeatCases[rowTag][periodIndex])
		slices.Sort(ids)
		for _, id := range ids {
			parts = append(parts, "#"+strconv.FormatUint(uint64(id), 10))
		}
		if len(ids) == 0 {
			p := m.Periods[periodIndex]
			parts = append(parts, dayRange(p.Start, p.Start)...) // the cell's zero
		}
		return joinQuery(parts)
	}
	if periodIndex < 0 {
		// The whole row: the matrix's days.
		for _, f := range created {
			parts = append(parts, f.String())
		}
		if len(m.Periods) > 0 {
			parts = append(parts, dayRange(from, to)...)
		}
	} else if periodIndex < len(m.Periods) {
		p := m.Periods[periodIndex]
		lo, hi := max(p.Start, from), min(p.End, to)
		if len(created) > 0 {
			// The base picks its own periods: keep them and bound the
			// cell by days.
			for _, f := range created {
				parts = append(parts, f.String())
			}
			parts = append(parts, dayRange(lo, hi)...)
		} else {
			parts = append(parts, "created:"+p.Label())
			if lo != p.Start || hi != p.End {
				parts = append(parts, dayRange(lo, hi)...)
			}
		}
	}
	return joinQuery(parts)
}

// joinQuery writes a query's parts in the query language's own order.
func joinQuery(parts []string) string {
	s := strings.Join(parts, " ")
	if q, err := model.ParseQuery(s); err == nil {
		return q.String()
	}
	return s
}

func tagFilter(t string) string { return model.Filter{Key: "tag", Value: t}.String() }

// dayRange writes days [lo, hi) as from:/to: (to: is inclusive). An empty
// range becomes one that matches nothing, so the drill-down shows the
// cell's zero.
func dayRange(lo, hi model.Day) []string {
	if lo >= hi {
		return []string{"from:" + lo.String(), "to:" + (lo - 1).String()}
	}
	return []string{"from:" + lo.String(), "to:" + (hi - 1).String()}
}

// baseBounds intersects [from, to) with the base's positive from: and to:
// filters, each key's values being alternatives.
func baseBounds(base model.Query, from, to model.Day) (model.Day, model.Day) {
	var lo, hi model.Day
	haveLo, haveHi := false, false
	for _, f := range base.Filters() {
		if f.Not || (f.Key != "from" && f.Key != "to") {
			continue
		}
		d, err := model.ParseDate(f.Value)
		if err != nil {
			continue
		}
		if f.Key == "from" {
			if !haveLo || d < lo {
				lo = d
			}
			haveLo = true
		} else {
			if !haveHi || d+1 > hi {
				hi = d + 1
			}
			haveHi = true
		}
	}
	if haveLo {
		from = max(from, lo)
	}
	if haveHi {
		to = min(to, hi)
	}
	return from, to
}
