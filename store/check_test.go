package store

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

func TestCheckFindsDamageAndRepairFixes(t *testing.T) {
	db, _ := openTest(t)
	mustImport(t, db, newRowGen(6, 30).batch(300))
	db.Act(10, 0, "ana", model.Claim{}, model.AddTag{Tag: "vip"})
	mustCheck(t, db)

	// Break things behind the store's back: a lost index entry, a stray
	// one, a wrong counter and a wrong tag count.
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketCreated).Delete(createdKey(mustCase(t, db, 5).CreatedAt, 5))
		tx.Bucket(bucketTagIdx).Put(tagKey("ghost", 7), empty)
		tx.Bucket(bucketCounts).Put([]byte(countCases), u64(12))
		k, _ := tx.Bucket(bucketTagDay).Cursor().Seek(tagPrefix("fraud"))
		tx.Bucket(bucketTagDay).Delete(append([]byte(nil), k...))
		tx.Bucket(bucketQueue).Put(queueKey(model.StatusOpen, model.PriorityLow, db.now(), 9999), empty)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	probs, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	report := strings.Join(probs, "\n")
	for _, want := range []string{"case 5: missing from idx_created", "idx_tag entry", "counts \"cases\" is 12",
		"tag_day", "case 9999 does not exist"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	if st, _ := db.Stats(); st.Cases != 300 {
		t.Fatalf("%+v", st)
	}
	if c, _ := db.Case(10); !c.HasTag("vip") {
		t.Fatal("repair lost data")
	}
	tags, _ := db.Tags()
	for _, ti := range tags {
		if ti.Tag == "vip" && ti.Uses != 1 {
			t.Fatalf("repair lost tag use: %+v", ti)
		}
	}
}

func TestCheckFindsUndecodableCase(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now())})
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketCases).Put(caseKey(1), []byte{1, 2, 3}) })
	probs, _ := db.Check()
	if len(probs) == 0 || !strings.Contains(probs[0], "does not decode") {
		t.Fatalf("%v", probs)
	}
	_, err := db.Case(1)
	wantCode(t, err, model.EINTERNAL)
	if db.Repair() == nil {
		t.Fatal("repair rebuilt from a broken record")
	}
}

func mustCase(t *testing.T, db *DB, id model.CaseID) model.Case {
	t.Helper()
	c, err := db.Case(id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
