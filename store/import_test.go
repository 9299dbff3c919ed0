package store

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

func TestImportIdempotent(t *testing.T) {
	db, _ := openTest(t)
	rows := newRowGen(1, 50).batch(500)
	res := mustImport(t, db, rows)
	if res.Imported != 500 || res.Updated != 0 || res.Unchanged != 0 {
		t.Fatalf("first: %+v", res)
	}
	res = mustImport(t, db, rows)
	if res.Unchanged != 500 || res.Imported != 0 || res.Updated != 0 {
		t.Fatalf("second: %+v", res)
	}
	st, _ := db.Stats()
	if st.Cases != 500 {
		t.Fatalf("stats: %+v", st)
	}
	n := 0
	seen := map[model.CaseID]bool{}
	db.EachSummary(func(s model.Summary) error {
		n++
		if seen[s.ID] {
			t.Fatalf("duplicate id %d", s.ID)
		}
		seen[s.ID] = true
		return nil
	})
	if n != 500 {
		t.Fatalf("%d cases", n)
	}
	keys, _ := db.FieldKeys()
	if len(keys) != 3 || keys[0] != "product" || keys[1] != "state" || keys[2] != "company" {
		t.Fatalf("field keys %v", keys)
	}
	mustCheck(t, db)
}

func TestReimportKeepsAgentWork(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", at, "billing")})
	c, _ := db.Act(1, 0, "ana", model.Claim{}, model.AddTag{Tag: "vip"}, model.RemoveTag{Tag: "billing"},
		model.SetPriority{To: model.PriorityHigh}, model.SetRecovery{Recovery: model.Recovery{Kind: "refund"}})

	// Same source: nothing changes, the removed tag stays removed.
	res := mustImport(t, db, []model.ImportRow{oneRow("A-1", at, "billing")})
	if res.Unchanged != 1 {
		t.Fatalf("%+v", res)
	}
	// Changed source: source fields overwritten, new row tags added, agent
	// fields kept, and the tag the agent took off stays off (it was put
	// back before: an import never undoes an agent's work).
	row := oneRow("A-1", at, "billing", "fraud")
	row.Case.Body = "Updated complaint text."
	row.Case.Status, row.Case.Priority = model.StatusClosed, model.PriorityLow
	res = mustImport(t, db, []model.ImportRow{row})
	if res.Updated != 1 {
		t.Fatalf("%+v", res)
	}
	got, _ := db.Case(1)
	if got.Body != "Updated complaint text." || got.Assignee != "ana" || got.Status != model.StatusOpen ||
		got.Priority != model.PriorityHigh || got.Recovery.Kind != "refund" || !got.HasTag("vip") ||
		!got.HasTag("fraud") || got.HasTag("billing") || got.Version != c.Version+1 {
		t.Fatalf("after re-import: %+v", got)
	}
	evs, _ := db.Events(1)
	if last := evs[len(evs)-1]; last.Kind != model.EventImported || last.To != "body, tags" || last.Author != "import" {
		t.Fatalf("last event %+v", last)
	}
	mustCheck(t, db)
}

// An external id repeated within one import is one case: the first row
// stands and each later one is a rejected row with its line (applied, the
// rows would flip the case on every import of the file); in a later
// import the same id updates the case.
func TestImportDuplicatesInOneBatch(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	a := oneRow("A-1", at, "x")
	b := oneRow("A-1", at.Add(time.Minute), "y")
	b.Customer = model.Customer{Email: "other@example.com"}
	a2 := a
	a.Line, a2.Line, b.Line = 2, 3, 4
	res := mustImport(t, db, []model.ImportRow{a, a2, b})
	if res.Imported != 1 || res.Unchanged != 0 || res.Updated != 0 || len(res.Rejects) != 2 ||
		res.Rejects[0].Line != 3 || res.Rejects[1].Line != 4 || !strings.Contains(res.Rejects[1].Reason, "A-1 is on an earlier row") {
		t.Fatalf("%+v", res)
	}
	c, _ := db.CaseByExternalID("A-1")
	if !c.CreatedAt.Equal(at) || !c.HasTag("x") || c.HasTag("y") {
		t.Fatalf("%+v", c)
	}
	// (b's other customer would now be refused: TestReimportNeverHandsACaseToSomeoneElse.)
	b.Customer = a.Customer
	if res := mustImport(t, db, []model.ImportRow{b}); res.Updated != 1 || len(res.Rejects) != 0 {
		t.Fatalf("a later import: %+v", res)
	}
	c, _ = db.CaseByExternalID("A-1")
	if !c.CreatedAt.Equal(at.Add(time.Minute)) || !c.HasTag("x") || !c.HasTag("y") {
		t.Fatalf("%+v", c)
	}
	mustCheck(t, db)
}

