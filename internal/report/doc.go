// Package report turns the case base into the numbers care managers act on:
// the issue heatmap (tag × period), its trends and drill-down queries, and
// the voice-of-the-customer brief. The heatmap pane and `caredesk report`
// both call Build, so the screen and the exported files always agree.
//
// An unfiltered case-count heatmap is a sum of the store's tag × day
// counters and never reads a case; any other heatmap is one pass over the
// case summaries.
package report
