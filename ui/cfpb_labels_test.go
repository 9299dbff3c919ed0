package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

const (
	cfpbCredit       = "credit-reporting-credit-repair-services-or-other-personal-consumer-reports"
	cfpbCreditLabel  = "Credit reporting, credit repair services, or other personal consumer reports"
	cfpbIncorrect    = cfpbCredit + "/incorrect-information-on-your-report"
	cfpbIncorrectLbl = cfpbCreditLabel + " / Incorrect information on your report"
)

// TestCFPBLabelsWhereRoomAllows: importing the CFPB samples gives each
// tag the product and issue as written; the tags pane shows them in a
// column at 200 columns and the current tag's in its bottom line at 80,
// the heatmap's rows read by them at 200 columns (by their slugs at 80),
// and the brief names issues by them.
func TestCFPBLabelsWhereRoomAllows(t *testing.T) {
	hmAscii(t)
	db := cfpbStore(t)

	p := taxOpen(t, db, 200, 50)
	taxSelect(t, p, cfpbIncorrect)
	v := p.View()
	if !strings.Contains(v, "LABEL") || !strings.Contains(v, "Incorrect information on your report") || !strings.Contains(v, "Credit reporting, credit") {
		t.Errorf("the 200-column tags pane does not show the labels:\n%s", v)
	}
	hmCheckLines(t, v, 200, 50)
	p = taxOpen(t, db, 80, 24)
	taxSelect(t, p, cfpbIncorrect)
	v = p.View()
	last := v[strings.LastIndex(v, "\n")+1:]
	if strings.Contains(v, "LABEL") || !strings.Contains(last, "“Credit reporting") || !strings.Contains(last, "your report”") {
		t.Errorf("at 80 columns the current tag's label is not in the bottom line:\n%s", v)
	}
	hmCheckLines(t, v, 80, 24)

	hm := hmOpen(t, db, 200, 50)
	v = hm.View()
	for _, want := range []string{"  Incorrect information on your report ", "▾ Credit reporting, "} {
		if !strings.Contains(v, want) {
			t.Errorf("the 200-column heatmap lacks the label %q:\n%s", want, v)
		}
	}
	hmCheckLines(t, v, 200, 50)
	if v := hmOpen(t, db, 80, 24).View(); strings.Contains(v, "Incorrect information") {
		t.Errorf("at 80 columns the heatmap should read by slugs:\n%s", v)
	}

	h := newHarnessOn(t, db, hmNow, 200, 50)
	h.deadline = 20 * time.Second // a brief of 8,690 complaints, on a busy machine
	h.keys("3")
	for _, name := range []string{"brief.md", "brief.html"} {
		path := filepath.Join(t.TempDir(), name)
		h.run(h.a.runCommand("report " + path))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("no brief: %v (status %q)", err, h.a.statusText)
		}
		if !strings.Contains(string(b), "Incorrect information on your report") {
			t.Errorf("%s does not name issues by their labels:\n%.2000s", name, b)
		}
	}
}

// TestTaxonomyEditLabel: l lets a lead name a tag readably; an empty
// label takes it off.
func TestTaxonomyEditLabel(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 140, 20)
	taxSelect(t, p, "billing/double-charge")
	hmKeys(p, "l")
	hmType(p, "Charged twice\x1b[31m for one order")
	text, isErr := taxStatus(t, anys(hmKeys(p, "enter")))
	if isErr || text != `labelled billing/double-charge "Charged twice[31m for one order"` {
		t.Errorf("status %q", text)
	}
	if ti, _ := p.current(); ti.Label != "Charged twice[31m for one order" {
		t.Errorf("label %q", ti.Label)
	}
	if v := p.View(); !strings.Contains(v, "LABEL") || !strings.Contains(v, "Charged twice") {
		t.Errorf("the label is not shown:\n%s", v)
	}
	hmKeys(p, "l", "ctrl+u")
	if text, _ := taxStatus(t, anys(hmKeys(p, "enter"))); text != "took the label off billing/double-charge" {
		t.Errorf("status %q", text)
	}
	if v := p.View(); strings.Contains(v, "LABEL") {
		t.Errorf("a label column with no labels:\n%s", v)
	}
}

// TestTaxonomyLastUsedIsWhenAdded: a tag an agent adds today to a case
// filed weeks ago shows today as its LAST USED, not the case's filing day.
func TestTaxonomyLastUsedIsWhenAdded(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	c, err := db.CaseByExternalID("T-001") // filed 37 hours before hmNow
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(c.ID, 0, "ana", model.AddTag{Tag: "account/login"}); err != nil {
		t.Fatal(err)
	}
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "account/login")
	today := hmNow.Format("2006-01-02")
	for _, l := range strings.Split(p.View(), "\n") {
		if strings.HasPrefix(l, "› account/login") && !strings.HasSuffix(strings.TrimSpace(l), today) {
			t.Errorf("LAST USED of a tag added today: %q, want %s", l, today)
		}
	}
}
