package server

import (
	"strings"
	"testing"
)

// ssh … import < history.mbox ends, like every import, with the line
// "imported N, updated U, unchanged K, rejected R" (README: the last line
// is always that), after the mail intake's own line: a lead's script reads
// the last line. It ended with the intake's line alone (new-user finding).
func TestMboxImportOverSSHEndsWithTheImportLine(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 5}, ana)
	mbox := "From x@y Mon Dec  7 09:00:00 2026\nFrom: cy@example.com\nSubject: old mail\nMessage-ID: <old1@x>\n\nhi\n\n" +
		"From x@y Mon Dec  7 09:05:00 2026\nFrom: di@example.com\nSubject: other mail\nMessage-ID: <old2@x>\n\nhello\n"
	last := func(out string) string {
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		return lines[len(lines)-1]
	}
	out, errs, code := d.run(ana, "import", strings.NewReader(mbox))
	if code != 0 || !strings.Contains(out, "stdin: fetched 2") || last(out) != "imported 2, updated 0, unchanged 0, rejected 0" {
		t.Fatalf("mbox import: exit %d, out %q, err %q", code, out, errs)
	}
	out, errs, code = d.run(ana, "import", strings.NewReader(mbox))
	if code != 0 || last(out) != "imported 0, updated 0, unchanged 2, rejected 0" {
		t.Fatalf("mbox import again: exit %d, out %q, err %q", code, out, errs)
	}
}
