package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// TestAppGolden pins the root and the queue at the sizes agents use, in
// plain ASCII at a fixed clock. Regenerate with go test ./ui -update.
func TestAppGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
		text string
	}{
		{"queue_80x24", 80, 24, nil, ""},
		{"queue_200x50", 200, 50, []string{"j", "j", "x", "j"}, ""},
		{"search_80x24", 80, 24, []string{"/"}, "tag:billing/ refund"},
		{"search_200x50", 200, 50, []string{"/"}, "dee silva"},
		{"views_120x30", 120, 30, []string{"v", "v", "s"}, ""},
		{"help_80x24", 80, 24, []string{"?"}, ""},
		{"cmdline_80x24", 80, 24, []string{":", "v", "tab"}, ""},
		{"tiny_20x5", 20, 5, []string{"j"}, ""},
		{"narrow_40x12", 40, 12, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, newTestService(300), tc.w, tc.h)
			h.keys(tc.keys...)
			h.typeText(tc.text)
			if tc.text != "" {
				h.searched()
			}
			v := h.view()
			checkFrame(t, v, tc.w, tc.h)
			golden.RequireEqual(t, []byte(v))
		})
	}
}

// checkFrame fails when a view is wider or taller than the window.
func checkFrame(t testing.TB, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Fatalf("%d lines in a %d-line window", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("line %d is %d cells in a %d-cell window: %q", i, lw, w, l)
		}
	}
}

// TestRandomKeysAndSizes types thousands of random keys into the app at
// random window sizes: it never panics, and it never draws a line wider
// or a frame taller than the window, from 80×24 down to 20×5, 10×3 and
// even 1×1. Now and then a short sequence takes it where a uniform walk
// seldom stays: the heatmap and its inputs, the tags pane and its prompts,
// a case with each of its editors open, the command line; some keys are
// bursts of characters that arrive as one key event. The walk must have
// spent steps in each of those places.
func TestRandomKeysAndSizes(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 600
	}
	svc := newTestService(400)
	h := newHarness(t, svc, 80, 24)
	h.subscribe()
	rng := rand.New(rand.NewPCG(3, 4))
	var keys []tea.KeyMsg
	for _, k := range []string{"j", "k", "g", "G", "ctrl+d", "ctrl+u", "pgup", "pgdown", "v", "V", "s", "x", "X", "c", "p",
		"/", "esc", "enter", "backspace", "?", "1", "2", "3", "4", "tab", "shift+tab", ":", "a", "t", "S", "P",
		"up", "down", "left", "right", "r", "e", "f", "u", "n", "d", " ", "@", ":", "é", "漢", "\x1b[31m",
		"h", "l", "H", "L", "E", "C", "w", "m", "J", "K", "]", "[", "R", "q", "home", "end", "space",
		"jjj", "/ref", "tag:billing/", "2026-11-01", "👩‍👩‍👧", "\u202eevil"} {
		keys = append(keys, keyMsg(k))
	}
	keys = append(keys, tea.KeyMsg{Type: tea.KeyCtrlS}, tea.KeyMsg{Type: tea.KeyDelete},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("pasted text\nwith a line"), Paste: true},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x"), Alt: true})
	// Each leaves the inputs (esc; y discards a note), then goes somewhere.
	places := [][]string{
		{"1", "enter"}, {"1", "enter", "t"}, {"1", "enter", "n"}, {"1", "enter", "f"}, {"1", "enter", "r"},
		{"1", "enter", "R"}, {"1", "enter", "s"}, {"1", "enter", "P"}, {"1", "enter", "a"},
		{"3"}, {"3", "/"}, {"3", "f"}, {"3", "t"}, {"3", "enter"},
		{"4"}, {"4", "/"}, {"4", "r"}, {"4", "m"}, {"4", "a"}, {"4", "d"},
		{":"}, {"1", "/"}, {"1", "x", "t"},
	}
	seen := map[string]int{}
	where := func() string {
		a := h.a
		switch {
		case a.cmd.open:
			return "command line"
		case a.tagger != nil:
			return "queue tag picker"
		case a.focus == paneCase:
			if ed := a.panes[paneCase].(*casePane).ed; ed != nil {
				return fmt.Sprintf("case, %T open", ed)
			}
			return "case"
		case a.focus == paneHeatmap && a.panes[paneHeatmap].Capturing():
			return "heatmap input"
		case a.focus == paneTags && a.panes[paneTags].Capturing():
			return "tags input"
		}
		return paneNames[a.focus]
	}
	w, hh := 80, 24
	for i := range n {
		if rng.IntN(40) == 0 {
			w, hh = 20+rng.IntN(200), 5+rng.IntN(60)
			switch rng.IntN(10) {
			case 0, 1:
				w, hh = 20, 5
			case 2:
				w, hh = 10, 3
			case 3: // smaller than any terminal anyone uses: still no panic
				w, hh = 1+rng.IntN(19), 1+rng.IntN(4)
			}
			h.send(tea_WindowSize(w, hh))
		}
		if rng.IntN(25) == 0 {
			h.keys("esc", "y", "esc")
			h.keys(places[rng.IntN(len(places))]...)
		} else {
			h.send(keys[rng.IntN(len(keys))])
		}
		if h.a.quitting {
			h.a.quitting = false
		}
		if i%50 == 0 {
			h.pump()
		}
		seen[where()]++
		checkFrame(t, h.view(), w, hh)
	}
	t.Logf("steps by place: %v", seen)
	if testing.Short() {
		return
	}
	for _, place := range []string{"Queue", "Heatmap", "Tags", "case", "heatmap input", "tags input", "command line", "queue tag picker",
		"case, *ui.tagPicker open", "case, *ui.noteEditor open", "case, *ui.promptEditor open", "case, *ui.choiceEditor open",
		"case, *ui.replyPicker open"} {
		if seen[place] < 20 {
			t.Errorf("the walk spent %d steps in %s", seen[place], place)
		}
	}
}

