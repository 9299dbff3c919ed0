package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The priority picker shows the targets of the case's team, not the
// desk's (new-user finding: a billing case read "↓ low SLA 7d" though
// billing resolves low in 5d and answers it in 1d).
func TestPriorityPickerShowsTheTeamsTargets(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	r, err := model.NewRouting([]model.Team{{Name: "billing", Members: []string{"ana"}, Areas: []string{"billing"},
		SLA: model.TeamSLA{FirstResponse: model.SLAPolicy{Low: 24 * time.Hour}, Resolution: model.SLAPolicy{Low: 5 * 24 * time.Hour}}}})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "care.db"), store.Options{Now: func() time.Time { return cpNow }, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rows := []model.ImportRow{
		{Source: "t.csv", Line: 2, Case: model.Case{ExternalID: "B-1", CreatedAt: cpNow.Add(-time.Hour), Subject: "refund", Status: model.StatusOpen,
			Priority: model.PriorityLow, Tags: []string{"billing/refund"}}},
		{Source: "t.csv", Line: 3, Case: model.Case{ExternalID: "D-1", CreatedAt: cpNow.Add(-time.Hour), Subject: "late", Status: model.StatusOpen,
			Priority: model.PriorityLow, Tags: []string{"delivery/late"}}},
	}
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ ext, want, not string }{
		{"B-1", "first reply 24h · resolve 5d", "SLA 7d"},
		{"D-1", "SLA 7d", "resolve 5d"}, // no team: the desk's allowance
	} {
		c, err := db.CaseByExternalID(tc.ext)
		if err != nil {
			t.Fatal(err)
		}
		h := &cpHarness{t: t, p: newCasePane(cpEnv(db))}
		h.p.SetSize(100, 30)
		h.open(c.ID)
		h.keys("P")
		v := h.view()
		line := ""
		for l := range strings.SplitSeq(v, "\n") {
			if strings.Contains(l, "↓ low") {
				line = l
			}
		}
		if !strings.Contains(line, tc.want) || strings.Contains(line, tc.not) {
			t.Errorf("case %s (team %q): the picker's low line %q, want %q:\n%s", tc.ext, c.Team, line, tc.want, v)
		}
	}
}
