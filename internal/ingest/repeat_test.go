package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/store"
)

// An external id on two rows of one file: the first row stands, the second
// is a rejected row with its line (not applied over the first, which would
// flip the case on every import of the file), so importing the file again
// finds it unchanged. The same id in another file is an update, as ever.
func TestRepeatedExternalIDInOneFile(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const head = "external_id,created_at,subject,customer_name,customer_email,tags\n"
	file := head +
		"D-1,2026-11-02T09:00:00Z,first,Ann,ann@example.com,billing/refund\n" +
		"D-2,2026-11-02T10:00:00Z,other,Bo,bo@example.com,\n" +
		"D-1,2026-11-03T09:00:00Z,second version,Ann,ann@example.com,delivery/late\n"
	run := func(name, data string) (Result, []string) {
		var rejects []string
		res, err := File(db, name, strings.NewReader(data), Options{BatchSize: 2, Reject: func(e *csvio.RowError) { rejects = append(rejects, e.Error()) }})
		if err != nil {
			t.Fatal(err)
		}
		return res, rejects
	}
	res, rejects := run("dup.csv", file)
	if res.Imported != 2 || res.Updated != 0 || res.Rejected != 1 || len(rejects) != 1 ||
		!strings.HasPrefix(rejects[0], "dup.csv:4: external_id D-1 is on an earlier row of this file too") {
		t.Fatalf("first import: %+v, rejects %q", res, rejects)
	}
	c, err := db.CaseByExternalID("D-1")
	if err != nil || c.Subject != "first" || strings.Join(c.Tags, ",") != "billing/refund" {
		t.Fatalf("case %+v %v: want the first row as it was", c, err)
	}
	res, rejects = run("dup.csv", file)
	if res.Imported != 0 || res.Updated != 0 || res.Unchanged != 2 || res.Rejected != 1 || len(rejects) != 1 {
		t.Fatalf("second import of the same file: %+v, rejects %q", res, rejects)
	}
	res, _ = run("later.csv", head+"D-1,2026-11-03T09:00:00Z,second version,Ann,ann@example.com,delivery/late\n")
	if res.Updated != 1 || res.Rejected != 0 {
		t.Fatalf("the id in another file: %+v", res)
	}
}
