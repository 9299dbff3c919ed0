package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

func storedEventCount(t *testing.T, db *DB) int {
	t.Helper()
	n := 0
	db.bolt.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketEvents).Stats().KeyN
		return nil
	})
	return n
}

func TestCreatedEventIsSynthesised(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", at, "billing"), oneRow("A-2", at.Add(time.Minute))})
	if n := storedEventCount(t, db); n != 0 {
		t.Fatalf("%d stored events for two imported cases", n)
	}
	want := []model.Event{{CaseID: 1, At: at.UTC(), Author: "import", Kind: model.EventCreated}}
	if evs, _ := db.Events(1); !reflect.DeepEqual(evs, want) {
		t.Fatalf("%+v", evs)
	}
	// A stale version names the author of the latest event: the import.
	db.Act(1, 0, "ana", model.AddNote{Text: "hi"})
	if _, err := db.Act(2, 9, "bo", model.Claim{}); err == nil || !strings.Contains(err.Error(), "by import") {
		t.Fatalf("%v", err)
	}
	evs, _ := db.Events(1)
	if len(evs) != 2 || evs[0] != want[0] || evs[1].Kind != model.EventNote || evs[1].Author != "ana" {
		t.Fatalf("%+v", evs)
	}
	// The export sees the same timelines.
	err := db.EachCaseFull(true, func(c model.Case, _ model.Customer, got []model.Event) error {
		if exp, _ := db.Events(c.ID); !reflect.DeepEqual(got, exp) {
			t.Fatalf("case %d: export %+v, Events %+v", c.ID, got, exp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

func TestReimportNewCreationTimeKeepsCreatedEvent(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", at)})
	db.Act(1, 0, "ana", model.AddNote{Text: "first"})
	row := oneRow("A-1", at.Add(-time.Minute))
	if res := mustImport(t, db, []model.ImportRow{row}); res.Updated != 1 {
		t.Fatalf("%+v", res)
	}
	// Again, imported three times: a new case whose creation time changes
	// twice (within one import a repeated id is a rejected row).
	for i := range 3 {
		mustImport(t, db, []model.ImportRow{oneRow("B-1", at.Add(time.Duration(i)*time.Minute))})
	}
	evs, _ := db.Events(1)
	if len(evs) != 3 || evs[0].Kind != model.EventCreated || !evs[0].At.Equal(at) || evs[0].Author != "import" ||
		evs[1].Kind != model.EventNote || evs[2].Kind != model.EventImported || evs[2].To != "created" {
		t.Fatalf("%+v", evs)
	}
	c, _ := db.CaseByExternalID("B-1")
	evs, _ = db.Events(c.ID)
	if len(evs) != 3 || evs[0].Kind != model.EventCreated || !evs[0].At.Equal(at) || evs[1].Kind != model.EventImported {
		t.Fatalf("%+v", evs)
	}
	mustCheck(t, db)
}

func TestImportedHistoryRoundTrips(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour).UTC()
	note := model.Event{At: at.Add(time.Minute), Author: "ana", Kind: model.EventNote, To: "hi"}
	same := oneRow("J-1", at) // an export of a case without history
	same.Events = []model.Event{{At: at, Author: "import", Kind: model.EventCreated}, note}
	other := oneRow("J-2", at) // a created event of its own
	other.Events = []model.Event{{At: at, Author: "web", Kind: model.EventCreated}, note}
	late := oneRow("J-3", at) // created later in the list
	late.Events = []model.Event{note, {At: at, Author: "import", Kind: model.EventCreated}}
	mustImport(t, db, []model.ImportRow{same, other, late})
	if n := storedEventCount(t, db); n != 1+2+2 {
		t.Fatalf("%d stored events", n)
	}
	for i, row := range []model.ImportRow{same, other, late} {
		c, _ := db.CaseByExternalID(row.Case.ExternalID)
		evs, _ := db.Events(c.ID)
		want := append([]model.Event(nil), row.Events...)
		for j := range want {
			want[j].CaseID = c.ID
		}
		if !reflect.DeepEqual(evs, want) {
			t.Fatalf("row %d: %+v, want %+v", i, evs, want)
		}
	}
	mustCheck(t, db)
}

// putNewEntries is indexEntries written fast: they must agree.
func TestPutNewEntriesMatchesIndexEntries(t *testing.T) {
	db, clk := openTest(t)
	for _, c := range []model.Case{
		{ID: 7, ExternalID: "X-7", CreatedAt: clk.Now(), Status: model.StatusOpen, Priority: model.PriorityHigh,
			CustomerID: 3, Tags: []string{"billing/refund", "vip"}, FollowUp: clk.Now().Add(time.Hour)},
		{ID: 1 << 40, ExternalID: strings.Repeat("long-", 40), CreatedAt: clk.Now().AddDate(-90, 0, 0)},
	} {
		w := newWtx(nil, db)
		w.putNewEntries(&c)
		want := indexEntries(&c, db.sla)
		n := 0
		for name, pb := range w.pending {
			for _, o := range pb.ops {
				n++
				if !hasEntry(want, entry{[]byte(name), o.key, o.val}) {
					t.Fatalf("case %d: %s %q → %q is not an index entry", c.ID, name, o.key, o.val)
				}
			}
		}
		if n != len(want) {
			t.Fatalf("case %d: %d entries, want %d", c.ID, n, len(want))
		}
		w.resetPending()
	}
}
