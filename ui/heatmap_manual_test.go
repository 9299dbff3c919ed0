package ui

import (
	"os"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestHeatmapTUI runs the heatmap and taxonomy panes full screen on a demo
// desk, for a person to look at before the root wires them:
//
//	go test -c -o /tmp/hm.test ./ui && HMTUI=1 /tmp/hm.test -test.run TestHeatmapTUI
func TestHeatmapTUI(t *testing.T) {
	if os.Getenv("HMTUI") == "" {
		t.Skip("manual: HMTUI=1")
	}
	if os.Getenv("NO_COLOR") == "" {
		// The test binary's renderer takes itself for a pipe.
		lipgloss.SetColorProfile(termenv.TrueColor)
		lipgloss.SetHasDarkBackground(os.Getenv("HMLIGHT") == "")
	}
	db := hmDemoStore(t, 4000)
	e := hmEnv(db)
	m := &hmHarness{hm: newHeatmapPane(e), tax: newTaxonomyPane(e)}
	m.cur = m.hm
	if _, err := tea.NewProgram(m, tea.WithAltScreen()).Run(); err != nil {
		t.Fatal(err)
	}
}

type hmHarness struct {
	hm     *heatmapPane
	tax    *taxonomyPane
	cur    pane
	w, h   int
	status string
}

func (m *hmHarness) Init() tea.Cmd { return tea.Batch(m.hm.Init(), m.tax.Init()) }

func (m *hmHarness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.hm.SetSize(m.w, m.h-1)
		m.tax.SetSize(m.w, m.h-1)
		return m, nil
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		if !m.cur.Capturing() {
			switch msg.String() {
			case "q":
				return m, tea.Quit
			case "3":
				m.cur = m.hm
				return m, nil
			case "4":
				m.cur = m.tax
				return m, nil
			}
		}
		return m, m.cur.Update(msg)
	case statusMsg:
		m.status = msg.text
		return m, nil
	case filterQueueMsg:
		m.status = "DRILL " + msg.title + " → " + msg.query
		return m, nil
	case taxDoneMsg, taxLoadedMsg, taxTickMsg:
		return m, tea.Batch(m.tax.Update(msg), m.hm.Update(changeMsg{}))
	}
	return m, tea.Batch(m.hm.Update(msg), m.tax.Update(msg))
}

func (m *hmHarness) View() string {
	return m.cur.View() + "\n" + Truncate(m.status, m.w)
}
