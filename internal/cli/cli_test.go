package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// binary is the caredesk command, built once per test process: the tests
// run what users run, kill -9 included.
var binary string

// helperEnv makes the test binary a helper process (see runHelper) instead
// of running tests.
const helperEnv = "CAREDESK_CLI_TEST_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode))
	}
	dir, err := os.MkdirTemp("", "caredesk-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "caredesk")
	// Not -race: the product binary is what is under test, and the race
	// detector would only slow the kill cycles down.
	build := exec.Command(goTool(), "build", "-o", binary, "github.com/caredesk/caredesk")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building caredesk: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func goTool() string {
	if p := filepath.Join(os.Getenv("GOROOT"), "bin", "go"); os.Getenv("GOROOT") != "" {
		return p
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("exit %d after %v\nstdout: %s\nstderr: %s", r.code, r.took.Round(time.Millisecond), clip(r.stdout), clip(r.stderr))
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// runTimeout bounds every run: a hang is a failure, not a stuck test.
const runTimeout = 60 * time.Second

// run runs the binary with args, standard input from stdin (nil: none).
func run(t testing.TB, stdin io.Reader, args ...string) result {
	t.Helper()
	return runWithin(t, runTimeout, stdin, args...)
}

func runWithin(t testing.TB, limit time.Duration, stdin io.Reader, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = testEnv(t)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("caredesk %s hung: killed after %v\n%s", strings.Join(args, " "), limit, r)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("caredesk %s: %v", strings.Join(args, " "), err)
	}
	noPanic(t, r, args...)
	return r
}

// testEnv keeps runs away from the user's own database and terminal.
func testEnv(t testing.TB) []string {
	home := t.TempDir()
	return append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"CAREDESK_DB="+filepath.Join(home, "default.db"), "CAREDESK_AGENT=tester",
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "CAREDESK_CONFIG=")
}

// noPanic fails on a Go crash report, whatever the exit status.
func noPanic(t testing.TB, r result, args ...string) {
	t.Helper()
	for _, s := range []string{r.stdout, r.stderr} {
		if strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") || strings.Contains(s, "runtime error") {
			t.Fatalf("caredesk %s crashed:\n%s", strings.Join(args, " "), r)
		}
	}
}

// oneLine fails unless stderr is exactly one line naming the program.
func oneLine(t testing.TB, r result, want string) {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "caredesk: ") || !strings.Contains(r.stderr, want) {
		t.Fatalf("want one line on stderr containing %q\n%s", want, r)
	}
}

func wantExit(t testing.TB, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d\n%s", code, r)
	}
}

// writeDemoCSV writes n generated cases as caredesk CSV, the way `caredesk
// generate` does, and returns the path.
func writeDemoCSV(t testing.TB, dir string, n int, seed int64) string {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("demo-%d-%d.csv", n, seed))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if err := generateCSV(f, demo.Config{Cases: n, Seed: seed, Now: now}); err != nil {
		t.Fatal(err)
	}
	return path
}

// readRows reads an import file the way the importer does.
func readRows(t testing.TB, path string) []model.ImportRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := csvio.NewReader(path, f)
	if err != nil {
		t.Fatal(err)
	}
	var rows []model.ImportRow
	for {
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, row)
	}
}

// mustCheck opens db read-only and fails on any problem store.Check finds.
func mustCheck(t testing.TB, path string) {
	t.Helper()
	probs, err := store.VerifyFile(path)
	if err != nil {
		t.Fatalf("check %s: %v", path, err)
	}
	if len(probs) > 0 {
		t.Fatalf("check %s found %d problems:\n%s", path, len(probs), strings.Join(probs, "\n"))
	}
}

func mode(t testing.TB, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// ---- help and usage ----

func TestHelpDescribesEveryFlag(t *testing.T) {
	r := run(t, nil, "--help")
	wantExit(t, r, 0)
	for _, c := range commands() {
		if !strings.Contains(r.stdout, "  "+c.name+" ") {
			t.Errorf("--help does not list %s", c.name)
		}
		h := run(t, nil, c.name, "--help")
		wantExit(t, h, 0)
		if !strings.HasPrefix(h.stdout, "Usage: caredesk "+c.name) || h.stderr != "" {
			t.Errorf("%s --help:\n%s", c.name, h)
		}
		// PrintDefaults writes "  -name ARG" then a tab-indented description.
		lines := strings.Split(h.stdout, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "  -") && (i+1 >= len(lines) || len(strings.TrimSpace(lines[i+1])) < 10) {
				t.Errorf("%s --help: flag %q has no description", c.name, strings.TrimSpace(l))
			}
		}
	}
}

