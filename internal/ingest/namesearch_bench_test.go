package ingest

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/store"
)

// nameQueries search by what an agent knows of a customer: a first name
// alone, a surname or a first name with a word of the complaint. The
// generated customers share a few dozen first names and surnames, so each
// word matches tens of thousands of cases through their customers.
var nameQueries = []string{"ana", "müller refund", "liam refund"}

// fts5NameQuery is what a care desk on SQLite would run for the same
// words: each word is in the case's text (cases_fts) or in its customer's
// name or e-mail (customers_fts, joined through the customer index), all
// words must match, and the screen shows the 50 newest.
func fts5NameQuery(text string) string {
	var parts []string
	for _, w := range strings.Fields(text) {
		parts = append(parts, fmt.Sprintf("SELECT rowid FROM cases_fts WHERE cases_fts MATCH '%[1]s' UNION "+
			"SELECT c.id FROM customers_fts f JOIN cases c ON c.customer_id = f.rowid WHERE customers_fts MATCH '%[1]s'", w))
	}
	return "SELECT c.id, c.subject, c.created_at FROM cases c WHERE c.id IN (" + strings.Join(parts, " INTERSECT ") +
		") ORDER BY c.created_at DESC LIMIT 50;"
}

// withCustomersFTS gives the cached SQLite file an FTS5 table over the
// customers' names and e-mails, once: the import benchmark's schema has
// none (its anchor is the schema), a name search needs one.
func withCustomersFTS(b *testing.B, sqlite, path string) {
	script := `CREATE VIRTUAL TABLE IF NOT EXISTS customers_fts USING fts5(name, email, content='customers', content_rowid='id');
SELECT count(*) FROM customers_fts_docsize;`
	out, err := exec.Command(sqlite, path, script).CombinedOutput()
	if err != nil {
		b.Fatalf("sqlite3: %v %s", err, out)
	}
	if strings.TrimSpace(string(out)) != "0" {
		return
	}
	if out, err := exec.Command(sqlite, path, "INSERT INTO customers_fts(customers_fts) VALUES('rebuild');").CombinedOutput(); err != nil {
		b.Fatalf("sqlite3: %v %s", err, out)
	}
}

// BenchmarkNameSearchVsFTS5 times searches by a customer's name at a
// million cases — SearchText and the first screen (SearchTop 50) — against
// the same words on SQLite with FTS5 over the cases and the customers,
// timed by sqlite3's .timer inside one process. It reports the p95 of the
// slowest query for each. The databases are BenchmarkSearchVsFTS5's.
func BenchmarkNameSearchVsFTS5(b *testing.B) {
	sqlite := needSQLite(b)
	dbPath, sqPath := cachedSearchDBs(b, sqlite, searchCases())
	withCustomersFTS(b, sqlite, sqPath)
	s, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const runs = 20
	var ours, theirs time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, text := range nameQueries {
			po, pt := sideBySide(b, s, sqlite, sqPath, text, fts5NameQuery(text), runs)
			ours, theirs = max(ours, po), max(theirs, pt)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(ours.Microseconds())/1000, "caredesk-p95-ms")
	b.ReportMetric(float64(theirs.Microseconds())/1000, "fts5-p95-ms")
	b.Logf("load average %s", loadAverage(b))
}
