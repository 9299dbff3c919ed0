package config

import (
	"fmt"
	"time"

	"github.com/caredesk/caredesk/model"
)

// ViewTagWarnings names the views (the desk's and each agent's) whose
// tag: filter selects no tag of a desk's taxonomy: such a view counts 0
// on every screen, in silence — after a rename in the tags pane, say,
// since the app does not rewrite this file. renamed maps a tag the
// taxonomy renamed or merged away to the tag it became. Each warning
// names the file, the query's line and key (config check --db).
func (cfg *Config) ViewTagWarnings(tags []string, renamed map[string]string) []*Error {
	var out []*Error
	check := func(v View, line int, key string) {
		q, err := model.ParseQuery(v.Query)
		if err != nil {
			return // the check refused it already
		}
		for i, f := range q.Filters() {
			if f.Key != "tag" || f.Not || anyTagMatches(q.Pick([]int{i}), tags) {
				continue
			}
			msg := fmt.Sprintf("warning: tag:%s names no tag of the desk's taxonomy: view %q counts 0 until its query is edited", f.Value, v.Name)
			if to := renamed[f.Value]; to != "" {
				msg += fmt.Sprintf(" (the tag was renamed to %s)", to)
			}
			out = append(out, &Error{File: cfg.Path, Line: line, Key: key, Msg: msg})
		}
	}
	for i, v := range cfg.Views {
		check(v, lineOfNth(cfg.data, "view", i+1, "query"), fmt.Sprintf("view[%d].query", i+1))
	}
	n := 0 // [[agent.view]] tables are counted across the file
	for i, a := range cfg.Agents {
		for j, v := range a.Views {
			n++
			check(v, lineOfNth(cfg.data, "agent.view", n, "query"), fmt.Sprintf("agent[%d].view[%d].query", i+1, j+1))
		}
	}
	return out
}

// anyTagMatches says a one-filter query selects a case with one of tags.
func anyTagMatches(q model.Query, tags []string) bool {
	for _, t := range tags {
		if q.Match(model.Summary{Tags: []string{t}}, model.Customer{}, time.Time{}, "", model.SLAPolicy{}) {
			return true
		}
	}
	return false
}
