package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

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
// random window sizes down to 20×5: it never panics and never draws a
// line wider than the window.
func TestRandomKeysAndSizes(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 600
	}
	svc := newTestService(400)
	h := newHarness(t, svc, 80, 24)
	h.subscribe()
	rng := rand.New(rand.NewPCG(3, 4))
	keys := []string{"j", "k", "g", "G", "ctrl+d", "ctrl+u", "pgup", "pgdown", "v", "V", "s", "x", "X", "c", "p",
		"/", "esc", "enter", "backspace", "?", "1", "2", "3", "tab", "shift+tab", ":", "a", "t", "S", "P",
		"up", "down", "left", "right", "r", "e", "f", "u", "n", "d", " ", "@", ":", "é", "漢", "\x1b[31m"}
	w, hh := 80, 24
	for i := range n {
		if rng.IntN(40) == 0 {
			w, hh = 20+rng.IntN(200), 5+rng.IntN(60)
			if rng.IntN(4) == 0 {
				w, hh = 20, 5
			}
			h.send(tea_WindowSize(w, hh))
		}
		k := keys[rng.IntN(len(keys))]
		h.send(keyMsg(k))
		if h.a.quitting {
			h.a.quitting = false
		}
		if i%50 == 0 {
			h.pump()
		}
		checkFrame(t, h.view(), w, hh)
	}
}
