package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// metaLines are the title and the case's fields that fit on a line each.
func (p *casePane) metaLines(W int, note string) []string {
	st, c, now := p.e.styles, &p.c, p.now()
	sty := p.styled
	ref := fmt.Sprintf("#%d", c.ID)
	if c.ExternalID != "" && !model.IsMailKey(c.ExternalID) { // #id says which case a mail opened
		ref += " (" + Truncate(CleanID(c.ExternalID), 24) + ")"
	}
	place := "" // play mode: where this case is in the queue as the agent started
	if p.play.id == c.ID && p.play.at > 0 {
		place = fmt.Sprintf("%d of %d", p.play.at, p.play.of)
	}
	subjectW := max(W-cells.Width(ref)-2, 0)
	if place != "" {
		subjectW = max(subjectW-cells.Width(place)-2, 0)
	}
	// Who else has the case open (a team server); "" in a local app.
	others := p.e.presenceLine(c.ID, W/2)
	if others != "" {
		subjectW = max(subjectW-cells.Width(others)-2, 0)
	}
	title := sty(&st.Title, ref) + "  " + sty(&st.Bold, Truncate(c.Subject, subjectW))
	if place != "" {
		title = sty(&st.Muted, place) + "  " + title
	}
	if others != "" {
		title += "  " + others
	}
	if note != "" {
		title = sty(&st.Muted, Truncate(note, W))
	}

	assignee := sty(&st.Muted, "unassigned")
	if c.Assignee != "" {
		assignee = "@" + Truncate(c.Assignee, 24)
	}
	pr := c.Priority.Or(model.PriorityNormal)
	prStyle := p.wraps.priority(st, pr.String())
	status := strings.Join([]string{
		sty(&st.Bold, strings.ToUpper(c.Status.String())),
		sty(prStyle, strings.TrimPrefix(pr.Symbol()+" ", "· ")+pr.String()),
		assignee,
		Truncate(string(c.Channel), 12),
		"created " + p.when(c.CreatedAt) + aheadText(st, now, c.CreatedAt),
		"updated " + agoText(now, c.UpdatedAt),
	}, sty(&st.Muted, " · "))

	sla := p.slaText()

	follow := sty(&st.Muted, "follow-up —")
	if !c.FollowUp.IsZero() {
		follow = "follow-up " + p.when(c.FollowUp) + " (" + relTime(now, c.FollowUp) + ")"
	}
	recovery := sty(&st.Muted, "recovery —")
	if !c.Recovery.IsZero() {
		recovery = "recovery " + Clean(c.Recovery.Kind)
		if c.Recovery.Text != "" {
			recovery += ": " + Clean(c.Recovery.Text)
		}
	}
	fr := follow + sty(&st.Muted, " · ") + recovery

	tags := sty(&st.Muted, "tags —")
	if len(c.Tags) > 0 {
		parts := make([]string, len(c.Tags))
		for i, t := range c.Tags {
			parts[i] = sty(&st.Tag, "#"+Clean(t))
		}
		tags = "tags " + strings.Join(parts, " ")
	}
	return []string{title, status, sla, fr, tags}
}

func (p *casePane) slaText() string {
	st, sty := p.e.styles, p.styled
	now := p.now()
	sla, sum := p.e.svc.SLA(), p.c.Summary()
	state, due := sla.State(sum, now)
	// On a team's policy the line names the clock, as the queue row does:
	// whether to answer or to solve is what the agent decides here.
	clock := ""
	if sla.Teams[sum.Team] != nil {
		clock = clockName(sla, &sum) + " "
	}
	switch state {
	case model.SLAOverdue:
		late := "OVERDUE by"
		if clock != "" {
			late = "late by"
		}
		return sty(&st.SLAOverdue, fmt.Sprintf("SLA %s %s%s %s", state.Symbol(), clock, late, model.FormatAge(now.Sub(due)))) +
			sty(&st.Muted, " · due "+p.when(due))
	case model.SLADueSoon:
		return sty(&st.SLASoon, fmt.Sprintf("SLA %s %sdue in %s", state.Symbol(), clock, model.FormatAge(due.Sub(now)))) +
			sty(&st.Muted, " · "+p.when(due))
	case model.SLAOK:
		return sty(&st.SLAOK, fmt.Sprintf("SLA %s %sdue in %s", state.Symbol(), clock, model.FormatAge(due.Sub(now)))) +
			sty(&st.Muted, " · "+p.when(due))
	}
	if p.c.Status == model.StatusPending {
		return sty(&st.Muted, "SLA paused · waiting for the customer")
	}
	return sty(&st.Muted, "SLA — "+p.c.Status.String())
}

