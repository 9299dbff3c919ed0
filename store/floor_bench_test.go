package store

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkBoltFloor100k measures the least any bbolt import of 100k
// rows can cost on this machine, to put BenchmarkImport100kVsSQLite's
// ratio in context: bare sequential puts (keys in order, pages filled to
// 100%, 10k-row transactions, no encoding, no lookups, nothing else) of a
// 250-byte record per row plus one key per index, against
// `sqlite3 new.db ".import --csv FILE t"` of a CSV of the same rows timed
// in the same run.
//
// Sub-benchmarks add index buckets one at a time: records only; + external
// id and queue (the least a usable, idempotent queue needs); + created,
// customer and tag (every index the foundation issue asks for).
func BenchmarkBoltFloor100k(b *testing.B) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("sqlite3 is not installed")
	}
	const rows = 100_000
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "rows.csv")
	writeFloorCSV(b, csvPath, rows)
	for _, indexes := range []int{0, 2, 5} {
		b.Run(fmt.Sprintf("indexes=%d", indexes), func(b *testing.B) {
			var bolted, sqlited time.Duration
			for i := 0; b.Loop(); i++ {
				path := filepath.Join(dir, fmt.Sprintf("floor%d.db", i))
				t0 := time.Now()
				boltFloor(b, path, rows, indexes)
				bolted += time.Since(t0)
				os.Remove(path)

				sq := filepath.Join(dir, fmt.Sprintf("floor%d.sqlite", i))
				t0 = time.Now()
				if out, err := exec.Command(sqlite, sq, ".import --csv "+csvPath+" t").CombinedOutput(); err != nil {
					b.Fatalf("sqlite3: %v %s", err, out)
				}
				sqlited += time.Since(t0)
				os.Remove(sq)
			}
			b.ReportMetric(bolted.Seconds()/float64(b.N), "bolt-s")
			b.ReportMetric(sqlited.Seconds()/float64(b.N), "sqlite3-s")
			b.ReportMetric(sqlited.Seconds()/bolted.Seconds(), "speedup")
		})
	}
}

// floorRecord is one row's 250 bytes, as in the generated workload.
var floorRecord = strings.Repeat("x", 250)

func writeFloorCSV(b *testing.B, path string, rows int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	// The generated workload's 19 columns and ~250 bytes a row: sqlite3's
	// time grows with the columns it splits.
	fmt.Fprintln(w, "external_id,created_at,updated_at,channel,customer_name,customer_email,customer_phone,"+
		"subject,body,priority,status,assignee,tags,follow_up,recovery_kind,recovery_text,order_id,plan,region")
	for i := range rows {
		fmt.Fprintf(w, "T-%07d,2026-05-27T07:51:33Z,2026-05-30T08:41:50Z,web,Grace Yilmaz,grace%d@example.de,"+
			"+86 138 000 0131,Refund for order ORD-%d,%s,normal,closed,,billing/refund-request,,,,ORD-%d,basic,EU-North\n",
			i, i%30000, i, floorRecord[:100], i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

// boltFloor writes rows records and indexes keys per row into a new file.
func boltFloor(b *testing.B, path string, rows, indexes int) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{InitialMmapSize: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	names := []string{"cases", "external", "queue", "created", "customer", "tag"}[:1+indexes]
	for first := 0; first < rows; first += importBatch {
		err := db.Update(func(tx *bolt.Tx) error {
			bks := make([]*bolt.Bucket, len(names))
			for i, n := range names {
				bk, err := tx.CreateBucketIfNotExists([]byte(n))
				if err != nil {
					return err
				}
				bk.FillPercent = 1
				bks[i] = bk
			}
			for id := first; id < first+importBatch; id++ {
				var k [8]byte
				binary.BigEndian.PutUint64(k[:], uint64(id))
				if err := bks[0].Put(k[:], []byte(floorRecord)); err != nil {
					return err
				}
				for i := 1; i < len(bks); i++ {
					// An index key: a prefix (status, tag, day …) and the id.
					key := append([]byte(fmt.Sprintf("%s-%07d", names[i], id)), k[:]...)
					if err := bks[i].Put(key, nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
