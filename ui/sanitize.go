package ui

import (
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// Customer text is hostile input: every string from a case or customer
// passes through Clean or CleanBlock (internal/textsafe, where the threat
// model is written down) before it reaches the screen.

// Clean makes s safe to show on one line (textsafe.Line).
func Clean(s string) string { return textsafe.Line(s) }

// CleanID shows an identifier (a case's external id) so that two that
// differ only by an invisible character never look the same
// (textsafe.ID).
func CleanID(s string) string { return textsafe.ID(s) }

// shortID is a case's external id where the screen must show one: clean,
// and an id made for a mail ("mail:sha256:" and 64 hex digits, which
// wrapped the queue's preview) cut to "mail:" and its first 8 characters.
func shortID(ext string) string {
	if !model.IsMailKey(ext) {
		return CleanID(ext)
	}
	key := strings.TrimPrefix(strings.TrimPrefix(ext, model.MailKeyPrefix), "sha256:")
	return model.MailKeyPrefix + Truncate(CleanID(key), 9)
}

// CleanBlock is Clean for multi-line text such as a case body
// (textsafe.Block).
func CleanBlock(s string) string { return textsafe.Block(s) }

// Fit cleans s and cuts or pads it to exactly w cells, ending a cut text
// with "…". Widths are measured on graphemes, so 漢字 and emoji never break
// a column.
func Fit(s string, w int) string {
	s = Truncate(s, w)
	if pad := w - cells.Width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Truncate cleans s and cuts it to at most w cells with a trailing "…".
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Clean(s)
	if cells.Width(s) <= w {
		return s
	}
	if w == 1 {
		return "…"
	}
	return ansi.Truncate(s, w, "…")
}

// TruncateApart is TruncateMiddle for a name among siblings: when its cut
// would read like a sibling's cut (two CFPB areas that differ only in their
// middle both read "credit-rep…onsumer-reports"), it keeps a short head and
// the text from where the two part.
func TruncateApart(s string, siblings []string, w int) string {
	cut := TruncateMiddle(s, w)
	if w < 9 {
		return cut
	}
	s = Clean(s)
	at := -1 // runes s shares with the sibling it is most like
	for _, o := range siblings {
		if o = Clean(o); o != s && TruncateMiddle(o, w) == cut {
			at = max(at, sharedRunes(s, o))
		}
	}
	if at < 0 {
		return cut
	}
	head := ansi.Truncate(s, min(4, w/4), "")
	if at <= len([]rune(head)) {
		return Truncate(s, w)
	}
	return head + "…" + Truncate(string([]rune(s)[at:]), w-cells.Width(head)-1)
}

// sharedRunes is how many runes a and b have in common at their start.
func sharedRunes(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

// TruncateMiddle cleans s and cuts it to at most w cells by taking out its
// middle: siblings that share a long beginning ("incorrect-information-
// on-your-report", "incorrect-information-on-your-credit-file") stay told
// apart by their ends.
func TruncateMiddle(s string, w int) string {
	s = Clean(s)
	sw := cells.Width(s)
	if sw <= w || w < 7 {
		return Truncate(s, w)
	}
	head := (w - 1) * 2 / 5
	tail := w - 1 - head
	return ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, sw-tail, "")
}
