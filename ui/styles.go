package ui

import (
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme is the palette: adaptive colours that read on light and dark
// terminals. NO_COLOR (honoured in main via the colour profile) drops the
// colours; every state stays readable through symbols and reverse video.
type Theme struct {
	Accent, Muted, Subtle, Text   lipgloss.AdaptiveColor
	Urgent, High, Normal, Low     lipgloss.AdaptiveColor
	OK, Warn, Bad                 lipgloss.AdaptiveColor
	SelectedBg, MarkedFg, MatchFg lipgloss.AdaptiveColor
	HeaderBg, FooterFg, TagFg     lipgloss.AdaptiveColor
	Heat                          []lipgloss.AdaptiveColor // sequential, light to dark
}

// DefaultTheme is caredesk's palette.
func DefaultTheme() Theme {
	return Theme{
		Accent:     lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#9D8CFF"},
		Muted:      lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"},
		Subtle:     lipgloss.AdaptiveColor{Light: "#D0D0D0", Dark: "#3A3A3A"},
		Text:       lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#E6E6E6"},
		Urgent:     lipgloss.AdaptiveColor{Light: "#C4002F", Dark: "#FF5F7A"},
		High:       lipgloss.AdaptiveColor{Light: "#B35C00", Dark: "#FFAF5F"},
		Normal:     lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#D0D0D0"},
		Low:        lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"},
		OK:         lipgloss.AdaptiveColor{Light: "#1E7F3C", Dark: "#6BD68B"},
		Warn:       lipgloss.AdaptiveColor{Light: "#9A6B00", Dark: "#F2C94C"},
		Bad:        lipgloss.AdaptiveColor{Light: "#C4002F", Dark: "#FF5F7A"},
		SelectedBg: lipgloss.AdaptiveColor{Light: "#E4DEFF", Dark: "#2E2850"},
		MarkedFg:   lipgloss.AdaptiveColor{Light: "#0060C0", Dark: "#6CB6FF"},
		MatchFg:    lipgloss.AdaptiveColor{Light: "#B35C00", Dark: "#FFD75F"},
		HeaderBg:   lipgloss.AdaptiveColor{Light: "#EDEAFB", Dark: "#1F1B33"},
		FooterFg:   lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#7A7A7A"},
		TagFg:      lipgloss.AdaptiveColor{Light: "#00796B", Dark: "#4FD1C5"},
		// A sequential palette in the spirit of viridis/magma, from almost
		// background to intense, so more reads as darker on light terminals
		// and brighter on dark ones.
		Heat: []lipgloss.AdaptiveColor{
			{Light: "#F3EFFA", Dark: "#221A33"},
			{Light: "#DCCDF2", Dark: "#3B2466"},
			{Light: "#BFA3E6", Dark: "#5B2D8C"},
			{Light: "#9A73D6", Dark: "#8A3A9E"},
			{Light: "#7A45BF", Dark: "#C0467F"},
			{Light: "#5A1FA0", Dark: "#EB6A50"},
			{Light: "#3A0A70", Dark: "#FCB13A"},
		},
	}
}

// Styles are the lipgloss styles every pane draws with, built once from a
// theme; no pane makes its own colours.
type Styles struct {
	Theme Theme
	// Plain is no style, on this terminal: a style made from it (a
	// selected row's reverse) draws there, where lipgloss.NewStyle()
	// would draw on the process's own terminal (none, on a team server).
	Plain      lipgloss.Style
	Header     lipgloss.Style
	HeaderKey  lipgloss.Style
	Title      lipgloss.Style
	Footer     lipgloss.Style
	Status     lipgloss.Style
	Error      lipgloss.Style
	Muted      lipgloss.Style
	Bold       lipgloss.Style
	Selected   lipgloss.Style
	Marked     lipgloss.Style
	Match      lipgloss.Style
	Tag        lipgloss.Style
	Border     lipgloss.Style
	ActiveTab  lipgloss.Style
	Tab        lipgloss.Style
	Priority   map[string]lipgloss.Style // by model.Priority.String()
	SLAOK      lipgloss.Style
	SLASoon    lipgloss.Style
	SLAOverdue lipgloss.Style
	Warning    lipgloss.Style
	Heat       []lipgloss.Style // background fills, light to intense

	// renderer is the terminal the styles were built for.
	renderer *lipgloss.Renderer
	// cursor is Selected's sequences, for the inputs' cursor drawn at
	// every key, and muted Muted's, for their placeholders (nil: left to
	// Render).
	cursor, muted *styleWrap
}

// ColorProfile is the colour profile of the terminal these styles draw on:
// ask it, not lipgloss.ColorProfile(), which is the server process's own
// terminal when the app runs in an SSH session.
func (s *Styles) ColorProfile() termenv.Profile {
	if s == nil || s.renderer == nil {
		return lipgloss.ColorProfile()
	}
	return s.renderer.ColorProfile()
}

// NewStyles builds the styles of a theme for the process's terminal
// (lipgloss's default renderer).
func NewStyles(t Theme) *Styles { return NewStylesFor(lipgloss.DefaultRenderer(), t) }

// NewStylesFor builds the styles of a theme for one terminal: a team
// server's SSH session has its own colour profile and background, so each
// session renders through its own renderer (wish's MakeRenderer).
func NewStylesFor(r *lipgloss.Renderer, t Theme) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	s := &Styles{Theme: t, renderer: r}
	c := func(ac lipgloss.AdaptiveColor) lipgloss.TerminalColor { return fixedColor(r, ac) }
	s.Plain = r.NewStyle()
	s.Header = r.NewStyle().Background(c(t.HeaderBg)).Foreground(c(t.Text))
	s.HeaderKey = r.NewStyle().Background(c(t.HeaderBg)).Foreground(c(t.Accent)).Bold(true)
	s.Title = r.NewStyle().Foreground(c(t.Accent)).Bold(true)
	s.Footer = r.NewStyle().Foreground(c(t.FooterFg))
	s.Status = r.NewStyle().Foreground(c(t.OK))
	s.Error = r.NewStyle().Foreground(c(t.Bad)).Bold(true)
	s.Muted = r.NewStyle().Foreground(c(t.Muted))
	s.Bold = r.NewStyle().Bold(true)
	// Reverse video marks the cursor row even without colour.
	s.Selected = r.NewStyle().Reverse(true)
	s.Marked = r.NewStyle().Foreground(c(t.MarkedFg)).Bold(true)
	s.Match = r.NewStyle().Foreground(c(t.MatchFg)).Underline(true)
	s.Tag = r.NewStyle().Foreground(c(t.TagFg))
	s.Border = r.NewStyle().Foreground(c(t.Subtle))
	s.ActiveTab = r.NewStyle().Background(c(t.HeaderBg)).Foreground(c(t.Accent)).Bold(true).Underline(true)
	s.Tab = r.NewStyle().Background(c(t.HeaderBg)).Foreground(c(t.Muted))
	s.Priority = map[string]lipgloss.Style{
		"urgent": r.NewStyle().Foreground(c(t.Urgent)).Bold(true),
		"high":   r.NewStyle().Foreground(c(t.High)),
		"normal": r.NewStyle().Foreground(c(t.Normal)),
		"low":    r.NewStyle().Foreground(c(t.Low)),
	}
	s.SLAOK = r.NewStyle().Foreground(c(t.OK))
	s.SLASoon = r.NewStyle().Foreground(c(t.Warn))
	s.SLAOverdue = r.NewStyle().Foreground(c(t.Bad)).Bold(true)
	s.Warning = r.NewStyle().Foreground(c(t.Bad)).Bold(true)
	for _, hc := range t.Heat {
		s.Heat = append(s.Heat, r.NewStyle().Background(c(hc)).Foreground(c(t.Text)))
	}
	s.cursor = newStyleWrap(&s.Selected)
	s.muted = newStyleWrap(&s.Muted)
	return s
}

