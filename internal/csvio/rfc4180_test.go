package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// scanned is one record or error as the scanner saw it.
type scanned struct {
	line   int
	fields []string
	err    string // "fatal:" prefix for a fatal error
}

func (s scanned) String() string {
	if s.err != "" {
		return fmt.Sprintf("%d:err(%s)", s.line, s.err)
	}
	return fmt.Sprintf("%d:%q", s.line, s.fields)
}

func scanAll(t testing.TB, r io.Reader) []scanned {
	t.Helper()
	sc := newScanner(newSource(r))
	var out []scanned
	for range 1_000_000 {
		err := sc.next()
		if err == io.EOF {
			return out
		}
		var pe *parseError
		if errors.As(err, &pe) {
			e := pe.reason
			if pe.fatal {
				e = "fatal"
			}
			out = append(out, scanned{line: pe.line, err: e})
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, scanned{line: sc.line, fields: sc.strings(nil)})
	}
	t.Fatal("scanner does not end")
	return nil
}

func rec(line int, f ...string) scanned { return scanned{line: line, fields: f} }
func bad(line int, err string) scanned  { return scanned{line: line, err: err} }

const (
	bareQuote  = `bare " in an unquoted field (quote the whole field and double the quote)`
	afterQuote = "after a closing quote (a quote inside a quoted field must be doubled)"
)

func TestScanner(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []scanned
	}{
		{"lf", "a,b\nc,d\n", []scanned{rec(1, "a", "b"), rec(2, "c", "d")}},
		{"crlf", "a,b\r\nc,d\r\n", []scanned{rec(1, "a", "b"), rec(2, "c", "d")}},
		{"mixed, no final newline", "a,b\r\nc,d\ne,f", []scanned{rec(1, "a", "b"), rec(2, "c", "d"), rec(3, "e", "f")}},
		{"crlf kept inside quotes", "\"x\r\ny\",z\r\n", []scanned{rec(1, "x\r\ny", "z")}},
		{"lone cr inside quotes", "\"x\ry\"\n", []scanned{rec(1, "x\ry")}},
		{"lone cr unquoted", "a\rb,c\n", []scanned{rec(1, "a\rb", "c")}},
		{"final cr", "a,b\r", []scanned{rec(1, "a", "b")}},
		{"final cr after quote", "\"a\"\r", []scanned{rec(1, "a")}},
		{"doubled quotes", `"a""b","""",""""""` + "\n", []scanned{rec(1, `a"b`, `"`, `""`)}},
		{"blank lines", "a\n\n\r\n\nb\n\n", []scanned{rec(1, "a"), rec(5, "b")}},
		{"empty fields", ",,\n,\n", []scanned{rec(1, "", "", ""), rec(2, "", "")}},
		{"quoted empty is a record", "\"\"\n", []scanned{rec(1, "")}},
		{"trailing comma at end", "a,", []scanned{rec(1, "a", "")}},
		{"nul and controls", "a\x00b,\x1b[31m\x7f\n", []scanned{rec(1, "a\x00b", "\x1b[31m\x7f")}},
		{"spaces kept", " a , \" b \" \n", nil}, // a space before a quote makes it bare
		{"spaces kept unquoted", " a , b \n", []scanned{rec(1, " a ", " b ")}},
		{"multi-line then next", "\"a\nb\nc\",d\ne,f\n", []scanned{rec(1, "a\nb\nc", "d"), rec(4, "e", "f")}},
		{"bare quote", "a,b\"c\nd,e\n", []scanned{bad(1, bareQuote), rec(2, "d", "e")}},
		{"junk after quote", "\"a\"b,c\nd\n", []scanned{bad(1, `'b' `+afterQuote), rec(2, "d")}},
		{"lone cr after quote", "\"a\"\rb\nc\n", []scanned{bad(1, `'\r' `+afterQuote), rec(2, "c")}},
		{"junk after quote on line 3 of a record", "x,\"a\nb\nc\"d\ne\n", []scanned{bad(3, `'d' `+afterQuote), rec(4, "e")}},
		{"unterminated", "a\n\"b,c\nd\ne\n", []scanned{rec(1, "a"), bad(2, "fatal")}},
		{"unterminated at once", "\"", []scanned{bad(1, "fatal")}},
		{"utf-8 and bidi", "é,\u202e,😀\n", []scanned{rec(1, "é", "\u202e", "😀")}},
		{"empty", "", nil},
		{"only newlines", "\n\r\n\n", nil},
	} {
		if tc.name == "spaces kept" {
			tc.want = []scanned{bad(1, bareQuote)}
		}
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []struct {
				name string
				r    io.Reader
			}{{"whole", strings.NewReader(tc.in)}, {"byte by byte", iotest.OneByteReader(strings.NewReader(tc.in))},
				{"halves", iotest.HalfReader(strings.NewReader(tc.in))}} {
				if got := scanAll(t, r.r); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s:\n got %v\nwant %v", r.name, got, tc.want)
				}
			}
		})
	}
}

// Fields longer than the read buffer, and quotes and line ends that fall on
// its edges.
func TestScannerBufferEdges(t *testing.T) {
	long := strings.Repeat("x", bufSize-3)
	for _, in := range []string{
		long + "\"\"\"\r\n\"\n",
		"\"" + long + "\"\"\",b\r\n",
		long + "\r\n" + long + "\r\n",
		"\"" + strings.Repeat("a\r\n", bufSize) + "\"\r\nz\n",
	} {
		want := scanAll(t, iotest.OneByteReader(strings.NewReader(in)))
		for _, n := range []int{bufSize - 2, bufSize - 1, bufSize, bufSize + 1} {
			got := scanAll(t, io.MultiReader(strings.NewReader(in[:min(n, len(in))]), strings.NewReader(in[min(n, len(in)):])))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("split at %d: got %.200v, want %.200v", n, got, want)
			}
		}
	}
}

func TestScannerLimits(t *testing.T) {
	sc := newScanner(newSource(strings.NewReader("a,b,c,d\n\"" + strings.Repeat("y", 100) + "\"\nok\n")))
	sc.maxFields, sc.maxRecord = 3, 50
	var got []string
	for {
		err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, strings.Join(sc.strings(nil), "|"))
	}
	want := []string{"line 1: record is too big (over 50 bytes or 3 fields); skipped",
		"line 2: record is too big (over 50 bytes or 3 fields); skipped", "ok"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// FuzzRFC4180 checks the scanner against encoding/csv: on any input that
// encoding/csv reads without error, ours must give the same records on the
// same lines (after undoing encoding/csv's "\r\n" → "\n" in quoted fields),
// and the other way round.
func FuzzRFC4180(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", "\"a\r\nb\",c\r\n", "a\"b\n", "\"a\"b\n", "\n\n\"\"\n", "x\r", "\"\"\"\"\r\n,\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog(in)()
		cr := csv.NewReader(bytes.NewReader(in))
		cr.FieldsPerRecord = -1
		var want []scanned
		var csvErr error
		for {
			r, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				csvErr = err
				break
			}
			line, _ := cr.FieldPos(0)
			want = append(want, rec(line, r...))
		}
		got := scanAll(t, bytes.NewReader(in))
		ok := true
		for _, g := range got {
			if g.err != "" {
				ok = false
			}
			for i, f := range g.fields {
				g.fields[i] = strings.ReplaceAll(f, "\r\n", "\n")
			}
		}
		if (csvErr == nil) != ok {
			t.Fatalf("encoding/csv error %v; ours %v", csvErr, got)
		}
		if ok && !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("\n got %q\nwant %q", got, want)
		}
	})
}
