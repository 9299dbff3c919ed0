package cli

import (
	"bytes"
	be "encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/store"
)

// A new-user finding: after upgrading caredesk, backup, check, export and
// report all refused the old file with "open it once without --read-only"
// (no one had passed --read-only), and a backup from before the upgrade
// could not be taken or restored. The readers now name `caredesk upgrade`;
// backup and restore take the file as it is.
func TestAnOlderDatabaseCanBeBackedUpRestoredAndUpgraded(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 120)
	older := store.SchemaVersion - 1
	damage(t, db, func(tx *bolt.Tx) error { // as the previous caredesk left it
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), be.BigEndian.AppendUint64(nil, older))
	})
	asWritten, _ := os.ReadFile(db)

	for _, args := range [][]string{
		{"report", "--db", db},
		{"export", "--db", db},
		{"check", "--db", db},
	} {
		r := run(t, nil, args...)
		wantExit(t, r, 1)
		oneLine(t, r, fmt.Sprintf("written by an older caredesk (schema %d; this one reads %d)", older, store.SchemaVersion))
		if !strings.Contains(r.stderr, "'caredesk upgrade --db "+db+"'") || strings.Contains(r.stderr, "--read-only") {
			t.Fatalf("%s: the way out is not named:\n%s", args[0], r)
		}
	}

	bak := filepath.Join(dir, "before-upgrade.db")
	r := run(t, nil, "backup", "--db", db, bak)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "checked") {
		t.Fatalf("%s", r)
	}
	if now, _ := os.ReadFile(db); !bytes.Equal(now, asWritten) {
		t.Fatal("backup changed the older file")
	}

	r = run(t, nil, "upgrade", "--db", db)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, fmt.Sprintf("from schema %d to %d", older, store.SchemaVersion)) || !strings.Contains(r.stdout, "120 cases") {
		t.Fatalf("%s", r)
	}
	wantExit(t, run(t, nil, "report", "--db", db), 0)
	r = run(t, nil, "upgrade", "--db", db)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "is up to date") {
		t.Fatalf("%s", r)
	}

	// The copy from before the upgrade restores, and the next writer
	// upgrades it again.
	wantExit(t, run(t, nil, "restore", "--db", db, bak), 0)
	wantExit(t, run(t, nil, "upgrade", "--db", db), 0)
	if got := run(t, nil, "check", "--db", db); got.code != 0 || !strings.Contains(got.stdout, ": 120 cases") {
		t.Fatalf("%s", got)
	}
}
