package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// AgentName is an agents-file name as the desk keeps it (NFC), or false
// when it cannot be one. A name is shown (headers, timelines, briefs),
// typed as the SSH user and after @ in a search; it is never a path, a
// header or a command. So real names are welcome — Zoë, Søren, Łukasz,
// Nguyễn — but only letters that are an a–z letter with accents, or one of
// the few Latin letters of their own (ø, ł, ß…): a Cyrillic "а", a
// full-width "ａ" or a dental click "ǀ" would make a name look like another
// agent's, and bidi, control and stray combining marks are not letters.
func AgentName(s string) (string, bool) {
	s = norm.NFC.String(s)
	if s == "" || utf8.RuneCountInString(s) > 32 {
		return "", false
	}
	for i, r := range s {
		switch {
		case agentLetter(r) || '0' <= r && r <= '9':
		case i > 0 && strings.ContainsRune("._-", r):
		default:
			return "", false
		}
	}
	return s, true
}

// AgentNameRule says what AgentName takes, for messages.
const AgentNameRule = "letters (accents too: Zoë, Søren, Łukasz), digits, '.', '_' or '-', at most 32, starting with a letter or digit"

// ownLetters are Latin letters with no a–z base that European names use.
const ownLetters = "øØłŁßæÆœŒđĐðÐþÞıħĦŧŦŋŊ"

func agentLetter(r rune) bool {
	if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
		return true
	}
	if r < utf8.RuneSelf {
		return false
	}
	if strings.ContainsRune(ownLetters, r) {
		return true
	}
	// An accented letter: an a–z letter and marks, canonically.
	d := norm.NFD.String(string(r))
	base, n := utf8.DecodeRuneInString(d)
	if n == len(d) || !('a' <= base && base <= 'z' || 'A' <= base && base <= 'Z') {
		return false
	}
	for _, m := range d[n:] {
		if !unicode.Is(unicode.Mn, m) {
			return false
		}
	}
	return true
}
