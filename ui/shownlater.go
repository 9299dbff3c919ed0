package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// shownLater is the machinery of a pane whose data is costly to build (the
// heatmap's matrix, the taxonomy's near duplicates), written once: it
// builds only while the pane is on screen — every screen of a team server
// gets every change, and a rebuild nobody sees is wasted — notes the
// changes that come while it is out of sight and builds when it is next
// shown (refresh), and folds a burst of change notices into one rebuild.
// A pane embeds it and calls its methods with its own build.
type shownLater struct {
	stale       bool // changes came while out of sight
	tickPending bool // a rebuild is scheduled
	tickGen     int  // the latest scheduled rebuild
}

// start builds at once when the pane starts on screen, else on its first
// show.
func (s *shownLater) start(e *env, p pane, build func() tea.Cmd) tea.Cmd {
	if e.outOfSight(p) {
		s.stale = true
		return nil
	}
	return build()
}

// refresh builds when changes came while the pane was out of sight.
func (s *shownLater) refresh(build func() tea.Cmd) tea.Cmd {
	if !s.stale {
		return nil
	}
	s.stale = false
	return build()
}

// changed notes a change: out of sight it only marks the data stale; on
// screen it schedules one rebuild after delay, tick(gen) being the message
// that comes back (rebuild on it when due says so).
func (s *shownLater) changed(e *env, p pane, delay time.Duration, tick func(gen int) tea.Msg) tea.Cmd {
	if e.outOfSight(p) {
		s.stale = true
		return nil
	}
	if s.tickPending {
		return nil
	}
	s.tickPending = true
	s.tickGen++
	gen := s.tickGen
	return tea.Tick(delay, func(time.Time) tea.Msg { return tick(gen) })
}

// due reports whether the rebuild scheduled as gen is the latest one.
func (s *shownLater) due(gen int) bool {
	if gen != s.tickGen {
		return false
	}
	s.tickPending = false
	return true
}
