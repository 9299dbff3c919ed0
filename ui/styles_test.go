package ui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The styles fix each colour for the session's terminal once; what they
// draw is what lipgloss draws from the adaptive colour.
func TestFixedColoursDrawAsAdaptive(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			th := DefaultTheme()
			st := NewStylesFor(r, th)
			want := r.NewStyle().Background(th.HeaderBg).Foreground(th.Accent).Bold(true).Render("caredesk")
			if got := st.HeaderKey.Render("caredesk"); got != want {
				t.Errorf("profile %d, dark %v: %q, want %q", p, dark, got, want)
			}
			want = r.NewStyle().Foreground(th.TagFg).Render("billing/refund")
			if got := st.Tag.Render("billing/refund"); got != want {
				t.Errorf("profile %d, dark %v: %q, want %q", p, dark, got, want)
			}
		}
	}
}
