package ui

import (
	"strings"
	"testing"
	"time"
)

// A follow-up in the past is asked about before it is set (new-user
// finding: `f 2026-12-01` on 7 Dec was taken silently): the first enter
// says so, the second sets it; another time typed asks again.
func TestFollowUpInThePastAsksFirst(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("f", "2026-03-01", "enter")
	if got := h.caseNow(1042).FollowUp; !got.IsZero() {
		t.Fatalf("a past follow-up was set at once: %v", got)
	}
	h.mustShow("that is in the past (", "enter again to set it anyway")
	h.keys("enter")
	want := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if got := h.caseNow(1042).FollowUp; got.IsZero() || got.After(cpNow) {
		t.Fatalf("the second enter did not set the past follow-up: %v (want about %v)", got, want)
	}
	// A future time is set at once, as before.
	h.keys("f", "+2d", "enter")
	if got := h.caseNow(1042).FollowUp; !got.After(cpNow) {
		t.Fatalf("a future follow-up: %v", got)
	}
}

// :followup with a past time takes the command twice.
func TestFollowUpCommandInThePastTakesItTwice(t *testing.T) {
	svc, _ := teamDesk(t, 30)
	h := newHarnessWith(t, svc, testNow, 120, 30, Options{Agent: "ana", Lead: true})
	h.keys("1")
	id := h.selected()
	past := testNow.Add(-72 * time.Hour).Format("2006-01-02")
	run := func() {
		h.keys(":")
		h.typeText("followup " + past)
		h.keys("enter")
	}
	run()
	if c, _ := svc.Case(id); !c.FollowUp.IsZero() && c.FollowUp.Before(testNow) {
		t.Fatalf("a past follow-up was set at once: %v", c.FollowUp)
	}
	if v := h.view(); !strings.Contains(v, "that is in the past") || !strings.Contains(v, "again to set it anyway") {
		t.Fatalf("no question:\n%s", v)
	}
	run()
	if c, _ := svc.Case(id); c.FollowUp.IsZero() || !c.FollowUp.Before(testNow) {
		t.Fatalf("the second :followup did not set it: %v", c.FollowUp)
	}
}
