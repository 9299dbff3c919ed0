package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Two CFPB areas differ only in their middle; the middle cut made both
// read "credit-rep…onsumer-reports" (a new-user finding). Among siblings a
// cut keeps where they part.
func TestTruncateApartKeepsWhereSiblingsPart(t *testing.T) {
	a := "credit-reporting-credit-repair-services-or-other-personal-consumer-reports"
	b := "credit-reporting-or-other-personal-consumer-reports"
	for _, w := range []int{12, 16, 20, 30} {
		ca, cb := TruncateApart(a, []string{b}, w), TruncateApart(b, []string{a}, w)
		if ca == cb || ansi.StringWidth(ca) > w || ansi.StringWidth(cb) > w {
			t.Errorf("width %d: %q and %q", w, ca, cb)
		}
	}
	// Without a look-alike sibling it is the middle cut.
	if got, want := TruncateApart(a, []string{"mortgage"}, 20), TruncateMiddle(a, 20); got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestCFPBAreasReadApartAt80Columns(t *testing.T) {
	hmAscii(t)
	v := hmOpen(t, cfpbStore(t), 80, 24).View()
	var areas []string
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if i := strings.IndexAny(l, "▸▾"); i >= 0 && strings.Contains(l, "credit-") {
			areas = append(areas, strings.Fields(l[i:])[1])
		}
	}
	if len(areas) < 2 {
		t.Fatalf("the credit-reporting areas are not on screen:\n%s", v)
	}
	seen := map[string]bool{}
	for _, a := range areas {
		if seen[a] {
			t.Errorf("two areas read %q:\n%s", a, v)
		}
		seen[a] = true
	}
}