func TestUsageMistakesAreOneLineAndExit2(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "care.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"import", "--frob", "x.csv"}, "flag provided but not defined: -frob"},
		{[]string{"export", "--db", db, "--format", "xml"}, `unknown format "xml"`},
		{[]string{"check", "--db", db, "extra"}, `unexpected argument "extra"`},
		{[]string{"backup", "--db", db}, "name one OUT file"},
		{[]string{"restore", "--db", db}, "name one BACKUP file"},
		{[]string{"import", "--db", db}, "name at least one FILE"},
		{[]string{"--frob"}, "flag provided but not defined: -frob"},
	} {
		r := run(t, nil, tc.args...)
		wantExit(t, r, 2)
		oneLine(t, r, tc.want)
		if strings.Count(r.stderr, "caredesk:") != 1 {
			t.Errorf("caredesk %v: the prefix is not said once: %q", tc.args, r.stderr)
		}
	}
}

func TestMissingAndForeignFilesAreOneClearLine(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("this is a text file, not a database\n", 500)), 0o600)
	small := filepath.Join(dir, "small.txt")
	os.WriteFile(small, []byte("hello\n"), 0o600)
	csv := writeDemoCSV(t, dir, 10, 1)
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--db", filepath.Join(dir, "a.db"), filepath.Join(dir, "nope.csv")}, "no such file"},
		{[]string{"import", "--db", text, csv}, "not a caredesk database"},
		{[]string{"import", "--db", small, csv}, "not a caredesk database"},
		{[]string{"export", "--db", text}, "not a caredesk database"},
		{[]string{"report", "--db", text}, "not a caredesk database"},
		{[]string{"check", "--db", text}, "not a caredesk database"},
		{[]string{"backup", "--db", text, filepath.Join(dir, "copy.db")}, "not a caredesk database"},
		{[]string{"export", "--db", missing}, "no database at"},
		{[]string{"report", "--db", missing}, "no database at"},
		{[]string{"check", "--db", missing}, "no database at"},
		{[]string{"backup", "--db", missing, filepath.Join(dir, "copy.db")}, "no database at"},
		{[]string{"restore", "--db", missing, text}, "not a caredesk database"},
		{[]string{"restore", "--db", missing, filepath.Join(dir, "nope.db")}, "no such file"},
	} {
		r := run(t, nil, tc.args...)
		wantExit(t, r, 1)
		oneLine(t, r, tc.want)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a read-only command created the database")
	}
	if b, _ := os.ReadFile(text); !bytes.HasPrefix(b, []byte("this is a text file")) {
		t.Error("a command wrote into a file that is not a database")
	}
}

// ---- import, export, permissions ----

func TestImportIsIdempotentAndFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	csv := writeDemoCSV(t, dir, 1200, 7)
	db := filepath.Join(dir, "sub", "care.db")
	r := run(t, nil, "import", "--db", db, csv)
	wantExit(t, r, 0)
	if r.stdout != "imported 1200, updated 0, unchanged 0, rejected 0\n" {
		t.Fatalf("%s", r)
	}
	r = run(t, nil, "import", "--db", db, csv)
	wantExit(t, r, 0)
	if r.stdout != "imported 0, updated 0, unchanged 1200, rejected 0\n" {
		t.Fatalf("re-import changed something:\n%s", r)
	}
	if m := mode(t, db); m != 0o600 {
		t.Errorf("database mode %v, want 0600", m)
	}
	if m := mode(t, filepath.Dir(db)); m != 0o700 {
		t.Errorf("database folder mode %v, want 0700", m)
	}
	out := filepath.Join(dir, "export.csv")
	wantExit(t, run(t, nil, "export", "--db", db, "-o", out), 0)
	if m := mode(t, out); m != 0o600 {
		t.Errorf("export mode %v, want 0600", m)
	}
	copyPath := filepath.Join(dir, "copy.db")
	r = run(t, nil, "backup", "--db", db, copyPath)
	wantExit(t, r, 0)
	if m := mode(t, copyPath); m != 0o600 {
		t.Errorf("backup mode %v, want 0600", m)
	}
	mustCheck(t, db)
}

