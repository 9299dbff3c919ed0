package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
)

// :report FILE writes the heatmap as set up in the pane, in the format of
// the file's extension, with the same numbers `caredesk report` gives.
func TestCmdReportWritesTheHeatmap(t *testing.T) {
	svc := hmDemoStore(t, 2000)
	h := newHarnessOn(t, svc, hmNow, 120, 30)
	h.keys("3", "m") // the heatmap, by month
	path := filepath.Join(t.TempDir(), "numbers.csv")
	h.keys(":")
	h.typeText("report " + path)
	h.keys("enter")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no report: %v\n%s", err, h.view())
	}
	spec := report.Spec{G: model.ByMonth, Now: hmNow, Me: "ana", SLA: svc.SLA()}
	var want bytes.Buffer
	if err := report.Write(&want, svc, spec, "csv", report.BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) || !strings.Contains(string(got), "2026-02,") {
		t.Fatalf("report:\n%s\nwant:\n%s", got, want.String())
	}
	if !strings.Contains(h.view(), "report written to") {
		t.Fatalf("no confirmation:\n%s", h.view())
	}

	h.keys(":")
	h.typeText("report " + filepath.Join(t.TempDir(), "brief.txt"))
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, ".html, .md, .csv or .json") {
		t.Fatalf("a .txt file was not refused:\n%s", v)
	}
}
