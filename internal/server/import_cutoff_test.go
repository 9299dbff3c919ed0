package server

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/caredesk/caredesk/internal/csvio"
)

// An ssh … import that the lead interrupts stops at its next transaction
// once the connection is gone, keeps the rows saved before, and the log
// says how far it got (new-user finding: 27,303 rows were imported in the
// 9 s after the lead's ctrl+c, with nothing said).
func TestImportInterruptedByTheLeadStops(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 5}, ana)
	d.db.SetImportBound(20, time.Hour, time.Hour) // 20 rows a transaction

	// A whole ingest batch (10,000 rows) and part of the next, the file
	// left open: the lead's ssh is still sending it.
	var csv bytes.Buffer
	cw := csvio.NewCSVWriter(&csv, nil)
	const rows = 10_500
	for _, r := range testRows(1000, rows, "Imported") {
		if err := cw.Write(r.Case, r.Customer); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	cl, s := d.session(ana)
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start("import"); err != nil {
		t.Fatal(err)
	}
	go in.Write(csv.Bytes()) //nolint:errcheck // ends with the connection

	cases := func() int {
		st, err := d.db.Stats()
		if err != nil {
			t.Fatal(err)
		}
		return st.Cases - 5
	}
	deadline := time.Now().Add(waitLong)
	for cases() < 100 {
		if time.Now().After(deadline) {
			t.Fatalf("the import did not start: %d cases", cases())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cl.Close() // the lead's ctrl+c

	cutOff := regexp.MustCompile(`import cut off by the client after (\d+) rows`)
	var m []string
	for m == nil {
		if time.Now().After(deadline) {
			t.Fatalf("no cut-off line in the log:\n%s", d.logBuf.String())
		}
		time.Sleep(10 * time.Millisecond)
		m = cutOff.FindStringSubmatch(d.logBuf.String())
	}
	n, _ := strconv.Atoi(m[1])
	if got := cases(); got != n || n >= rows {
		t.Fatalf("the log says %d rows, the store holds %d new cases of %d sent", n, got, rows)
	}
	time.Sleep(200 * time.Millisecond)
	if got := cases(); got != n {
		t.Fatalf("the import went on after its cut-off: %d cases, then %d", n, got)
	}
	mustCheck(t, d.db)
}

// session logs a in and opens a session without a terminal; the client
// is closed when the test ends.
func (d *desk) session(a testAgent) (*gossh.Client, *gossh.Session) {
	d.t.Helper()
	cl, err := d.dial(a)
	if err != nil {
		d.t.Fatal(err)
	}
	d.t.Cleanup(func() { cl.Close() })
	s, err := cl.NewSession()
	if err != nil {
		d.t.Fatal(err)
	}
	return cl, s
}
