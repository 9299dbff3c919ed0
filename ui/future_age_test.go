package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// A case created after now (kept by the import with a warning) read as
// old in the queue: 16 days ahead showed "age 2w" (a new-user finding).
// Its age reads "now" — it has waited no time we know of — and the case
// pane shows the date as given, marked as ahead of now.
func TestFutureCreatedCaseIsNotShownOld(t *testing.T) {
	svc := newMemService(func() time.Time { return testNow })
	svc.add(model.Case{ExternalID: "SLA-E", Subject: "Dated ahead", CreatedAt: testNow.Add(16 * 24 * time.Hour),
		Status: model.StatusOpen, Priority: model.PriorityUrgent}, model.Customer{Name: "Ana"})
	h := newHarness(t, svc, 120, 30)
	row := ""
	for _, l := range strings.Split(ansi.Strip(h.view()), "\n") {
		if strings.Contains(l, "Dated ahead") {
			row = l
		}
	}
	if f := strings.Fields(row); len(f) < 5 || f[3] != "open" || f[4] != "now" {
		t.Fatalf("the queue's row (priority, status, age…): %q", row)
	}
	h.keys("enter")
	if v := ansi.Strip(h.view()); !strings.Contains(v, "created Thu 10 Dec 10:00 ⚠ in 2w · updated") {
		t.Fatalf("the case pane does not mark the date:\n%s", v)
	}
}
