package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// "? help" shows in every pane's footer at every width, and "q quit" as
// long as there is room: at 80 columns the case, heatmap and tags panes
// cut both off (a new-user finding). The pane's keys are trimmed before
// them, with "…", and the footer never outgrows the window.
func TestFooterKeepsHelpAndQuit(t *testing.T) {
	h := newHarness(t, newTestService(30), 80, 24)
	footer := func() string {
		lines := strings.Split(ansi.Strip(h.view()), "\n")
		return strings.TrimRight(lines[len(lines)-1], " ")
	}
	for _, pane := range []string{"1", "enter", "3", "4"} {
		h.keys(pane)
		for w := 30; w <= 240; w++ {
			h.send(tea.WindowSizeMsg{Width: w, Height: 24})
			foot := footer()
			switch {
			case ansi.StringWidth(foot) > w:
				t.Fatalf("pane %s at %d columns: the footer is %d wide: %q", pane, w, ansi.StringWidth(foot), foot)
			case !strings.Contains(foot, "? help"):
				t.Fatalf("pane %s at %d columns: no \"? help\": %q", pane, w, foot)
			case w >= 60 && !strings.HasSuffix(foot, " • q quit"):
				t.Fatalf("pane %s at %d columns: quit is not at the end: %q", pane, w, foot)
			case strings.HasSuffix(foot, "•"):
				t.Fatalf("pane %s at %d columns: the footer ends on a separator: %q", pane, w, foot)
			}
		}
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		if foot := footer(); !strings.Contains(foot, " • … • ? help • q quit") && pane != "1" {
			t.Errorf("pane %s at 80 columns: %q", pane, foot)
		}
	}
}
