package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// A sparkline of a few months keeps its whole header; it was cut to "la…".
func TestHeatmapSparkHeaderWhole(t *testing.T) {
	hmAscii(t)
	for _, w := range []int{200, 120} {
		p := hmOpen(t, hmShared(t), w, 30)
		hmRun(p, p.setRange("2026-01-01 2026-03-10"))
		hmKeys(p, "m")
		lay := p.layout()
		if h := ansi.Strip(p.headerLine(lay)); lay.sparkN != 3 || !strings.Contains(h, "last 3") {
			t.Errorf("%d columns, %d months of sparkline: header %q", w, lay.sparkN, h)
		}
		for i := range p.lines {
			if got, want := ansi.StringWidth(p.rowLine(lay, ptr(p.paint()), i)), ansi.StringWidth(p.headerLine(lay)); got != want {
				t.Fatalf("row %d is %d cells, the header %d", i, got, want)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

// In colour the legend has seven levels; at 80 columns it still shows the
// top one rather than "156–2".
func TestHeatmapLegendFits(t *testing.T) {
	st := NewStyles(DefaultTheme())
	hp := heatPaint{colour: true, ub: []int{5, 17, 39, 68, 106, 153, 207}, fills: make([]lipgloss.Style, 7)}
	for _, w := range []int{200, 73, 60} {
		l := hp.legend(st, w)
		if ansi.StringWidth(l) > w || !strings.Contains(l, "154") {
			t.Errorf("legend in %d cells: %q", w, ansi.Strip(l))
		}
	}
	if l := hp.legend(st, 200); !strings.Contains(l, "154–207") {
		t.Errorf("a wide legend gives ranges: %q", l)
	}
}

// Months → weeks lands on a week inside the month and shows it mid-screen;
// weeks → months → weeks comes back to the same week.
func TestHeatmapMonthsToWeeksStaysInTheMonth(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 120, 30)
	hmKeys(p, "h", "h", "h", "h", "h", "h")
	start := p.m.Periods[p.col].Label()
	hmKeys(p, "m", "w")
	if got := p.m.Periods[p.col].Label(); got != start {
		t.Errorf("weeks → months → weeks: %s, was %s", got, start)
	}
	hmKeys(p, "m", "h", "h")
	month := p.m.Periods[p.col]
	hmKeys(p, "w")
	week := p.m.Periods[p.col]
	if week.Start < month.Start || week.Start >= month.End {
		t.Errorf("month %s → week %s, which starts outside it", month.Label(), week.Label())
	}
	if last := p.first + p.layout().ncols - 1; p.col == last {
		t.Errorf("the week is the last column shown (%d)", p.col)
	}
}

// A range ending after today stops at the current week: no empty future
// weeks.
func TestHeatmapRangeStopsToday(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 160, 30)
	hmRun(p, p.setRange("2026-01-01 2026-03-31")) // today is 2026-03-10, in W11
	if got := p.m.Periods[len(p.m.Periods)-1].Label(); got != "2026-W11" {
		t.Errorf("the last week shown is %s", got)
	}
}

// A range wholly in the future is refused like a reversed one, and the
// range before it stays (new-user finding "a range wholly in the
// future"); so is a FROM typed after today in the pane's own input.
func TestHeatmapRangeInTheFutureRefused(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 160, 30)
	hmRun(p, p.setRange("2026-01-01 2026-03-31")) // today is 2026-03-10
	cmd := p.setRange("2027-01-01 2027-02-01")
	msg, ok := cmd().(statusMsg)
	if want := "range: 2027-01-01 is after today (2026-03-10)"; !ok || msg.text != want || !msg.err {
		t.Fatalf("got %#v, want %q", cmd(), want)
	}
	if p.from.String() != "2026-01-01" || (p.to-1).String() != "2026-03-31" {
		t.Errorf("the range became %s..%s", p.from, p.to-1)
	}
	// the pane's own f input, with no end set: refused, the input stays open
	hmRun(p, p.setRange("2026-01-01"))
	hmKeys(p, "f", "ctrl+u")
	hmType(p, "2026-04-01")
	out := hmKeys(p, "enter")
	if len(out) == 0 || out[len(out)-1].(statusMsg).text != "range: 2026-04-01 is after today (2026-03-10)" || !p.Capturing() {
		t.Fatalf("f 2026-04-01 enter: %#v, input open %v", out, p.Capturing())
	}
	hmKeys(p, "esc")
	if p.from.String() != "2026-01-01" {
		t.Errorf("from became %s", p.from)
	}
	hmRun(p, p.setRange("2026-03-10")) // today itself is a range
	if p.from.String() != "2026-03-10" {
		t.Errorf("today refused: from %s", p.from)
	}
}
