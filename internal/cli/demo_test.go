package cli

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// seededDemo is caredesk demo's database of n cases at a fixed now, with
// its config; it is closed when the test ends.
func seededDemo(t *testing.T, n int) (*store.DB, *config.Config, time.Time) {
	t.Helper()
	cfg, err := config.Parse("demo_config.toml", demoConfig)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	s, err := seedDemo(filepath.Join(t.TempDir(), "demo.db"), n, now, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, cfg, now
}

// TestDemoHasTeams: caredesk demo shows teams: its open cases are routed
// to the team owning their area and assigned among its members, SLA
// clocks run in the teams' business hours, and an agent's queue opens on
// "My team" beside every team's view and the demo's own views.
func TestDemoHasTeams(t *testing.T) {
	s, cfg, now := seededDemo(t, 600)
	r := s.Routing()
	if r == nil || len(r.Teams) != 3 {
		t.Fatalf("the demo desk has no teams: %+v", r)
	}
	routed := map[string]int{}
	err := s.EachSummary(func(c model.Summary) error {
		if !c.Status.Active() || c.Team == "" {
			return nil
		}
		routed[c.Team]++
		team, _ := r.Team(c.Team)
		if c.Assignee != "" && team.Assign != model.AssignNone && !slices.Contains(team.Members, c.Assignee) {
			t.Errorf("case %d of %s is assigned to %s, not a member", c.ID, c.Team, c.Assignee)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range []string{"billing", "delivery", "product"} {
		if routed[team] == 0 {
			t.Errorf("no active case was routed to %s: %v", team, routed)
		}
	}
	for _, team := range []string{"billing", "delivery", "product"} {
		if ts := s.SLA().Teams[team]; ts == nil || ts.Hours == nil {
			t.Errorf("%s's SLA clock does not run in business hours: %+v", team, ts)
		}
	}

	m := ui.NewModel(s, uiOptions(cfg, ui.Options{Agent: "chen", Now: func() time.Time { return now }, Location: time.UTC}))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(200, 50))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("view My team")) && bytes.Contains(b, []byte("delivery")) &&
			bytes.Contains(b, []byte("product")) && bytes.Contains(b, []byte("refunds"))
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
