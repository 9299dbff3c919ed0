package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The 1M benchmarks generate their data on first use, so plain `go test`
// (which runs no benchmarks) never pays for it.

const benchCases = 1_000_000

// benchTags is ~100 tags: 12 areas of 8 issues.
var benchTags = func() []string {
	var out []string
	for a := range 12 {
		for i := range 8 {
			out = append(out, fmt.Sprintf("area%02d/issue-%d", a, i))
		}
	}
	return out
}()

var bench1M = sync.OnceValue(func() *fakeSource {
	cases := genBenchCases(benchCases, 1)
	src := newFakeSource(cases, nil)
	return src
})

// genBenchCases makes n cases over the year to 2027-03-01: 0–3 tags drawn
// with a skew (a few issues dominate, as in real desks), customers from a
// pool of n/5.
func genBenchCases(n int, seed uint64) []model.Case {
	r := rand.New(rand.NewPCG(seed, seed+1))
	end := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	span := int64(365 * 24 * time.Hour / time.Second)
	cases := make([]model.Case, n)
	for i := range cases {
		c := &cases[i]
		c.ID = model.CaseID(i + 1)
		c.ExternalID = fmt.Sprintf("B-%07d", i+1)
		c.CreatedAt = end.Add(-time.Duration(span-int64(i)*span/int64(n)+r.Int64N(3600)) * time.Second)
		c.Channel = model.Channels[r.IntN(5)]
		c.CustomerID = model.CustomerID(1 + r.IntN(n/5+1))
		c.Status = model.Statuses[r.IntN(len(model.Statuses))]
		c.Priority = model.Priorities[r.IntN(4)]
		for range r.IntN(4) {
			k := r.IntN(len(benchTags))
			k = k * k / len(benchTags) // skew towards the first tags
			if t := benchTags[k]; !containsStr(c.Tags, t) {
				c.Tags = append(c.Tags, t)
			}
		}
		sort.Strings(c.Tags)
	}
	return cases
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func BenchmarkBuildCounters1M(b *testing.B) {
	src := bench1M()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(src, Spec{G: model.ByWeek}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildFiltered1M(b *testing.B) {
	src := bench1M()
	spec := Spec{G: model.ByWeek, Query: mustQuery(b, "channel:phone"), Now: testNow, SLA: model.DefaultSLA}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(src, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// sqliteWeekly is the like-for-like SQL: cases per tag and ISO week. This
// sqlite3 (3.40) has no %G/%V, so the ISO week is computed from the week's
// Thursday — date(d, '-3 days', 'weekday 4') — whose year is the ISO year
// and whose day of year gives the week.
const sqliteWeekly = `SELECT tag, strftime('%Y', thu) || '-W' || printf('%02d', (CAST(strftime('%j', thu) AS INTEGER) - 1) / 7 + 1) AS wk, count(*)
FROM (SELECT tag, date(created, '-3 days', 'weekday 4') AS thu FROM t WHERE tag <> '')
GROUP BY tag, wk ORDER BY tag, wk;`

// BenchmarkReportCSVvsSQLite times `caredesk report --format csv --by week`
// (open the database read-only, build, write CSV) on a real 1M-case store
// against sqlite3 answering the same question from a table of (id,
// created_at, tag) rows, and checks both give the same lines.
func BenchmarkReportCSVvsSQLite(b *testing.B) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		b.Skip("sqlite3 is not installed")
	}
	dir := b.TempDir()
	cases := bench1M().cases
	dbPath := filepath.Join(dir, "caredesk.db")
	t0 := time.Now()
	s := importCases(b, dbPath, cases, benchCustomers(len(cases)/5+1))
	b.Logf("imported %d cases in %s", len(cases), time.Since(t0).Round(time.Millisecond))
	s.Close()

	// The same cases as (id, created_at, tag) rows, "" for untagged.
	csvPath := filepath.Join(dir, "cases.csv")
	var rows bytes.Buffer
	rows.WriteString("id,created,tag\n")
	for _, c := range cases {
		at := c.CreatedAt.UTC().Format("2006-01-02 15:04:05")
		if len(c.Tags) == 0 {
			fmt.Fprintf(&rows, "%s,%s,\n", c.ExternalID, at)
		}
		for _, t := range c.Tags {
			fmt.Fprintf(&rows, "%s,%s,%s\n", c.ExternalID, at, t)
		}
	}
	if err := os.WriteFile(csvPath, rows.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	sqlPath := filepath.Join(dir, "new.db")
	if out, err := exec.Command("sqlite3", sqlPath, ".import --csv "+csvPath+" t").CombinedOutput(); err != nil {
		b.Fatalf("sqlite3 import: %v\n%s", err, out)
	}
	var sqlOut []byte
	best := time.Duration(1 << 62)
	for range 3 {
		t0 := time.Now()
		out, err := exec.Command("sqlite3", "-csv", sqlPath, sqliteWeekly).Output()
		if err != nil {
			b.Fatalf("sqlite3 query: %v", err)
		}
		best, sqlOut = min(best, time.Since(t0)), out
	}

	var ours bytes.Buffer
	run := func() {
		ours.Reset()
		db, err := store.Open(dbPath, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if err := Write(&ours, db, Spec{G: model.ByWeek, Now: testNow, SLA: db.SLA()}, "csv", BriefOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.StopTimer()
	per := b.Elapsed() / time.Duration(b.N)

	// Same answer: our lines without the header against sqlite's.
	mine, _ := csv.NewReader(&ours).ReadAll()
	theirs, _ := csv.NewReader(bytes.NewReader(sqlOut)).ReadAll()
	if len(mine) < 2 || !equalRecords(mine[1:], theirs) {
		b.Errorf("caredesk and sqlite3 disagree: %d lines against %d", len(mine)-1, len(theirs))
	}
	b.ReportMetric(float64(best.Microseconds())/1000, "sqlite-ms")
	b.ReportMetric(float64(best)/float64(per), "x-faster")

	// For the record: the filtered heatmap on the same store (a full scan
	// of the summaries), which the pane must draw in under a second.
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t0 = time.Now()
	if _, err := Build(db, Spec{G: model.ByWeek, Query: mustQuery(b, "channel:phone"), Now: testNow, SLA: db.SLA()}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "filtered-store-ms")
}

func benchCustomers(n int) []model.Customer {
	out := make([]model.Customer, n)
	for i := range out {
		out[i] = model.Customer{ID: model.CustomerID(i + 1), Email: fmt.Sprintf("c%d@example.com", i+1)}
	}
	return out
}

func equalRecords(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], ",") != strings.Join(b[i], ",") {
			return false
		}
	}
	return true
}
