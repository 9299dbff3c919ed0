package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// The customer's other cases line up in columns when their numbers differ
// in length: the number is padded like the queue's (new-user finding
// "Other cases" list not aligned, 200 columns).
func TestOtherCasesAlignWhenNumbersDifferInLength(t *testing.T) {
	h := newCPHarness(t, 200, 50)
	h.svc.addCase(model.Case{ID: 43, CreatedAt: time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2025, 9, 2, 10, 0, 0, 0, time.UTC),
		Channel: model.ChannelWeb, CustomerID: 7, Subject: "How do I set up my desk lamp?", Status: model.StatusClosed,
		Priority: model.PriorityLow})
	h.open(1042)
	var rows []string
	for _, line := range strings.Split(h.p.View(), "\n") {
		if strings.Contains(line, "#1031 ") || strings.Contains(line, "#1012 ") || strings.Contains(line, "#43 ") {
			rows = append(rows, line)
		}
	}
	if len(rows) != 3 {
		t.Fatalf("other cases rows %q in\n%s", rows, h.p.View())
	}
	statusAt := func(row string) int {
		if i := strings.Index(row, "resolved"); i >= 0 {
			return i
		}
		return strings.Index(row, "closed")
	}
	for _, r := range rows[1:] {
		if statusAt(r) != statusAt(rows[0]) {
			t.Fatalf("the status column moves:\n%s", strings.Join(rows, "\n"))
		}
	}
}
