package email

import (
	"mime"
	"regexp"
	"strings"

	"github.com/emersion/go-message"
)

// wordDecoder reads RFC 2047 encoded words in every charset go-message
// knows (ISO-8859-*, Windows-125x, Shift_JIS, …).
var wordDecoder = mime.WordDecoder{CharsetReader: message.CharsetReader}

// encodedWord is one RFC 2047 word: =?charset?B|Q?text?=.
var encodedWord = regexp.MustCompile(`=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=`)

// decodeText is a header's text with its encoded words decoded. Where
// one word cannot be decoded (an unknown charset, broken base64), the
// others still are and that one stays as written — what mutt and
// Thunderbird show — so one bad word does not leave a whole subject
// unreadable and unsearchable. As RFC 2047 asks, white space between
// two encoded words that decoded is dropped.
func decodeText(raw string) string {
	if v, err := wordDecoder.DecodeHeader(raw); err == nil {
		return v
	}
	var b strings.Builder
	last, prevDecoded := 0, false
	for _, m := range encodedWord.FindAllStringIndex(raw, -1) {
		between := raw[last:m[0]]
		word := raw[m[0]:m[1]]
		dec, err := wordDecoder.Decode(word)
		if err == nil && prevDecoded && strings.TrimSpace(between) == "" {
			between = ""
		}
		b.WriteString(between)
		if err != nil {
			b.WriteString(word)
		} else {
			b.WriteString(dec)
		}
		last, prevDecoded = m[1], err == nil
	}
	b.WriteString(raw[last:])
	return b.String()
}
