package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Customer text is hostile: a quote in the brief may carry terminal escape
// sequences, bidi overrides that reorder what a manager reads, zero-width
// characters or invalid UTF-8. Clean removes them (the ui package's
// sanitiser makes them visible instead, which suits an agent but not a
// management brief), and Quote also fits the text on one trimmed line.

// Clean returns s on one line without control, escape, bidi or other
// invisible format characters; runs of white space become one space and
// invalid UTF-8 becomes U+FFFD.
func Clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0x1b { // ESC: drop the whole sequence, not just the ESC
			i += escLen(s[i:])
			continue
		}
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			r = utf8.RuneError
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = b.Len() > 0
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			continue // C0, DEL and C1 controls (U+009B is a one-byte CSI)
		case unicode.Is(unicode.Cf, r), r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef, r == 0x034f:
			continue // bidi controls, zero-width characters, variation selectors
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escLen is the length of the escape sequence at the start of s: CSI
// (ESC [ … final), OSC, DCS, SOS, PM and APC strings (ended by BEL or
// ESC \), or ESC and one character.
func escLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	_, n := utf8.DecodeRuneInString(s[1:])
	return 1 + n
}

// QuoteLen is how many characters of a customer's words the brief quotes.
const QuoteLen = 200

// TrimQuote cleans s and trims it to about n characters, at a word boundary
// when one is near, ending a cut text with "…".
func TrimQuote(s string, n int) string {
	s = Clean(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	t := s[:cut]
	if sp := strings.LastIndexByte(t, ' '); sp > len(t)*3/4 {
		t = t[:sp]
	}
	return strings.TrimRight(t, " ,.;:-") + "…"
}
