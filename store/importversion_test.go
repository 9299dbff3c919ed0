package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A new case keeps the version its row brings (a JSON lines export of an
// edited case); none is 1; one a case cannot reach is 1 with a warning
// naming file:line, since a counter near the top of uint64 would wrap to 0
// ("no check") on the next save. A re-import never sets the version: the
// case's own saves count on.
func TestImportKeepsANewCasesVersion(t *testing.T) {
	now := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := now.Add(-time.Hour)
	rows := []model.ImportRow{
		{Source: "a.jsonl", Line: 1, Case: model.Case{ExternalID: "V-4", CreatedAt: at, Subject: "edited", Version: 4}},
		{Source: "a.jsonl", Line: 2, Case: model.Case{ExternalID: "V-0", CreatedAt: at, Subject: "csv"}},
		{Source: "a.jsonl", Line: 3, Case: model.Case{ExternalID: "V-MAX", CreatedAt: at, Subject: "hostile", Version: 1<<64 - 1}},
	}
	res, err := db.Import(rows)
	if err != nil || res.Imported != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "a.jsonl:3: case V-MAX: version 18446744073709551615 is more than a case can reach: kept as 1") {
		t.Fatalf("warnings %q", res.Warnings)
	}
	for ext, want := range map[string]uint64{"V-4": 4, "V-0": 1, "V-MAX": 1} {
		if c, _ := db.CaseByExternalID(ext); c.Version != want {
			t.Errorf("%s: version %d, want %d", ext, c.Version, want)
		}
	}
	again := rows[0]
	again.Case.Subject, again.Case.Version = "edited again", 99
	if _, err := db.Import([]model.ImportRow{again}); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.CaseByExternalID("V-4"); c.Version != 5 {
		t.Errorf("an update set version %d, want 5 (4 and one save)", c.Version)
	}
}
