package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

func TestReadOnlyRefusesWrites(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now())})
	path := db.Path()
	db.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Fatal("not read-only")
	}
	if _, err := ro.Case(1); err != nil {
		t.Fatal(err)
	}
	_, err = ro.Act(1, 0, "ana", model.Claim{})
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(err.Error(), "opened read-only") {
		t.Fatal(err)
	}
	_, err = ro.Import([]model.ImportRow{oneRow("A-2", clk.Now())})
	wantCode(t, err, model.EINVALID)
	_, err = ro.SaveReply(model.Reply{Name: "x", Text: "y"})
	wantCode(t, err, model.EINVALID)
	wantCode(t, ro.Repair(), model.EINVALID)

	_, err = Open(filepath.Join(t.TempDir(), "missing.db"), Options{ReadOnly: true})
	wantCode(t, err, model.ENOTFOUND)
}

func TestNewerSchemaRefused(t *testing.T) {
	db, _ := openTest(t)
	path := db.Path()
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaSchema, u64(SchemaVersion+1)) })
	b.Close()
	_, err = Open(path, Options{})
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), path) {
		t.Fatal(err)
	}
}

func TestNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, bytes.Repeat([]byte("this is not a database\n"), 1000), 0o600)
	_, err := Open(path, Options{})
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(err.Error(), path) {
		t.Fatal(err)
	}
}

func TestNewFileModeAndSLA(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	sla := model.SLAPolicy{Urgent: 1, High: 2, Normal: 3, Low: 4}
	db, err := Open(path, Options{SLA: &sla})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	// The policy is the file's: a later Open's option does not replace it.
	db, _ = Open(path, Options{SLA: &model.DefaultSLA})
	defer db.Close()
	if g := db.SLA(); g.Urgent != sla.Urgent || g.High != sla.High || g.Normal != sla.Normal || g.Low != sla.Low {
		t.Fatalf("%+v", g)
	}
}

func TestBackupIsACopy(t *testing.T) {
	db, _ := openTest(t)
	mustImport(t, db, newRowGen(8, 20).batch(200))
	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatal(n, err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(path, buf.Bytes(), 0o600)
	cp, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	mustCheck(t, cp)
	if st, _ := cp.Stats(); st.Cases != 200 {
		t.Fatalf("%+v", st)
	}
}

func TestReplies(t *testing.T) {
	db, _ := openTest(t)
	rs, err := db.Replies()
	if err != nil || len(rs) != 4 || rs[0].Name != "Apology and refund" || !strings.Contains(rs[0].Text, "{{customer}}") {
		t.Fatalf("%v %+v", err, rs)
	}
	r, err := db.SaveReply(model.Reply{Name: "Thanks", Text: "Thanks {{customer}}"})
	if err != nil || r.ID != 5 {
		t.Fatal(r, err)
	}
	r.Text = "Thank you {{customer}}"
	if _, err := db.SaveReply(r); err != nil {
		t.Fatal(err)
	}
	_, err = db.SaveReply(model.Reply{ID: 77, Name: "x", Text: "y"})
	wantCode(t, err, model.ENOTFOUND)
	_, err = db.SaveReply(model.Reply{Name: " ", Text: "y"})
	wantCode(t, err, model.EINVALID)
	if err := db.DeleteReply(1); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteReply(1), model.ENOTFOUND)
	rs, _ = db.Replies()
	if len(rs) != 4 || rs[3].Text != "Thank you {{customer}}" {
		t.Fatalf("%+v", rs)
	}
}
