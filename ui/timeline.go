package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/cells"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// Timeline columns: when, who, what.
const tlAuthorW = 10

// tlWhen formats the timeline's times: "02 Jan 15:04" while every event is
// of the current year, else all with the year, "2019-11-15 00:00".
func tlWhen(events []model.Event, loc *time.Location, now time.Time) string {
	y := now.In(loc).Year()
	for _, ev := range events {
		if ev.At.In(loc).Year() != y {
			return "2006-01-02 15:04"
		}
	}
	return "02 Jan 15:04"
}

// timelineLines renders a case's events newest first, each as time, author
// and what happened, notes and replies wrapped under a hanging indent. It
// runs once per width or timeline change.
func timelineLines(st *Styles, events []model.Event, loc *time.Location, now time.Time, w int) []string {
	lines, _ := markedTimeline(st, events, loc, now, w, caseindex.Highlighter{}, nil)
	return lines
}

// eventLines keeps each event's lines as last drawn, by its place in the
// timeline with the event and all its lines depend on: a save adds an
// event or two at the end of a timeline, and the others are not wrapped
// and styled again (nor hashed: compared in place). It holds the events
// of the last timeline drawn, no more.
type eventLines struct {
	keys  []eventLinesKey
	drawn []eventDrawn
	n     int // events drawn, for benchmarks
}

type eventLinesKey struct {
	ev     model.Event
	st     *Styles
	loc    *time.Location
	layout string // tlWhen's
	w      int
	marks  string // the marks' Key
}

// eventDrawn is one event's lines and those of them holding a mark.
type eventDrawn struct {
	lines []string
	hits  []int
}

// markedTimeline is timelineLines with the words of marks marked in the
// events' text; it also lists the lines holding one, for the case's find
// and > / <. A marked line is not styled by its kind: the mark matters
// more. kept (nil: none) keeps each event's lines for the next timeline.
func markedTimeline(st *Styles, events []model.Event, loc *time.Location, now time.Time, w int, marks caseindex.Highlighter, kept *eventLines) ([]string, []int) {
	if w <= 0 {
		return nil, nil
	}
	if len(events) == 0 {
		return []string{st.Muted.Render(Truncate("no events yet", w))}, nil
	}
	layout := tlWhen(events, loc, now)
	if kept == nil {
		kept = &eventLines{}
	}
	kept.keys, kept.drawn = resize(kept.keys, len(events)), resize(kept.drawn, len(events))
	var lines []string
	var hits []int
	mk := marks.Key()
	for i := len(events) - 1; i >= 0; i-- {
		k := eventLinesKey{ev: events[i], st: st, loc: loc, layout: layout, w: w, marks: mk}
		d := kept.drawn[i]
		if kept.keys[i] != k || d.lines == nil {
			d = drawEvent(st, events[i], loc, layout, w, marks)
			kept.keys[i], kept.drawn[i] = k, d
			kept.n++
		}
		for _, h := range d.hits {
			hits = append(hits, len(lines)+h)
		}
		lines = append(lines, d.lines...)
	}
	return lines, hits
}

// resize is s with n elements, those it had first.
func resize[T any](s []T, n int) []T {
	if n <= cap(s) {
		return s[:n]
	}
	return append(s[:cap(s)], make([]T, n-cap(s))...)
}

