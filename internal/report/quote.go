package report

import (
	"strings"
	"unicode/utf8"

	"github.com/caredesk/caredesk/internal/textsafe"
)

// Customer text is hostile: a quote in the brief may carry terminal escape
// sequences, bidi overrides or invisible characters. textsafe.Plain removes
// them (the screen's textsafe.Line makes them visible instead, which suits
// an agent but not a management brief); TrimQuote also fits the text on one
// trimmed line.

// QuoteLen is how many characters of a customer's words the brief quotes.
const QuoteLen = 200

// TrimQuote cleans s and trims it to about n characters, at a word boundary
// when one is near, ending a cut text with "…".
func TrimQuote(s string, n int) string {
	s = textsafe.Plain(s)
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