// hostileCases are texts a care desk receives: control bytes, terminal
// escapes, Windows line ends, emoji, right-to-left overrides.
func hostileCases() []model.Case {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	texts := []string{
		"NUL\x00in the middle",
		"\x1b[31mred\x1b[0m and \x1b]0;title\x07 and \x1b[2J clear",
		"windows\r\nline\r\nends\r\n",
		"lone\rcarriage return",
		"emoji 🧾💳 and ZWJ 👩‍👩‍👧 and flags 🇫🇷",
		"bidi \u202eevil\u202c and \u2066isolate\u2069",
		"quote \" comma , semicolon ; tab\there",
		"  leading and trailing spaces  ",
		"=1+2 @SUM(A1) -3 +4",
		"trailing newline\n",
		strings.Repeat("long ", 5000),
		"\ufeffBOM inside",
		"", // empty body
	}
	var out []model.Case
	for i, s := range texts {
		out = append(out, model.Case{
			ExternalID: fmt.Sprintf("H-%02d", i), CreatedAt: at.Add(time.Duration(i) * time.Minute),
			Channel: model.ChannelEmail, Subject: "subject " + s, Body: s,
			Tags:   []string{"hostile/text"},
			Fields: []model.Field{{Key: "note", Value: s + "x"}},
		})
	}
	return out
}

func TestExportImportRoundTripHostileText(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hostile.csv")
	f, _ := os.Create(src)
	cw := csvio.NewCSVWriter(f, []string{"note"})
	for i, c := range hostileCases() {
		cu := model.Customer{Name: fmt.Sprintf("Ünïcødé 🧾 %d", i), Email: fmt.Sprintf("c%d@example.com", i)}
		if err := cw.Write(c, cu); err != nil {
			t.Fatalf("case %s: %v", c.ExternalID, err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, format := range []string{"csv", "jsonl"} {
		t.Run(format, func(t *testing.T) { roundTrip(t, src, format, len(hostileCases())) })
	}
	// The stored text is the sent text, byte for byte.
	db := filepath.Join(dir, "check.db")
	wantExit(t, run(t, nil, "import", "--db", db, src), 0)
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, want := range hostileCases() {
		got, err := s.CaseByExternalID(want.ExternalID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Body != want.Body || got.Subject != want.Subject || !slices.Equal(got.Fields, want.Fields) {
			t.Errorf("%s: stored %q / %q / %v, sent %q / %q / %v", want.ExternalID, got.Subject, got.Body, got.Fields, want.Subject, want.Body, want.Fields)
		}
	}
}

// roundTrip imports src into a fresh database, exports it as format,
// imports that into another fresh database and exports again: the two
// exports must be the same bytes, and nothing may be rejected.
func roundTrip(t *testing.T, src, format string, wantCases int) {
	t.Helper()
	b1, b2 := exportTwice(t, src, format, wantCases)
	if !bytes.Equal(b1, b2) {
		t.Fatalf("export → import → export changed the %s file:\n%s", format, firstDiff(b1, b2))
	}
}

// exportTwice imports src into a fresh database, exports it as format,
// imports that export into another fresh database and exports again.
func exportTwice(t *testing.T, src, format string, wantCases int) (first, second []byte) {
	t.Helper()
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	e1, e2 := filepath.Join(dir, "one."+format), filepath.Join(dir, "two."+format)
	r := run(t, nil, "import", "--db", db1, src)
	wantExit(t, r, 0)
	if want := fmt.Sprintf("imported %d, updated 0, unchanged 0, rejected 0\n", wantCases); r.stdout != want {
		t.Fatalf("want %q\n%s", want, r)
	}
	wantExit(t, run(t, nil, "export", "--db", db1, "--format", format, "-o", e1), 0)
	r = run(t, nil, "import", "--db", db2, e1)
	wantExit(t, r, 0)
	if want := fmt.Sprintf("imported %d, updated 0, unchanged 0, rejected 0\n", wantCases); r.stdout != want {
		t.Fatalf("re-importing the export: want %q\n%s", want, r)
	}
	wantExit(t, run(t, nil, "export", "--db", db2, "--format", format, "-o", e2), 0)
	b1, _ := os.ReadFile(e1)
	b2, _ := os.ReadFile(e2)
	mustCheck(t, db1)
	mustCheck(t, db2)
	return b1, b2
}

// firstDiff shows where two files part.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, clip(string(la[i])), clip(string(lb[i])))
		}
	}
	return fmt.Sprintf("%d lines against %d", len(la), len(lb))
}

func TestCFPBRoundTrip(t *testing.T) {
	ds := datasetsDir(t)
	cfpbFiles := []string{filepath.Join(ds, "cfpb-complaints-2015-2020.csv"), filepath.Join(ds, "cfpb-complaints-2023.csv")}
	dir := t.TempDir()
	db := filepath.Join(dir, "cfpb.db")
	r := run(t, nil, append([]string{"import", "--db", db}, cfpbFiles...)...)
	wantExit(t, r, 0)
	if r.stdout != "imported 8690, updated 0, unchanged 0, rejected 0\n" {
		t.Fatalf("%s", r)
	}
	r = run(t, nil, append([]string{"import", "--db", db}, cfpbFiles...)...)
	if r.stdout != "imported 0, updated 0, unchanged 8690, rejected 0\n" {
		t.Fatalf("re-import changed something:\n%s", r)
	}
	for _, format := range []string{"csv", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			src := filepath.Join(dir, "all."+format)
			wantExit(t, run(t, nil, "export", "--db", db, "--format", format, "-o", src), 0)
			roundTrip(t, src, format, 8690)
		})
	}
}

