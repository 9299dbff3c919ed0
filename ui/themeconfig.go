package ui

import "github.com/charmbracelet/lipgloss"

// WithColours is t with the config's [theme] colours: by palette name
// (accent, ok, warn, …, as config.ThemeColors lists them), each a light
// and a dark colour. NO_COLOR still wins: the colour profile drops them.
func (t Theme) WithColours(colours map[string][2]string) Theme {
	fields := map[string]*lipgloss.AdaptiveColor{"accent": &t.Accent, "muted": &t.Muted, "subtle": &t.Subtle,
		"text": &t.Text, "urgent": &t.Urgent, "high": &t.High, "normal": &t.Normal, "low": &t.Low, "ok": &t.OK,
		"warn": &t.Warn, "bad": &t.Bad, "selected_bg": &t.SelectedBg, "marked_fg": &t.MarkedFg,
		"match_fg": &t.MatchFg, "header_bg": &t.HeaderBg, "footer_fg": &t.FooterFg, "tag_fg": &t.TagFg}
	for name, c := range colours {
		if f, ok := fields[name]; ok {
			*f = lipgloss.AdaptiveColor{Light: c[0], Dark: c[1]}
		}
	}
	return t
}