// when is a time as the agent reads it, in the agent's zone.
func (p *casePane) when(t time.Time) string { return p.clock().when(t) }

func (c caseClock) when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	lt, now := t.In(c.loc), c.now().In(c.loc)
	if lt.Year() == now.Year() {
		return lt.Format("Mon 02 Jan 15:04")
	}
	return lt.Format("2006-01-02 15:04")
}

func agoText(now, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return relTime(now, t)
}

// ageText is how long a case has waited, d since it was created: "3d".
// A case created after now (a wrong date kept by the import, with a
// warning) has waited no time we know of, so it reads "now" — the rule
// mail intake applies to a future Date — rather than the length of the
// gap, which read as an old case. The case pane shows the date as given.
func ageText(d time.Duration) string {
	if d < 0 {
		return "now"
	}
	return model.FormatAge(d)
}

// aheadText marks a creation time after now on the case's own line,
// "⚠ in 2w", so the wrong date the queue's "now" hides is seen where the
// case is read.
func aheadText(st *Styles, now, created time.Time) string {
	if !created.After(now) {
		return ""
	}
	return " " + st.Warning.Render("⚠ "+relTime(now, created))
}

func relTime(now, t time.Time) string {
	if t.After(now) {
		return "in " + model.FormatAge(t.Sub(now))
	}
	return model.FormatAge(now.Sub(t)) + " ago"
}

// readingWidth caps the body's line length: long lines are hard to read on
// a wide terminal.
const readingWidth = 100

// fieldLines are the case's extra fields, aligned, then a blank line.
// This runs once per width or version change, not per frame.
func fieldLines(c model.Case, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	if len(c.Fields) > 0 {
		kw := 0
		for _, f := range c.Fields {
			kw = max(kw, cells.Width(Clean(f.Key)))
		}
		kw = min(kw, max(w/3, 1))
		vw := w - kw - 2
		for _, f := range c.Fields {
			k := Fit(f.Key, kw)
			if vw < 4 {
				lines = append(lines, Truncate(Clean(f.Key)+": "+Clean(f.Value), w))
				continue
			}
			vals := wrapText(Clean(f.Value), vw)
			if len(vals) == 0 {
				vals = []string{""}
			}
			for i, v := range vals {
				if i == 0 {
					lines = append(lines, k+": "+v)
				} else {
					lines = append(lines, strings.Repeat(" ", kw+2)+v)
				}
			}
		}
		lines = append(lines, "")
	}
	return lines
}

// wrapText word-wraps clean text to w cells, breaking long words, and
// returns its lines; every line is at most w cells wide.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	out := strings.Split(ansi.Wrap(s, w, ""), "\n")
	for i, l := range out {
		l = strings.TrimRight(l, " ")
		if cells.Width(l) > w {
			l = ansi.Truncate(l, w, "")
		}
		out[i] = l
	}
	return out
}

// clockName says which of a team case's clocks runs, in the queue's words.
func clockName(sla model.SLAPolicy, s *model.Summary) string {
	switch k, _ := sla.Clock(s); k {
	case model.ClockFirstReply:
		return "first reply"
	case model.ClockNextReply:
		return "next reply"
	case model.ClockFollowUp:
		return "follow-up"
	}
	return "resolution"
}
