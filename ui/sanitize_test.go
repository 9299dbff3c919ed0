package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/charmbracelet/x/ansi"
)

// hostile strings a customer could send, and what an agent must see instead.
var hostileCases = []struct {
	name, in, line, block string
}{
	{"plain", "Refund please", "Refund please", "Refund please"},
	{"osc52 clipboard write", "hi\x1b]52;c;ZWNobyBwd25lZA==\x07there", "hi␛]52;c;ZWNobyBwd25lZA==␇there", "hi␛]52;c;ZWNobyBwd25lZA==␇there"},
	{"osc8 link", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "␛]8;;https://evil.example␛\\click␛]8;;␛\\", "␛]8;;https://evil.example␛\\click␛]8;;␛\\"},
	{"title change", "\x1b]0;pwned\x07", "␛]0;pwned␇", "␛]0;pwned␇"},
	{"screen clear", "\x1b[2J\x1b[H", "␛[2J␛[H", "␛[2J␛[H"},
	{"c1 csi", "a\u009b31mred", "a\ufffd31mred", "a\ufffd31mred"},
	{"raw c1 byte", "a\x9b31m", "a\ufffd31m", "a\ufffd31m"},
	{"rtl override", "invoice \u202egnp.exe", "invoice gnp.exe", "invoice gnp.exe"},
	{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc", "abc"},
	{"zero width", "pay\u200bpal\u200d\ufeff", "paypal", "paypal"},
	{"nul bel backspace", "a\x00b\x07c\x08d", "a␀b␇c␈d", "a␀b␇c␈d"},
	{"del", "x\x7fy", "x␡y", "x␡y"},
	{"newlines", "one\r\ntwo\rthree\nfour", "one two three four", "one\ntwo\nthree\nfour"},
	{"tabs", "a\tb", "a b", "a    b"},
	{"line separator", "a\u2028b\u2029c", "a b c", "a\nb\nc"},
	{"invalid utf8", "ok\xff\xfeok", "ok\ufffd\ufffdok", "ok\ufffd\ufffdok"},
	{"wide kept", "漢字 😀 café", "漢字 😀 café", "漢字 😀 café"},
	{"variation selector", "❤\ufe0f", "❤", "❤"},
}

func TestCleanHostile(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Clean(tc.in); got != tc.line {
				t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.line)
			}
			if got := CleanBlock(tc.in); got != tc.block {
				t.Errorf("CleanBlock(%q) = %q, want %q", tc.in, got, tc.block)
			}
		})
	}
}

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
		{"a\x1b[31mb", 4, "a␛[…"},
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
	for _, tc := range hostileCases {
		f.Add(tc.in, 10)
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
