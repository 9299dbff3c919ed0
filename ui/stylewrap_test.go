package ui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// An empty text and an input's placeholder, drawn by the styles' kept
// sequences, are byte for byte what lipgloss's Render draws, in the 256
// colours of an SSH session and without colour.
func TestEmptyAndPlaceholderDrawAsRender(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.ANSI256, termenv.Ascii} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(profile)
		r.SetHasDarkBackground(true)
		st := NewStylesFor(r, DefaultTheme())
		padded, wide := st.Muted.Padding(0, 1), st.Header.Width(6)
		for name, s := range map[string]*lipgloss.Style{"Muted": &st.Muted, "Header": &st.Header, "Selected": &st.Selected,
			"padded": &padded, "wide": &wide} {
			if got, want := newStyleWrap(s).render(""), s.Render(""); got != want {
				t.Errorf("profile %d, %s: the empty text drawn %q, Render draws %q", profile, name, got, want)
			}
		}
		for _, text := range []string{"internal note — only agents see it", "漢字 note", "é", ""} {
			for _, w := range []int{40, 5, 1} {
				gs := glyphs(Truncate(text, w))
				want := st.Selected.Render(" ")
				if len(gs) > 0 {
					rest := ""
					for _, g := range gs[1:] {
						rest += g.text
					}
					want = st.Selected.Render(gs[0].text) + st.Muted.Render(rest)
				}
				if got := placeholder(text, w, true, st); got != want {
					t.Errorf("profile %d, %q in %d cells: placeholder %q, Render draws %q", profile, text, w, got, want)
				}
				if got, want := placeholder(text, w, false, st), st.Muted.Render(Truncate(text, w)); got != want {
					t.Errorf("profile %d, %q in %d cells, unfocused: placeholder %q, Render draws %q", profile, text, w, got, want)
				}
			}
		}
	}
}
