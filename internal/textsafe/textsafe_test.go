package textsafe

import (
	"testing"
	"unicode/utf8"
)

// hostileCases are strings a customer could send, and what the screen
// (Line, Block) and the brief (Plain) must make of them.
var hostileCases = []struct {
	name, in, line, block, plain string
}{
	{"plain", "Refund please", "Refund please", "Refund please", "Refund please"},
	{"osc52 clipboard write", "hi\x1b]52;c;ZWNobyBwd25lZA==\x07there", "hi␛there", "hi␛there", "hithere"},
	{"osc8 link", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "␛click␛", "␛click␛", "click"},
	{"title change", "\x1b]0;pwned\x07", "␛", "␛", ""},
	{"screen clear", "\x1b[2J\x1b[H", "␛␛", "␛␛", ""},
	{"sgr", "a\x1b[31mred\x1b[0m b", "a␛red␛ b", "a␛red␛ b", "ared b"},
	{"c1 csi", "a\u009b31mred", "a\ufffd31mred", "a\ufffd31mred", "a31mred"},
	{"raw c1 byte", "a\x9b31m", "a\ufffd31m", "a\ufffd31m", "a\ufffd31m"},
	{"rtl override", "invoice \u202egnp.exe", "invoice gnp.exe", "invoice gnp.exe", "invoice gnp.exe"},
	{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc", "abc", "abc"},
	{"zero width", "pay\u200bpal\u200d\ufeff", "paypal", "paypal", "paypal"},
	{"nul bel backspace", "a\x00b\x07c\x08d", "a␀b␇c␈d", "a␀b␇c␈d", "abcd"},
	{"del", "x\x7fy", "x␡y", "x␡y", "xy"},
	{"newlines", "one\r\ntwo\rthree\nfour", "one two three four", "one\ntwo\nthree\nfour", "one two three four"},
	{"tabs", "a\tb", "a b", "a    b", "a b"},
	{"line separator", "a\u2028b\u2029c", "a b c", "a\nb\nc", "a b c"},
	{"runs of space", "  lines\r\n\tand   tabs\u2028end  ", "  lines  and   tabs end  ", "  lines\n    and   tabs\nend  ", "lines and tabs end"},
	{"invalid utf8", "ok\xff\xfeok", "ok\ufffd\ufffdok", "ok\ufffd\ufffdok", "ok\ufffd\ufffdok"},
	{"wide kept", "漢字 😀 café", "漢字 😀 café", "漢字 😀 café", "漢字 😀 café"},
	{"variation selector", "❤\ufe0f", "❤", "❤", "❤"},
	{"skin tone", "👍\U0001F3FD", "👍", "👍", "👍"},
	{"esc at the end", "cut\x1b", "cut␛", "cut␛", "cut"},
	{"subject of escapes", "Hi \x1b[2J \x1b[31mRED \x1b]0;pwned\x07 \x1b[?1049l end", "Hi ␛ ␛RED ␛ ␛ end", "Hi ␛ ␛RED ␛ ␛ end", "Hi RED end"},
	{"esc before text", "Hi\x1b there \x1bte", "Hi␛ there ␛te", "Hi␛ there ␛te", "Hi there te"},
	{"osc never ended", "hi\x1b]0;and the rest", "hi␛]0;and the rest", "hi␛]0;and the rest", "hi]0;and the rest"},
}

func TestHostile(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Line(tc.in); got != tc.line {
				t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
			}
			if got := Block(tc.in); got != tc.block {
				t.Errorf("Block(%q) = %q, want %q", tc.in, got, tc.block)
			}
			if got := Plain(tc.in); got != tc.plain {
				t.Errorf("Plain(%q) = %q, want %q", tc.in, got, tc.plain)
			}
		})
	}
}

// checkSafe fails when out could change a terminal's state or hide text.
func checkSafe(t *testing.T, in, out string, breaks bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("sanitised %q is not valid UTF-8: %q", in, out)
	}
	for _, r := range out {
		switch {
		case r == '\n' && breaks:
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			t.Fatalf("sanitised %q keeps control %U: %q", in, r, out)
		case Invisible(r):
			t.Fatalf("sanitised %q keeps invisible %U: %q", in, r, out)
		}
	}
}

func FuzzSanitisers(f *testing.F) {
	for _, tc := range hostileCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in, Line(in), false)
		checkSafe(t, in, Block(in), true)
		checkSafe(t, in, Plain(in), false)
	})
}
