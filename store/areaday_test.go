package store

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// recountAreas counts, from the summaries alone, the distinct cases per
// area and day: the independent reference for the area × day counters.
func recountAreas(t *testing.T, db *DB) map[model.TagDayCount]bool {
	t.Helper()
	n := map[[2]any]int{}
	err := db.EachSummary(func(s model.Summary) error {
		seen := map[string]bool{}
		for _, tag := range s.Tags {
			a := model.TagArea(tag)
			if !seen[a] {
				seen[a] = true
				n[[2]any{a, model.DayOf(s.CreatedAt)}]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[model.TagDayCount]bool{}
	for k, c := range n {
		out[model.TagDayCount{Tag: k[0].(string), Day: k[1].(model.Day), Count: c}] = true
	}
	return out
}

func areaCounts(t *testing.T, db *DB) map[model.TagDayCount]bool {
	t.Helper()
	got, err := db.AreaDayCounts(-1<<30, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	out := map[model.TagDayCount]bool{}
	for _, c := range got {
		out[c] = true
	}
	return out
}

func TestAreaDayCountsDistinctCases(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-48 * time.Hour)
	mustImport(t, db, []model.ImportRow{
		oneRow("A-1", at, "delivery/late", "delivery/lost"), // one delivery case, two delivery tags
		oneRow("A-2", at, "delivery/late"),
		oneRow("A-3", at, "billing/refund", "delivery/lost", "refund"),
		oneRow("A-4", at.Add(24*time.Hour)),
	})
	day := model.DayOf(at)
	want := map[model.TagDayCount]bool{{Tag: "billing", Day: day, Count: 1}: true,
		{Tag: "delivery", Day: day, Count: 3}: true, {Tag: "refund", Day: day, Count: 1}: true}
	if got := areaCounts(t, db); !maps.Equal(got, want) {
		t.Fatalf("area counters %v, want %v", got, want)
	}
	// Taking one of two delivery tags off leaves the case in the area;
	// taking the other takes it out.
	db.Act(1, 0, "ana", model.RemoveTag{Tag: "delivery/lost"})
	if got := areaCounts(t, db); !got[model.TagDayCount{Tag: "delivery", Day: day, Count: 3}] {
		t.Fatalf("after removing one of two tags: %v", got)
	}
	db.Act(1, 0, "ana", model.RemoveTag{Tag: "delivery/late"})
	db.Act(4, 0, "ana", model.AddTag{Tag: "delivery/late"}, model.AddTag{Tag: "delivery/damaged"})
	if _, err := db.RenameTag("refund", "billing/refund", "lead"); err != nil {
		t.Fatal(err)
	}
	if got, want := areaCounts(t, db), recountAreas(t, db); !maps.Equal(got, want) {
		t.Fatalf("area counters %v, recount %v", got, want)
	}
	mustCheck(t, db)
}

// TestAreaDayMigration opens a file written before the area counters
// existed (schema 2, no area_day bucket): opening it fills them.
func TestAreaDayMigration(t *testing.T) {
	db, _ := openTest(t)
	g := newRowGen(5, 30)
	mustImport(t, db, g.batch(400))
	want := recountAreas(t, db)
	path := db.Path()
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		tx.DeleteBucket(bucketAreaDay)
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(2))
	})
	b.Close()
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := areaCounts(t, db); !maps.Equal(got, want) || len(want) == 0 {
		t.Fatalf("after migration %d counters, recount %d", len(got), len(want))
	}
	mustCheck(t, db)
}

func TestCheckAndRepairAreaDay(t *testing.T) {
	db, _ := openTest(t)
	mustImport(t, db, newRowGen(6, 20).batch(200))
	want := recountAreas(t, db)
	var key []byte
	db.bolt.Update(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketAreaDay).Cursor().First()
		key = slices.Clone(k)
		return tx.Bucket(bucketAreaDay).Put(k, u64(999))
	})
	probs, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || !strings.Contains(probs[0], "area_day") || !strings.Contains(probs[0], "999") {
		t.Fatalf("check on a wrong area counter %q: %q", key, probs)
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	if got := areaCounts(t, db); !maps.Equal(got, want) {
		t.Fatal("repair did not rebuild the area counters")
	}
}