// ---- check, backup, restore ----

// damage changes the file behind the store's back, as a bug would.
func damage(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
	b.Close()
}

func importDemo(t *testing.T, dir string, n int) string {
	t.Helper()
	db := filepath.Join(dir, "care.db")
	wantExit(t, run(t, nil, "import", "--db", db, writeDemoCSV(t, dir, n, 3)), 0)
	return db
}

func TestCheckReportsAndRepairs(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 500)
	r := run(t, nil, "check", "--db", db)
	wantExit(t, r, 0)
	if !regexp.MustCompile(`^ok: .*care\.db: 500 cases, \d+ customers, \d+ tags, [\d.]+ [KM]B\n$`).MatchString(r.stdout) {
		t.Fatalf("summary:\n%s", r)
	}
	damage(t, db, func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("counts")).Put([]byte("cases"), []byte{0, 0, 0, 0, 0, 0, 0, 9}); err != nil {
			return err
		}
		k, _ := tx.Bucket([]byte("idx_created")).Cursor().First()
		return tx.Bucket([]byte("idx_created")).Delete(slices.Clone(k))
	})
	r = run(t, nil, "check", "--db", db)
	wantExit(t, r, 1)
	if !strings.Contains(r.stdout, `counts "cases" is 9, recount says 500`) || !strings.Contains(r.stdout, "missing from idx_created") {
		t.Fatalf("problems not listed:\n%s", r)
	}
	oneLine(t, r, "2 problems")
	r = run(t, nil, "check", "--db", db, "--repair")
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "repaired\nok: ") {
		t.Fatalf("%s", r)
	}
	wantExit(t, run(t, nil, "check", "--db", db), 0)
	// A case record that does not decode cannot be rebuilt from.
	damage(t, db, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("cases")).Put([]byte{0, 0, 0, 0, 0, 0, 0, 1}, []byte{0xff, 1, 2})
	})
	r = run(t, nil, "check", "--db", db, "--repair")
	wantExit(t, r, 1)
	oneLine(t, r, "restore a backup")
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 300)
	bak := filepath.Join(dir, "monday.db")
	r := run(t, nil, "backup", "--db", db, bak)
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "checked") {
		t.Fatalf("%s", r)
	}
	mustCheck(t, bak)
	// An existing copy is replaced only when asked to.
	r = run(t, nil, "backup", "--db", db, bak)
	wantExit(t, r, 1)
	if !strings.Contains(r.stderr, "--force") {
		t.Fatalf("%s", r)
	}
	wantExit(t, run(t, nil, "backup", "--db", db, "--force", bak), 0)
	// A backup into a folder gets a dated name there.
	wantExit(t, run(t, nil, "backup", "--db", db, t.TempDir()), 0)
	wantExit(t, run(t, nil, "backup", "--db", db, db), 2)

	// Work goes on after the backup; restoring brings Monday back and
	// keeps today's file aside.
	wantExit(t, run(t, nil, "import", "--db", db, writeDemoCSV(t, dir, 50, 99)), 0)
	before, _ := os.ReadFile(db)
	r = run(t, nil, "restore", "--db", db, bak)
	wantExit(t, r, 0)
	m := regexp.MustCompile(`kept at (\S+)`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("%s", r)
	}
	if aside, _ := os.ReadFile(m[1]); !bytes.Equal(aside, before) {
		t.Fatal("the previous database was not kept as it was")
	}
	if mode(t, db) != 0o600 || mode(t, m[1]) != 0o600 {
		t.Fatalf("modes %v %v", mode(t, db), mode(t, m[1]))
	}
	mustCheck(t, db)
	if got := run(t, nil, "check", "--db", db); !strings.Contains(got.stdout, ": 300 cases") {
		t.Fatalf("restored the wrong data:\n%s", got)
	}
	// Two restores in one second keep both previous files.
	wantExit(t, run(t, nil, "restore", "--db", db, bak), 0)
	wantExit(t, run(t, nil, "restore", "--db", db, bak), 0)
	asides, _ := filepath.Glob(db + ".before-restore-*")
	if len(asides) != 3 {
		t.Fatalf("previous databases kept: %v", asides)
	}
	// Restoring into a fresh place needs nothing aside.
	fresh := filepath.Join(dir, "new", "care.db")
	r = run(t, nil, "restore", "--db", fresh, bak)
	wantExit(t, r, 0)
	mustCheck(t, fresh)
}

