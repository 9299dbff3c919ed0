package ui

import (
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// The queue's SLA cells are drawn from the clock at each frame, but a
// frame comes only with a message: on the minute tick alone a cell read
// "due 21s" for a minute after its case was late. clockMsg wakes the
// queue when a row on screen changes: each second while its clock is
// within a minute of due (the cell counts seconds then, and flips from
// due to late), nothing more. It only redraws; the index's work stays on
// the minute tick.
type clockMsg struct{ gen int }

// queueClock is the one wake the queue has asked for.
type queueClock struct {
	at  time.Time // zero: none pending
	gen int
}

// secondsShown is how close to its due time a cell counts seconds
// (model.FormatAge).
const secondsShown = time.Minute

// nextCellChange is when the first SLA cell on screen next changes its
// text in seconds, if that is within a minute (the minute tick redraws the
// rest).
func (q *queuePane) nextCellChange(now time.Time) (time.Time, bool) {
	snap, list := q.ix.Snapshot(), q.ix.List()
	if snap == nil {
		return time.Time{}, false
	}
	var next time.Time
	for i := q.top; i < len(list) && i < q.top+q.rowsVisible(); i++ {
		r := snap.At(list[i])
		if snap.SLAState(r, now.Unix()) == model.SLANone {
			continue
		}
		left := r.Due().Sub(now)
		var at time.Time
		switch {
		case left > -secondsShown && left < secondsShown:
			at = now.Add(time.Second)
		case left >= secondsShown && left < 2*secondsShown:
			at = r.Due().Add(-secondsShown + time.Second) // when it starts counting seconds
		default:
			continue
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next, !next.IsZero()
}

// armClock asks for a wake at the next cell change unless one no later is
// pending.
func (q *queuePane) armClock() tea.Cmd {
	if q.e.outOfSight(q) {
		return nil // the minute tick asks again once it is shown
	}
	now := q.e.now()
	at, ok := q.nextCellChange(now)
	if !ok || (!q.clock.at.IsZero() && !at.Before(q.clock.at)) {
		return nil
	}
	q.clock.at = at
	q.clock.gen++
	gen := q.clock.gen
	return q.e.after(at.Sub(now), func(time.Time) tea.Msg { return clockMsg{gen: gen} })
}

// onClock redraws (the update itself does) and asks for the next wake; an
// older wake, overtaken by an earlier one, is dropped.
func (q *queuePane) onClock(m clockMsg) tea.Cmd {
	if m.gen != q.clock.gen {
		return nil
	}
	q.clock.at = time.Time{}
	return q.armClock()
}
