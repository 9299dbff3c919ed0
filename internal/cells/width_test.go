package cells

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Every character on the list is one cell alone, and breaks clusters
// before and after itself, with ASCII and with the list's others, as ansi
// measures them: Width's shortcut is ansi's answer.
func TestListedCharactersAreOneCellApart(t *testing.T) {
	var listed []rune
	for r := rune(0); r < 0x10000; r++ {
		if single(r) {
			listed = append(listed, r)
		}
	}
	if len(listed) < 200 {
		t.Fatalf("%d characters listed", len(listed))
	}
	for _, r := range listed {
		s := string(r)
		for _, probe := range []string{s, "a" + s, s + "a", s + s, "\x1b[1m" + s + "\x1b[0m", s + "─", "é" + s} {
			if got, want := Width(probe), ansi.StringWidth(probe); got != want {
				t.Errorf("Width(%q) = %d, ansi says %d", probe, got, want)
			}
		}
		if w := ansi.StringWidth(s); w != 1 {
			t.Errorf("%U is %d cells wide, not 1: it does not belong on the list", r, w)
		}
	}
}

// Lines as a screen draws them, and the characters that join others into
// clusters (a combining accent, a variation selector, a joiner) after
// listed ones.
func TestWidthIsAnsis(t *testing.T) {
	for _, s := range widthSeeds {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, ansi says %d", s, got, want)
		}
	}
}

var widthSeeds = []string{
	"",
	"plain text",
	"\x1b[38;5;244m──── Timeline · 3, newest first ─────\x1b[0m",
	"│ ▸ #1042 OPEN     refund not received … 3d",
	"é\u0301 e\u0301 ─\u0301 ▸\ufe0f ⚠\ufe0f ✓\u200d✓",
	"漢字 and emoji 👍🏽 🇩🇪",
	"\x1b]8;;https://example.com\x07link\x1b]8;;\x07 ·",
	"tab\there\r\n\x00\x7f",
	"\xff\xfe broken ─",
	"─\u0308─",
	"\x1b[1m\x1b[",
}

func FuzzWidth(f *testing.F) {
	for _, s := range widthSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, ansi says %d", s, got, want)
		}
	})
}

// BenchmarkWidthRule measures a section rule as the case pane draws it,
// beside ansi.StringWidth, its anchor.
func BenchmarkWidthRule(b *testing.B) {
	b.Run("cells", func(b *testing.B) {
		for b.Loop() {
			Width(benchRule)
		}
	})
	b.Run("ansi", func(b *testing.B) {
		for b.Loop() {
			ansi.StringWidth(benchRule)
		}
	})
}

var benchRule = "\x1b[38;5;244m▸ Timeline · 12, newest first ──────────────────────────────────────────────────────────────── 40% ─\x1b[0m"
