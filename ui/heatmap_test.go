package ui

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/x/ansi"
)

// hmShared is the demo desk most tests read: 2000 cases over 26 weeks to
// hmNow, in the test's own temp dir.
func hmShared(t *testing.T) *store.DB {
	t.Helper()
	return hmDemoStore(t, 2000)
}

// hmRowNumbers reads the numbers a drawn row shows: its visible cells,
// then its total. Glyphs and the cursor's brackets are dropped, · is 0.
func hmRowNumbers(p *heatmapPane, i int) []int {
	lay := p.layout()
	hp := p.paint()
	line := ansi.Strip(p.rowLine(lay, &hp, i))
	rest := ansi.Cut(line, lay.labelW, lay.labelW+lay.ncols*lay.cellW+lay.totalW)
	rest = strings.NewReplacer("[", " ", "]", " ", "·", "0", "░", " ", "▒", " ", "▓", " ", "█", " ").Replace(rest)
	var out []int
	for _, f := range strings.Fields(rest) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// hmCheckAgainstReport checks every line and every visible number
// against a fresh report.Build of the pane's spec: what `caredesk report`
// prints for the same filter.
func hmCheckAgainstReport(t *testing.T, p *heatmapPane) {
	t.Helper()
	want := hmBuild(t, p)
	if !reflect.DeepEqual(p.m.Periods, want.Periods) {
		t.Fatalf("periods differ from report.Build")
	}
	for i, ln := range p.lines {
		wr, ok := want.Row(ln.key)
		if !ok {
			t.Fatalf("line %q is not in report.Build's matrix", ln.key)
		}
		if !reflect.DeepEqual(ln.row.Counts, wr.Counts) || ln.row.Total != wr.Total || ln.row.Trend != wr.Trend {
			t.Errorf("row %q: pane %v total %d, report %v total %d", ln.key, ln.row.Counts, ln.row.Total, wr.Counts, wr.Total)
		}
		lay := p.layout()
		got := hmRowNumbers(p, i)
		exp := append(append([]int{}, wr.Counts[p.first:p.first+lay.ncols]...), wr.Total)
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("row %q draws %v, report says %v", ln.key, got, exp)
		}
	}
	// Every tag and area of the report has a line when all is expanded.
	if p.allExpanded && len(p.expanded) == 0 {
		if n := len(want.Rows) + len(want.Areas); n != len(p.lines)-boolInt(!tagFiltered(p.built.Query)) {
			t.Errorf("%d lines for %d report rows", len(p.lines), n)
		}
	}
}

func TestHeatmapCountsEqualReport(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 40)
	if p.m.G != model.ByWeek || len(p.m.Periods) < 26 {
		t.Fatalf("want weeks by default, got %v with %d periods", p.m.G, len(p.m.Periods))
	}
	hmCheckAgainstReport(t, p)
	// The latest period is at the right edge and holds the cursor.
	lay := p.layout()
	if p.col != len(p.m.Periods)-1 || p.first+lay.ncols != len(p.m.Periods) {
		t.Errorf("cursor %d, first %d, %d columns of %d periods", p.col, p.first, lay.ncols, len(p.m.Periods))
	}
	if p.m.Periods[p.col].Label() != "2026-W11" {
		t.Errorf("latest period %s, want 2026-W11", p.m.Periods[p.col].Label())
	}
	// The untagged backlog has a row.
	if hmLineOf(p, "") < 0 {
		t.Error("no untagged row")
	}
	for _, k := range []string{"v", "v", "v"} {
		hmKeys(p, k)
		hmCheckAgainstReport(t, p)
	}
}