// cursorText is text in the Selected style, as the inputs draw their
// cursor.
func (s *Styles) cursorText(text string) string {
	if s.cursor == nil || s.cursor.st != &s.Selected {
		return s.Selected.Render(text)
	}
	return s.cursor.render(text)
}

// mutedText is text in the Muted style, as an empty input draws its
// placeholder (every frame while a note is empty).
func (s *Styles) mutedText(text string) string {
	if s.muted == nil || s.muted.st != &s.Muted {
		return s.Muted.Render(text)
	}
	return s.muted.render(text)
}

// fixedColor is ac as terminal r draws it, worked out once. Left to
// lipgloss, every Render picks the light or dark variant and converts
// its hex code to the terminal's palette, which for a 256-colour terminal
// is a nearest-colour search in HSLuv: the largest cost of drawing a
// screen, paid per styled span, per frame, per session on a team server.
func fixedColor(r *lipgloss.Renderer, ac lipgloss.AdaptiveColor) lipgloss.TerminalColor {
	hex := ac.Light
	if r.HasDarkBackground() {
		hex = ac.Dark
	}
	switch tc := r.ColorProfile().Color(hex).(type) {
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(tc)))
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(tc)))
	case termenv.RGBColor:
		return lipgloss.Color(string(tc))
	}
	return lipgloss.NoColor{}
}
