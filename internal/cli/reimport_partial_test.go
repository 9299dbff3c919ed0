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

// caredesk import's rejected-row line quotes the case's stored customer:
// a bidi override in their name shows as ⟨U+202E⟩, never raw on stderr.
func TestImportRejectShowsABidiOverride(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "care.db")
	head := "external_id,created_at,customer_name,customer_email,subject\n"
	first := filepath.Join(dir, "first.csv")
	again := filepath.Join(dir, "again.csv")
	if err := os.WriteFile(first, []byte(head+"N-1,2026-01-02T03:04:05Z,Evil \u202eReversed\u202c Name,evil@example.org,x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(again, []byte(head+"N-1,2026-01-02T03:04:05Z,Somebody Else,else@example.org,x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantExit(t, run(t, nil, "import", "--db", db, first), 0)
	r := run(t, nil, "import", "--db", db, again)
	wantExit(t, r, 1)
	if !strings.Contains(r.stderr, "Evil ⟨U+202E⟩Reversed⟨U+202C⟩ Name") || strings.ContainsRune(r.stderr, '\u202e') {
		t.Fatalf("reject line: %s", r)
	}
}