func TestHeatmapDrillDownCountEqualsCell(t *testing.T) {
	hmAscii(t)
	db := hmShared(t)
	p := hmOpen(t, db, 120, 40)
	check := func(name string) {
		t.Helper()
		for i, ln := range p.lines {
			for _, col := range []int{len(p.m.Periods) - 1, len(p.m.Periods) - 5, 0} {
				p.setCur(i)
				p.setCol(col)
				p.fixViewport()
				msgs := hmKeys(p, "o")
				if len(msgs) != 1 {
					t.Fatalf("%s: o gave %v", name, msgs)
				}
				fq, ok := msgs[0].(filterQueueMsg)
				if !ok {
					t.Fatalf("%s: o gave %T", name, msgs[0])
				}
				cell := ln.row.Counts[col]
				got := hmCount(t, db, fq.query)
				switch {
				case p.m.Metric == report.Cases || p.m.Metric == report.Overdue:
					// areas included: a case with two of an area's tags
					// is one case there, as in the queue
					if got != cell {
						t.Errorf("%s: %s %s: queue shows %d, cell says %d: %s", name, ln.key, p.m.Periods[col].Label(), got, cell, fq.query)
					}
				default:
					if got < cell {
						t.Errorf("%s: %s: %d cases behind %d customers", name, ln.key, got, cell)
					}
				}
			}
		}
	}
	check("cases")
	hmKeys(p, "v", "v", "v") // overdue
	if p.m.Metric != report.Overdue {
		t.Fatalf("metric %v", p.m.Metric)
	}
	check("overdue")
	hmKeys(p, "v", "v") // past handoffs (a metric of its own, 5th) back to cases
	hmKeys(p, "/")
	hmType(p, "channel:phone status:open")
	hmKeys(p, "enter")
	check("phone open")
	hmKeys(p, "/", "ctrl+u")
	hmType(p, "tag:billing/")
	hmKeys(p, "enter")
	check("billing only")

	// The message itself: enter on a tag cell, title "tag · period".
	p.setCur(hmLineOf(p, "billing/double-charge"))
	p.setCol(len(p.m.Periods) - 2)
	msgs := hmKeys(p, "enter")
	fq := msgs[0].(filterQueueMsg)
	if fq.title != "billing/double-charge · 2026-W10" || fq.query != "tag:=billing/double-charge created:2026-W10" {
		t.Errorf("drill-down = %+v", fq)
	}
}

func TestHeatmapUntaggedDrillsToBacklog(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 100, 30)
	p.setCur(hmLineOf(p, ""))
	msgs := hmKeys(p, "enter")
	fq := msgs[0].(filterQueueMsg)
	if !strings.HasPrefix(fq.query, "is:untagged") || !strings.HasPrefix(fq.title, "untagged · ") {
		t.Errorf("untagged drill-down = %+v", fq)
	}
}

func TestHeatmapExpandCollapse(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 100, 30)
	hmKeys(p, "C")
	for _, l := range p.lines {
		if l.kind == hmTag {
			t.Fatalf("C left tag %s visible", l.key)
		}
	}
	areas := len(p.m.Areas)
	if len(p.lines) != areas+1 {
		t.Errorf("%d lines for %d areas and untagged", len(p.lines), areas)
	}
	// enter on an area expands it; its tags follow it.
	p.setCur(hmLineOf(p, "billing/"))
	hmKeys(p, "enter")
	i := hmLineOf(p, "billing/")
	if p.lines[i+1].kind != hmTag || !strings.HasPrefix(p.lines[i+1].key, "billing/") {
		t.Errorf("billing did not expand: next line %q", p.lines[i+1].key)
	}
	if !strings.Contains(p.View(), "▾ billing") {
		t.Error("expanded area not marked ▾")
	}
	// space on a tag collapses its area and puts the cursor on it.
	hmKeys(p, "j", "space")
	if p.lines[p.cur].key != "billing/" || hmLineOf(p, "billing/refund-request") >= 0 {
		t.Errorf("space on a tag: cursor on %q", p.lines[p.cur].key)
	}
	hmKeys(p, "E")
	if len(p.lines) != len(p.m.Rows)+areas+1 {
		t.Errorf("E: %d lines", len(p.lines))
	}
	// The area's numbers are the sums of its tags'.
	a := p.lines[hmLineOf(p, "delivery/")].row
	sum := 0
	for _, r := range p.m.Rows {
		if model.TagArea(r.Tag) == "delivery" {
			sum += r.Total
		}
	}
	if a.Total != sum {
		t.Errorf("delivery area total %d, its tags sum to %d", a.Total, sum)
	}
}

