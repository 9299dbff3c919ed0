package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/caredesk/caredesk/internal/caseindex"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// markHits styles the words of the queue's search in the case's detail
// lines (clean and wrapped, the conversation's text unstyled) and lists
// the lines holding one.
func markHits(lines []string, search caseindex.Highlighter, hl lipgloss.Style) ([]string, []int) {
	if search.Empty() {
		return lines, nil
	}
	var hits []int
	for i, l := range lines {
		if strings.Contains(l, "\x1b") {
			continue // a styled line (a message's header): its words are not the customer's
		}
		marks := search.Text(l)
		if len(marks) == 0 {
			continue
		}
		lines[i] = markText(l, marks, hl)
		hits = append(hits, i)
	}
	return lines, hits
}

// markText styles the characters of text at the byte offsets in marks,
// a run at a time.
func markText(text string, marks []int, hl lipgloss.Style) string {
	var b strings.Builder
	start, i := 0, 0
	for i < len(marks) {
		lo := marks[i]
		hi := lo
		for i < len(marks) && marks[i] == hi {
			_, n := utf8.DecodeRuneInString(text[hi:])
			hi += n
			i++
		}
		b.WriteString(text[start:lo])
		b.WriteString(hl.Render(text[lo:hi]))
		start = hi
	}
	b.WriteString(text[start:])
	return b.String()
}

// hitCount is the number of marked lines: the details' then the
// timeline's.
func (p *casePane) hitCount() int { return len(p.hits) + len(p.tlHits) }

// jumpHit scrolls the details or the timeline to the next (d = +1) or
// previous hit, round to the other end; the viewport shows it even where
// it cannot put it on top (near the end).
func (p *casePane) jumpHit(d int) tea.Cmd {
	n := p.hitCount()
	if n == 0 {
		return statusMsg{text: "no search hits in this case"}.cmd()
	}
	switch {
	case p.hitAt < 0 && d < 0:
		p.hitAt = n - 1
	case p.hitAt < 0:
		p.hitAt = 0
	default:
		p.hitAt = (p.hitAt + d + n) % n
	}
	p.showHit(p.hitAt)
	return statusMsg{text: fmt.Sprintf("hit %d of %d", p.hitAt+1, n)}.cmd()
}

// showHit focuses and scrolls to hit i of hits then tlHits.
func (p *casePane) showHit(i int) {
	if i < len(p.hits) {
		p.focus = secBody
		p.body.SetYOffset(p.hits[i])
		return
	}
	p.focus = secTimeline
	p.timeline.SetYOffset(p.tlHits[i-len(p.hits)])
}
