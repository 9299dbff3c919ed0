package ui

import (
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/x/ansi"
)

// minPart is how short fitMessage cuts a long word: enough of a tag or a
// file name to recognise it.
const minPart = 12

// fitMessage fits a status or confirmation line into w cells without
// losing what matters: a message's verb and reason are short words, what
// makes it long is a variable part (a tag, a file name, a query). So the
// longest words are cut in the middle first (billing/…-refund), then a
// closing remark in parentheses goes, and only then the end is cut. A
// question's trailing "y/n" always stays.
func fitMessage(s string, w int) string {
	s = Clean(s)
	if cells.Width(s) <= w || w <= 0 {
		return Truncate(s, w)
	}
	suffix := ""
	if strings.HasSuffix(s, " y/n") {
		s, suffix = strings.TrimSuffix(s, " y/n"), " y/n"
	}
	room := w - cells.Width(suffix)
	words := strings.Split(s, " ")
	width := cells.Width(s)
	for width > room {
		long := -1
		for i, wd := range words {
			if ww := cells.Width(wd); ww > minPart && (long < 0 || ww > cells.Width(words[long])) {
				long = i
			}
		}
		if long < 0 {
			break
		}
		before := cells.Width(words[long])
		words[long] = cutMiddle(words[long], max(minPart, before-(width-room)))
		width -= before - cells.Width(words[long])
	}
	s = strings.Join(words, " ")
	if width > room && strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			s = s[:i]
		}
	}
	return Truncate(s, max(room, 1)) + suffix
}

// cutMiddle shortens s to w cells, keeping its start and its end.
func cutMiddle(s string, w int) string {
	if cells.Width(s) <= w || w < 3 {
		return s
	}
	head := (w - 1) / 2
	tail := w - 1 - head
	end := ansi.TruncateLeft(s, cells.Width(s)-tail, "")
	return ansi.Truncate(s, head, "") + "…" + end
}

// wrapMessage is fitMessage over at most n lines, broken at spaces only,
// so that a tag or a name is never split across lines: a routing warning
// keeps its tag, its names and its instruction at 80 columns where one
// line cut them.
func wrapMessage(s string, w, n int) []string {
	s = Clean(s)
	if n <= 1 || w <= 0 || cells.Width(s) <= w {
		return []string{fitMessage(s, w)}
	}
	var lines []string
	line := ""
	words := strings.Split(s, " ")
	if n := len(words); n > 1 && words[n-1] == "y/n" {
		// a question's y/n goes with its last word, never alone
		words = append(words[:n-2], words[n-2]+" y/n")
	}
	for i, wd := range words {
		switch {
		case line == "":
			line = wd
		case cells.Width(line)+1+cells.Width(wd) <= w:
			line += " " + wd
		default:
			lines = append(lines, fitMessage(line, w))
			line = wd
		}
		if len(lines) == n-1 {
			// the last line takes the rest, fitted
			rest := strings.Join(append([]string{line}, words[i+1:]...), " ")
			return append(lines, fitMessage(rest, w))
		}
	}
	return append(lines, fitMessage(line, w))
}
