package ui

import (
	"regexp"
	"strings"
)

// Mail quotes what it answers: "> " lines (mutt, Gmail, Apple Mail), an
// attribution line before them ("On Mon, Jane wrote:"), and Outlook's
// "-----Original Message-----" or "From: … Sent: …" block, after which
// everything is the old mail. The conversation folds quoted runs to one
// line so each message shows what is new in it.

// textPart is a run of a message's lines, quoted or not.
type textPart struct {
	lines  []string
	quoted bool
}

var (
	attributionRE = regexp.MustCompile(`(?i)^(on .{3,200}(wrote|writes|a écrit|schrieb|escribió)|.{3,200} (wrote|writes)):\s*$`)
	outlookRE     = regexp.MustCompile(`(?i)^\s*(-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|message d'origine)\s*-{2,}|_{20,})\s*$`)
	outlookFromRE = regexp.MustCompile(`(?i)^\s*(from|von|de):\s+\S`)
	outlookSentRE = regexp.MustCompile(`(?i)^\s*(sent|gesendet|envoyé|date):\s+\S`)
)

func isQuoteLine(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " "), ">") }

// splitQuotes cuts text (already clean, LF line breaks) into new and
// quoted parts, in order. Blank lines between two quoted runs stay inside
// the quote, so one reply's quote folds as one.
func splitQuotes(text string) []textPart {
	lines := strings.Split(text, "\n")
	quoted := make([]bool, len(lines))
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case isQuoteLine(l):
			quoted[i] = true
		case outlookRE.MatchString(l),
			outlookFromRE.MatchString(l) && i+1 < len(lines) && outlookSentRE.MatchString(lines[i+1]):
			// Outlook: everything from here on is the old mail.
			for j := i; j < len(lines); j++ {
				quoted[j] = true
			}
			i = len(lines)
		case attributionRE.MatchString(strings.TrimSpace(l)) && nextQuoted(lines, i+1):
			quoted[i] = true
		}
	}
	// blank lines inside a quote belong to it
	for i := range lines {
		if !quoted[i] && strings.TrimSpace(lines[i]) == "" && prevQuoted(quoted, lines, i) && nextQuotedFlag(quoted, lines, i) {
			quoted[i] = true
		}
	}
	var parts []textPart
	for i, l := range lines {
		if n := len(parts); n > 0 && parts[n-1].quoted == quoted[i] {
			parts[n-1].lines = append(parts[n-1].lines, l)
			continue
		}
		parts = append(parts, textPart{lines: []string{l}, quoted: quoted[i]})
	}
	return parts
}

// nextQuoted: the first non-blank line from i on is a "> " line.
func nextQuoted(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return isQuoteLine(lines[i])
		}
	}
	return false
}

func prevQuoted(quoted []bool, lines []string, i int) bool {
	for i--; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "" || quoted[i] {
			return quoted[i]
		}
	}
	return false
}

func nextQuotedFlag(quoted []bool, lines []string, i int) bool {
	for i++; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" || quoted[i] {
			return quoted[i]
		}
	}
	return false
}

// quoteText is text quoted for a reply: "> " before every line, an
// attribution first.
func quoteText(who, when, text string) string {
	var b strings.Builder
	if who != "" {
		b.WriteString("On " + when + ", " + who + " wrote:\n")
	}
	for _, l := range strings.Split(strings.TrimRight(text, "\n "), "\n") {
		if strings.HasPrefix(l, ">") {
			b.WriteString(">" + l + "\n")
		} else {
			b.WriteString("> " + l + "\n")
		}
	}
	return b.String()
}