// TestTypedBurstActsAsKeys: characters that arrive in one read come as one
// KeyMsg; they act as the keys they are (they were ignored: "jjj" did not
// move, "/ref" did not search). The search input takes its text whole.
func TestTypedBurstActsAsKeys(t *testing.T) {
	h := newHarness(t, newTestService(300), 80, 24)
	burst := func(s string) { h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }
	burst("jjj")
	if h.a.testQueue().cursor != 3 {
		t.Fatalf("jjj left the cursor on row %d", h.a.testQueue().cursor)
	}
	burst("/ref")
	if !h.a.testQueue().searching || h.a.testQueue().input.Value() != "ref" {
		t.Fatalf("/ref: searching %v, input %q", h.a.testQueue().searching, h.a.testQueue().input.Value())
	}
	h.keys("esc")
	burst("3q")
	if h.a.focus != paneHeatmap || !h.a.quitting {
		t.Fatalf("3q: focus %v, quitting %v", h.a.focus, h.a.quitting)
	}
}

// TestSearchHighlightGolden pins what a word search marks at the sizes
// agents use: the matched words in the subject, the customer and the
// tags. Marked characters are drawn in capitals here (the Match style's
// colour does not show in plain ASCII).
func TestSearchHighlightGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		text string
	}{
		{"words_80x24", 80, 24, "refund muller"},
		{"words_200x50", 200, 50, `"charged twice" -status:closed dee`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, newTestService(300), tc.w, tc.h)
			h.a.testQueue().e.styles.Match = h.a.testQueue().e.styles.Match.Transform(strings.ToUpper)
			h.keys("/")
			h.typeText(tc.text)
			h.searched()
			v := h.view()
			checkFrame(t, v, tc.w, tc.h)
			golden.RequireEqual(t, []byte(v))
		})
	}
}
