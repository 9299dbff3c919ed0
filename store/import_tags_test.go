package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Importing a row again whose only news is a tag adds the tag and counts
// an update (it was "unchanged" and the tag never came); a tag an agent
// took off is not put back; tags that no longer fit are a warning with
// file:line.
func TestReimportAddsNewTags(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	row := func(ext string, tags ...string) model.ImportRow {
		return model.ImportRow{Source: "cases.csv", Line: 7, Case: model.Case{ExternalID: ext, CreatedAt: at, Subject: "late", Tags: tags}}
	}
	if _, err := db.Import([]model.ImportRow{row("A-1", "delivery/late")}); err != nil {
		t.Fatal(err)
	}
	res, err := db.Import([]model.ImportRow{row("A-1", "delivery/late", "billing/refund")})
	if err != nil || res.Updated != 1 || res.Unchanged != 0 {
		t.Fatalf("tags-only change: %+v %v", res, err)
	}
	c, _ := db.CaseByExternalID("A-1")
	if !c.HasTag("billing/refund") {
		t.Fatalf("tags %v", c.Tags)
	}
	cells, _ := db.TagDayCounts(model.DayOf(at), model.DayOf(at)+1)
	found := false
	for _, cell := range cells {
		found = found || cell.Tag == "billing/refund" && cell.Count == 1
	}
	if !found {
		t.Fatalf("tag × day counters %v", cells)
	}
	if _, err := db.Act(c.ID, 0, "ana", model.RemoveTag{Tag: "billing/refund"}); err != nil {
		t.Fatal(err)
	}
	res, _ = db.Import([]model.ImportRow{row("A-1", "delivery/late", "billing/refund")})
	if c, _ = db.CaseByExternalID("A-1"); res.Unchanged != 1 || c.HasTag("billing/refund") {
		t.Fatalf("an agent's removal undone: %+v %v", res, c.Tags)
	}
	// A case with 31 tags takes one more; the rest are a warning.
	var tags []string
	for i := range 31 {
		tags = append(tags, fmt.Sprintf("area/t%02d", i))
	}
	if _, err := db.Import([]model.ImportRow{row("A-2", tags...)}); err != nil {
		t.Fatal(err)
	}
	res, err = db.Import([]model.ImportRow{row("A-2", append(tags[:29], "more/a", "more/b", "more/c")...)})
	if err != nil || res.Updated != 1 || len(res.Warnings) != 1 ||
		!strings.Contains(res.Warnings[0], "cases.csv:7") || !strings.Contains(res.Warnings[0], "more/b, more/c not added") {
		t.Fatalf("%+v %v", res, err)
	}
	mustCheck(t, db)
}
