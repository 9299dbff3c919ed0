package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
)

// TestCFPBSearchFindsWhatTheCustomersWrote: on the CFPB samples the queue's
// search and the report's --filter (which the heatmap's filter runs too) list exactly the
// cases whose text holds the words — counted here by reading every case —
// where the fuzzy search listed thousands.
func TestCFPBSearchFindsWhatTheCustomersWrote(t *testing.T) {
	db := cfpbStore(t)
	type text struct {
		id    model.CaseID
		words map[string]bool
	}
	var all []text
	err := db.EachSummary(func(s model.Summary) error {
		c, err := db.Case(s.ID)
		if err != nil {
			return err
		}
		parts := append([]string{c.Subject, c.Body, c.ExternalID}, c.Tags...)
		for _, f := range c.Fields {
			parts = append(parts, f.Value)
		}
		ws := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(strings.Join(parts, " ")), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			ws[w] = true
		}
		all = append(all, text{s.ID, ws})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	recount := func(words ...string) int {
		n := 0
		for _, c := range all {
			in := true
			for _, w := range words {
				in = in && c.words[w]
			}
			if in {
				n++
			}
		}
		return n
	}
	h := newHarnessOn(t, db, hmNow, 120, 30)
	h.deadline = 120 * time.Second // loading 8,690 complaints, -race on a busy machine
	for _, query := range []string{"escrow", "einstein", "einstein associates law firm", "mortgage escrow"} {
		want := recount(strings.Fields(query)...)
		if want == 0 || want > 1000 {
			t.Fatalf("%q: the samples hold it in %d cases: pick another word", query, want)
		}
		h.keys("esc", "/")
		h.typeText(query)
		if n, ok := h.a.testQueue().ix.Matches(); !ok || n != want {
			t.Errorf("/%s lists %d cases (answer current: %v, error %q), %d hold the words", query, n, ok, h.a.testQueue().ix.QueryErr(), want)
		}
		spec, err := report.Flags{By: "week", Filter: query}.Spec()
		if err != nil {
			t.Fatal(err)
		}
		spec.Now = hmNow
		b, err := report.BuildBrief(db, spec, report.BriefOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if b.Cases != want {
			t.Errorf("report --filter %q counts %d cases, %d hold the words", query, b.Cases, want)
		}
		t.Logf("%q: %d cases", query, want)
	}
	// A typo lists near matches, said as such: the query's own count is
	// 0, as report --filter says (a new-user finding: "59 matches").
	h.keys("esc", "/")
	h.typeText("escrwo")
	if n, _ := h.a.testQueue().ix.Matches(); n == 0 || !strings.Contains(h.view(), "no exact match · "+strconv.Itoa(n)+" one typo away") {
		t.Errorf("/escrwo lists %d cases; the search line does not call them near matches:\n%s", n, h.view())
	}

	// A field no case has is said, with the fields there are, on the
	// search line and by report --filter (a new-user finding: a silent
	// "0 matches"); a column named with a question mark is typed as it
	// reads.
	h.keys("esc", "/")
	h.typeText("colour:red")
	if n, _ := h.a.testQueue().ix.Matches(); n != 0 || !strings.Contains(h.view(), "no field colour (fields: ") {
		t.Errorf("/colour:red lists %d cases and does not name the fields:\n%s", n, h.view())
	}
	if err := h.a.testQueue().ix.QueryErr(); !strings.Contains(err, "timely-response") || !strings.Contains(err, "state") {
		t.Errorf("/colour:red: %q", err)
	}
	spec, err := report.Flags{By: "week", Filter: "colour:red"}.Spec()
	if err != nil {
		t.Fatal(err)
	}
	spec.Now = hmNow
	if _, err := report.BuildBrief(db, spec, report.BriefOptions{}); err == nil || !strings.Contains(err.Error(), "no field colour (fields: ") {
		t.Errorf("report --filter colour:red: %v", err)
	}
	want := 0
	err = db.EachSummary(func(s model.Summary) error {
		c, err := db.Case(s.ID)
		for _, f := range c.Fields {
			if f.Key == "Timely response?" && strings.EqualFold(f.Value, "no") {
				want++
			}
		}
		return err
	})
	if err != nil || want == 0 {
		t.Fatalf("%d cases answered late, %v", want, err)
	}
	for _, query := range []string{"timely-response?:no", "timely-response:no"} {
		h.keys("esc", "/")
		h.typeText(query)
		if n, ok := h.a.testQueue().ix.Matches(); !ok || n != want {
			t.Errorf("/%s lists %d cases (error %q), %d were answered late", query, n, h.a.testQueue().ix.QueryErr(), want)
		}
	}
}
