package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// An imported tag that is not area/issue (one the tag picker refuses) and
// a creation time in the future are kept, each with a warning naming
// file:line (new-user findings: both went in without a word).
func TestImportWarnsOfTagsNotAreaIssueAndFutureCreation(t *testing.T) {
	now := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	past := now.Add(-48 * time.Hour)
	rows := []model.ImportRow{
		{Source: "tags.csv", Line: 2, Case: model.Case{ExternalID: "T-1", CreatedAt: past, Subject: "a", Tags: []string{"noslash", "delivery/late"}}},
		{Source: "tags.csv", Line: 3, Case: model.Case{ExternalID: "T-2", CreatedAt: past, Subject: "b", Tags: []string{`"=x|y"`}}},
		{Source: "tags.csv", Line: 4, Case: model.Case{ExternalID: "T-3", CreatedAt: past, Subject: "c", Tags: []string{"a/b/c"}}},
		{Source: "tags.csv", Line: 5, Case: model.Case{ExternalID: "SLA-E", CreatedAt: time.Date(2026, 12, 23, 16, 0, 0, 0, time.UTC), Subject: "d"}},
		{Source: "tags.csv", Line: 6, Case: model.Case{ExternalID: "T-5", CreatedAt: now.Add(20 * time.Second), Subject: "clock skew"}},
	}
	res, err := db.Import(rows)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 5 {
		t.Fatalf("imported %d of 5 rows: %+v", res.Imported, res)
	}
	want := []string{
		`tags.csv:2: case T-1: tag "noslash" is not area/issue`,
		`tags.csv:3: case T-2: tag "\"=x|y\"" is not area/issue`,
		`tags.csv:5: case SLA-E: created 2026-12-23T16:00:00Z is 2w in the future: kept as given`,
	}
	if len(res.Warnings) != len(want) {
		t.Fatalf("warnings %q, want %d", res.Warnings, len(want))
	}
	for i, w := range want {
		if !strings.Contains(res.Warnings[i], w) {
			t.Errorf("warning %d = %q, want it to hold %q", i, res.Warnings[i], w)
		}
	}
	c, _ := db.CaseByExternalID("T-1")
	if !c.HasTag("noslash") {
		t.Errorf("the warned tag was not kept: %v", c.Tags)
	}
	// Importing the file again says so again: the rows still hold them.
	if res, _ = db.Import(rows[:1]); len(res.Warnings) != 1 {
		t.Errorf("re-import warnings %q, want the tag's again", res.Warnings)
	}
}
