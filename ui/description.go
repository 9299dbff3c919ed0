package ui

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
)

// A case's description is what its source sent, kept whole by the store
// however long (an imported web form once brought 30 MB). A screen lays
// out and keeps only its first shownDescription bytes: wrapping and
// drawing all of it took each screen that opened the case ~10 s and
// ~230 MB that stayed after, and a person reads no further anyway. A line
// under it says how much more there is and that :export writes it whole.
var shownDescription = 64 << 10 // a var for the benchmark's "whole" anchor only

// cutText is s cut to what a screen keeps, and the bytes left out (0: it
// is whole). The cut is a copy: the long text it came from is not kept
// alive by it.
func cutText(s string) (string, int) {
	head := textHead(s, shownDescription)
	if len(head) == len(s) {
		return s, 0
	}
	return strings.Clone(head), len(s) - len(head)
}

// textHead is the first n bytes of s or fewer, not cutting a character.
func textHead(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cutDescription is c with its description cut (cutText).
func cutDescription(c model.Case) (model.Case, int) {
	var more int
	c.Body, more = cutText(c.Body)
	return c, more
}

// cutLine is the line under a cut text: what it is (the description, a
// message), what was left out, and how to get it whole: :export here, the
// server's text command on a team server (a session has no :export).
func (p *casePane) cutLine(what string, more, shown int) string {
	how := ":export FILE"
	if p.e.sshCommand != "" {
		how = fmt.Sprintf("%s text %d > case.txt", Clean(p.e.sshCommand), p.c.ID)
	}
	return fmt.Sprintf("⋯ %s more of this %s not shown (%s in all): %s writes it whole",
		sizeText(int64(more)), what, sizeText(int64(more+shown)), how)
}

// cmdExport writes the open case's text whole, as its customer and the
// desk wrote it, to FILE: its conversation (the description, the mails,
// the replies and notes), each under a line saying who and when. The
// case pane shows the first shownDescription bytes of each.
func cmdExport(a *app, arg string) tea.Cmd {
	if a.focus != paneCase || a.opened == 0 {
		return statusMsg{text: "open a case (enter), then :export FILE writes its text whole", err: true}.cmd()
	}
	path := strings.TrimSpace(arg)
	if path == "" {
		return statusMsg{text: "export: name a FILE to write the case's text to", err: true}.cmd()
	}
	svc, id := a.e.svc, a.opened
	return writeFile(a.e.files, fmt.Sprintf("the text of #%d", id), path, false, func(w io.Writer) error {
		msgs, err := svc.Conversation(id)
		if err != nil {
			return err
		}
		return model.WriteTranscript(w, msgs)
	})
}