func TestRestoreRefusesBadBackups(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 200)
	orig, _ := os.ReadFile(db)

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 400)), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, orig[:3*os.Getpagesize()], 0o600)

	damaged := filepath.Join(dir, "damaged.db")
	wantExit(t, run(t, nil, "backup", "--db", db, damaged), 0)
	damage(t, damaged, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("counts")).Put([]byte("cases"), []byte{0, 0, 0, 0, 0, 0, 0, 1})
	})
	newer := filepath.Join(dir, "newer.db")
	wantExit(t, run(t, nil, "backup", "--db", db, newer), 0)
	damage(t, newer, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	for _, tc := range []struct{ file, want string }{
		{text, "not a caredesk database"},
		{empty, "not a caredesk database"},
		{truncated, "is truncated"},
		{damaged, "1 problem"},
		{newer, "newer than this caredesk understands"},
		{filepath.Join(dir, "missing.db"), "no such file"},
		{dir, "is not a file"},
	} {
		r := run(t, nil, "restore", "--db", db, tc.file)
		wantExit(t, r, 1)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("restore %s: want %q\n%s", filepath.Base(tc.file), tc.want, r)
		}
		if now, _ := os.ReadFile(db); !bytes.Equal(now, orig) {
			t.Fatalf("restore of %s changed the database", filepath.Base(tc.file))
		}
	}
	if asides, _ := filepath.Glob(db + ".*"); len(asides) != 0 {
		t.Fatalf("refused restores left files: %v", asides)
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Fatal("verifying a backup wrote to it")
	}
}

// ---- the lock ----

// holdLock starts a helper process that opens db for writing, as the app
// does, and holds it until the test ends.
func holdLock(t *testing.T, db string) { holdOpen(t, db, "hold") }

// holdOpen starts a helper that holds db open: "hold" for writing, "view"
// read-only (as `caredesk --read-only` does).
func holdOpen(t *testing.T, db, mode string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "CAREDESK_HELPER_DB="+db)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "held\n" {
		t.Fatalf("lock helper: %q %v", line, err)
	}
}

