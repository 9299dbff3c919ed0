package ingest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The figures of the search issue, side by side with what a person would
// build on SQLite: the same generated cases loaded the way a care desk
// needs them — the table, a unique index on the external id, the queue's
// (status, priority, created), created, customer, a case–tag table indexed
// by tag, a tag × day count table, and FTS5 over subject and body.
//
// The load takes SQLite's fastest road: sqlite3's own CSV reader into a
// temporary table, then INSERT … SELECT into the real ones in one
// transaction. Each benchmark logs the load average it ran under.

// sqliteSchema is the care desk's schema on SQLite; %s is the CSV file.
const sqliteSchema = `.bail on
.import --csv --schema temp %s staging
CREATE TABLE customers(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT, email TEXT, phone TEXT);
CREATE TABLE cases(id INTEGER PRIMARY KEY, external_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT,
  channel TEXT, customer_id INTEGER REFERENCES customers(id), subject TEXT, body TEXT, priority TEXT, status TEXT,
  assignee TEXT, follow_up TEXT, recovery_kind TEXT, recovery_text TEXT, fields TEXT);
CREATE UNIQUE INDEX cases_external ON cases(external_id);
CREATE INDEX cases_queue ON cases(status, priority, created_at);
CREATE INDEX cases_created ON cases(created_at);
CREATE INDEX cases_customer ON cases(customer_id);
CREATE TABLE case_tags(tag TEXT NOT NULL, case_id INTEGER NOT NULL, PRIMARY KEY(tag, case_id)) WITHOUT ROWID;
CREATE TABLE tag_day(tag TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(tag, day)) WITHOUT ROWID;
CREATE VIRTUAL TABLE cases_fts USING fts5(subject, body, content='cases', content_rowid='id');
BEGIN;
INSERT OR IGNORE INTO customers(key, name, email, phone)
  SELECT coalesce(nullif(customer_email, ''), nullif(customer_phone, ''), customer_name), customer_name, customer_email, customer_phone
  FROM staging WHERE coalesce(nullif(customer_email, ''), nullif(customer_phone, ''), nullif(customer_name, '')) IS NOT NULL;
INSERT INTO cases(external_id, created_at, updated_at, channel, customer_id, subject, body, priority, status, assignee,
  follow_up, recovery_kind, recovery_text, fields)
  SELECT external_id, created_at, updated_at, channel,
    (SELECT id FROM customers WHERE key = coalesce(nullif(customer_email, ''), nullif(customer_phone, ''), customer_name)),
    subject, body, priority, status, assignee, follow_up, recovery_kind, recovery_text,
    json_object('order_id', order_id, 'plan', plan, 'region', region)
  FROM staging;
INSERT OR IGNORE INTO case_tags SELECT j.value, c.id FROM staging s JOIN cases c ON c.external_id = s.external_id,
  json_each('["' || replace(s.tags, ';', '","') || '"]') j WHERE s.tags <> '';
INSERT INTO tag_day SELECT t.tag, substr(c.created_at, 1, 10), count(*) FROM case_tags t JOIN cases c ON c.id = t.case_id GROUP BY 1, 2;
INSERT INTO cases_fts(rowid, subject, body) SELECT id, subject, body FROM cases;
COMMIT;
`

// loadSQLite builds the care desk's SQLite file at dbPath from csvPath,
// and returns the time it took and the CPU time sqlite3 used.
func loadSQLite(tb testing.TB, sqlite, dbPath, csvPath string) (time.Duration, time.Duration) {
	tb.Helper()
	os.Remove(dbPath)
	cmd := exec.Command(sqlite, dbPath)
	cmd.Stdin = strings.NewReader(fmt.Sprintf(sqliteSchema, csvPath))
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t0)
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		tb.Fatalf("sqlite3: %v %s", err, out)
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func needSQLite(tb testing.TB) string {
	tb.Helper()
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		tb.Skip("sqlite3 is not installed")
	}
	out, err := exec.Command(sqlite, ":memory:", "CREATE VIRTUAL TABLE t USING fts5(a); SELECT 'fts5';").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "fts5" {
		tb.Skipf("sqlite3 has no FTS5: %v %s", err, out)
	}
	return sqlite
}

