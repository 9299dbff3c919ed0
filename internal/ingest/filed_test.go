package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/store"
)

// A feed still sending a tag a lead renamed gets one warning for it, with
// its count of rows and the first one's line, not one per row (2,129
// lines for one import drowned everything else; new-user finding) — over
// batches, and beside the other warnings of the run.
func TestFileTellsAFiledTagOnce(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	s, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	csv := func(from, n int, tag string) string {
		var b strings.Builder
		b.WriteString("external_id,created_at,subject,tags\n")
		for i := from; i < from+n; i++ {
			fmt.Fprintf(&b, "R-%d,2026-12-01T10:00:00Z,Refund please,%s\n", i, tag)
		}
		return b.String()
	}
	if _, err := File(s, "a.csv", strings.NewReader(csv(0, 1, "billing/refund-request")), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenameTag("billing/refund-request", "billing/refund", "ana"); err != nil {
		t.Fatal(err)
	}
	in := csv(1, 25, "billing/refund-request") + "R-99,2026-12-01T10:00:00Z,Odd one,Not A Tag\n"
	var warned []string
	res, err := File(s, "b.csv", strings.NewReader(in), Options{BatchSize: 10, Warn: func(w string) { warned = append(warned, w) },
		Reject: func(*csvio.RowError) {}})
	if err != nil {
		t.Fatal(err)
	}
	filed := 0
	for _, w := range warned {
		if strings.Contains(w, "renamed") {
			filed++
			if w != "import b.csv: tag billing/refund-request (25 rows, the first at line 2) was renamed to billing/refund: filed under billing/refund; fix the feed" {
				t.Errorf("warning %q", w)
			}
		}
	}
	if filed != 1 || len(warned) != 2 || res.Imported != 26 || len(res.Filed) != 0 {
		t.Fatalf("%v; warnings %q", res, warned)
	}
	if c, err := s.CaseByExternalID("R-7"); err != nil || !c.HasTag("billing/refund") {
		t.Fatalf("R-7: %v %v", c.Tags, err)
	}
}
