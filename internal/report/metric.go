package report

import (
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Metric is what a heatmap cell counts.
type Metric uint8

const (
	// Cases counts cases created in the period carrying the tag.
	Cases Metric = iota
	// Customers counts distinct known customers behind those cases.
	Customers
	// RepeatContacts counts customers with a repeat contact among those
	// cases (model.RepeatRule: two within 30 days): the people an issue
	// makes call back.
	RepeatContacts
	// Overdue counts those cases that are overdue now (at Spec.Now).
	Overdue
	// Handoffs counts how often those cases were passed from one team to
	// another: how often a customer was passed around.
	Handoffs
	// SLA is no heatmap: `report --metric sla` writes SLA attainment per
	// tag and team (sla.go).
	SLA
)

// Metrics lists every metric in menu order.
var Metrics = []Metric{Cases, Customers, RepeatContacts, Overdue, Handoffs}

// ParseMetric reads cases, customers, repeat or overdue.
func ParseMetric(s string) (Metric, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "cases", "case", "":
		return Cases, nil
	case "customers", "customer":
		return Customers, nil
	case "repeat", "repeats", "repeat-contacts":
		return RepeatContacts, nil
	case "overdue":
		return Overdue, nil
	case "handoffs", "handoff":
		return Handoffs, nil
	case "sla":
		return SLA, nil
	}
	return Cases, model.Errorf(model.EINVALID, "unknown metric %q (cases, customers, repeat, overdue, handoffs, sla)", s)
}

func (m Metric) String() string {
	switch m {
	case Customers:
		return "customers"
	case RepeatContacts:
		return "repeat"
	case Overdue:
		return "overdue"
	case Handoffs:
		return "handoffs"
	case SLA:
		return "sla"
	}
	return "cases"
}

// Title is the metric's name in a sentence or a heading.
func (m Metric) Title() string {
	switch m {
	case Customers:
		return "customers"
	case RepeatContacts:
		return "repeat-contact customers"
	case Overdue:
		return "overdue cases"
	case Handoffs:
		return "handoffs between teams"
	case SLA:
		return "SLA attainment"
	}
	return "cases"
}

// distinct reports whether the metric counts customers, which cannot be
// summed across periods or tags: a customer seen twice is one customer.
func (m Metric) distinct() bool { return m == Customers || m == RepeatContacts }

// Distinct reports whether a row's total counts each customer once over
// the whole range rather than summing its cells.
func (m Metric) Distinct() bool { return m.distinct() }

// TotalNote says how a row total relates to its cells, for a legend.
func (m Metric) TotalNote(g model.Granularity) string {
	if !m.distinct() {
		return ""
	}
	return "total: each customer once over the range; cells: per " + g.String()
}
