package cli

import (
	"strings"
	"testing"
)

// A generated workload imported into a kept demo desk adds cases: its
// external ids were the demo's own DEMO-000001…, so the import overwrote
// the demo's cases with unrelated customers and texts.
func TestGeneratedCasesAddToTheDemoDesk(t *testing.T) {
	s, _, _ := seededDemo(t, 60)
	path := s.Path()
	s.Close()
	dir := t.TempDir()
	r := run(t, nil, "import", "--db", path, writeDemoCSV(t, dir, 60, 7), writeDemoCSV(t, dir, 60, 8))
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "imported 120, updated 0, unchanged 0, rejected 0") {
		t.Fatalf("two seeds into the demo desk:\n%s", r)
	}
}
