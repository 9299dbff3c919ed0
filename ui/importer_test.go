package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	deadline := time.Now().Add(5 * time.Second)
	for h.a.imp.running && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		h.run(nil)
	}
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
