package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// hostileTimeout bounds each import of a hostile file: a hang fails.
const hostileTimeout = 30 * time.Second

// hostileFile is one file `caredesk import` must survive.
type hostileFile struct {
	name string
	make func(path string) error // writes the file; nil: path is made by hand
	// what must happen: the exit status, and text stdout or stderr holds
	code int
	want string
}

func writeBytes(b []byte) func(string) error {
	return func(p string) error { return os.WriteFile(p, b, 0o600) }
}

func writeString(s string) func(string) error { return writeBytes([]byte(s)) }

const hdr = "external_id,created_at,subject,body\n"

func hostileFiles() []hostileFile {
	rng := rand.New(rand.NewPCG(42, 42))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	wide := func(p string) error {
		var b strings.Builder
		b.WriteString("external_id,created_at")
		for i := 0; i < 9998; i++ {
			fmt.Fprintf(&b, ",col%d", i)
		}
		b.WriteString("\n")
		for r := 0; r < 3; r++ {
			fmt.Fprintf(&b, "W-%d,2026-01-02T03:04:05Z", r)
			for i := 0; i < 9998; i++ {
				if i%1000 == r {
					fmt.Fprintf(&b, ",v%d", i)
				} else {
					b.WriteString(",")
				}
			}
			b.WriteString("\n")
		}
		return os.WriteFile(p, []byte(b.String()), 0o600)
	}
	return []hostileFile{
		{"10mb-body.csv", writeString(hdr + "BIG-1,2026-01-02T03:04:05Z,big," + strings.Repeat("x", 10<<20) + "\nOK-1,2026-01-02T03:04:05Z,small,fine\n"), 0, "10mb-body.csv:2: case BIG-1: the description is 10.5 MB, far past what a person writes: kept whole"},
		{"10000-columns.csv", wide, -1, ""},
		{"random.bin", writeBytes(random), 1, "not a CSV"},
		{"empty.csv", writeString(""), 1, "empty"},
		{"blank-lines.csv", writeString("\n\n\r\n  \n"), 1, ""},
		{"header-only.csv", writeString(hdr), 0, "imported 0, updated 0, unchanged 0, rejected 0"},
		{"crlf-lf-mixed.csv", writeString("external_id,created_at,subject,body\r\nM-1,2026-01-02T03:04:05Z,one,a\r\nM-2,2026-01-02T03:04:05Z,two,\"b\r\nc\"\nM-3,2026-01-02T03:04:05Z,three,d\n"), 0, "imported 3, updated 0, unchanged 0, rejected 0"},
		{"bom.csv", writeString("\ufeff" + hdr + "B-1,2026-01-02T03:04:05Z,bom,body\n"), 0, "imported 1, updated 0, unchanged 0, rejected 0"},
		{"nul-in-field.csv", writeString(hdr + "N-1,2026-01-02T03:04:05Z,nul,a\x00b\nN-2,2026-01-02T03:04:05Z,\x00,\x00\x00\n"), 0, "imported 2"},
		{"nul-in-header.csv", writeString("external_id\x00,created_at\nX,2026-01-02T03:04:05Z\n"), 1, "binary"},
		{"unterminated-quote.csv", writeString(hdr + "Q-1,2026-01-02T03:04:05Z,ok,fine\nQ-2,2026-01-02T03:04:05Z,\"never closed,body\nQ-3,2026-01-02T03:04:05Z,after,x\n"), 1, ":3:"},
		{"wrong-field-count.csv", writeString(hdr + "F-1,2026-01-02T03:04:05Z,ok\nF-2,2026-01-02T03:04:05Z,ok,fine\n"), 1, ":2: 3 fields"},
		{"invalid-utf8.csv", writeString(hdr + "U-1,2026-01-02T03:04:05Z,\xff\xfe,body\nU-2,2026-01-02T03:04:05Z,ok,fine\n"), 1, ":2:"},
		{"bad-date.csv", writeString(hdr + "D-1,yesterday,s,b\nD-2,2026-01-02T03:04:05Z,s,b\n"), 1, ":2: bad created_at"},
		{"no-id-column.csv", writeString("name,when\nx,y\n"), 1, "no external_id"},
		{"broken.jsonl", writeString("{\"external_id\":\"J-1\",\"created_at\":\"2026-01-02T03:04:05Z\"}\n{\"external_id\": \n[1,2,3]\n"), 1, ":2:"},
		{"one-line-20mb.csv", writeString(hdr + strings.Repeat("y", 20<<20)), 1, ""},
		{"directory", func(p string) error { return os.Mkdir(p, 0o700) }, 1, "is a folder"},
		{"missing.csv", nil, 1, "no such file"},
	}
}

