package ui

import (
	"github.com/caredesk/caredesk/internal/localfiles"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportFromTheApp imports a CSV through the command line: the final
// counts reach the status line and the new cases the queue, through the
// store's change notices.
func TestImportFromTheApp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cases.csv")
	csv := "external_id,created_at,subject,customer_name,customer_email,priority,status\n" +
		"IMP-1,2026-11-20T10:00:00Z,Imported refund question,Quinn Doe,quinn@example.com,urgent,new\n" +
		"IMP-2,not a date,Broken row,,,,\n" +
		"IMP-3,2026-11-21T10:00:00Z,Second imported case,Quinn Doe,quinn@example.com,high,open\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	svc := newTestService(50)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.keys("i")
	if !h.a.cmd.open || h.a.cmd.input.Value() != "import " {
		t.Fatalf("i opens %q", h.a.cmd.input.Value())
	}
	h.typeText(filepath.Join(dir, "cas"))
	h.keys("tab")
	if got := h.a.cmd.input.Value(); got != "import "+path {
		t.Fatalf("path completion gave %q", got)
	}
	h.keys("enter")
	h.await(func() bool { return !h.a.imp.running })
	if want := "imported 2, updated 0, unchanged 0, rejected 1"; !strings.HasPrefix(h.a.statusText, want) {
		t.Fatalf("status %q, want %q…", h.a.statusText, want)
	}
	h.pump()
	h.run(h.a.runCommand("search id:IMP-1"))
	if v := h.view(); !strings.Contains(v, "Imported refund") {
		t.Fatalf("the imported case is not in the queue:\n%s", v)
	}
	// Missing files and read-only databases are refused with a message.
	h.a.cmd.openWith("import " + filepath.Join(dir, "nope.csv"))
	h.keys("enter")
	if !h.a.statusErr || !strings.Contains(h.a.statusText, "nope.csv") {
		t.Fatalf("missing file: %q", h.a.statusText)
	}
}

// The app's i/:import takes in a desk's mail history as caredesk import
// does — a Maildir folder (tab completes it as a folder) and an mbox file —
// and a folder that is not a Maildir is refused, naming what it lacks.
func TestImportMailFromTheApp(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "INBOX")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	os.WriteFile(filepath.Join(md, "cur", "1.m1.host:2,S"), []byte("From: Ann <ann@example.com>\r\nSubject: Kettle leaks\r\nMessage-ID: <k1@example.com>\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n\r\nIt leaks.\r\n"), 0o600)
	mbox := filepath.Join(dir, "history.mbox")
	os.WriteFile(mbox, []byte("From bo@example.com Mon Dec  7 09:00:00 2026\nFrom: Bo <bo@example.com>\nSubject: Late parcel\nMessage-ID: <p1@example.com>\n\nWhere is it?\n"), 0o600)
	os.MkdirAll(filepath.Join(dir, "plain"), 0o700)

	db := hmOpenStore(t)
	h := newHarnessOn(t, db, hmNow, 120, 30)
	h.a.e.files = localfiles.Files{DB: db.Path(), Source: db, Desk: db, Addr: "care@desk.test"}
	h.subscribe()
	importLine := func(path string) string {
		t.Helper()
		h.a.cmd.openWith("import " + path)
		h.keys("enter")
		h.await(func() bool { return !h.a.imp.running })
		return h.a.statusText
	}
	if got := importLine(md + "/"); !strings.HasPrefix(got, "fetched 1, threaded 0, new cases 1") || h.a.statusErr {
		t.Fatalf("Maildir import: %q", got)
	}
	if got := importLine(mbox); !strings.HasPrefix(got, "fetched 1, threaded 0, new cases 1") || h.a.statusErr {
		t.Fatalf("mbox import: %q", got)
	}
	if got := importLine(filepath.Join(dir, "plain")); !h.a.statusErr || !strings.Contains(got, "is a folder (not a Maildir with cur/ and new/)") {
		t.Fatalf("plain folder: %q", got)
	}
	h.pump()
	h.run(h.a.runCommand("search Kettle"))
	if v := h.view(); !strings.Contains(v, "Kettle leaks") {
		t.Fatalf("the Maildir's mail is not in the queue:\n%s", v)
	}
}

