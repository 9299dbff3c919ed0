package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/ingest"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/x/ansi"
)

// cfpbStore is a real store with the CFPB samples of testdata/cfpb
// imported: 2015–2023, hundreds of weeks (a copy of one imported once per
// test binary).
func cfpbStore(t *testing.T) model.CaseService {
	t.Helper()
	return storeCopy(t, "cfpb", importCFPB)
}

func importCFPB(t testing.TB, db *store.DB) {
	t.Helper()
	files, _ := filepath.Glob("../testdata/cfpb/*.csv")
	if len(files) == 0 {
		t.Fatal("no CFPB samples in testdata/cfpb")
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ingest.File(db, f, r, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
}

// TestHeatmapOpensOnTheLatest26Weeks: years of CFPB complaints open on the
// latest 26 weeks with data, said in the title, and the brief :report
// writes says the same range and that its totals are for it.
func TestHeatmapOpensOnTheLatest26Weeks(t *testing.T) {
	hmAscii(t)
	db := cfpbStore(t)
	p := hmOpen(t, db, 200, 50)
	if n := len(p.m.Periods); n != defaultWeeks {
		t.Fatalf("the heatmap opened on %d weeks, want %d", n, defaultWeeks)
	}
	from := p.m.Periods[0].Start.String()
	v := p.View()
	if !strings.Contains(strings.SplitN(v, "\n", 2)[0], "from "+from) {
		t.Errorf("the title does not say the range starts %s:\n%s", from, v)
	}
	hmCheckLines(t, v, 200, 50)

	// The brief :report writes covers the same weeks and says so.
	h := newHarnessOn(t, db, hmNow, 200, 50)
	h.deadline = 20 * time.Second // a brief of 8,690 complaints, on a busy machine
	h.keys("3")
	path := filepath.Join(t.TempDir(), "brief.md")
	h.run(h.a.runCommand("report " + path))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no brief: %v (status %q)", err, h.a.statusText)
	}
	if !strings.Contains(string(b), "Every total is for "+from+" to ") || !strings.Contains(string(b), "(26 weeks") {
		t.Errorf("the brief does not say its range:\n%.600s", b)
	}
}

// TestHeatmapLabelsKeepWhatTellsSiblingsApart: with room, the label column
// widens to show CFPB issues whole; a label still too long loses its
// middle, not its end. (At 200 columns rows read by the CFPB's own
// wording since tags carry labels; the slugs are checked at 150.)
func TestHeatmapLabelsKeepWhatTellsSiblingsApart(t *testing.T) {
	hmAscii(t)
	db := cfpbStore(t)
	p := hmOpen(t, db, 200, 50)
	v := p.View()
	for _, want := range []string{"   Incorrect information on your report ", "   Problem with fraud alerts or security freezes ",
		"Credit reporting, …r personal consumer reports", "Credit reporting o…r personal consumer reports"} {
		if !strings.Contains(v, want) {
			t.Errorf("the 200-column heatmap lacks %q:\n%s", want, v)
		}
	}
	p = hmOpen(t, db, 150, 50)
	v = p.View()
	// Slugs, cut in the middle; the two credit-reporting areas, whose middle
	// cuts read the same ("credit-repor…nal-consumer-reports", which this
	// test used to pin for both), keep where they part.
	for _, want := range []string{"   incorrect-in…ation-on-your-report", "▾ cred…credit-repair-services-or-o…", "▾ cred…or-other-personal-consumer-…"} {
		if !strings.Contains(v, want) {
			t.Errorf("the 150-column heatmap lacks %q:\n%s", want, v)
		}
	}
}

func TestTruncateMiddle(t *testing.T) {
	for _, tc := range []struct {
		s    string
		w    int
		want string
	}{
		{"incorrect-information-on-your-report", 40, "incorrect-information-on-your-report"},
		{"incorrect-information-on-your-report", 20, "incorre…-your-report"},
		{"short", 3, "sh…"},
		{"漢字漢字漢字漢字漢字", 9, "漢…字漢字"},
	} {
		got := TruncateMiddle(tc.s, tc.w)
		if got != tc.want || ansi.StringWidth(got) > tc.w {
			t.Errorf("TruncateMiddle(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
	}
}

// TestCFPBNearDuplicatesAreVariantsNotProducts: the same issue under two
// products (mortgage/incorrect-information-on-your-report and
// credit-reporting-…/incorrect-information-on-your-report) is not offered
// as a duplicate; the pane's reason column reads at 120 columns.
func TestCFPBNearDuplicatesAreVariantsNotProducts(t *testing.T) {
	hmAscii(t)
	db := cfpbStore(t)
	tags, err := db.Tags()
	if err != nil {
		t.Fatal(err)
	}
	pairs := nearDuplicates(tags)
	for _, d := range pairs {
		if model.TagArea(d.from) != model.TagArea(d.to) && model.TagIssue(d.from) == model.TagIssue(d.to) {
			t.Errorf("the same issue under two products offered as a duplicate: %s → %s (%s)", d.from, d.to, d.reason)
		}
	}
	p := taxOpen(t, db, 120, 30)
	hmKeys(p, "d")
	v := p.View()
	for _, d := range pairs[:min(3, len(pairs))] {
		if !strings.Contains(v, d.reason) {
			t.Errorf("the reason %q is not shown whole at 120 columns:\n%s", d.reason, v)
		}
	}
	if len(pairs) == 0 {
		t.Error("no wording variants found on the CFPB samples (trouble-using-the-card, trouble-using-your-card)")
	}
}
