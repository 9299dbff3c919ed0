package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/charmbracelet/x/ansi"
)

// hostileSeeds are strings a customer could send (the full table, with
// what each sanitiser makes of them, is internal/textsafe's).
var hostileSeeds = []string{"hi\x1b]52;c;ZWNobyBwd25lZA==\x07there", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1b[2J\x1b[H", "a\u009b31mred", "a\x9b31m", "invoice \u202egnp.exe", "pay\u200bpal\u200d\ufeff", "a\x00b\x07c\x08d",
	"one\r\ntwo\rthree\nfour", "a\tb", "ok\xff\xfeok", "漢字 😀 café", "❤\ufe0f"}

func TestFitWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want string
	}{
		{"hello", 8, "hello   "},
		{"hello world", 8, "hello w…"},
		{"漢字漢字漢字", 7, "漢字漢…"}, {"漢字漢字漢字", 6, "漢字… "},
		{"😀😀😀", 4, "😀… "},
		{"abc", 1, "…"},
		{"abc", 0, ""},
		{"a\x1b[31mb", 4, "a␛b "},
		{"a\x1b[31mbcd", 4, "a␛b…"},
	} {
		got := Fit(tc.in, tc.w)
		if got != tc.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
		if w := ansi.StringWidth(got); w != max(tc.w, 0) {
			t.Errorf("Fit(%q, %d) is %d cells wide", tc.in, tc.w, w)
		}
	}
}

// checkSafe fails when out could change the terminal's state.
func checkSafe(t *testing.T, in, out string, block bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("sanitised %q is not valid UTF-8: %q", in, out)
	}
	for _, r := range out {
		switch {
		case r == '\n' && block:
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			t.Fatalf("sanitised %q keeps control %U: %q", in, r, out)
		case textsafe.Invisible(r):
			t.Fatalf("sanitised %q keeps invisible %U: %q", in, r, out)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, in := range hostileSeeds {
		f.Add(in, 10)
	}
	f.Add(strings.Repeat("漢", 50), 3)
	f.Fuzz(func(t *testing.T, in string, w int) {
		checkSafe(t, in, Clean(in), false)
		checkSafe(t, in, CleanBlock(in), true)
		w = w % 300
		if w < 0 {
			w = -w
		}
		out := Fit(in, w)
		checkSafe(t, in, out, false)
		if got := ansi.StringWidth(out); got != w {
			t.Fatalf("Fit(%q, %d) is %d cells wide: %q", in, w, got, out)
		}
	})
}
