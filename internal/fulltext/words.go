// Package fulltext is the word rule of caredesk's search: how a text splits
// into words and how a word is folded so that what an agent types finds
// what a customer wrote (`muller` finds Müller, `CAFE` finds café).
//
// It is pure code, and both sides use it: the store indexes with it, the
// query side folds what was typed with it, so the two can never disagree.
// It lives here and not in model/ because folding accents needs Unicode
// decomposition (golang.org/x/text/unicode/norm) and model may import the
// standard library only; and not in store/ because the UI's highlighter
// needs it without knowing bbolt.
package fulltext

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxWord bounds a folded word in bytes: a longer one (a pasted token, a
// base64 blob) is cut there, on both sides alike, so the index keys stay
// small.
const MaxWord = 40

// Each calls fn with every word of s, folded, in order. The slice passed to
// fn is reused: copy it to keep it. A word is a run of letters, digits and
// combining marks; everything else separates words.
func Each(s string, fn func(word []byte)) {
	if s == "" {
		return
	}
	var buf Scratch
	EachIn(&buf, s, fn)
}

// Scratch is the buffer a word is folded into. The words passed to fn
// point into it, so it escapes: a caller tokenizing many texts keeps one
// and gives it to EachIn, rather than Each allocating one per text (an
// import tokenized a dozen texts a case, a million allocations per 100k
// rows).
type Scratch [MaxWord + utf8.UTFMax*2]byte

// EachIn is Each folding into buf: fn's word is a slice of buf.
func EachIn(buf *Scratch, s string, fn func(word []byte)) {
	w := buf[:0]
	emit := func() {
		if len(w) > 0 {
			fn(w)
			w = buf[:0]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if f := asciiFold[c]; f != 0 {
				if len(w) < MaxWord {
					w = append(w, f)
				}
				continue
			}
			emit()
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		f, inWord := foldRune(r)
		if !inWord {
			emit()
			continue
		}
		if len(w)+len(f) <= MaxWord {
			w = append(w, f...)
		}
	}
	emit()
}

// Words returns the folded words of s.
func Words(s string) []string {
	var out []string
	Each(s, func(w []byte) { out = append(out, string(w)) })
	return out
}

// Fold returns s's words folded and joined by single spaces: the form in
// which two texts compare as the search compares them.
func Fold(s string) string { return strings.Join(Words(s), " ") }

// asciiFold maps an ASCII letter to lower case and a digit to itself; 0
// marks a separator.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

// special are letters that do not decompose into a base letter and a mark
// but that readers treat as one: an agent types `strasse` for Straße.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i",
	'ĸ': "k", 'ŋ': "n", 'Ŋ': "n", 'ħ': "h", 'Ħ': "h",
}

// folded caches foldRune for non-ASCII runes: text repeats its few accented
// letters, and decomposing each time would dominate an import.
var folded sync.Map // rune → foldResult

type foldResult struct {
	s      string
	inWord bool
}

// foldRune folds a non-ASCII rune: lower case, accents removed. inWord
// reports whether it belongs to a word at all; a combining mark does, and
// folds to nothing.
func foldRune(r rune) (string, bool) {
	if v, ok := folded.Load(r); ok {
		f := v.(foldResult)
		return f.s, f.inWord
	}
	f := computeFold(r)
	folded.Store(r, f)
	return f.s, f.inWord
}

func computeFold(r rune) foldResult {
	if r == utf8.RuneError {
		return foldResult{}
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return foldResult{inWord: true}
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !numberOfDigits(r) {
		return foldResult{}
	}
	if s, ok := special[r]; ok {
		return foldResult{s: s, inWord: true}
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(unicode.ToLower(r))) {
		switch {
		case unicode.Is(unicode.Mn, d) || unicode.Is(unicode.Me, d):
		case d < utf8.RuneSelf:
			if f := asciiFold[d]; f != 0 {
				b.WriteByte(f)
			}
		case unicode.IsLetter(d) || unicode.IsDigit(d):
			d = unicode.ToLower(d)
			if sp, ok := special[d]; ok { // ǿ is ø and an accent
				b.WriteString(sp)
			} else {
				b.WriteRune(d)
			}
		}
	}
	return foldResult{s: b.String(), inWord: true}
}

// numberOfDigits reports whether r is a number that is not a digit but
// decomposes into letters and digits: superscripts and subscripts (m² is
// m2, CO₂ is co2), circled numbers, roman numerals — as NFKD-folding
// search engines (ICU, Lucene's ICU folding) read them. A fraction (½ is
// 1⁄2, with a slash) stays a separator: one rune cannot be two words.
func numberOfDigits(r rune) bool {
	if !unicode.IsNumber(r) {
		return false
	}
	d := norm.NFKD.String(string(r))
	for _, c := range d {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !unicode.Is(unicode.Mn, c) {
			return false
		}
	}
	return d != string(r)
}

// Spans calls fn with each word of s, folded, and where it stands in s:
// s[start:end]. The slice passed to fn is reused.
func Spans(s string, fn func(start, end int, word []byte)) {
	var buf [MaxWord + utf8.UTFMax*2]byte
	w := buf[:0]
	start := -1
	for i := 0; i <= len(s); {
		var f []byte
		var n int
		inWord := false
		if i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				n = 1
				if a := asciiFold[c]; a != 0 {
					inWord, f = true, []byte{a}
				}
			} else {
				r, size := utf8.DecodeRuneInString(s[i:])
				n = size
				var fs string
				fs, inWord = foldRune(r)
				f = []byte(fs)
			}
		}
		if inWord {
			if start < 0 {
				start = i
			}
			if len(w)+len(f) <= MaxWord {
				w = append(w, f...)
			}
			i += n
			continue
		}
		if start >= 0 {
			if len(w) > 0 {
				fn(start, i, w)
			}
			w, start = buf[:0], -1
		}
		if i == len(s) {
			break
		}
		i += n
	}
}
