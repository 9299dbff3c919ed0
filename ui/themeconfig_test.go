package ui

import (
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/caredesk/caredesk/internal/config"
)

// Every colour name the config accepts lands on a palette entry.
func TestWithColours(t *testing.T) {
	for _, n := range config.ThemeColors {
		th := DefaultTheme().WithColours(map[string][2]string{n: {"#010203", "#040506"}})
		found := false
		for _, c := range []lipgloss.AdaptiveColor{th.Accent, th.Muted, th.Subtle, th.Text, th.Urgent, th.High, th.Normal, th.Low,
			th.OK, th.Warn, th.Bad, th.SelectedBg, th.MarkedFg, th.MatchFg, th.HeaderBg, th.FooterFg, th.TagFg} {
			found = found || c == (lipgloss.AdaptiveColor{Light: "#010203", Dark: "#040506"})
		}
		if !found {
			t.Errorf("colour %s set nothing", n)
		}
	}
}
