package csvio

import (
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// cfpbMapper reads the CFPB Consumer Complaint Database export. Complaints
// are anonymous, so rows have no customer. Columns stored verbatim in the
// case (Complaint ID, Date received, Issue, Sub-issue, the narrative) are
// not repeated as fields; every other column is kept as a field, including
// Product, Submitted via and Company response to consumer, whose mapping to
// tag, channel and status loses detail.
type cfpbMapper struct {
	id, date, via, product, issue, subIssue, narrative, response int
	extra                                                        []int
	keys                                                         []string
}

func newCFPBMapper(header []string) *cfpbMapper {
	m := &cfpbMapper{}
	cols := []struct {
		name  string
		dst   *int
		field bool // also kept as an extra field
	}{
		{"Complaint ID", &m.id, false}, {"Date received", &m.date, false},
		{"Issue", &m.issue, false}, {"Sub-issue", &m.subIssue, false},
		{"Consumer complaint narrative", &m.narrative, false},
		{"Submitted via", &m.via, true}, {"Product", &m.product, true},
		{"Company response to consumer", &m.response, true},
	}
	for _, c := range cols {
		*c.dst = -1
	}
	for i, h := range header {
		mapped := false
		for _, c := range cols {
			if *c.dst < 0 && strings.EqualFold(strings.TrimSpace(h), c.name) {
				*c.dst = i
				mapped = !c.field
				break
			}
		}
		if !mapped {
			m.extra = append(m.extra, i)
			m.keys = append(m.keys, h)
		}
	}
	return m
}

func get(f []string, i int) string {
	if i >= 0 {
		return f[i]
	}
	return ""
}

func (m *cfpbMapper) row(f []string) (model.ImportRow, string) {
	var row model.ImportRow
	c := &row.Case
	if c.ExternalID = f[m.id]; isBlank(c.ExternalID) {
		return row, "missing Complaint ID"
	}
	d := f[m.date]
	if d == "" {
		return row, "missing Date received"
	}
	var ok bool
	if c.CreatedAt, ok = parseDate(d); !ok {
		return row, `bad Date received "` + clip(d) + `": want YYYY-MM-DD or MM/DD/YYYY`
	}
	c.Channel = model.ParseChannel(get(f, m.via))
	issue, sub := get(f, m.issue), get(f, m.subIssue)
	switch {
	case sub == "":
		c.Subject = issue
	case issue == "":
		c.Subject = sub
	default:
		c.Subject = issue + ": " + sub
	}
	c.Body = get(f, m.narrative)
	c.Priority = model.PriorityNormal
	c.Status = model.StatusClosed
	if strings.EqualFold(strings.TrimSpace(get(f, m.response)), "In progress") {
		c.Status = model.StatusOpen
	}
	product := get(f, m.product)
	if tag := cfpbTag(product, issue); tag != "" {
		c.Tags = []string{tag}
		// The slugs lose the CFPB's own wording: the tag keeps it as
		// its label, "Product / Issue" as written.
		row.TagLabels = map[string]string{tag: cfpbLabel(product, issue)}
	}
	c.Fields = extraFields(f, m.extra, m.keys)
	return row, ""
}

// cfpbTag is "product/issue" as slugs, so the heatmap groups complaints by
// product area. A missing part is left out.
func cfpbTag(product, issue string) string {
	p, i := model.Slug(product), model.Slug(issue)
	switch {
	case p == "":
		return i
	case i == "":
		return p
	}
	return p + "/" + i
}

// cfpbLabel is a CFPB tag's readable name: the product and the issue as
// the export writes them.
func cfpbLabel(product, issue string) string {
	product, issue = strings.TrimSpace(product), strings.TrimSpace(issue)
	switch {
	case product == "":
		return issue
	case issue == "":
		return product
	}
	return product + " / " + issue
}

// parseDate reads a CFPB date, YYYY-MM-DD or M/D/YYYY, as midnight UTC.
func parseDate(s string) (time.Time, bool) {
	var y, m, d int
	var ok1, ok2, ok3 bool
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 = digits(s[0:4])
		m, ok2 = digits(s[5:7])
		d, ok3 = digits(s[8:10])
	} else {
		parts := strings.Split(s, "/")
		if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
			return time.Time{}, false
		}
		m, ok1 = digits(parts[0])
		d, ok2 = digits(parts[1])
		y, ok3 = digits(parts[2])
	}
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 02/30 rolled over into March
		return time.Time{}, false
	}
	return t, true
}

func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