func TestImportValidates(t *testing.T) {
	db, clk := openTest(t)
	bad := oneRow("", clk.Now())
	_, err := db.Import([]model.ImportRow{oneRow("A-1", clk.Now()), bad})
	wantCode(t, err, model.EINVALID)
	if model.ErrorMessage(err) != "import t.csv:2: the external id is empty" {
		t.Fatalf("message %q", model.ErrorMessage(err))
	}
	_, err = db.Import([]model.ImportRow{oneRow("A-2", time.Time{})})
	wantCode(t, err, model.EINVALID)
	if st, _ := db.Stats(); st.Cases != 0 {
		t.Fatal("a failed batch left cases")
	}
	// An invalid tag fails the batch (csvio rejects such a row first):
	// it was skipped in silence. Unset status and priority get defaults;
	// no identity, no customer.
	_, err = db.Import([]model.ImportRow{oneRow("A-3", clk.Now(), "ok", "=x")})
	if model.ErrorMessage(err) != `import t.csv:2: case A-3: bad tag "=x": a tag cannot start with '='` {
		t.Fatalf("an invalid tag: %v", err)
	}
	row := oneRow("A-3", clk.Now(), "ok")
	row.Customer = model.Customer{}
	mustImport(t, db, []model.ImportRow{row})
	c, _ := db.CaseByExternalID("A-3")
	if len(c.Tags) != 1 || c.Status != model.StatusNew || c.Priority != model.PriorityNormal || c.CustomerID != 0 {
		t.Fatalf("%+v", c)
	}
	mustCheck(t, db)
}

func TestImportWithHistory(t *testing.T) {
	db, clk := openTest(t)
	row := oneRow("J-1", clk.Now().Add(-time.Hour))
	row.Events = []model.Event{{At: row.Case.CreatedAt, Author: "web", Kind: model.EventCreated},
		{At: row.Case.CreatedAt.Add(time.Minute), Author: "ana", Kind: model.EventNote, To: "hi"}}
	mustImport(t, db, []model.ImportRow{row})
	evs, _ := db.Events(1)
	if len(evs) != 2 || evs[1].To != "hi" || evs[1].CaseID != 1 {
		t.Fatalf("%+v", evs)
	}
}

// A row that gives only some source data (ImportRow.OnlyGiven, as the
// caredesk CSV and JSON lines readers make) leaves the rest of a known
// case alone: a tag-only row once blanked subject, body, channel and fields.
func TestReimportOnlyGivenKeepsWhatTheRowLacks(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	full := oneRow("A-1", at)
	full.Case.Fields = append(full.Case.Fields, model.Field{Key: "region", Value: "north"})
	mustImport(t, db, []model.ImportRow{full})

	tagOnly := model.ImportRow{Source: "t.csv", Line: 2, OnlyGiven: true,
		Case: model.Case{ExternalID: "A-1", CreatedAt: at, Tags: []string{"billing/refund"}}}
	if res := mustImport(t, db, []model.ImportRow{tagOnly}); res.Updated != 1 {
		t.Fatalf("%+v", res)
	}
	got, _ := db.CaseByExternalID("A-1")
	if got.Subject != full.Case.Subject || got.Body != full.Case.Body || got.Channel != model.ChannelEmail ||
		len(got.Fields) != 2 || got.Fields[1].Value != "north" || !got.HasTag("billing/refund") {
		t.Fatalf("after a tag-only row: %+v", got)
	}
	evs, _ := db.Events(got.ID)
	if last := evs[len(evs)-1]; last.To != "tags" {
		t.Fatalf("last event %+v, want only tags", last)
	}
	some := model.ImportRow{Source: "t.csv", Line: 2, OnlyGiven: true, Case: model.Case{ExternalID: "A-1", CreatedAt: at,
		Subject: "Charged three times", Fields: []model.Field{{Key: "region", Value: "south"}}}}
	if res := mustImport(t, db, []model.ImportRow{some}); res.Updated != 1 {
		t.Fatalf("%+v", res)
	}
	got, _ = db.CaseByExternalID("A-1")
	if got.Subject != "Charged three times" || got.Body != full.Case.Body || got.Channel != model.ChannelEmail ||
		len(got.Fields) != 2 || got.Fields[0] != full.Case.Fields[0] || got.Fields[1].Value != "south" {
		t.Fatalf("after a subject and region row: %+v", got)
	}
	if res := mustImport(t, db, []model.ImportRow{tagOnly}); res.Unchanged != 1 {
		t.Fatalf("again: %+v", res)
	}
	mustCheck(t, db)
}
