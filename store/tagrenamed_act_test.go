package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// An agent adding a tag a lead merged or renamed away (a picker that
// still offered it, a name typed from habit) is refused with the tag's
// name now: it was created anew, the lead's merge undone, and every later
// import filed the feed's rows under the re-created tag in silence
// (new-user finding).
func TestAddingATagMergedAwayIsRefusedWithItsNewName(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", at, "billing/invoice-error"), oneRow("A-2", at, "billing/refund"),
		oneRow("A-3", at, "delivery/late")})
	if _, err := db.RenameTag("billing/invoice-error", "billing/refund", "ana"); err != nil { // a merge
		t.Fatal(err)
	}
	if _, err := db.RenameTag("delivery/late", "delivery/delayed", "ana"); err != nil { // a rename
		t.Fatal(err)
	}
	c := caseBy(t, db, "A-3")
	for tag, now := range map[string]string{"billing/invoice-error": "billing/refund", "delivery/late": "delivery/delayed"} {
		_, err := db.Act(c.ID, 0, "bo", model.AddTag{Tag: tag})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "tag "+tag+" is now "+now) {
			t.Fatalf("adding %s: %v", tag, err)
		}
	}
	if got := caseBy(t, db, "A-3"); !slices.Equal(got.Tags, []string{"delivery/delayed"}) || got.Version != c.Version {
		t.Fatalf("the case changed: %v v%d", got.Tags, got.Version)
	}
	tags, err := db.Tags()
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range tags {
		if ti.Tag == "billing/invoice-error" || ti.Tag == "delivery/late" {
			t.Fatalf("the old tag is back: %+v", ti)
		}
	}
	// The next import still files the old name under the new one.
	res := mustImport(t, db, []model.ImportRow{oneRow("B-1", at, "billing/invoice-error")})
	if len(res.Filed) != 1 || !slices.Equal(caseBy(t, db, "B-1").Tags, []string{"billing/refund"}) {
		t.Fatalf("import after: %+v", res)
	}
	mustCheck(t, db)
}
