package caseindex

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/sahilm/fuzzy"
)

// pattern is fuzzy text prepared once per search.
type pattern struct {
	runes []rune
	ascii []byte      // the pattern's bytes when it is ASCII
	lower []byte      // lower-cased ASCII, for the subsequence test
	cls   []byteClass // lower[i] as a SWAR byte class
	mask  uint64      // charMask of an ASCII pattern; 0 for any other
}

func newPattern(text string) pattern {
	var p pattern
	if text == "" {
		return p
	}
	p.runes = []rune(text)
	if isASCII(text) {
		p.ascii = []byte(text)
		p.lower = []byte(strings.ToLower(text))
		p.mask = charMask(text)
		p.cls = make([]byteClass, len(p.lower))
		for i, c := range p.lower {
			p.cls[i] = classOf(c)
		}
	}
	return p
}

func (p *pattern) empty() bool { return len(p.runes) == 0 }

// score reports whether s matches and its sahilm/fuzzy score. ascii and
// foldSafe describe s (see row).
func (p *pattern) score(s string, ascii, foldSafe bool) (int, bool) {
	if p.ascii == nil || !foldSafe {
		return fuzzyScore(p.runes, s)
	}
	if !p.subsequence(s) {
		return 0, false
	}
	return p.scoreBytes(s)
}

// byteClass finds the bytes equal to a lower-cased ASCII character,
// ignoring ASCII case, eight at a time (SWAR): a byte b is in the class
// when b|or == eq. For a letter or is 0x20 in every lane, which maps
// exactly its upper case onto it; for any other character or is 0 and
// only the character itself matches.
type byteClass struct{ or, eq uint64 }

const (
	lanes01 = 0x0101010101010101
	lanes7f = 0x7f7f7f7f7f7f7f7f
)

func classOf(c byte) byteClass {
	k := byteClass{eq: lanes01 * uint64(c)}
	if 'a' <= c && c <= 'z' {
		k.or = lanes01 * 0x20
	}
	return k
}

// in returns 0x80 in each byte lane of w that is in the class, and 0 in
// the others (exactly: no borrow runs from lane to lane).
func (k byteClass) in(w uint64) uint64 {
	v := (w | k.or) ^ k.eq
	return ^(((v & lanes7f) + lanes7f) | v | lanes7f)
}

// load64 reads s[i:i+8] as a little-endian word: byte i in the low lane.
func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i : i+8]) }

// strBytes views s as bytes, without copying, for load64. The bytes are
// never written.
func strBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// subsequence is the cheap test before scoring: do the pattern's bytes
// appear in s in order, ignoring ASCII case? For text without characters
// that fold onto ASCII letters this is exactly when sahilm/fuzzy matches.
// It looks at eight bytes at a time.
func (p *pattern) subsequence(s string) bool {
	k, lo, cls := 0, p.lower, p.cls
	b := strBytes(s)
	i, n := 0, len(s)
	for i+8 <= n {
		m := cls[k].in(load64(b, i))
		if m == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(m)>>3 + 1
		if k++; k == len(lo) {
			return true
		}
	}
	for ; i < n; i++ {
		if lowerTab[s[i]] == lo[k] {
			if k++; k == len(lo) {
				return true
			}
		}
	}
	return false
}

// sahilm/fuzzy's scoring constants.
const (
	fzFirstCharBonus   = 10
	fzSeparatorBonus   = 20
	fzCamelBonus       = 20
	fzAdjacentBonus    = 5
	fzLeadingPenalty   = -5
	fzMaxLeadingPenalt = -15
)

func fzSep(r rune) bool {
	switch r {
	case '/', '-', '_', ' ', '.', '\\':
		return true
	}
	return false
}

// fzPrevTab describes a byte before a match, for its bonuses: a
// separator, or an ASCII lower-case letter (for the camel-case bonus).
const (
	fzPrevSep = 1 << iota
	fzPrevLower
)

var fzPrevTab = func() (t [256]uint8) {
	for i := range utf8.RuneSelf {
		if fzSep(rune(i)) {
			t[i] |= fzPrevSep
		}
		if 'a' <= i && i <= 'z' {
			t[i] |= fzPrevLower
		}
	}
	return t
}()

func fzUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowerTab lower-cases ASCII letters and leaves every other byte alone.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] = byte(i + 'a' - 'A')
		}
	}
	return t
}()

// scoreBytes is sahilm/fuzzy's algorithm (see fuzzyScore) for an ASCII
// pattern, lower-cased in lp, over text whose non-ASCII characters
// cannot fold onto ASCII (row.foldSafe). It walks bytes and does work
// only where a byte matches the current pattern character or the next
// byte matches the one after (where sahilm commits a match); the
// character before a match, which the bonuses look at, is decoded then.
//
// Between those places it skips eight bytes at a time (byteClass): a
// byte is worth a look only where it matches lp[pi] or the byte after it
// matches lp[pi+1], or at the end.
func (p *pattern) scoreBytes(s string) (int, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return p.scoreClean(s)
}

