package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// --- inputs ---

func (p *heatmapPane) openInput(kind hmInput, value string) tea.Cmd {
	p.inputKind = kind
	switch kind {
	case hmFilterInput:
		p.input.Prompt = "filter: "
		p.input.Placeholder = "channel:phone status:open @ana tag:billing/ created:2026-W47"
	case hmFromInput:
		p.input.Prompt = "from: "
		p.input.Placeholder = "YYYY-MM-DD (empty: from the first case)"
	case hmToInput:
		p.input.Prompt = "to: "
		p.input.Placeholder = "YYYY-MM-DD, inclusive (empty: to the last case)"
	}
	return focusInput(&p.input, value)
}

func (p *heatmapPane) closeInput() {
	p.inputKind = hmNoInput
	p.input.Blur()
}

func (p *heatmapPane) inputKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, p.ikeys.Cancel):
		p.closeInput()
		return nil
	case key.Matches(k, p.ikeys.Apply):
		return p.applyInput()
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	return cmd
}

// applyInput applies the open input. A bad value leaves the input open and
// the old filter in force, and says what is wrong.
func (p *heatmapPane) applyInput() tea.Cmd {
	v := strings.TrimSpace(p.input.Value())
	switch p.inputKind {
	case hmFilterInput:
		q, err := parseHeatFilter(v)
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		p.closeInput()
		p.query = q
		// Replace any error the last attempt left in the status line.
		say := "heatmap filter: " + q.String()
		if q.Empty() {
			say = "heatmap filter cleared"
		}
		return tea.Batch(p.compute(), statusMsg{text: say}.cmd())
	case hmFromInput, hmToInput:
		from, to := p.from, p.to
		var d model.Day
		if v != "" {
			var err error
			if d, err = model.ParseDate(v); err != nil {
				return statusMsg{text: errText(err), err: true}.cmd()
			}
		}
		if p.inputKind == hmFromInput {
			from = d
		} else if v == "" {
			to = 0
		} else {
			to = d + 1
		}
		if from != 0 && to != 0 && to <= from {
			return statusMsg{text: fmt.Sprintf("the range would end (%s) before it starts (%s)", (to - 1).String(), from.String()), err: true}.cmd()
		}
		if cmd := p.startsAfterToday(from); cmd != nil {
			return cmd
		}
		p.closeInput()
		p.from, p.to = from, to
		return p.compute()
	}
	p.closeInput()
	return nil
}

// parseHeatFilter reads the queue's filter language, words included: the
// word index selects the same cases for the heatmap as for the queue
// (report.Build asks it), so a cell's count is the queue's list behind it.
func parseHeatFilter(s string) (model.Query, error) {
	return model.ParseQuery(s)
}

// setRange sets the creation-day range from "FROM..TO", "FROM TO", "FROM"
// or "" (everything), dates as YYYY-MM-DD and TO inclusive: for the root's
// :range command.
func (p *heatmapPane) setRange(arg string) tea.Cmd {
	arg = strings.TrimSpace(strings.ReplaceAll(arg, "..", " "))
	parts := strings.Fields(arg)
	var from, to model.Day
	if len(parts) > 2 {
		return statusMsg{text: "range: FROM [TO] as YYYY-MM-DD, or nothing for all time", err: true}.cmd()
	}
	for i, s := range parts {
		d, err := model.ParseDate(s)
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		if i == 0 {
			from = d
		} else {
			to = d + 1
		}
	}
	if to != 0 && to <= from {
		return statusMsg{text: "range: the end is before the start", err: true}.cmd()
	}
	if cmd := p.startsAfterToday(from); cmd != nil {
		return cmd
	}
	p.from, p.to = from, to
	return p.compute()
}

// startsAfterToday refuses a range wholly in the future: spec stops every
// range today, so it would be shown reversed and empty, without a word.
func (p *heatmapPane) startsAfterToday(from model.Day) tea.Cmd {
	if today := model.DayOf(p.e.now()); from > today {
		return statusMsg{text: fmt.Sprintf("range: %s is after today (%s)", from, today), err: true}.cmd()
	}
	return nil
}