func TestHeatmapPeriodSwitchKeepsDay(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 30)
	hmKeys(p, "h", "h", "h", "h", "h", "h") // six weeks back: 2026-W05
	if got := p.m.Periods[p.col].Label(); got != "2026-W05" {
		t.Fatalf("cursor on %s", got)
	}
	hmKeys(p, "m")
	if p.m.G != model.ByMonth || p.m.Periods[p.col].Label() != "2026-01" {
		t.Errorf("months: %v, cursor on %s", p.m.G, p.m.Periods[p.col].Label())
	}
	hmCheckAgainstReport(t, p)
	hmKeys(p, "d") // the day the cursor came from: W05's Monday, in January
	if p.m.G != model.ByDay || p.m.Periods[p.col].Label() != "2026-01-26" {
		t.Errorf("days: cursor on %s", p.m.Periods[p.col].Label())
	}
	hmCheckAgainstReport(t, p)
	hmKeys(p, "$", "w")
	if p.m.G != model.ByWeek || !p.atLatest || p.m.Periods[p.col].Label() != "2026-W11" {
		t.Errorf("weeks: cursor on %s", p.m.Periods[p.col].Label())
	}
	if !strings.Contains(p.View(), "cases per week") {
		t.Error("title does not say the period")
	}
}

func TestHeatmapMetricTitle(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 30)
	for _, want := range []string{"customers per week", "repeat-contact customers per week", "overdue cases per week",
		"handoffs between teams per week", "cases per week"} {
		hmKeys(p, "v")
		if first := strings.SplitN(p.View(), "\n", 2)[0]; !strings.Contains(first, "Issue heatmap · "+want) {
			t.Errorf("title %q, want %q", first, want)
		}
		hmCheckAgainstReport(t, p)
	}
}

func TestHeatmapSort(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 30)
	areaOrder := func() []report.Row {
		var out []report.Row
		for _, l := range p.lines {
			if l.kind == hmArea {
				out = append(out, *l.row)
			}
		}
		return out
	}
	as := areaOrder()
	for i := 1; i < len(as); i++ {
		if as[i-1].Total < as[i].Total {
			t.Errorf("by total: %s %d before %s %d", as[i-1].Tag, as[i-1].Total, as[i].Tag, as[i].Total)
		}
	}
	hmKeys(p, "s")
	as = areaOrder()
	for i := 1; i < len(as); i++ {
		a, b := as[i-1].Trend, as[i].Trend
		if !a.New && (b.New || (a.Pct < b.Pct)) {
			t.Errorf("by trend: %s %+v before %s %+v", as[i-1].Tag, a, as[i].Tag, b)
		}
	}
	if !strings.Contains(p.View(), "by trend") {
		t.Error("title does not say the sort")
	}
	hmKeys(p, "s")
	as = areaOrder()
	for i := 1; i < len(as); i++ {
		if as[i-1].Tag > as[i].Tag {
			t.Errorf("by name: %s before %s", as[i-1].Tag, as[i].Tag)
		}
	}
	// Tags stay under their area whatever the order.
	area := ""
	for _, l := range p.lines {
		switch l.kind {
		case hmArea:
			area = l.key
		case hmTag:
			if model.TagArea(l.key)+"/" != area {
				t.Errorf("%s under %s", l.key, area)
			}
		}
	}
	hmCheckAgainstReport(t, p)
}