func loadAverage(tb testing.TB) string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// BenchmarkImportVsSQLiteFTS imports 100k generated rows with every index,
// counter and the word index, against loading the same file into the
// care desk's SQLite schema with FTS5, in one run. It also reports what the
// word index adds to the caredesk file, and the SQLite file's size.
func BenchmarkImportVsSQLiteFTS(b *testing.B) {
	sqlite := needSQLite(b)
	const rows = 100_000
	dir := b.TempDir()
	csvPath := writeWorkload(b, dir, rows)
	var ours, theirs, oursCPU, theirsCPU time.Duration
	var words, rest, sqliteSize int64
	var commits uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, "caredesk.db")
		os.Remove(db)
		t0, c0 := time.Now(), cpuNow()
		res, n := importFileCounted(b, db, csvPath)
		if res.Imported != rows || res.Rejected != 0 {
			b.Fatalf("imported %v", res)
		}
		ours += time.Since(t0)
		commits += n
		oursCPU += cpuNow() - c0
		d, cpu := loadSQLite(b, sqlite, filepath.Join(dir, "sqlite.db"), csvPath)
		theirs += d
		theirsCPU += cpu
		s, err := store.Open(db, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		words, rest, err = s.Space()
		s.Close()
		if err != nil {
			b.Fatal(err)
		}
		st, _ := os.Stat(filepath.Join(dir, "sqlite.db"))
		sqliteSize = st.Size()
	}
	b.StopTimer()
	b.ReportMetric(ours.Seconds()/float64(b.N), "caredesk-s")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "sqlite3-fts5-s")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "time-ratio")
	b.ReportMetric(oursCPU.Seconds()/float64(b.N), "caredesk-cpu-s")
	b.ReportMetric(theirsCPU.Seconds()/float64(b.N), "sqlite3-cpu-s")
	b.ReportMetric(float64(commits)/float64(b.N), "caredesk-commits")
	b.ReportMetric(100*float64(words)/float64(rest), "index-adds-%")
	b.ReportMetric(float64(words+rest)/(1<<20), "caredesk-MB")
	b.ReportMetric(float64(sqliteSize)/(1<<20), "sqlite-MB")
	b.Logf("load average %s", loadAverage(b))
}

// BenchmarkImport1MPeakRSS runs `caredesk import` of a million generated
// rows as its own process and reports its peak resident memory.
func BenchmarkImport1MPeakRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "caredesk")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/caredesk/caredesk").CombinedOutput(); err != nil {
		b.Fatalf("build: %v %s", err, out)
	}
	csvPath := writeWorkload(b, dir, 1_000_000)
	var peak int64
	var took time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, "caredesk.db")
		os.Remove(db)
		cmd := exec.Command(bin, "import", "--db", db, csvPath)
		t0 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("import: %v %s", err, out)
		}
		took += time.Since(t0)
		peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB on Linux
	}
	b.StopTimer()
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
	b.ReportMetric(took.Seconds()/float64(b.N), "import-s")
	b.Logf("load average %s", loadAverage(b))
}

// searchQueries are two-word queries over the generated text: common
// words, where both engines have the most postings to combine.
var searchQueries = []string{"courier tracking", "refund arrived", "password account", "order arrived"}

// phraseQueries are phrases of common words: every case holding all the
// words is a candidate, and only some hold them one after the other.
var phraseQueries = []string{`"has not arrived"`, `"the courier"`}

// BenchmarkSearchVsFTS5 loads the same million cases into both and times
// a two-word query to a screenful of results: caredesk's SearchText and
// SearchTop(50) (the ranked first screen, as summaries), against FTS5's
// MATCH … ORDER BY rank LIMIT 50 joined to the cases, timed by sqlite3's
// .timer inside one process. It reports the p95 of the slowest query for
// each, for two-word queries and for phrases of common words.
// CAREDESK_SEARCH_CASES sets another size. Both databases are built
// once into the benchmark cache (benchCache) and reused by later runs.
func BenchmarkSearchVsFTS5(b *testing.B) {
	sqlite := needSQLite(b)
	n := searchCases()
	dbPath, sqPath := cachedSearchDBs(b, sqlite, n)
	s, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// 20 runs a query: FTS5 takes seconds for common words at 1M.
	const runs = 20
	type worst struct{ ours, theirs time.Duration }
	var words, phrases worst
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, text := range append(searchQueries, phraseQueries...) {
			po, pt := sideBySide(b, s, sqlite, sqPath, text, fts5Query(text), runs)
			w := &words
			if strings.HasPrefix(text, `"`) {
				w = &phrases
			}
			w.ours, w.theirs = max(w.ours, po), max(w.theirs, pt)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(words.ours.Microseconds())/1000, "caredesk-p95-ms")
	b.ReportMetric(float64(words.theirs.Microseconds())/1000, "fts5-p95-ms")
	b.ReportMetric(float64(phrases.ours.Microseconds())/1000, "caredesk-phrase-p95-ms")
	b.ReportMetric(float64(phrases.theirs.Microseconds())/1000, "fts5-phrase-p95-ms")
	b.Logf("load average %s", loadAverage(b))
}

