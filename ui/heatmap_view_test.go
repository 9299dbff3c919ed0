package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/exp/golden"
)

// The heatmap drawn: sizes, shades without colour, the scale, goldens, help.

func TestHeatmapViewSizes(t *testing.T) {
	hmAscii(t)
	db := hmShared(t)
	empty := hmOpenStore(t)
	for _, svc := range []model.CaseService{db, empty} {
		p := hmOpen(t, svc, 80, 24)
		for _, sz := range [][2]int{{20, 5}, {20, 1}, {1, 1}, {0, 0}, {21, 6}, {30, 8}, {40, 10}, {60, 15}, {80, 24}, {100, 3}, {120, 40}, {160, 50}, {200, 50}, {300, 20}} {
			p.SetSize(sz[0], sz[1])
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "d")
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "m", "C", "j", "l", "H", "/")
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "esc", "E", "w", "G", "$")
			hmCheckLines(t, p.View(), sz[0], sz[1])
		}
	}
}

func TestHeatmapNoColourCarriesShades(t *testing.T) {
	hmAscii(t)
	p := hmOpen(t, hmShared(t), 100, 30)
	v := p.View()
	for _, g := range []string{"░", "█", "legend", "· 0"} {
		if !strings.Contains(v, g) {
			t.Errorf("no %q without colour", g)
		}
	}
	if strings.Contains(v, "\x1b[") {
		t.Error("escape sequences without colour")
	}
}

func TestHeatBounds(t *testing.T) {
	for _, tc := range []struct {
		hi, levels int
		want       []int
	}{
		{64, 4, []int{4, 16, 36, 64}},
		{1, 4, []int{1, 1, 1, 1}},
		{3, 7, []int{1, 1, 1, 1, 2, 3, 3}},
	} {
		if got := heatBounds(tc.hi, tc.levels); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("heatBounds(%d, %d) = %v", tc.hi, tc.levels, got)
		}
	}
	ub := heatBounds(64, 4)
	for c, want := range map[int]int{0: 0, 1: 1, 4: 1, 5: 2, 36: 3, 37: 4, 64: 4, 99: 4} {
		if got := heatLevel(c, ub); got != want {
			t.Errorf("heatLevel(%d) = %d, want %d", c, got, want)
		}
	}
	for _, tc := range []struct {
		t    report.Trend
		want string
	}{
		{report.Trend{Last: 12, Prev: 10, Pct: 20}, "▲ 20%"},
		{report.Trend{Last: 5, Prev: 10, Pct: -50}, "▼ 50%"},
		{report.Trend{Last: 3, New: true}, "new"},
		{report.Trend{}, "–"},
		{report.Trend{Last: 4, Prev: 4}, "= 0%"},
		{report.Trend{Last: 400, Prev: 1, Pct: 39900}, "▲>999%"},
	} {
		if got := trendText(tc.t); got != tc.want {
			t.Errorf("trendText(%+v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestHeatmapGolden(t *testing.T) {
	hmAscii(t)
	for _, sz := range [][2]int{{80, 24}, {160, 50}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			p := hmOpen(t, hmShared(t), sz[0], sz[1])
			golden.RequireEqual(t, []byte(p.View()))
		})
	}
	t.Run("collapsed_by_trend_80x24", func(t *testing.T) {
		p := hmOpen(t, hmShared(t), 80, 24)
		hmKeys(p, "C", "s", "j", "h")
		golden.RequireEqual(t, []byte(p.View()))
	})
}

func TestHeatmapHelpListsEveryKey(t *testing.T) {
	p := newHeatmapPane(hmEnv(hmOpenStore(t)))
	seen := map[string]bool{}
	for _, g := range p.FullHelp() {
		for _, b := range g {
			seen[b.Help().Key] = true
		}
	}
	k := p.keys
	for _, b := range []struct{ name, key string }{
		{"up", k.Up.Help().Key}, {"down", k.Down.Help().Key}, {"left", k.Left.Help().Key}, {"right", k.Right.Help().Key},
		{"page back", k.PageBack.Help().Key}, {"page fwd", k.PageFwd.Help().Key}, {"drill", k.Drill.Help().Key},
		{"open", k.Open.Help().Key}, {"toggle", k.Toggle.Help().Key}, {"E", k.ExpandAll.Help().Key}, {"C", k.CollapseAll.Help().Key},
		{"d", k.Days.Help().Key}, {"w", k.Weeks.Help().Key}, {"m", k.Months.Help().Key}, {"s", k.Sort.Help().Key},
		{"v", k.Metric.Help().Key}, {"/", k.Filter.Help().Key}, {"f", k.From.Help().Key}, {"t", k.To.Help().Key},
		{"r", k.Reload.Help().Key}, {"g", k.Top.Help().Key}, {"G", k.Bottom.Help().Key}, {"^", k.Earliest.Help().Key}, {"$", k.Latest.Help().Key},
	} {
		if !seen[b.key] {
			t.Errorf("full help lacks %s (%s)", b.name, b.key)
		}
	}
	if len(p.ShortHelp()) == 0 {
		t.Error("no short help")
	}
	hmKeys(p, "/")
	if h := p.ShortHelp(); len(h) != 2 {
		t.Errorf("input help: %d keys", len(h))
	}
}
