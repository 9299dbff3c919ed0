package server

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	for raw, want := range map[string][]string{
		``:                                       nil,
		`   `:                                    nil,
		`report --format md`:                     {"report", "--format", "md"},
		`report --filter '@me is:overdue'`:       {"report", "--filter", "@me is:overdue"},
		`report --filter "@me is:overdue"`:       {"report", "--filter", "@me is:overdue"},
		`report --filter '"never arrived"'`:      {"report", "--filter", `"never arrived"`},
		`report --filter "say \"hi\" \$HOME \x"`: {"report", "--filter", `say "hi" $HOME \x`},
		`a\ b 'c'"d"e`:                           {"a b", "cde"},
		`report --filter $(rm -rf /) ; echo; ` + "`x`": {"report", "--filter", "$(rm", "-rf", "/)", ";", "echo;", "`x`"},
		`''`: {""},
	} {
		got, err := splitCommand(raw)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{`report --filter 'x`, `report --filter "x`, `"\"`} {
		if _, err := splitCommand(raw); err == nil {
			t.Errorf("%s: no error for an open quote", raw)
		}
	}
}

func FuzzSplitCommand(f *testing.F) {
	for _, s := range []string{`report --filter '@me is:overdue' --format md`, `a "b\"c" d\ e`, `'`, `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		words, err := splitCommand(raw)
		if err != nil {
			return
		}
		// Words of plain letters, joined and split again, are the same.
		for _, w := range words {
			if len(w) > len(raw) {
				t.Fatalf("%q: word %q longer than the command", raw, w)
			}
		}
		again, err := splitCommand(quoteWords(words))
		if err != nil || !reflect.DeepEqual(again, words) && len(words) > 0 {
			t.Fatalf("%q: %q quoted and split again is %q (%v)", raw, words, again, err)
		}
	})
}

// quoteWords quotes each word in single quotes, the way a shell user would.
func quoteWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func TestJoinFilterWords(t *testing.T) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("filter", "", "")
	fs.String("format", "", "")
	for _, tc := range []struct{ in, want []string }{
		{[]string{"--filter", "@me", "is:overdue", "--format", "md"}, []string{"--filter", "@me is:overdue", "--format", "md"}},
		{[]string{"--filter=@me", "is:overdue"}, []string{"--filter=@me is:overdue"}},
		{[]string{"-filter", "refund", "-chargeback", "--format=md"}, []string{"-filter", "refund -chargeback", "--format=md"}},
		{[]string{"--format", "md", "stray"}, []string{"--format", "md", "stray"}},
		{[]string{"--filter"}, []string{"--filter"}},
		{[]string{"--filter", "x", "--help"}, []string{"--filter", "x", "--help"}},
	} {
		if got := joinFilterWords(fs, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %q; want %q", tc.in, got, tc.want)
		}
	}
}

// The README's example: ssh joins the words of
//
//	ssh … bo@host report --filter '@me is:overdue' --format md
//
// so the server receives report --filter @me is:overdue --format md. It
// reports the same as the quoted forms, over a real SSH session.
func TestReportFilterWithSpacesOverSSH(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 40}, bo)
	want, errOut, code := d.run(bo, `report --filter "status:new -tag:billing/" --format csv`, nil)
	if code != 0 || !strings.Contains(want, "tag,period,count") {
		t.Fatalf("quoted: exit %d: %s %s", code, want, errOut)
	}
	all, _, _ := d.run(bo, `report --format csv`, nil)
	if all == want {
		t.Fatal("the filter changed nothing: the test cannot tell")
	}
	for _, raw := range []string{
		`report --filter 'status:new -tag:billing/' --format csv`,
		`report --filter status:new -tag:billing/ --format csv`, // as ssh sends it unquoted
		`report --format csv --filter=status:new -tag:billing/`,
	} {
		out, errOut, code := d.run(bo, raw, nil)
		if code != 0 || out != want {
			t.Errorf("%s: exit %d %s\n%s\nwant\n%s", raw, code, errOut, out, want)
		}
	}
	_, errOut, code = d.run(bo, `report --filter 'status:new`, nil)
	if code != 1 || !strings.Contains(errOut, "the command cannot be read: a ' is not closed") {
		t.Errorf("an open quote: exit %d %q", code, errOut)
	}
	// Nothing a user sends becomes a command or a path on the server.
	mark := filepath.Join(d.dir, "ran")
	_, _, _ = d.run(bo, "report --filter $(touch "+mark+") `touch "+mark+"` ; touch "+mark, nil)
	if _, err := os.Stat(mark); err == nil {
		t.Fatal("a word ran as a shell command")
	}
}