func TestSecondProcessGetsLockedMessageQuickly(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 100)
	bak := filepath.Join(dir, "bak.db")
	wantExit(t, run(t, nil, "backup", "--db", db, bak), 0)
	csv := writeDemoCSV(t, dir, 10, 5)
	holdLock(t, db)
	orig, _ := os.ReadFile(db)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--db", db, csv}, "in use by another caredesk process"},
		{[]string{"export", "--db", db}, "in use by another caredesk process"},
		{[]string{"report", "--db", db}, "in use: use :report FILE inside the app"},
		{[]string{"check", "--db", db}, "in use by another caredesk process"},
		{[]string{"check", "--db", db, "--repair"}, "in use by another caredesk process"},
		{[]string{"backup", "--db", db, filepath.Join(dir, "b2.db")}, "in use: use :backup inside the app"},
		{[]string{"restore", "--db", db, bak}, "in use: close the app"},
	} {
		r := run(t, nil, tc.args...)
		wantExit(t, r, 1)
		oneLine(t, r, tc.want)
		if r.took > 2*time.Second {
			t.Errorf("caredesk %s took %v to say the database is in use", tc.args[0], r.took)
		}
	}
	if now, _ := os.ReadFile(db); !bytes.Equal(now, orig) {
		t.Fatal("a refused command changed the database")
	}
	if _, err := os.Stat(filepath.Join(dir, "b2.db")); err == nil {
		t.Fatal("a refused backup left a file")
	}
}

// TestReadCommandsShareTheFileWithViewers proves export, report, check
// and backup open read-only: bbolt lets readers share the file, so they
// work while a viewer has it open, and a writer is refused.
func TestReadCommandsShareTheFileWithViewers(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 100)
	holdOpen(t, db, "view")
	for _, args := range [][]string{
		{"export", "--db", db},
		{"report", "--db", db},
		{"check", "--db", db},
		{"backup", "--db", db, filepath.Join(dir, "copy.db")},
	} {
		wantExit(t, run(t, nil, args...), 0)
	}
	r := run(t, nil, "import", "--db", db, writeDemoCSV(t, dir, 5, 6))
	wantExit(t, r, 1)
	oneLine(t, r, "in use by another caredesk process")
}

// ---- automatic backups ----

func TestAutoBackupInBackground(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 200)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	wait := startAutoBackup(s, db, clock)
	// The app goes on writing while the copy is made.
	if _, err := s.Act(1, 0, "ana", model.AddNote{Text: "written during the backup"}); err != nil {
		t.Fatal(err)
	}
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	copyPath := db + ".backup-2026-11-24"
	if mode(t, copyPath) != 0o600 {
		t.Fatalf("mode %v", mode(t, copyPath))
	}
	mustCheck(t, copyPath)
	// Reopened an hour later: nothing new. A day later: a second copy.
	now = now.Add(time.Hour)
	if err := startAutoBackup(s, db, clock)(); err != nil {
		t.Fatal(err)
	}
	now = now.Add(24 * time.Hour)
	if err := startAutoBackup(s, db, clock)(); err != nil {
		t.Fatal(err)
	}
	list, _ := filepath.Glob(db + ".backup-*")
	if len(list) != 2 {
		t.Fatalf("copies: %v", list)
	}
}

// TestTruncatedDatabaseIsRefusedNotACrash: a database cut short (a copy
// interrupted, a full disk while copying) must get one clear line from
// every command. check, backup and restore say so through
// store.CheckPages; export, report and import crash today with SIGBUS
// inside bbolt, because store.Open maps the file without comparing its
// size with the meta page's high-water mark (store/db.go openBolt should
// call CheckPages, or make the same comparison).
func TestTruncatedDatabaseIsRefusedNotACrash(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 2000)
	whole, _ := os.ReadFile(db)
	// bbolt grows the file ahead of its pages: cut inside the pages.
	b, err := bolt.Open(db, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var used int64
	b.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	b.Close()
	cut := filepath.Join(dir, "cut.db")
	os.WriteFile(cut, whole[:used/2], 0o600)
	csv := writeDemoCSV(t, dir, 5, 8)
	for _, args := range [][]string{
		{"check", "--db", cut},
		{"backup", "--db", cut, filepath.Join(dir, "copy.db")},
		{"restore", "--db", filepath.Join(dir, "new.db"), cut},
		{"export", "--db", cut},
		{"report", "--db", cut},
		{"import", "--db", cut, csv},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := run(t, nil, args...)
			wantExit(t, r, 1)
			oneLine(t, r, "truncated")
		})
	}
}

