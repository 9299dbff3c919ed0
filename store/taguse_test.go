package store

import (
	"maps"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

func day(t time.Time) int32 { return int32(model.DayOf(t)) }

// TestTagFirstLastAdded: FIRST/LAST USED say when the tag was put on a
// case — with the case, or by an agent later — not when its cases came
// in; taking the tag off again does not forget that it was used, and a
// merge keeps the widest span.
func TestTagFirstLastAdded(t *testing.T) {
	db, clk := openTest(t)
	old := time.Date(2019, 11, 15, 10, 0, 0, 0, time.UTC)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", old, "billing/fee"), oneRow("A-2", old.AddDate(1, 0, 0), "billing/fee")})
	clk.Advance(48 * time.Hour)
	if _, err := db.Act(1, 0, "ana", model.AddTag{Tag: "delivery/late"}); err != nil {
		t.Fatal(err)
	}
	got := tagInfos(t, db)
	if fee := got["billing/fee"]; fee.FirstUsed != day(old) || fee.LastUsed != day(old.AddDate(1, 0, 0)) {
		t.Errorf("billing/fee used %v–%v, want the cases' filing days", model.Day(fee.FirstUsed), model.Day(fee.LastUsed))
	}
	if late := got["delivery/late"]; late.FirstUsed != day(clk.Now()) || late.LastUsed != day(clk.Now()) {
		t.Errorf("delivery/late added today to a 2019 case shows %v–%v", model.Day(late.FirstUsed), model.Day(late.LastUsed))
	}
	clk.Advance(24 * time.Hour)
	if _, err := db.Act(1, 0, "ana", model.RemoveTag{Tag: "delivery/late"}); err != nil {
		t.Fatal(err)
	}
	if late := tagInfos(t, db)["delivery/late"]; late.Cases != 0 || late.LastUsed != day(clk.Now().Add(-24*time.Hour)) {
		t.Errorf("after taking it off: %+v", late)
	}
	// A rename is not a use; a merge keeps both tags' spans.
	if _, err := db.RenameTag("delivery/late", "billing/fee", "lead"); err != nil {
		t.Fatal(err)
	}
	if fee := tagInfos(t, db)["billing/fee"]; fee.FirstUsed != day(old) || fee.LastUsed != day(clk.Now().Add(-24*time.Hour)) {
		t.Errorf("after the merge billing/fee used %v–%v", model.Day(fee.FirstUsed), model.Day(fee.LastUsed))
	}
	mustCheck(t, db)
}

// TestTagUseMigration opens a file of schema 5, whose tag records have no
// first and last use: the migration fills them from the cases and their
// events as the writes would have.
func TestTagUseMigration(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, newRowGen(7, 30).batch(300))
	clk.Advance(72 * time.Hour)
	for id := model.CaseID(1); id <= 40; id++ {
		db.Act(id, 0, "ana", model.AddTag{Tag: "praise/kind-words"})
	}
	clk.Advance(24 * time.Hour)
	db.Act(3, 0, "ana", model.RemoveTag{Tag: "praise/kind-words"})
	db.Act(5, 0, "ana", model.AddTag{Tag: "web/slow"})
	db.Act(5, 0, "ana", model.RemoveTag{Tag: "web/slow"})
	if _, err := db.RenameTag("fraud", "account/fraud", "lead"); err != nil {
		t.Fatal(err)
	}
	want := tagInfos(t, db)
	db = reopenAsSchema(t, db, 5, Options{Now: clk.Now}, func(tx *bolt.Tx) error {
		tags := tx.Bucket(bucketTags)
		var keys [][]byte
		tags.ForEach(func(k, _ []byte) error { keys = append(keys, k); return nil })
		for _, k := range keys {
			rec, err := decodeTag(tags.Get(k))
			if err != nil {
				return err
			}
			// what schema 5 wrote
			e := encoder{}
			e.byte1(recordV1)
			e.varint(rec.Cases)
			e.bool1(rec.Retired)
			e.varint(rec.Uses)
			e.varint(rec.LastAdded)
			if err := tags.Put(k, e.b); err != nil {
				return err
			}
		}
		return nil
	})
	if got := tagInfos(t, db); !maps.Equal(got, want) || len(want) < 10 {
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: migrated %+v, written %+v", k, got[k], w)
			}
		}
		t.Fatal("the migration does not give the tags their first and last use")
	}
	mustCheck(t, db)
}

// TestTagLabels: an import sets a tag's label from the source while the
// tag has none; a lead's label stays through later imports; a rename
// carries it.
func TestTagLabels(t *testing.T) {
	db, clk := openTest(t)
	row := oneRow("L-1", clk.Now().Add(-time.Hour), "credit-reporting/incorrect-information")
	row.TagLabels = map[string]string{"credit-reporting/incorrect-information": "Credit reporting\x1b / Incorrect\ninformation"}
	mustImport(t, db, []model.ImportRow{row})
	if got := tagInfos(t, db)["credit-reporting/incorrect-information"].Label; got != "Credit reporting / Incorrect information" {
		t.Fatalf("label after import %q", got)
	}
	if err := db.SetTagLabel("credit-reporting/incorrect-information", "Wrong data on a credit report", "lead"); err != nil {
		t.Fatal(err)
	}
	row2 := oneRow("L-2", clk.Now().Add(-time.Hour), "credit-reporting/incorrect-information")
	row2.TagLabels = map[string]string{"credit-reporting/incorrect-information": "Something else"}
	mustImport(t, db, []model.ImportRow{row2})
	if got := tagInfos(t, db)["credit-reporting/incorrect-information"].Label; got != "Wrong data on a credit report" {
		t.Fatalf("an import overwrote the lead's label: %q", got)
	}
	if _, err := db.RenameTag("credit-reporting/incorrect-information", "credit/incorrect", "lead"); err != nil {
		t.Fatal(err)
	}
	if got := tagInfos(t, db)["credit/incorrect"].Label; got != "Wrong data on a credit report" {
		t.Fatalf("the rename lost the label: %q", got)
	}
	if err := db.SetTagLabel("no/such", "x", "lead"); err == nil {
		t.Fatal("a label for a tag that does not exist")
	}
	mustCheck(t, db)
}

// An import's history counts its agents' tag additions, as Act does: the
// demo's and a jsonl export's timelines say "eli + tag …", and the tags
// pane said "added by agents 0 times" for every tag (a new-user finding).
func TestImportedHistoryCountsAgentsTagUse(t *testing.T) {
	db, _ := openTest(t)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	row := oneRow("H-1", at, "billing/fee", "delivery/late")
	row.Events = []model.Event{
		{At: at, Author: "import", Kind: model.EventCreated},
		{At: at.Add(time.Hour), Author: "eli", Kind: model.EventTagAdded, To: "delivery/late"},
	}
	row2 := oneRow("H-2", at, "delivery/late")
	row2.Events = []model.Event{{At: at.Add(2 * time.Hour), Author: "bo", Kind: model.EventTagAdded, To: "delivery/late"}}
	mustImport(t, db, []model.ImportRow{row, row2})
	got := tagInfos(t, db)
	if got["delivery/late"].Uses != 2 || got["billing/fee"].Uses != 0 {
		t.Fatalf("uses: delivery/late %d, billing/fee %d; want 2 and 0", got["delivery/late"].Uses, got["billing/fee"].Uses)
	}
	mustCheck(t, db)
}
