package email

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
)

// A mail whose header has a line that is not a header field (a folded
// address list whose continuation lost its leading space, a stray mbox
// "From " line) is refused whole by go-message. mutt, Thunderbird and
// Python's email package read the rest; so does the desk: such lines are
// left out of what is read — never folded into a neighbour, so none of
// their words reaches an address, a subject or a reply's headers — and
// each is named on the message. The raw bytes stay whole.

// Bounds of the leniency: a text that has no header at all (prose, random
// bytes) must not lose its first paragraph to it, so a header is mended
// only when it has at most maxSkippedLines bad lines, more well-formed
// fields than bad lines, and at least minHeaderFields of them.
const (
	maxSkippedLines = 8
	minHeaderFields = 2
	maxHeaderBytes  = 1 << 20 // go-message's own limit on a header
	maxShownLine    = 80      // of a skipped line, in its note
)

// mendHeader is raw without the top-level header's lines that are not
// header fields (with their continuation lines), and a note per line left
// out; ok is false when the header is not one to mend (see the bounds).
func mendHeader(raw []byte) (mended []byte, notes []string, ok bool) {
	var kept bytes.Buffer
	fields, skipping := 0, false
	rest := raw
	for n := 1; len(rest) > 0; n++ {
		if len(raw)-len(rest) > maxHeaderBytes {
			return nil, nil, false
		}
		end := bytes.IndexByte(rest, '\n') + 1
		if end == 0 {
			end = len(rest)
		}
		line := rest[:end]
		// a line as bufio.ReadLine cuts it; an empty one ends the header
		text := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(text) == 0 {
			if line[len(line)-1] != '\n' {
				// a lone "\r" at the end of the mail: a reader takes
				// it for a broken line, so the header ends properly
				rest = []byte("\r\n")
			}
			break
		}
		rest = rest[end:]
		cont := text[0] == ' ' || text[0] == '\t'
		switch {
		case cont && n > 1:
			// goes with the line it continues, kept or left out with it
		case !cont && isHeaderField(text):
			fields++
			skipping = false
		default:
			if skipping = true; len(notes) == maxSkippedLines {
				return nil, nil, false
			}
			notes = append(notes, "header line "+strconv.Itoa(n)+" is not a header field, not read: "+shownLine(text))
		}
		if !skipping {
			kept.Write(line)
		}
	}
	if len(notes) == 0 || fields < minHeaderFields || fields <= len(notes) {
		return nil, nil, false
	}
	kept.Write(rest)
	return kept.Bytes(), notes, true
}

// isHeaderField tells a line go-message reads as a field: a name of
// printable ASCII without spaces before the first colon (spaces around
// the name are tolerated, as go-message does).
func isHeaderField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i < 0 {
		return false
	}
	name := bytes.Trim(line[:i], " \t")
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return len(name) > 0
}

// shownLine is a skipped line as its note quotes it: one line, valid
// UTF-8, no control character, at most maxShownLine bytes.
func shownLine(line []byte) string {
	s := model.OneLine(clean(string(line)))
	if len(s) > maxShownLine {
		s = s[:maxShownLine]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return fmt.Sprintf("%q", s)
}