// TestEmptyFileIsNotADatabaseForReaders: a zero-byte file given to a
// read-only command gets "open x: write x: bad file descriptor" today
// (bbolt tries to initialise it through a read-only handle); store.Open
// should say it is empty, as store.CheckPages does.
func TestEmptyFileIsNotADatabaseForReaders(t *testing.T) {
	zero := filepath.Join(t.TempDir(), "zero.db")
	os.WriteFile(zero, nil, 0o600)
	for _, cmd := range []string{"check", "export", "report"} {
		t.Run(cmd, func(t *testing.T) {
			r := run(t, nil, cmd, "--db", zero)
			wantExit(t, r, 1)
			oneLine(t, r, "zero.db")
			if !strings.Contains(r.stderr, "is empty") && !strings.Contains(r.stderr, "not a caredesk database") {
				t.Fatalf("does not say what is wrong with the file:\n%s", r)
			}
		})
	}
}

// A mistyped flag is one line on stderr and nothing on stdout: the flag
// package's usage dump would bury the line that says what is wrong.
func TestUnknownFlagIsOneLine(t *testing.T) {
	for _, cmd := range []string{"export", "import", "report", "check", "demo"} {
		r := run(t, nil, cmd, "--no-such-flag")
		wantExit(t, r, 2)
		if r.stdout != "" || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "no-such-flag") {
			t.Errorf("%s --no-such-flag:\n%s", cmd, r)
		}
	}
}

// TestCSVCarriesTeamAndConversation: a CSV export holds each case's team
// and its conversation (messages in order, texts holding the cell's own
// markers), import reads both back, and a second export is the same bytes.
func TestCSVCarriesTeamAndConversation(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "mail.csv")
	f, _ := os.Create(src)
	cw := csvio.NewCSVWriter(f, nil)
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	want := map[string][]model.MailRecord{}
	for i := range 3 {
		ext := fmt.Sprintf("M-%d", i)
		c := model.Case{ExternalID: ext, CreatedAt: at, Subject: "Broken kettle", Body: "It arrived cracked.",
			Status: model.StatusOpen, Team: []string{"billing", "", "delivery"}[i]}
		var mail []model.MailRecord
		for j := range i + 1 {
			m := model.Message{Dir: model.DirInbound, At: at.Add(time.Duration(j) * time.Hour), From: "Zoë <z@example.net>",
				To: []string{"desk@example.org"}, Subject: "Broken kettle", MessageID: fmt.Sprintf("<%d.%d@example.net>", i, j),
				Text: fmt.Sprintf("message %d\n--- inbound 2026-11-24T09:30:00Z\n\\ not a header\n", j)}
			if j%2 == 1 {
				m.Dir, m.Author, m.From, m.Delivery = model.DirOutbound, "ana", "desk@example.org", model.DeliverySent
				m.To = []string{"z@example.net"}
			}
			mail = append(mail, model.MailRecord{Message: m})
		}
		want[ext] = mail
		if err := cw.WriteMail(c, model.Customer{Email: "z@example.net"}, mail); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	roundTrip(t, src, "csv", 3)
	if j, _ := exportTwice(t, src, "jsonl", 3); !bytes.Contains(j, []byte(`"team":"billing"`)) || !bytes.Contains(j, []byte(`"team":"delivery"`)) {
		t.Errorf("the jsonl export lacks the teams:\n%s", j)
	}
	db := filepath.Join(dir, "check.db")
	wantExit(t, run(t, nil, "import", "--db", db, src), 0)
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for ext, mail := range want {
		c, err := s.CaseByExternalID(ext)
		if err != nil {
			t.Fatal(err)
		}
		if wantTeam := map[string]string{"M-0": "billing", "M-1": "", "M-2": "delivery"}[ext]; c.Team != wantTeam {
			t.Errorf("%s: team %q, want %q", ext, c.Team, wantTeam)
		}
		all, err := s.Conversation(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var conv []model.Message // without the body shown as the first message
		for _, m := range all {
			if m.Seq != 0 {
				conv = append(conv, m)
			}
		}
		if len(conv) != len(mail) {
			t.Fatalf("%s: %d messages, want %d", ext, len(conv), len(mail))
		}
		for i, m := range conv {
			w := mail[i].Message
			if m.Dir != w.Dir || m.Text != w.Text || m.From != w.From || !m.At.Equal(w.At) || m.MessageID != w.MessageID || m.Delivery != w.Delivery {
				t.Errorf("%s message %d: got %+v, want %+v", ext, i, m, w)
			}
		}
	}
}
