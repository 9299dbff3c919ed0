package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// hmNow is the heatmap tests' fixed clock: Tuesday 10 March 2026, 14:00 UTC.
var hmNow = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

func hmClock() time.Time { return hmNow }

// hmOpenStore opens a fresh real store in a temp dir with the fixed clock.
func hmOpenStore(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "care.db"), store.Options{Now: hmClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// hmDemoStore is a real store seeded with n demo cases ending at hmNow
// (a copy of one built once per test binary).
func hmDemoStore(t testing.TB, n int) *store.DB {
	t.Helper()
	return storeCopy(t, fmt.Sprintf("demo %d", n), func(t testing.TB, db *store.DB) { hmSeed(t, db, n) })
}

func hmSeed(t testing.TB, db *store.DB, n int) {
	t.Helper()
	err := demo.Load(db, demo.Config{Cases: n, Seed: 1, Now: hmNow}, nil)
	if err != nil {
		t.Fatal(err)
	}
}

func hmEnv(svc model.CaseService) *env {
	return &env{svc: svc, agent: "ana", now: hmClock, loc: time.UTC, styles: NewStyles(DefaultTheme())}
}

// hmAscii draws without colour for the duration of a test, as NO_COLOR does.
func hmAscii(t testing.TB) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.Ascii)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
}

// hmRun runs cmd and feeds what it produces back into the pane, as the
// program would, until nothing is left; messages for the root (status,
// drill-downs) are returned. Ticks are delivered at once.
func hmRun(p pane, cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case heatResultMsg, heatTickMsg, taxLoadedMsg, taxDoneMsg, taxTickMsg, taxAreaReadyMsg:
			queue = append(queue, p.Update(m))
		default:
			out = append(out, msg)
		}
	}
	return out
}

// hmKeys types keys into the pane: names as tea writes them ("enter",
// "esc", "up") or literal runes.
func hmKeys(p pane, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, hmRun(p, p.Update(hmKey(k)))...)
	}
	return out
}

func hmKey(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "space", " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// hmType types text into an open input.
func hmType(p pane, s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, hmRun(p, p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))...)
	}
	return out
}

// hmOpen opens a heatmap on svc at w×h and waits for its first matrix.
func hmOpen(t testing.TB, svc model.CaseService, w, h int) *heatmapPane {
	t.Helper()
	p := newHeatmapPane(hmEnv(svc))
	p.SetSize(w, h)
	hmRun(p, p.Init())
	if p.m == nil {
		t.Fatalf("no matrix after Init: %s", p.errTxt)
	}
	return p
}

// hmCount counts the cases a queue query selects, as the queue does:
// ParseQuery and Match over every summary, with the same clock and agent.
func hmCount(t testing.TB, svc model.CaseService, query string) int {
	t.Helper()
	q, err := model.ParseQuery(query)
	if err != nil {
		t.Fatalf("drill query %q does not parse: %v", query, err)
	}
	custs := map[model.CustomerID]model.Customer{}
	if err := svc.EachCustomer(func(c model.Customer) error { custs[c.ID] = c; return nil }); err != nil {
		t.Fatal(err)
	}
	n := 0
	sla := svc.SLA()
	err = svc.EachSummary(func(s model.Summary) error {
		if q.Match(s, custs[s.CustomerID], hmNow, "ana", sla) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// hmBuild is what `caredesk report` computes for the pane's current spec.
func hmBuild(t testing.TB, p *heatmapPane) *report.Matrix {
	t.Helper()
	m, err := report.Build(p.e.svc, p.spec())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// hmCheckLines fails when the view is not exactly h lines of at most w cells.
func hmCheckLines(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if view == "" {
		lines = nil
	}
	if len(lines) > h {
		t.Errorf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%dx%d: line %d is %d wide: %q", w, h, i, lw, l)
		}
	}
}

// hmLineOf is the index of the line with key k, or -1.
func hmLineOf(p *heatmapPane, k string) int {
	for i, l := range p.lines {
		if l.key == k {
			return i
		}
	}
	return -1
}
