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
	db := openAt(t, now)
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

// A retired tag an import puts on a case is kept and said, with file:line
// (a new-user finding: the feed kept adding a tag the lead had retired,
// without a word).
func TestImportWarnsOfRetiredTag(t *testing.T) {
	now := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
	db := openAt(t, now)
	past := now.Add(-48 * time.Hour)
	row := func(ext string, line int) model.ImportRow {
		return model.ImportRow{Source: "rt.csv", Line: line, Case: model.Case{ExternalID: ext, CreatedAt: past, Subject: "s", Tags: []string{"money/refunds"}}}
	}
	if res, err := db.Import([]model.ImportRow{row("RT-0", 2)}); err != nil || len(res.Warnings) != 0 {
		t.Fatalf("before retiring: %v %q", err, res.Warnings)
	}
	if err := db.RetireTag("money/refunds", true, "ana"); err != nil {
		t.Fatal(err)
	}
	res, err := db.Import([]model.ImportRow{row("RT-1", 2)})
	if err != nil || res.Imported != 1 {
		t.Fatalf("import: %v %+v", err, res)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "rt.csv:2: case RT-1: tag money/refunds is retired: kept") {
		t.Errorf("warnings %q, want the retired tag's with file:line", res.Warnings)
	}
	if c, _ := db.CaseByExternalID("RT-1"); !c.HasTag("money/refunds") {
		t.Errorf("the retired tag was not kept: %v", c.Tags)
	}
}

// openAt opens a desk in a fresh file whose clock stands at now.
func openAt(t *testing.T, now time.Time) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A description (or subject, or extra field) far past what a person
// writes is kept whole, with a warning naming file:line and its size (a
// 30 MB description went in without a word, and cost every screen that
// opened it seconds).
func TestImportWarnsOfAHugeDescription(t *testing.T) {
	now := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
	db := openAt(t, now)
	body := strings.Repeat("x", 30<<20)
	rows := []model.ImportRow{
		{Source: "big.csv", Line: 2, Case: model.Case{ExternalID: "BIG-1", CreatedAt: now.Add(-time.Hour), Subject: "big", Body: body,
			Fields: []model.Field{{Key: "Notes", Value: strings.Repeat("y", 2<<20)}}}},
		{Source: "big.csv", Line: 3, Case: model.Case{ExternalID: "BIG-2", CreatedAt: now.Add(-time.Hour), Subject: "long", Body: strings.Repeat("z", longText)}},
	}
	res, err := db.Import(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"big.csv:2: case BIG-1: the description is 31.5 MB, far past what a person writes: kept whole",
		`big.csv:2: case BIG-1: the field "Notes" is 2.1 MB, far past what a person writes: kept whole`,
	}
	if res.Imported != 2 || len(res.Warnings) != len(want) {
		t.Fatalf("%+v, want 2 imported and %d warnings", res, len(want))
	}
	for i, w := range want {
		if !strings.Contains(res.Warnings[i], w) {
			t.Errorf("warning %d = %q, want it to hold %q", i, res.Warnings[i], w)
		}
	}
	if c, _ := db.CaseByExternalID("BIG-1"); c.Body != body {
		t.Fatalf("the description was not kept whole: %d bytes of %d", len(c.Body), len(body))
	}
}
