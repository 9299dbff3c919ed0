package store

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A lead's tag rename (and an area move, which goes the same way) is no
// work on the cases carrying the tag: each keeps its last-update time,
// its timeline says "tag renamed", and its version moves on so that open
// screens see the new tag. New-user finding: an idle case read "updated
// 1m ago" after a rename and rose to the top of "last update".
func TestTagRenameKeepsTheCasesLastUpdate(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{{Line: 2, Case: model.Case{ExternalID: "R-1", CreatedAt: clk.Now().Add(-48 * time.Hour),
		Subject: "Refund please", Status: model.StatusOpen, Tags: []string{"billing/refund-request"}},
		Customer: model.Customer{Name: "Lee", Email: "lee@example.com"}}})
	before, err := db.CaseByExternalID("R-1")
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(3 * time.Hour)
	if _, err := db.RenameTag("billing/refund-request", "billing/refund-asked", "lead"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if _, _, err := db.RenameArea("billing", "money", "lead"); err != nil {
		t.Fatal(err)
	}
	after, err := db.Case(before.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("updated at %v after the renames, was %v", after.UpdatedAt, before.UpdatedAt)
	}
	if after.Version <= before.Version || !after.HasTag("money/refund-asked") {
		t.Errorf("version %d (was %d), tags %v", after.Version, before.Version, after.Tags)
	}
	var s model.Summary
	_ = db.EachSummary(func(x model.Summary) error { s = x; return nil })
	if !s.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("the summary says updated %v, was %v", s.UpdatedAt, before.UpdatedAt)
	}
	evs, err := db.Events(before.ID)
	if err != nil {
		t.Fatal(err)
	}
	renamed := 0
	for _, ev := range evs {
		if ev.Kind == model.EventTagRenamed {
			renamed++
		}
	}
	if renamed != 2 {
		t.Errorf("%d tag renamed events, want 2: %+v", renamed, evs)
	}
	mustCheck(t, db)
}