// rowErrorLine is how a rejected row is reported: file:line: reason;
// warningLine a row kept with a warning (a 10 MB description).
var (
	rowErrorLine = regexp.MustCompile(`^\S+:\d+: \S.*$`)
	warningLine  = regexp.MustCompile(`^warning: import \S+:\d+: \S.*$`)
)

func TestHostileImports(t *testing.T) {
	dir := t.TempDir()
	var table []string
	for _, h := range hostileFiles() {
		t.Run(h.name, func(t *testing.T) {
			path := filepath.Join(dir, h.name)
			if h.make != nil {
				if err := h.make(path); err != nil {
					t.Fatal(err)
				}
			}
			db := filepath.Join(dir, h.name+".db")
			r := runWithin(t, hostileTimeout, nil, "import", "--db", db, path)
			table = append(table, fmt.Sprintf("| %s | %d | %s | %s |", h.name, r.code, strings.TrimSpace(r.stdout), firstLine(r.stderr)))
			// Every line of stderr is a rejected row, a warning with its
			// file:line (the row is kept), or the one closing error.
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			complaints := ""
			for i, l := range lines {
				if l == "" && len(lines) == 1 || warningLine.MatchString(l) {
					continue
				}
				complaints += l + "\n"
				if !rowErrorLine.MatchString(l) && !(i == len(lines)-1 && strings.HasPrefix(l, "caredesk: ")) {
					t.Errorf("stderr line %d is neither file:line: reason nor the closing error: %q", i+1, clip(l))
				}
			}
			// The status says whether everything went in.
			clean := strings.Contains(r.stdout, "rejected 0") && complaints == ""
			if clean != (r.code == 0) {
				t.Errorf("exit %d does not match what happened\n%s", r.code, r)
			}
			if h.code >= 0 && r.code != h.code {
				t.Errorf("want exit %d\n%s", h.code, r)
			}
			if h.want != "" && !strings.Contains(r.stdout+r.stderr, h.want) {
				t.Errorf("want %q\n%s", h.want, r)
			}
			if r.code == 0 && complaints != "" {
				t.Errorf("success with complaints\n%s", r)
			}
			if _, err := os.Stat(db); err == nil {
				mustCheck(t, db)
			}
		})
	}
	t.Logf("hostile imports:\n| file | exit | stdout | stderr (first line) |\n| --- | --- | --- | --- |\n%s", strings.Join(table, "\n"))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.ReplaceAll(s, "|", "\\|")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return string(bytes.ToValidUTF8([]byte(s), []byte("?")))
}

// TestHeaderErrorsNameTheFile: a file refused as a whole (empty, binary,
// no usable header) must be named, as file:line: reason, like a rejected
// row. csvio.NewReader says "name:line: reason", but cli.Main prints
// model.ErrorMessage(err), which keeps only the inner domain error's
// message and drops the file name: with several files on the command line
// the user cannot tell which one was refused. Printing err.Error() in Main
// would keep it (a model.Error's Error() is its Message).
func TestHeaderErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	for _, h := range hostileFiles() {
		switch h.name {
		case "random.bin", "empty.csv", "nul-in-header.csv", "no-id-column.csv":
		default:
			continue
		}
		t.Run(h.name, func(t *testing.T) {
			path := filepath.Join(dir, h.name)
			h.make(path)
			ok := filepath.Join(dir, "fine.csv")
			os.WriteFile(ok, []byte(hdr), 0o600)
			r := run(t, nil, "import", "--db", filepath.Join(dir, "care.db"), ok, path)
			wantExit(t, r, 1)
			oneLine(t, r, h.name)
		})
	}
}

// TestOneBadRowDoesNotSinkItsBatch: a created_at that is valid RFC 3339
// but outside 1900–2200 passes csvio's reader and is refused by
// store.Import (normalizeRow), which fails the whole batch's transaction:
// the good rows around it are not imported, the import stops there, and
// the summary counts the row as neither imported nor rejected. It should
// be one rejected row (file:line: reason) like any other: csvio could
// apply the store's range, or store.Import could report bad rows and
// commit the rest.
func TestOneBadRowDoesNotSinkItsBatch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dates.csv")
	os.WriteFile(path, []byte(hdr+"D-1,2026-01-02T03:04:05Z,s,b\nD-2,1066-10-14T09:00:00Z,s,b\nD-3,2026-01-03T03:04:05Z,s,b\n"), 0o600)
	r := run(t, nil, "import", "--db", filepath.Join(dir, "care.db"), path)
	wantExit(t, r, 1)
	if r.stdout != "imported 2, updated 0, unchanged 0, rejected 1\n" || !strings.HasPrefix(r.stderr, path+":3: ") {
		t.Fatalf("want D-1 and D-3 imported and line 3 rejected\n%s", r)
	}
}