// scoreClean is scoreBytes for text without NUL (a row's text, see
// row.foldSafe).
func (p *pattern) scoreClean(s string) (int, bool) {
	lp, cls := p.lower, p.cls
	b := strBytes(s)
	n := len(s)
	total, matched, lastMatch := 0, 0, -1
	pi, bestScore, matchedIndex, curAdj := 0, -1, -1, 0
	lastPi := len(lp) - 1
	for j := 0; j < n; j++ {
		var isMatch, commit, end bool
		if j+9 <= n {
			// Not at the end: find the next byte matching lp[pi] or
			// followed by one matching lp[pi+1].
			m := cls[pi].in(load64(b, j))
			var next uint64
			if pi < lastPi {
				next = cls[pi+1].in(load64(b, j+1))
			}
			if m|next == 0 {
				j += 7
				continue
			}
			t := bits.TrailingZeros64(m | next)
			j += t >> 3
			isMatch, commit = m>>t&1 != 0, next>>t&1 != 0
		} else {
			isMatch = lowerTab[s[j]] == lp[pi]
			end = j+1 >= n
			commit = end || pi < lastPi && lowerTab[s[j+1]] == lp[pi+1]
			if !isMatch && !commit {
				continue
			}
		}
		if isMatch {
			score := 0
			if j == 0 {
				score += fzFirstCharBonus
			} else {
				pb, size := s[j-1], 1
				f := fzPrevTab[pb]
				if pb >= utf8.RuneSelf {
					var prev rune
					prev, size = utf8.DecodeLastRuneInString(s[:j])
					if unicode.IsLower(prev) {
						f |= fzPrevLower
					}
				}
				if f&fzPrevLower != 0 && fzUpper(s[j]) {
					score += fzCamelBonus
				}
				if f&fzPrevSep != 0 {
					score += fzSeparatorBonus
				}
				if matched > 0 {
					bonus := 0
					if j-size == lastMatch {
						bonus = curAdj*2 + fzAdjacentBonus
					}
					score += bonus
					curAdj += bonus
				}
			}
			if score > bestScore {
				bestScore, matchedIndex = score, j
			}
		}
		// sahilm commits at the last byte of a character; a byte inside a
		// multi-byte character is never followed by ASCII, so the test on
		// the next byte is the same.
		if commit && matchedIndex > -1 {
			if matched == 0 {
				bestScore += max(matchedIndex*fzLeadingPenalty, fzMaxLeadingPenalt)
			}
			total += bestScore
			lastMatch = matchedIndex
			matched++
			bestScore = -1
			if pi < lastPi {
				pi++
			} else if !end {
				// sahilm would index past the pattern here; it cannot
				// happen, as the last character only commits at the end.
				break
			}
		}
	}
	total += matched - n
	return total, matched == len(lp)
}

// fuzzyScore is the same for any text, rune by rune.
func fuzzyScore(p []rune, s string) (int, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	total, matched, lastMatch := 0, 0, -1
	pi, bestScore, matchedIndex, curAdj := 0, -1, -1, 0
	var last rune
	lastIndex := 0
	nextc, nextSize := utf8.DecodeRuneInString(s)
	var c rune
	var size int
	for j := 0; j < len(s); j += size {
		c, size = nextc, nextSize
		if fzEqualFold(c, p[pi]) {
			score := 0
			if j == 0 {
				score += fzFirstCharBonus
			}
			if unicode.IsLower(last) && unicode.IsUpper(c) {
				score += fzCamelBonus
			}
			if j != 0 && fzSep(last) {
				score += fzSeparatorBonus
			}
			if matched > 0 {
				bonus := 0
				if lastIndex == lastMatch {
					bonus = curAdj*2 + fzAdjacentBonus
				}
				score += bonus
				curAdj += bonus
			}
			if score > bestScore {
				bestScore, matchedIndex = score, j
			}
		}
		var nextp rune
		if pi < len(p)-1 {
			nextp = p[pi+1]
		}
		if j+size < len(s) {
			nextc, nextSize = utf8.DecodeRuneInString(s[j+size:])
		} else {
			nextc, nextSize = 0, 0
		}
		if fzEqualFold(nextp, nextc) || nextc == 0 {
			if matchedIndex > -1 {
				if matched == 0 {
					bestScore += max(matchedIndex*fzLeadingPenalty, fzMaxLeadingPenalt)
				}
				total += bestScore
				lastMatch = matchedIndex
				matched++
				bestScore = -1
				pi++
			}
		}
		lastIndex = j
		last = c
	}
	total += matched - len(s)
	return total, matched == len(p)
}

// fzEqualFold is sahilm/fuzzy's equalFold (strings.EqualFold for runes).
func fzEqualFold(tr, sr rune) bool {
	if tr == sr {
		return true
	}
	if tr < sr {
		tr, sr = sr, tr
	}
	if tr < utf8.RuneSelf {
		return 'A' <= sr && sr <= 'Z' && tr == sr+'a'-'A'
	}
	r := unicode.SimpleFold(sr)
	for r != sr && r < tr {
		r = unicode.SimpleFold(r)
	}
	return r == tr
}

// matchedBytes returns the byte offsets in s of the characters text
// matches, from sahilm/fuzzy itself: it runs for the rows on screen only.
func matchedBytes(text, s string) []int {
	if text == "" {
		return nil
	}
	ms := fuzzy.Find(text, []string{s})
	if len(ms) == 0 {
		return nil
	}
	return ms[0].MatchedIndexes
}
