package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/backup"
	tea "github.com/charmbracelet/bubbletea"
)

// cmdRange sets the heatmap's date range and shows it.
func cmdRange(a *app, arg string) tea.Cmd {
	hm, ok := a.panes[paneHeatmap].(*heatmapPane)
	if !ok {
		return errStatus("the heatmap is not available")
	}
	a.setFocus(paneHeatmap)
	return hm.setRange(arg)
}

// cmdBackup writes a consistent copy of the open database (bbolt's
// tx.WriteTo inside a read transaction, so agents keep working) to FILE,
// or next to the database with the time in its name.
func cmdBackup(a *app, arg string) tea.Cmd {
	path := strings.TrimSpace(arg)
	if path == "" {
		path = a.e.svc.Path() + ".backup-" + a.e.now().UTC().Format("20060102-150405")
	}
	svc := a.e.svc
	return func() tea.Msg {
		start := time.Now()
		if err := backup.BackupTo(svc, path); err != nil {
			return statusMsg{text: "backup failed: " + errText(err), err: true}
		}
		return statusMsg{text: fmt.Sprintf("backup written to %s (%s)", path, time.Since(start).Round(time.Millisecond))}
	}
}
