package store

import (
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A tag a lead renamed, merged or moved to another area comes back from a
// feed under its old name: the import files it under the new one and says
// so with file:line. It brought the old tag back beside the new one, in
// silence (new-user finding).
func TestImportFilesARenamedTagUnderItsNewName(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", at, "delivery/late"), oneRow("A-2", at, "delivery/damaged"),
		oneRow("A-3", at, "billing/refund")})
	if _, err := db.RenameTag("delivery/late", "delivery/delayed", "ana"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.RenameArea("delivery", "shipping", "ana"); err != nil {
		t.Fatal(err)
	}
	row := func(ext string, line int, tags ...string) model.ImportRow {
		r := oneRow(ext, at, tags...)
		r.Line = line
		return r
	}
	res := mustImport(t, db, []model.ImportRow{row("B-1", 5, "delivery/late"), row("B-2", 6, "delivery/damaged", "shipping/damaged"),
		row("B-3", 7, "billing/refund")})
	// Each filed tag is said with its row (the importer tells them once
	// per tag: ingest's TestFileTellsAFiledTagOnce).
	if res.Imported != 3 || len(res.Warnings) != 0 || len(res.Filed) != 2 ||
		res.Filed[0] != (model.TagFiled{Source: "t.csv", Line: 5, From: "delivery/late", To: "shipping/delayed"}) ||
		res.Filed[1] != (model.TagFiled{Source: "t.csv", Line: 6, From: "delivery/damaged", To: "shipping/damaged"}) {
		t.Fatalf("%+v", res)
	}
	if c := caseBy(t, db, "B-1"); !slices.Equal(c.Tags, []string{"shipping/delayed"}) {
		t.Fatalf("B-1 %v", c.Tags)
	}
	if c := caseBy(t, db, "B-2"); !slices.Equal(c.Tags, []string{"shipping/damaged"}) {
		t.Fatalf("B-2 %v", c.Tags)
	}
	tags, err := db.Tags()
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range tags {
		if model.TagArea(ti.Tag) == "delivery" {
			t.Fatalf("the old tag is back: %+v", tags)
		}
	}
	mustCheck(t, db)
}