// A file name with control characters (in a folder named so too) completes
// to the real file: the input shows the characters as symbols, never raw,
// and the import reads the file it named (the input dropped them, so the
// completed path named no file).
func TestImportCompletesANameWithControlCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in\x01box")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "cases\x1b[2J\tnew.csv")
	csv := "external_id,created_at,subject,customer_name,customer_email,priority,status\n" +
		"CTL-1,2026-11-20T10:00:00Z,Odd name import,Quinn Doe,quinn@example.com,urgent,new\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	db := hmOpenStore(t)
	h := newHarnessOn(t, db, hmNow, 120, 30)
	h.subscribe()
	h.keys("i")
	h.typeText(filepath.Join(filepath.Dir(dir), "in"))
	h.keys("tab") // the folder
	h.typeText("ca")
	h.keys("tab") // the file in it
	v := h.view()
	if strings.ContainsAny(v, "\x01\t") || strings.Contains(v, "\x1b[2J") {
		t.Fatal("a control character of the file name reached the terminal")
	}
	if !strings.Contains(v, "new.csv") {
		t.Fatalf("the name was not completed:\n%s", v)
	}
	h.keys("enter")
	h.await(func() bool { return !h.a.imp.running })
	if want := "imported 1,"; !strings.HasPrefix(h.a.statusText, want) || h.a.statusErr {
		t.Fatalf("status %q, want %q…", h.a.statusText, want)
	}
}

// Every row an :import rejects is reachable in the app at 80×24, with its
// line and why (a new-user finding: the status line named at most the
// first, and at 80–100 columns none): the status line points to
// :rejected, which lists them all, the selected one whole below.
func TestImportRejectedRowsAreListed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.csv")
	csv := "external_id,created_at,subject,customer_name,customer_email,priority,status\n" +
		"B-1,2026-11-20T10:00:00Z,Good one,Quinn Doe,quinn@example.com,urgent,new\n" +
		"B-2,2026-13-07T10:00:00Z,Bad month,,,,\n" +
		"B-3,2026-11-21T10:00:00Z,Good two,Quinn Doe,quinn@example.com,high,open\n" +
		"B-4,2026-11-21,A date without time,,,,\n" +
		"B-5,2026-11-21T10:00:00Z,Odd status \x1b[31mred,,,,weird\n" +
		"B-6,2026-11-21T10:00:00Z,\"An unterminated quote,,,,\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, newTestService(50), 80, 24)
	h.subscribe()
	h.a.cmd.openWith("import " + path)
	h.keys("enter")
	h.await(func() bool { return !h.a.imp.running })
	status := strings.Split(h.view(), "\n")[22]
	if !strings.Contains(status, "rejected 4 · :rejected lists them") {
		t.Fatalf("status line at 80 columns: %q", status)
	}
	h.a.cmd.openWith("rejected")
	h.keys("enter")
	v := h.view()
	for _, want := range []string{"Rejected rows and warnings · import of bad.csv · 4", "line 3: ", "line 5: ", "line 6: ", "line 7: "} {
		if !strings.Contains(v, want) {
			t.Fatalf("%q is not on the screen:\n%s", want, v)
		}
	}
	if strings.Contains(v, "\x1b[31m") {
		t.Fatalf("a row's text reached the screen raw:\n%q", v)
	}
	// The selected row is shown whole, its file named.
	h.keys("j")
	if v := h.view(); !strings.Contains(v, path+":5:") {
		t.Fatalf("the second row whole is not shown:\n%s", v)
	}
	h.keys("esc")
	if h.a.rejected != nil || strings.Contains(h.view(), "Rejected rows") {
		t.Fatalf("esc did not close the list:\n%s", h.view())
	}
}
