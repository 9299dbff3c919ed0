package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A team case due more than a week out says the day and the time it must
// be resolved by in the queue's SLA column, at 80 columns too: the cell
// "✓ resolve by Dec 17 10:00" was cut to "✓ resolve by Dec 17 1…", and
// the agent could not tell 10:00 from 19:00 (new-user finding).
func TestResolveByCellKeepsItsTimeAt80Columns(t *testing.T) {
	svc, r := teamDesk(t, 0)
	c := model.Case{ExternalID: "LOW-1", CreatedAt: testNow.Add(-time.Hour), FirstReply: testNow.Add(-30 * time.Minute),
		Subject: "Invoice copy", Priority: model.PriorityLow, Status: model.StatusOpen, Tags: []string{"billing/invoice"}}
	c.Team, _ = r.Route(&c)
	svc.add(c, model.Customer{Name: "Lou Low"})
	h := newHarnessWith(t, svc, testNow, 80, 24, Options{Agent: "ana"})
	var cell string
	for _, l := range strings.Split(h.view(), "\n") {
		if i := strings.Index(l, "resolve"); i >= 0 && strings.Contains(l, "Invoice") {
			cell = strings.TrimSpace(l[i:])
		}
	}
	if !regexp.MustCompile(`^resolve (by \w{3}|\w{3} \d{1,2}) \d\d:\d\d$`).MatchString(cell) {
		t.Fatalf("the SLA cell is %q:\n%s", cell, h.view())
	}
}
