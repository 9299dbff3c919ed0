package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A re-import that lacks columns changes only what it gives: adding a tag
// with an `external_id,created_at,tags` file must not erase the customer's
// subject and words, the channel or the extra fields (NUT10's data loss).
func TestReimportWithFewerColumnsKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "care.db")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := write("full.csv", "external_id,created_at,channel,customer_name,customer_email,subject,body,order_id,region\n"+
		"D-10,2026-06-10T13:31:33Z,phone,Ann Lee,ann@example.com,Package arrived damaged,The desk lamp arrived with a cracked case.,O-77,north\n")
	wantExit(t, run(t, nil, "import", "--db", db, full), 0)

	tagOnly := write("tags.csv", "external_id,created_at,tags\nD-10,2026-06-10T13:31:33Z,billing/refund\n")
	r := run(t, nil, "import", "--db", db, tagOnly)
	wantExit(t, r, 0)
	if r.stdout != "imported 0, updated 1, unchanged 0, rejected 0\n" {
		t.Fatalf("tag-only re-import: %s", r)
	}
	// A present column changes its part; an empty cell and an extra field
	// the file does not name leave theirs; a named field takes the value.
	some := write("some.csv", "external_id,created_at,subject,body,channel,region\n"+
		"D-10,2026-06-10T13:31:33Z,Lamp arrived broken,,,south\n")
	r = run(t, nil, "import", "--db", db, some)
	wantExit(t, r, 0)
	if r.stdout != "imported 0, updated 1, unchanged 0, rejected 0\n" {
		t.Fatalf("partial re-import: %s", r)
	}
	r = run(t, nil, "export", "--db", db, "--format", "jsonl")
	wantExit(t, r, 0)
	for _, want := range []string{`"subject":"Lamp arrived broken"`, `"body":"The desk lamp arrived with a cracked case."`,
		`"channel":"phone"`, `{"key":"order_id","value":"O-77"}`, `{"key":"region","value":"south"}`, `"billing/refund"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("export lacks %s:\n%s", want, r.stdout)
		}
	}
	// Once more: nothing new, nothing changed.
	r = run(t, nil, "import", "--db", db, tagOnly)
	if r.stdout != "imported 0, updated 0, unchanged 1, rejected 0\n" {
		t.Fatalf("again: %s", r)
	}
	mustCheck(t, db)
}