// sideBySide runs query text runs times on s — SearchText and the first
// screen (SearchTop 50) — and sql as many times in sqlite3, and returns
// the p95 of each.
func sideBySide(b *testing.B, s *store.DB, sqlite, sqPath, text, sql string, runs int) (ours, theirs time.Duration) {
	q, err := model.ParseQuery(text)
	if err != nil {
		b.Fatal(err)
	}
	var ds []time.Duration
	var total int
	for range runs {
		t0 := time.Now()
		hits, err := s.SearchText(q)
		if err != nil {
			b.Fatal(err)
		}
		top, err := s.SearchTop(hits, 50)
		if err != nil || len(top) == 0 {
			b.Fatalf("%q: %d on screen, %v", text, len(top), err)
		}
		ds = append(ds, time.Since(t0))
		total = len(hits.IDs)
	}
	ours, theirs = p95(ds), p95(fts5Times(b, sqlite, sqPath, sql, runs))
	b.Logf("%q: %d hits; caredesk p95 %v, FTS5 p95 %v", text, total, ours, theirs)
	return ours, theirs
}

// fts5Query is the anchor: FTS5's MATCH … ORDER BY rank LIMIT 50,
// joined to the cases for the screen's columns.
func fts5Query(text string) string {
	return fmt.Sprintf("SELECT c.id, c.subject, c.created_at FROM (SELECT rowid, rank FROM cases_fts WHERE cases_fts MATCH '%s' ORDER BY rank LIMIT 50) f JOIN cases c ON c.id = f.rowid ORDER BY f.rank;", text)
}

// fts5Times runs query runs times in one sqlite3 process and returns the
// times its .timer reports.
func fts5Times(b *testing.B, sqlite, path, query string, runs int) []time.Duration {
	var script strings.Builder
	script.WriteString(".timer on\n.output /dev/null\n")
	for range runs {
		script.WriteString(query + "\n")
	}
	cmd := exec.Command(sqlite, "-readonly", path)
	cmd.Stdin = strings.NewReader(script.String())
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("sqlite3: %v %s", err, out)
	}
	var ds []time.Duration
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 4 && f[0] == "Run" && f[2] == "real" {
			sec, err := strconv.ParseFloat(f[3], 64)
			if err == nil {
				ds = append(ds, time.Duration(sec*float64(time.Second)))
			}
		}
	}
	if len(ds) != runs {
		b.Fatalf("sqlite3 timed %d of %d queries: %s", len(ds), runs, out)
	}
	return ds
}

// searchCases is how many cases the search benchmarks hold: a million,
// or $CAREDESK_SEARCH_CASES.
func searchCases() int {
	if v, err := strconv.Atoi(os.Getenv("CAREDESK_SEARCH_CASES")); err == nil && v > 0 {
		return v
	}
	return 1_000_000
}

func p95(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)*95+99)/100-1]
}

// BenchmarkSearchTopCached times caredesk's side of BenchmarkSearchVsFTS5
// alone, one sub-benchmark per query, on the cached databases: the one to
// profile (-cpuprofile). CAREDESK_SEARCH_CASES sets the size.
func BenchmarkSearchTopCached(b *testing.B) {
	sqlite := needSQLite(b)
	n := searchCases()
	dbPath, _ := cachedSearchDBs(b, sqlite, n)
	s, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, text := range append(searchQueries, phraseQueries...) {
		b.Run(strings.ReplaceAll(text, " ", "_"), func(b *testing.B) {
			q, err := model.ParseQuery(text)
			if err != nil {
				b.Fatal(err)
			}
			for range b.N {
				hits, err := s.SearchText(q)
				if err != nil {
					b.Fatal(err)
				}
				if top, err := s.SearchTop(hits, 50); err != nil || len(top) == 0 {
					b.Fatalf("%q: %d on screen, %v", text, len(top), err)
				}
			}
		})
	}
}
