package model

import "unicode/utf8"

// LetterMask is the set of characters s holds, one bit for each ASCII
// letter (either case), digit and, sharing the rest, other ASCII
// character: a fuzzy match (a subsequence) of text holds every character
// of it, so a list filtered by typing skips a name whose mask lacks a bit
// of the typed text's without reading the name. Text with a NUL or a
// non-ASCII character has every bit: the fuzzy matcher folds some
// non-ASCII letters onto ASCII ones (the Kelvin sign is a k), so only it
// can judge such text.
func LetterMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0 || c >= utf8.RuneSelf:
			return ^uint64(0)
		case 'a' <= c && c <= 'z':
			m |= 1 << (c - 'a')
		case 'A' <= c && c <= 'Z':
			m |= 1 << (c - 'A')
		case '0' <= c && c <= '9':
			m |= 1 << (26 + c - '0')
		default:
			m |= 1 << (36 + c%28)
		}
	}
	return m
}