// drawEvent is one event's lines in the timeline, w cells wide.
func drawEvent(st *Styles, ev model.Event, loc *time.Location, layout string, w int, marks caseindex.Highlighter) eventDrawn {
	tlTimeW := len(layout)
	narrow := w < tlTimeW+tlAuthorW+20
	indent := tlTimeW + 1 + tlAuthorW + 1
	textW := w - indent
	if narrow {
		indent, textW = 2, w-2
	}
	var d eventDrawn
	when := ev.At.In(loc).Format(layout)
	head := st.Muted.Render(when) + " " + Fit(orDash(ev.Author), tlAuthorW) + " "
	what := eventText(ev, loc)
	if narrow {
		d.lines = append(d.lines, fitLine(st.Muted.Render(when)+" "+Truncate(orDash(ev.Author), max(w-tlTimeW-1, 0)), w))
		head = "  "
	}
	body := wrapText(what, max(textW, 1))
	for j, l := range body {
		if m := marks.Text(l); len(m) > 0 {
			d.hits = append(d.hits, len(d.lines))
			l = markText(l, m, st.Match)
		} else if j == 0 {
			l = eventStyle(st, ev.Kind, l)
		}
		if j == 0 {
			d.lines = append(d.lines, head+l)
		} else {
			d.lines = append(d.lines, strings.Repeat(" ", indent)+l)
		}
	}
	for i, l := range d.lines {
		if cells.Width(l) > w {
			d.lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return d
}

// timelineEvents are the events the timeline shows: an undo is one entry,
// "undone: status open → resolved". The store keeps the field changes it
// made as events too (the status history, reopens and tag counts read
// them), written in the same save just before its "undone" event; shown,
// they said the same thing twice ("status resolved → open" above it).
// events is returned as it is when it holds no undo.
func timelineEvents(events []model.Event) []model.Event {
	if !slices.ContainsFunc(events, func(ev model.Event) bool { return ev.Kind == model.EventUndone }) {
		return events
	}
	out := make([]model.Event, 0, len(events))
	for _, ev := range events {
		if ev.Kind == model.EventUndone {
			// An undo puts each field back once: a field met again is the
			// action it undid (saved in the same second), which stays.
			put := map[string]bool{}
			for len(out) > 0 {
				f, ok := putBack(out[len(out)-1], ev)
				if !ok || put[f] {
					break
				}
				put[f] = true
				out = out[:len(out)-1]
			}
		}
		out = append(out, ev)
	}
	return out
}

// putBack says which field ev puts back when it is a step of the undo u:
// a field change by the same agent in the same save (the store stamps a
// save's events with one time).
func putBack(ev, u model.Event) (string, bool) {
	if ev.Author != u.Author || !ev.At.Equal(u.At) {
		return "", false
	}
	switch ev.Kind {
	case model.EventTagAdded:
		return "tag " + ev.To, true
	case model.EventTagRemoved:
		return "tag " + ev.From, true
	case model.EventStatus, model.EventAssigned, model.EventPriority, model.EventFollowUp, model.EventRecovery:
		return ev.Kind.String(), true
	}
	return "", false
}

func eventStyle(st *Styles, k model.EventKind, s string) string {
	switch k {
	case model.EventTagAdded, model.EventTagRemoved:
		return st.Tag.Render(s)
	case model.EventStatus, model.EventAssigned:
		return st.Bold.Render(s)
	}
	return s
}

// eventText says what an event did, cleaned for the screen.
func eventText(ev model.Event, loc *time.Location) string {
	from, to := Clean(ev.From), Clean(ev.To)
	switch ev.Kind {
	case model.EventCreated:
		return "created the case"
	case model.EventNote:
		return "note: " + strings.TrimSpace(CleanBlock(ev.To))
	case model.EventReply:
		// Logged as given, never sent; its opening words (the quote below
		// is in the conversation).
		first, _, _ := strings.Cut(strings.TrimSpace(CleanBlock(ev.To)), "\n\n")
		return "reply logged (not sent): " + Truncate(first, 160)
	case model.EventMailReply:
		// The conversation shows the whole mail; here its opening words.
		first, _, _ := strings.Cut(strings.TrimSpace(CleanBlock(ev.To)), "\n\n")
		return "mailed " + from + ": " + Truncate(first, 160)
	case model.EventStatus:
		return "status " + from + " → " + to
	case model.EventPriority:
		return "priority " + from + " → " + to
	case model.EventAssigned:
		switch {
		case to == "":
			return "unassigned (was " + from + ")"
		case from == "":
			return "assigned to " + to
		}
		return "assigned to " + to + " (was " + from + ")"
	case model.EventTagAdded:
		return "+ tag " + to
	case model.EventTagRemoved:
		return "− tag " + from
	case model.EventUndone:
		return "undone: " + to
	case model.EventTagRenamed:
		return "tag " + from + " renamed to " + to
	case model.EventFollowUp:
		if ev.To == "" {
			return "follow-up cleared"
		}
		return "follow-up " + eventTime(ev.To, loc)
	case model.EventRecovery:
		if ev.To == "" {
			return "recovery cleared"
		}
		return "recovery " + to
	case model.EventImported:
		return "source data updated by import"
	case model.EventRouted:
		if team, rule := model.RouteOf(ev); team == "" {
			// An undo took the case out of every team.
			return "left team " + from + ": " + Clean(rule)
		}
	}
	if to != "" {
		return ev.Kind.String() + " " + to
	}
	return ev.Kind.String()
}

func eventTime(s string, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Clean(s)
	}
	return t.In(loc).Format("Mon 02 Jan 2006 15:04")
}
