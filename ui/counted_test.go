package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// TestCountsReadInTheSingular: one of a thing is "1 match", "1 case",
// "1 time", "1 contact" — never "1 matches".
func TestCountsReadInTheSingular(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	// payments/refund is on one case; an agent adds it once more
	// elsewhere, so it has been added by agents one time.
	var target model.CaseID
	db.EachSummary(func(s model.Summary) error {
		if len(s.Tags) == 0 && target == 0 {
			target = s.ID
		}
		return nil
	})
	if _, err := db.Act(target, 0, "ana", model.AddTag{Tag: "account/login"}); err != nil {
		t.Fatal(err)
	}

	h := newHarnessOn(t, db, hmNow, 120, 30)
	h.keys("/")
	h.typeText("tag:=payments/refund")
	h.pump()
	if v := h.view(); !strings.Contains(v, " 1 match") || strings.Contains(v, "1 matches") {
		t.Errorf("search with one match:\n%s", v)
	}
	h.keys("esc")

	p := taxOpen(t, db, 120, 30)
	taxSelect(t, p, "account/login")
	if v := p.View(); !strings.Contains(v, "added by agents 1 time") {
		t.Errorf("taxonomy line:\n%s", v)
	}

	h.keys("enter", "t")
	h.typeText("payments/ref")
	if v := h.view(); !strings.Contains(v, "payments/refund  1 case") || strings.Contains(v, "1 cases") {
		t.Errorf("tag picker:\n%s", v)
	}
}

func TestCounted(t *testing.T) {
	for n, want := range map[int]string{0: "0 matches", 1: "1 match", 2: "2 matches", 12345: "12,345 matches"} {
		if got := counted(n, "match", "matches"); got != want {
			t.Errorf("counted(%d) = %q, want %q", n, got, want)
		}
	}
}
