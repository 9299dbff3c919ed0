package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 80×24 the full help of every pane shows every key with its words,
// the global ones (tab, :, q) included.
func TestFullHelpFits80x24(t *testing.T) {
	for _, keys := range [][]string{{}, {"enter"}, {"3"}, {"4"}, {"enter", "J", "J", "enter"}} {
		t.Run(strings.Join(keys, " "), func(t *testing.T) {
			h := newHarness(t, newTestService(100), 80, 24)
			h.keys(keys...)
			h.keys("?")
			v := ansi.Strip(h.view())
			checkScreen(t, h.view(), 80, 24)
			for _, g := range h.a.focusedHelp() {
				for _, k := range g {
					hk := k.Help()
					if hk.Key == "" {
						continue
					}
					if !strings.Contains(v, hk.Desc) {
						t.Errorf("help lacks %s %q:\n%s", hk.Key, hk.Desc, v)
					}
				}
			}
		})
	}
}

// When groups side by side are too tall, they flow down columns.
func TestHelpFlowsWhenShelvesAreTooTall(t *testing.T) {
	groups := [][]string{make([]string, 8), make([]string, 8), make([]string, 8)}
	for i := range groups {
		for j := range groups[i] {
			groups[i][j] = strings.Repeat("x", 30)
		}
	}
	cols := flow(groups, 17, 4)
	if len(cols) != 2 || len(cols[0]) != 17 || len(cols[1]) != 8 {
		t.Fatalf("flow gives %d columns: %v", len(cols), cols)
	}
}

// The help says what a key does: i takes in a file (CSV, JSON lines, an
// mbox) or a Maildir, not "CSV" alone; space and enter on a heatmap area
// expand and collapse it.
func TestHelpSaysWhatTheKeysDo(t *testing.T) {
	for keys, want := range map[string][]string{
		"":  {"i import file/Maildir"},
		"3": {"space expand/collapse area", "enter open cases; area: expand"},
	} {
		h := newHarness(t, newTestService(100), 200, 50)
		if keys != "" {
			h.keys(keys)
		}
		h.keys("?")
		v := strings.Join(strings.Fields(ansi.Strip(h.view())), " ")
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("help after %q lacks %q:\n%s", keys, w, ansi.Strip(h.view()))
			}
		}
	}
}