func TestHeatmapFilter(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 30)
	before := p.m.Untagged.Total
	hmKeys(p, "/")
	if !p.Capturing() {
		t.Fatal("/ did not open the filter")
	}
	hmType(p, "channel:phone @ana")
	hmKeys(p, "enter")
	if p.Capturing() || p.built.Query.String() != "channel:phone assignee:ana" {
		t.Fatalf("filter not applied: %q", p.built.Query.String())
	}
	hmCheckAgainstReport(t, p)
	if p.m.Untagged.Total >= before {
		t.Error("the filter did not narrow the untagged row")
	}
	if !strings.Contains(p.View(), "filter: channel:phone assignee:ana") {
		t.Error("title does not show the filter")
	}

	// An invalid filter says why and keeps the old one.
	for _, bad := range []string{"channel:pigeon", `customer:"x`} {
		hmKeys(p, "/", "ctrl+u")
		hmType(p, bad)
		msgs := hmKeys(p, "enter")
		if bad == `customer:"x` {
			// an unterminated quote is accepted as customer:x
			if p.Capturing() {
				t.Errorf("%s was refused", bad)
			}
			hmKeys(p, "/", "ctrl+u")
			hmType(p, "channel:phone @ana")
			hmKeys(p, "enter")
			continue
		}
		if len(msgs) != 1 || !msgs[0].(statusMsg).err {
			t.Errorf("%s: messages %v", bad, msgs)
		}
		if !p.Capturing() || p.built.Query.String() != "channel:phone assignee:ana" {
			t.Errorf("%s replaced the filter: %q", bad, p.built.Query.String())
		}
		hmKeys(p, "esc")
	}
	// Clearing it brings everything back.
	hmKeys(p, "/", "ctrl+u", "enter")
	if !p.built.Query.Empty() || p.m.Untagged.Total != before {
		t.Errorf("cleared filter: %q, untagged %d", p.built.Query.String(), p.m.Untagged.Total)
	}
}

func TestHeatmapDateRange(t *testing.T) {
	hmAscii(t)
	db := hmShared(t)
	p := hmOpen(t, db, 120, 30)
	hmKeys(p, "f")
	hmType(p, "2026-01-07") // a Wednesday: the first week is cut
	hmKeys(p, "enter", "t")
	hmType(p, "2026-02-20")
	hmKeys(p, "enter")
	if p.built.From != model.Day(20460) && p.built.From.String() != "2026-01-07" {
		t.Fatalf("from %s", p.built.From)
	}
	if p.built.To.String() != "2026-02-21" || p.m.Periods[0].Label() != "2026-W02" || p.m.Periods[len(p.m.Periods)-1].Label() != "2026-W08" {
		t.Errorf("range %s..%s, periods %s..%s", p.built.From, p.built.To, p.m.Periods[0].Label(), p.m.Periods[len(p.m.Periods)-1].Label())
	}
	hmCheckAgainstReport(t, p)
	// The cut first week drills to exactly its days in range.
	p.setCur(hmLineOf(p, "delivery/late"))
	hmKeys(p, "^")
	fq := hmKeys(p, "enter")[0].(filterQueueMsg)
	if got, want := hmCount(t, db, fq.query), p.lines[p.cur].row.Counts[0]; got != want {
		t.Errorf("%s: %d cases, cell %d", fq.query, got, want)
	}
	if !strings.Contains(p.View(), "from 2026-01-07 to 2026-02-20") {
		t.Error("title does not show the range")
	}
	// An end before the start is refused.
	hmKeys(p, "t", "ctrl+u")
	hmType(p, "2025-12-01")
	if msgs := hmKeys(p, "enter"); len(msgs) != 1 || !msgs[0].(statusMsg).err {
		t.Errorf("reversed range: %v", msgs)
	}
	hmKeys(p, "esc")
	// :range clears it.
	hmRun(p, p.setRange(""))
	if p.built.From != 0 || p.built.To != 0 {
		t.Error("setRange(\"\") did not clear the range")
	}
	hmRun(p, p.setRange("2026-02-01..2026-02-28"))
	if p.built.From.String() != "2026-02-01" || p.built.To.String() != "2026-03-01" {
		t.Errorf("setRange: %s..%s", p.built.From, p.built.To)
	}
}

