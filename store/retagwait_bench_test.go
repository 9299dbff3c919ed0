package store

import (
	"testing"
	"time"
)

// BenchmarkSaveDuringRename is an agent's note saved every saveEvery while
// a lead renames a tag on 20k of a 30k-case desk, and the same saves on the
// same desk with no rename: the anchor (BenchmarkSaveDuringImport's way).
// It reports each save's time (p50, p99, max of Act's), the rename's time
// and its commits. Sub-benchmarks: "alone" (no rename, 3 s of saves),
// "onetx" (the rename in one transaction, as before retag chunks) and
// "chunks" (the store's bounds). Run it with -benchtime 1x.
func BenchmarkSaveDuringRename(b *testing.B) {
	const base, tagged, saveEvery = 30_000, 20_000, 20 * time.Millisecond
	rows := newRowGen(22, 10_000).batch(base)
	for i := range rows {
		rows[i].Case.Tags = []string{"billing/fee"}
		if i < tagged {
			rows[i].Case.Tags = []string{"shipping/late"}
		}
	}
	for _, how := range []string{"alone", "onetx", "chunks"} {
		b.Run(how, func(b *testing.B) {
			run := deskRun{rows: rows, saveEvery: saveEvery, alone: 3 * time.Second}
			if how == "onetx" {
				run.prepare = func(db *DB) { db.SetImportBound(1<<30, time.Hour, time.Hour) }
			}
			if how != "alone" {
				run.work = func(db *DB) {
					if n, err := db.RenameTag("shipping/late", "shipping/delayed", "lead"); err != nil || n != tagged {
						b.Errorf("renamed %d cases: %v", n, err)
					}
				}
			}
			run.report(b, "rename")
		})
	}
}
