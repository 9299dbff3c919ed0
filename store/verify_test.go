package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

func TestVerifyFileHealthy(t *testing.T) {
	db, _ := openTest(t)
	mustImport(t, db, newRowGen(3, 20).batch(200))
	path := db.Path()
	db.Close()
	probs, err := VerifyFile(path)
	if err != nil || len(probs) != 0 {
		t.Fatalf("%v %v", probs, err)
	}
}

func TestVerifyFileFindsDamage(t *testing.T) {
	db, _ := openTest(t)
	mustImport(t, db, newRowGen(3, 20).batch(50))
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketCounts).Put([]byte(countCases), u64(7)) })
	path := db.Path()
	db.Close()
	probs, err := VerifyFile(path)
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0], `counts "cases" is 7`) {
		t.Fatalf("%q %v", probs, err)
	}
}

func TestVerifyFileRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 1000)), 0o600)
	_, err := VerifyFile(text)
	wantCode(t, err, model.EINVALID)

	_, err = VerifyFile(filepath.Join(dir, "missing.db"))
	wantCode(t, err, model.ENOTFOUND)

	db, _ := openTest(t)
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaSchema, u64(SchemaVersion+1)) })
	path := db.Path()
	db.Close()
	_, err = VerifyFile(path)
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(err.Error(), "newer") {
		t.Fatalf("%v", err)
	}
}

func TestCheckPagesRefusesTruncatedAndEmptyFiles(t *testing.T) {
	db, _ := openTest(t)
	mustImport(t, db, newRowGen(4, 50).batch(2000))
	path := db.Path()
	db.Close()
	if err := CheckPages(path); err != nil {
		t.Fatalf("healthy file: %v", err)
	}
	whole, _ := os.ReadFile(path)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"three-pages.db", whole[:3*os.Getpagesize()], "truncated"},
		{"half.db", whole[:len(whole)/2], ""}, // truncated or not, it must not crash
		{"empty.db", nil, "empty"},
		{"tiny.db", []byte("hello\n"), "not a caredesk database"},
	} {
		p := filepath.Join(dir, tc.name)
		os.WriteFile(p, tc.data, 0o600)
		err := CheckPages(p)
		if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if err == nil {
			if _, err := VerifyFile(p); err != nil && tc.want == "" {
				t.Logf("%s: %v", tc.name, err)
			}
		}
	}
}