func TestHeatmapPagingThroughTime(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 100, 30)
	n := len(p.m.Periods)
	nc := p.layout().ncols
	if nc < 3 || nc >= n {
		t.Fatalf("%d columns of %d", nc, n)
	}
	hmKeys(p, "H")
	if p.col != n-1-nc || p.first != n-2*nc || p.atLatest {
		t.Errorf("H: col %d first %d (n %d, %d columns)", p.col, p.first, n, nc)
	}
	hmKeys(p, "H", "H", "H", "H", "H", "H", "H")
	if p.col != 0 || p.first != 0 {
		t.Errorf("H at the start: col %d first %d", p.col, p.first)
	}
	hmKeys(p, "h")
	if p.col != 0 {
		t.Error("h went before the first period")
	}
	hmKeys(p, "L")
	if p.col != nc || p.first != nc {
		t.Errorf("L: col %d first %d", p.col, p.first)
	}
	hmKeys(p, "$")
	if p.col != n-1 || p.first != n-nc || !p.atLatest {
		t.Errorf("$: col %d first %d", p.col, p.first)
	}
	hmKeys(p, "l")
	if p.col != n-1 {
		t.Error("l went past the latest period")
	}
	// The cursor's column is bracketed in the header, with or without colour.
	if !strings.Contains(p.View(), "[W11*]") { // the week under way keeps its partial mark
		t.Error("cursor column not marked")
	}
}

func TestHeatmapStaleResultDropped(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 100, 30)
	before := p.View()
	old := p.compute()        // e.g. the metric as it was
	p.metric = report.Overdue // then the lead switched
	newer := p.compute()
	if !p.computing {
		t.Fatal("not computing")
	}
	// While computing, the old numbers stay and nothing moves.
	during := p.View()
	if !strings.Contains(during, "computing…") {
		t.Error("no computing… while computing")
	}
	bl, dl := strings.Split(before, "\n"), strings.Split(during, "\n")
	if len(bl) != len(dl) || !reflect.DeepEqual(bl[1:], dl[1:]) {
		t.Error("the layout moved while computing")
	}
	newMsg, oldMsg := newer(), old()
	p.Update(newMsg)
	p.Update(oldMsg) // late and stale
	if p.m.Metric != report.Overdue || p.computing {
		t.Errorf("stale result won: metric %v", p.m.Metric)
	}
}

func TestHeatmapLiveChange(t *testing.T) {
	hmAscii(t)
	db := hmDemoStore(t, 500)
	p := hmOpen(t, db, 100, 30)
	if hmLineOf(p, "billing/brand-new-issue") >= 0 {
		t.Fatal("tag exists before")
	}
	var id model.CaseID
	db.EachSummary(func(s model.Summary) error { id = s.ID; return nil })
	if _, err := db.Act(id, 0, "ana", model.AddTag{Tag: "billing/brand-new-issue"}); err != nil {
		t.Fatal(err)
	}
	// A burst of notices costs one rebuild.
	start := time.Now()
	c1 := p.Update(changeMsg{Cases: []model.Summary{{ID: id}}})
	c2 := p.Update(changeMsg{Cases: []model.Summary{{ID: id}}})
	if c1 == nil || c2 != nil {
		t.Fatalf("debounce: %v %v", c1 != nil, c2 != nil)
	}
	hmRun(p, c1)
	if time.Since(start) < heatDebounceMin {
		t.Error("rebuilt without waiting")
	}
	i := hmLineOf(p, "billing/brand-new-issue")
	if i < 0 {
		t.Fatal("the new tag did not show")
	}
	if r := p.lines[i].row; r.Total != 1 || !r.Trend.New {
		t.Errorf("new tag row: %+v", r)
	}
	hmCheckAgainstReport(t, p)
	// A notice while computing rebuilds once more when it is done.
	cmd := p.compute()
	p.Update(heatTickMsg{gen: p.tickGen})
	p.tickPending = false
	if !p.dirty {
		hmRun(p, p.onChange())
	}
	hmRun(p, cmd)
	if p.computing || p.dirty {
		t.Errorf("after the rebuild: computing %v dirty %v", p.computing, p.dirty)
	}
}
