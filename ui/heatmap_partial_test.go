package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// TestHeatmapSelectedPartialKeepsItsMark: the cursor on the week under
// way brackets it and keeps its "*" ([W11*], not [W11]); the columns
// after it stay where they were.
func TestHeatmapSelectedPartialKeepsItsMark(t *testing.T) {
	hmAscii(t)
	for _, w := range []int{80, 120, 200} {
		p := hmOpen(t, hmShared(t), w, 30)
		v := p.View()
		if !strings.Contains(v, "[W11*]") {
			t.Errorf("%d columns: the selected partial week lost its mark:\n%s", w, v)
		}
		hmCheckLines(t, v, w, 30)
		// The header's columns line up with the cells below.
		hdr, row := "", ""
		for _, l := range strings.Split(v, "\n") {
			switch {
			case strings.Contains(l, "area / issue"):
				hdr = l
			case hdr != "" && row == "" && strings.Contains(l, "["):
				row = l
			}
		}
		col := func(s, sub string) int { return ansi.StringWidth(s[:max(strings.Index(s, sub), 0)]) }
		if col(hdr, "[W11*]") != col(row, "[") {
			t.Errorf("%d columns: the header's bracket is not above the cells':\n%s\n%s", w, hdr, row)
		}
	}
}

// TestHelpRulesWrapAt80: the rules in words are read whole at 80
// columns — the heatmap's fit a line each, the case pane's longer one
// wraps — never cut ("…within 30 days of eac…").
func TestHelpRulesWrapAt80(t *testing.T) {
	for _, tc := range []struct{ keys, want []string }{
		{[]string{"3", "?"}, []string{model.RepeatRule, "a total once over the whole range"}},
		{[]string{"enter", "?"}, []string{"⚠ " + model.RepeatRule, "REOPENED: a case of the customer's was reopened (not a repeat contact)"}},
	} {
		h := newHarness(t, newTestService(50), 80, 24)
		h.keys(tc.keys...)
		v := h.view()
		for _, want := range tc.want {
			if !strings.Contains(v, want) {
				t.Errorf("%v: the help lacks %q:\n%s", tc.keys, want, v)
			}
		}
		if strings.Contains(v, "eac…") {
			t.Errorf("%v: a rule is cut:\n%s", tc.keys, v)
		}
	}
}

// TestTagPickerHelpIsTheTagPickers: ? in the tag picker shows its keys,
// not the case card's repeat-contact rule.
func TestTagPickerHelpIsTheTagPickers(t *testing.T) {
	h := newHarness(t, newTestService(50), 120, 40)
	h.keys("enter", "t", "?")
	v := h.view()
	if strings.Contains(v, "repeat contact") || !strings.Contains(v, "add highlighted tag") {
		t.Errorf("the tag picker's help:\n%s", v)
	}
}
