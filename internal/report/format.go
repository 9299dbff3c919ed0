package report

import (
	"io"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Formats lists what Write writes.
var Formats = []string{"csv", "json", "md", "html"}

// ParseFormat reads csv, json, md (or markdown) or html.
func ParseFormat(s string) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(s)); f {
	case "csv", "json", "md", "html":
		return f, nil
	case "markdown":
		return "md", nil
	}
	return "", model.Errorf(model.EINVALID, "unknown format %q (csv, json, md, html)", s)
}

// Write builds what format needs and writes it: the heatmap as csv or
// json, the voice-of-the-customer brief as md or html.
func Write(w io.Writer, src BriefSource, spec Spec, format string, opt BriefOptions) error {
	format, err := ParseFormat(format)
	if err != nil {
		return err
	}
	if spec.Metric == SLA {
		r, err := BuildSLA(src, spec)
		if err != nil {
			return err
		}
		return WriteSLA(w, r, format)
	}
	switch format {
	case "csv", "json":
		m, err := Build(src, spec)
		if err != nil {
			return err
		}
		if format == "csv" {
			return WriteCSV(w, m)
		}
		fr, err := BuildFirstResponses(src, spec)
		if err != nil {
			return err
		}
		return writeJSON(w, m, fr)
	}
	b, err := BuildBrief(src, spec, opt)
	if err != nil {
		return err
	}
	if format == "md" {
		return WriteMarkdown(w, b)
	}
	return WriteHTML(w, b)
}
