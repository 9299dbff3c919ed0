package ui

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// cmdRange sets the heatmap's date range and shows it.
func cmdRange(a *app, arg string) tea.Cmd {
	r, ok := a.panes[paneHeatmap].(reportSource)
	if !ok {
		return statusMsg{text: "the heatmap is not available", err: true}.cmd()
	}
	a.setFocus(paneHeatmap)
	return r.setRange(arg)
}

// cmdReport writes the heatmap as it is set up now (range, periods,
// metric, filter) to FILE, in the format its extension names: the brief
// (.html, .md) or the numbers (.csv, .json). `caredesk report` cannot
// open the database while the app holds it, so a lead reports from here.
func cmdReport(a *app, arg string) tea.Cmd {
	path := strings.TrimSpace(arg)
	if a.e.files == nil {
		return statusMsg{text: "on a team server, run: ssh -p PORT HOST report --format html > brief.html", err: true}.cmd()
	}
	if path == "" {
		return statusMsg{text: "report: name a FILE ending in .html, .md, .csv or .json", err: true}.cmd()
	}
	format, err := report.ParseFormat(strings.TrimPrefix(filepath.Ext(path), "."))
	if err != nil {
		return statusMsg{text: "report: " + filepath.Base(path) + " should end in .html, .md, .csv or .json", err: true}.cmd()
	}
	spec := report.Spec{G: model.ByWeek}
	if r, ok := a.panes[paneHeatmap].(reportSource); ok {
		spec = r.shown()
	}
	spec.Now, spec.Me, spec.SLA = a.e.now(), a.e.agent, a.e.svc.SLA()
	svc := a.e.svc
	return writeFile(a.e.files, "report", path, false, func(w io.Writer) error {
		return report.Write(w, svc, spec, format, report.BriefOptions{})
	})
}
