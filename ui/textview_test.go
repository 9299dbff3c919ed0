package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// emojiPaste is what the new-user test pasted: a skin-tone modifier, a ZWJ
// family, and a line long enough to wrap.
var emojiPaste = "👍🏽 ok\n👨‍👩‍👧 family\nend " + strings.Repeat("👍🏽❤️👨‍👩‍👧 ", 12)

// cellWidth is the most cells a terminal may draw s in: the larger of the
// width per grapheme cluster (modern terminals) and the width rune by rune
// (terminals without grapheme support, tmux 3.3 among them, which draw
// 👍🏽 in 4 cells).
func cellWidth(s string) int {
	s = ansi.Strip(s)
	perRune := 0
	for _, r := range s {
		perRune += ansi.StringWidthWc(string(r))
	}
	return max(ansi.StringWidth(s), perRune)
}

// checkScreen fails unless the view fills exactly the window and no line
// can be drawn wider than it, whatever the terminal's emoji widths.
func checkScreen(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines in a %d-line window:\n%s", len(lines), h, ansi.Strip(v))
	}
	for i, l := range lines {
		if cw := cellWidth(l); cw > w {
			t.Fatalf("line %d may take %d cells in a %d-cell window: %q", i, cw, w, ansi.Strip(l))
		}
	}
}

func paste(text string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true}
}

func TestNoteEditorEmojiPaste(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}, {40, 12}} {
		svc := newTestService(50)
		h := newHarness(t, svc, size[0], size[1])
		h.keys("enter", "n")
		h.send(paste(emojiPaste))
		checkScreen(t, h.view(), size[0], size[1])
		if size[1] >= 24 && !strings.Contains(h.view(), "family") || !strings.Contains(h.view(), "👨👩👧") {
			t.Fatalf("the pasted text is not shown:\n%s", ansi.Strip(h.view()))
		}
		// Moving about and a resize keep the frame.
		h.keys("up", "up", "left", "home")
		checkScreen(t, h.view(), size[0], size[1])
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		checkScreen(t, h.view(), 80, 24)
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})

		id := h.a.opened
		h.send(tea.KeyMsg{Type: tea.KeyCtrlS})
		evs, _ := svc.Events(id)
		if len(evs) == 0 || evs[len(evs)-1].Kind != model.EventNote {
			t.Fatalf("no note saved: %v", evs)
		}
		if got := evs[len(evs)-1].To; got != strings.TrimRight(emojiPaste, " ") {
			t.Fatalf("saved note %q, typed %q", got, emojiPaste)
		}
	}
}

// The one-line inputs take the same paste (newlines become spaces there).
func TestInputsEmojiPaste(t *testing.T) {
	for _, keys := range [][]string{{"/"}, {":"}, {"enter", "f"}, {"enter", "a"}, {"enter", "R"}, {"3", "/"}, {"4", "/"}} {
		t.Run(strings.Join(keys, " "), func(t *testing.T) {
			h := newHarness(t, newTestService(50), 80, 24)
			h.keys(keys...)
			h.send(paste(strings.ReplaceAll(emojiPaste, "\n", " ")))
			checkScreen(t, h.view(), 80, 24)
			h.keys("left", "left", "home")
			checkScreen(t, h.view(), 80, 24)
		})
	}
}
