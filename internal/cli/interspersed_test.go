package cli

import (
	"flag"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A newcomer reads "flags go after the command" as "anywhere after it":
// backup OUT --force must not take --force for a second OUT file.
func TestFlagsAfterTheFileAreFlags(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 20)
	out := filepath.Join(dir, "lnk.db")
	wantExit(t, run(t, nil, "backup", "--db", db, out), 0)
	r := run(t, nil, "backup", "--db", db, out, "--force")
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "backed up") {
		t.Fatalf("%s", r)
	}
	// A flag after the files of import too.
	r = run(t, nil, "import", writeDemoCSV(t, dir, 5, 7), "--db", filepath.Join(dir, "other.db"))
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "imported 5") {
		t.Fatalf("%s", r)
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		force bool
		db    string
		rest  []string
	}{
		{[]string{"out.db", "--force"}, true, "", []string{"out.db"}},
		{[]string{"--db", "d", "a", "b", "--force"}, true, "d", []string{"a", "b"}},
		{[]string{"a", "--db", "d", "b"}, false, "d", []string{"a", "b"}},
		{[]string{"-", "--force"}, true, "", []string{"-"}},
		// "--" ends the flags: a file may be called --force.
		{[]string{"a", "--", "--force", "b"}, false, "", []string{"a", "--force", "b"}},
		{[]string{"--"}, false, "", nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		force := fs.Bool("force", false, "")
		db := fs.String("db", "", "")
		if err := parseInterspersed(fs, tc.args); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			rest = nil
		}
		if *force != tc.force || *db != tc.db || !reflect.DeepEqual(rest, tc.rest) {
			t.Errorf("%v: force %v db %q args %q; want %v %q %q", tc.args, *force, *db, rest, tc.force, tc.db, tc.rest)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := parseInterspersed(fs, []string{"a", "--frob"}); err == nil || !strings.Contains(err.Error(), "-frob") {
		t.Fatalf("an unknown flag after a file: %v", err)
	}
}

func TestUsageLineNamesConfig(t *testing.T) {
	r := run(t, nil, "--help")
	if !strings.Contains(r.stdout, "caredesk [--db PATH] [--config PATH]") {
		t.Fatalf("the usage line omits --config:\n%s", r.stdout)
	}
}
