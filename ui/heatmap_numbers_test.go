package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
)

// hmMultiTagStore is a real store where many cases carry two tags of one
// area, the case the area rows used to count twice.
func hmMultiTagStore(t *testing.T) model.CaseService {
	t.Helper()
	db := hmOpenStore(t)
	var rows []model.ImportRow
	for i := range 60 {
		tags := []string{"delivery/late"}
		if i%3 == 0 {
			tags = append(tags, "delivery/lost")
		}
		if i%5 == 0 {
			tags = append(tags, "billing/refund")
		}
		rows = append(rows, model.ImportRow{Case: model.Case{ExternalID: fmt.Sprintf("M-%d", i),
			CreatedAt: hmNow.Add(-time.Duration(i) * 26 * time.Hour), Tags: tags},
			Customer: model.Customer{Name: fmt.Sprintf("Customer %d", i%7)}})
	}
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestHeatmapAreaCellsCountDistinctCases: every cell of an area row equals
// the number of cases its drill-down lists.
func TestHeatmapAreaCellsCountDistinctCases(t *testing.T) {
	hmAscii(t)
	db := hmMultiTagStore(t)
	p := hmOpen(t, db, 120, 30)
	i := hmLineOf(p, "delivery/")
	if i < 0 {
		t.Fatal("no delivery area row")
	}
	ln := p.lines[i]
	if ln.row.Total != 60 {
		t.Errorf("delivery area total %d, want 60 cases", ln.row.Total)
	}
	for col := range p.m.Periods {
		p.setCur(i)
		p.setCol(col)
		fq := hmKeys(p, "o")[0].(filterQueueMsg)
		if got := hmCount(t, db, fq.query); got != ln.row.Counts[col] {
			t.Errorf("delivery %s: cell %d, drill-down %q lists %d", p.m.Periods[col].Label(), ln.row.Counts[col], fq.query, got)
		}
	}
}

// TestHeatmapCustomerTotalsSaySo: with a customer metric the legend and
// the cell line say a total counts each customer once over the range.
func TestHeatmapCustomerTotalsSaySo(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmMultiTagStore(t), 200, 30)
	hmKeys(p, "v", "v") // repeat
	if p.m.Metric != report.RepeatContacts {
		t.Fatalf("metric %v", p.m.Metric)
	}
	v := p.View()
	if !strings.Contains(v, "total: each customer once over the range; cells: per week") {
		t.Errorf("the legend does not say what a total counts:\n%s", v)
	}
	if !strings.Contains(v, "over the range (each once)") {
		t.Errorf("the cell line reads a total as a sum:\n%s", v)
	}
	if notes := strings.Join(p.HelpNotes(), "\n"); !strings.Contains(notes, model.RepeatRule) {
		t.Errorf("help notes %q lack the repeat rule", notes)
	}
}

// TestHelpShowsTheRepeatRule: `?` on the heatmap and on a case says what a
// repeat contact is.
func TestHelpShowsTheRepeatRule(t *testing.T) {
	for _, pane := range []string{"3", "2"} {
		h := newHarness(t, newTestService(50), 120, 40)
		h.keys("enter", pane, "?")
		if !strings.Contains(h.view(), "2 or more cases within 30 days") {
			t.Errorf("pane %s: ? does not give the repeat rule:\n%s", pane, h.view())
		}
	}
}

// TestHeatmapMarksThePartialWeek: the week under way is marked in the
// header and the legend says what the mark means.
func TestHeatmapMarksThePartialWeek(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 30)
	hmKeys(p, "h") // the cursor off the latest column, which brackets it
	v := p.View()
	if !strings.Contains(v, " W11*") || !strings.Contains(v, "* partial week, not in trends") {
		t.Errorf("the week under way is not marked partial:\n%s", v)
	}
}
