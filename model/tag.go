package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/caredesk/caredesk/internal/textsafe"
)

// MaxTagLen bounds a tag's length in bytes. CFPB's product/issue pairs
// reach 155 bytes.
const MaxTagLen = 200

// NormalizeTag turns what an agent typed into a tag: lower case, trimmed,
// inner white space as '-', each '/'-separated part trimmed, empty parts
// dropped. "Billing / Double Charge" becomes "billing/double-charge".
// Tags are also brought to Unicode's NFKC form and lose invisible
// characters (bidi controls, zero-width characters, variation
// selectors), so two tags never look the same on screen while being
// different ("ﬁx" and "fix", "bill\u200bing" and "billing").
func NormalizeTag(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "tag is not valid UTF-8")
	}
	// An escape sequence goes whole: dropping only its ESC (a control,
	// below) would leave "[31m" in the tag.
	s = textsafe.DropEscapes(s)
	if !isASCII(s) {
		s = norm.NFKC.String(strings.Map(dropInvisible, s))
	}
	if strings.ContainsRune(s, ';') {
		// ';' separates tags in the CSV format.
		return "", Errorf(EINVALID, "a tag cannot contain ';'")
	}
	parts := strings.Split(strings.ToLower(s), "/")
	out := parts[:0]
	for _, p := range parts {
		p = strings.Join(strings.FieldsFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), "-")
		if p != "" {
			out = append(out, p)
		}
	}
	t := strings.Join(out, "/")
	if t == "" {
		return "", Errorf(EINVALID, "tag is empty")
	}
	if strings.HasPrefix(t, ExactTag) {
		// tag:=x is the query for exactly x.
		return "", Errorf(EINVALID, "a tag cannot start with '%s'", ExactTag)
	}
	if strings.IndexByte(formulaStart, t[0]) >= 0 {
		// The report CSV is opened in spreadsheets, which run a cell
		// starting with one of these as a formula (OWASP CSV injection).
		return "", Errorf(EINVALID, "a tag cannot start with '%c' (a spreadsheet would read it as a formula)", t[0])
	}
	if len(t) > MaxTagLen {
		return "", Errorf(EINVALID, "tag is longer than %d bytes", MaxTagLen)
	}
	return t, nil
}

// formulaStart are the first characters that make a spreadsheet cell a
// formula ('=' has its own message above; tab and CR are white space,
// trimmed from a tag).
const formulaStart = "=+-@"

// TagStartsLikeFormula reports a value whose first character would make a
// spreadsheet read it as a formula: '=', '+', '-', '@', tab or CR.
func TagStartsLikeFormula(s string) bool {
	return s != "" && strings.IndexByte(formulaStart+"\t\r", s[0]) >= 0
}

// dropInvisible removes characters that are not seen but make two texts
// differ: Unicode's format characters (bidi controls, zero-width spaces
// and joiners, the BOM) and variation selectors (the same table as
// internal/textsafe.Invisible).
func dropInvisible(r rune) rune {
	if unicode.Is(unicode.Cf, r) || (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef) || r == 0x034f {
		return -1
	}
	return r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// TagArea is the part of a tag before its first '/', the area an issue
// belongs to ("billing" for "billing/double-charge"). A tag without '/' is
// an area of its own.
func TagArea(tag string) string {
	if i := strings.IndexByte(tag, '/'); i >= 0 {
		return tag[:i]
	}
	return tag
}

// TagIssue is the part of a tag after its area, or "" for a bare area.
func TagIssue(tag string) string {
	if i := strings.IndexByte(tag, '/'); i >= 0 {
		return tag[i+1:]
	}
	return ""
}

// CheckNewTag says why an agent may not create tag: a new tag names an
// area and an issue ("delivery/late"), so that it has a place in the
// taxonomy and on the heatmap; "wrng" alone is a typo waiting to happen.
// Imports keep whatever tags their source has, with a warning for each
// tag this refuses (store/importwarn.go).
func CheckNewTag(tag string) error {
	if TagIssue(tag) == "" {
		return Errorf(EINVALID, "a new tag is area/issue (like delivery/late): %s has no area", tag)
	}
	return nil
}

// TagMatches reports whether tag matches a filter value: equal, or under it
// ("billing" and "billing/" both match "billing/double-charge"). A value
// starting with '=' matches that tag only ("=billing" leaves billing/x out).
func TagMatches(tag, filter string) bool {
	if exact, ok := strings.CutPrefix(filter, ExactTag); ok {
		return tag == exact
	}
	filter = strings.TrimSuffix(filter, "/")
	return tag == filter || (strings.HasPrefix(tag, filter) && len(tag) > len(filter) && tag[len(filter)] == '/')
}

// ExactTag starts a tag filter that matches one tag and not its sub-tags:
// tag:=billing.
const ExactTag = "="

// Slug lower-cases s and turns each run of characters that are not letters
// or digits into one '-', trimming '-' at both ends: "Credit reporting,
// credit repair" becomes "credit-reporting-credit-repair".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}

// TagInfo is a tag of the taxonomy with its use.
type TagInfo struct {
	Tag   string
	Cases int // cases carrying it now
	// FirstUsed and LastUsed are the days (see Day) the tag was first and
	// last put on a case — with a new case, or added later — whether or
	// not the case still carries it; 0 when never used.
	FirstUsed int32
	LastUsed  int32
	Retired   bool
	Uses      int    // times an agent added it, for ranking suggestions
	LastAdded int64  // unix seconds an agent last added it
	Label     string // readable name, as its source wrote it; "" none
}

// MaxTagLabel bounds a tag's label, in bytes.
const MaxTagLabel = 300

// NormalizeTagLabel brings a tag's label to its stored form: one line,
// spaces collapsed, control characters dropped, at most MaxTagLabel bytes
// (cut at a character with "…"). Text from a file or a lead is never
// refused for its look: it is only shown (cleaned again when drawn).
func NormalizeTagLabel(s string) (string, error) {
	s = strings.Map(dropInvisible, strings.ToValidUTF8(s, ""))
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if len(s) > MaxTagLabel {
		cut := MaxTagLabel - len("…")
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s, nil
}

// NormalizeArea reads an area as a lead types it: "product", "product/"
// or "product/*".
func NormalizeArea(s string) (string, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "*")
	a, err := NormalizeTag(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	if err != nil {
		return "", err
	}
	if strings.Contains(a, "/") {
		return "", Errorf(EINVALID, "an area is the part of a tag before its '/': %s is a tag", a)
	}
	return a, nil
}
