package ui

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
)

// The case pane's details show the case as a conversation: the customer's
// mails, the desk's replies with where each stands (queued, sent, failed
// and why) and the agents' notes, oldest first so the newest is last, as a
// mail thread reads. Quoted text is folded to one line (z shows it), and
// attachments are listed under their message: } and { select one, enter
// saves it (attachments.go).

// convView is what the case pane holds of the shown case's conversation.
type convView struct {
	msgs   []model.Message
	more   []int // bytes of each message's text not kept (cutText)
	err    error
	rev    uint64 // bumped on every read, so the details are drawn again
	unfold bool   // quoted text shown
	files  []convFile
	sel    int // selected attachment in files, -1 none
	// lastAt is the line the newest message starts on, where the details
	// open when the conversation is longer than one message, and go to
	// when a message is added (shown counts the messages drawn last).
	lastAt int
	shown  int
	// at is the line the conversation starts on, under the case's extra
	// fields and its own heading; 0 when the case has no fields.
	at     int
	titled kept[uint64, string] // title, by rev
}

// grew reports whether messages were added since the details were last
// drawn, and notes that they now are.
func (cv *convView) grew() bool {
	g := len(cv.msgs) > cv.shown && cv.shown > 0
	cv.shown = len(cv.msgs)
	return g
}

// convFile is one attachment as listed.
type convFile struct {
	seq  uint64
	i    int
	a    model.Attachment
	line int // its line in the details
}

// setConversation takes a fresh read of the conversation, keeping the
// selected attachment when it is still there.
func (cv *convView) set(msgs []model.Message, err error) {
	var selSeq uint64
	selI := -1
	if cv.sel >= 0 && cv.sel < len(cv.files) {
		selSeq, selI = cv.files[cv.sel].seq, cv.files[cv.sel].i
	}
	// A screen keeps the first shownDescription bytes of each text
	// (description.go); more says what each message left out.
	cut, more := make([]model.Message, len(msgs)), make([]int, len(msgs))
	for i, m := range msgs {
		m.Text, more[i] = cutText(m.Text)
		cut[i] = m
	}
	if cv.rev > 0 && errText(err) == errText(cv.err) && (err == nil) == (cv.err == nil) && reflect.DeepEqual(cut, cv.msgs) {
		// A read after a save that left the conversation alone (a
		// status, a tag): the details are not drawn again for it.
		return
	}
	cv.msgs, cv.more, cv.err = cut, more, err
	cv.rev++
	cv.files = cv.files[:0]
	cv.sel = -1
	for _, m := range msgs {
		for i, a := range m.Attachments {
			if m.Seq == selSeq && i == selI {
				cv.sel = len(cv.files)
			}
			cv.files = append(cv.files, convFile{seq: m.Seq, i: i, a: a})
		}
	}
}

// step moves the attachment selection by d (wrapping); false when the
// case has none.
func (cv *convView) step(d int) bool {
	n := len(cv.files)
	if n == 0 {
		return false
	}
	switch {
	case cv.sel < 0 && d > 0:
		cv.sel = 0
	case cv.sel < 0:
		cv.sel = n - 1
	default:
		cv.sel = (cv.sel + d + n) % n
	}
	return true
}

func (cv *convView) selected() (convFile, bool) {
	if cv.sel >= 0 && cv.sel < len(cv.files) {
		return cv.files[cv.sel], true
	}
	return convFile{}, false
}

// lastInbound is the customer's latest mail (not an auto-reply or bounce),
// the one a reply answers.
func (cv *convView) lastInbound() (model.Message, bool) {
	for i := len(cv.msgs) - 1; i >= 0; i-- {
		if m := cv.msgs[i]; m.Dir == model.DirInbound && m.Recognised == "" {
			return m, true
		}
	}
	return model.Message{}, false
}

// conversationLines draws the messages to width w: a heading per message,
// its text wrapped to the reading width with quotes folded, and its
// attachments. It records where each attachment and the newest message
// are, for scrolling.
func (p *casePane) conversationLines(w int) []string {
	st, cv := p.e.styles, &p.conv
	if cv.err != nil {
		return []string{st.Error.Render(Truncate("could not read the conversation: "+errText(cv.err), w))}
	}
	var lines []string
	file := 0
	tw := min(w, readingWidth)
	for n, m := range cv.msgs {
		if n > 0 {
			lines = append(lines, "")
		}
		if n == len(cv.msgs)-1 {
			cv.lastAt = len(lines)
		}
		// An imported case's body alone reads as before: the case's own
		// lines above already say who wrote it and when.
		if !(len(cv.msgs) == 1 && m.Seq == 0) {
			lines = append(lines, p.messageHeading(m, w))
		}
		// what of the mail's header could not be read: the rest was
		for _, hw := range m.HeaderWarnings {
			lines = append(lines, st.SLASoon.Render(Truncate(Clean("  ⚠ "+hw), w)))
		}
		if m.Dir == model.DirOutbound && len(m.Cc) > 0 {
			lines = append(lines, st.Muted.Render(Truncate("  cc "+strings.Join(m.Cc, ", "), w)))
		}
		text := strings.TrimRight(CleanBlock(m.Text), "\n ")
		if text == "" && len(m.Attachments) == 0 {
			lines = append(lines, st.Muted.Render("(no text)"))
		}
		if text != "" {
			for _, part := range splitQuotes(text) {
				if part.quoted && !cv.unfold {
					lines = append(lines, st.Muted.Render(Truncate(fmt.Sprintf("┆ %s quoted · z shows them", plural(len(part.lines), "line")), w)))
					continue
				}
				for _, l := range wrapText(strings.Join(part.lines, "\n"), tw) {
					if part.quoted {
						l = st.Muted.Render(l)
					}
					lines = append(lines, l)
				}
			}
		}
		if more := cv.more[n]; more > 0 {
			what := "message"
			if m.Seq == 0 && m.Opening {
				what = "description"
			}
			lines = append(lines, "")
			lines = append(lines, wrapText(p.cutLine(what, more, len(m.Text)), tw)...)
		}
		for _, a := range m.Attachments {
			row := fmt.Sprintf("  ▫ %s · %s · %s", Clean(a.Name), Clean(orText(a.Type, "unknown type")), sizeText(a.Size))
			if file < len(cv.files) {
				cv.files[file].line = len(lines)
			}
			if file == cv.sel {
				if p.e.files != nil { // a team server's session writes no file
					row += "  enter saves"
				}
				row = st.Selected.Render(fitLine(Truncate(row, w), w))
			} else {
				row = Truncate(row, w)
			}
			lines = append(lines, row)
			file++
		}
	}
	return lines
}

// messageHeading is one line: who wrote, in which direction, when, and
// for a reply where it stands.
func (p *casePane) messageHeading(m model.Message, w int) string {
	st := p.e.styles
	when := p.when(m.At)
	switch {
	case m.Logged:
		return st.Title.Render(Truncate(Clean(fmt.Sprintf("▸ reply logged · %s · %s · not sent (logged, no mail went out)", orText(m.Author, "desk"), when)), w))
	case m.Dir == model.DirOutbound:
		to := replyRecipients(m)
		head := Clean(fmt.Sprintf("▸ reply · %s → %s · %s · ", orText(m.Author, "desk"), to, when))
		state, style := deliveryText(m), st.Muted
		switch m.Delivery {
		case model.DeliverySent:
			style = st.Status
		case model.DeliveryFailed:
			style = st.Error
		case model.DeliveryQueued, model.DeliverySending:
			style = st.SLASoon
		}
		room := max(w-cells.Width(head), 0)
		if room < 12 {
			// the state matters more than the address
			return st.Title.Render(Truncate("▸ reply · ", w)) + style.Render(Truncate(state, max(w-10, 0)))
		}
		return st.Title.Render(head) + style.Render(Truncate(state, room))
	case m.Dir == model.DirNote:
		return st.Muted.Render(Truncate(fmt.Sprintf("▸ note · %s · %s · internal, never sent", orText(m.Author, "someone"), when), w))
	}
	if m.Recognised != "" {
		return st.Muted.Render(Truncate(fmt.Sprintf("▸ %s · %s · %s", m.Recognised, orText(m.From, "unknown sender"), when), w))
	}
	return st.Bold.Render(Truncate(fmt.Sprintf("▸ customer · %s · %s", orText(m.From, "unknown sender"), when), w))
}

// deliveryText says where a reply stands, the server's reason with a
// failure.
func deliveryText(m model.Message) string {
	switch m.Delivery {
	case model.DeliverySent:
		return "✓ sent"
	case model.DeliveryFailed:
		return "✗ failed: " + orText(m.DeliveryNote, "no reason given")
	case model.DeliverySending:
		return "… sending"
	case model.DeliveryQueued:
		if m.Attempts > 0 && m.DeliveryNote != "" {
			return fmt.Sprintf("… queued (try %d: %s)", m.Attempts, m.DeliveryNote)
		}
		return "… queued"
	}
	return ""
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// sizeText is a size as people read it: 820 B, 12 KB, 3.4 MB.
func sizeText(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// convKey is what the drawn conversation depends on besides the case.
type convKey struct {
	rev    uint64
	unfold bool
	sel    int
}

func (cv *convView) key() convKey { return convKey{cv.rev, cv.unfold, cv.sel} }

// title is the conversation's heading: how many mails, or "Description"
// for a case whose only text is what it was opened with (an import's
// body, shown without a heading of its own).
func (cv *convView) title() string {
	return cv.titled.get(cv.rev, cv.makeTitle) // the details' rule shows it every frame
}

func (cv *convView) makeTitle() string {
	n := 0
	for _, m := range cv.msgs {
		if m.Dir != model.DirNote {
			n++
		}
	}
	switch {
	case n == 0 || len(cv.msgs) == 1 && cv.msgs[0].Seq == 0:
		return "Description"
	case n == 1:
		return "Conversation · 1 mail"
	}
	return fmt.Sprintf("Conversation · %d mails, newest last", n)
}

// detailsTitle heads the details: "Details" while the case's extra fields
// are at the top of the view, then the conversation's heading. A case
// with fields shows the conversation's heading again where it starts
// (detailLines), so each heading names what is under it.
func (p *casePane) detailsTitle() string {
	if p.conv.at > 0 && p.body.YOffset < p.conv.at {
		return "Details"
	}
	return p.conv.title()
}

// detailLines are the case's extra fields, then its conversation (or,
// when that could not be read, its body) under its own heading, wrapped
// to w. This runs once per width or data change, not per frame.
func (p *casePane) detailLines(w int) []string {
	if w <= 0 {
		return nil
	}
	lines := fieldLines(p.c, w)
	p.conv.at = 0
	if len(lines) > 0 {
		// the heading in place of the blank line under the fields
		lines[len(lines)-1] = sectionRule(p.e.styles, p.conv.title(), "", w, false)
		p.conv.at = len(lines)
	}
	if len(p.conv.msgs) == 0 {
		body := strings.TrimRight(CleanBlock(p.c.Body), "\n ")
		if p.conv.err != nil {
			lines = append(lines, p.conversationLines(w)...)
		}
		if body == "" && p.descMore == 0 {
			return append(lines, "(no description)")
		}
		lines = append(lines, wrapText(body, min(w, readingWidth))...)
		if p.descMore > 0 {
			lines = append(lines, "")
			lines = append(lines, wrapText(p.cutLine("description", p.descMore, len(p.c.Body)), min(w, readingWidth))...)
		}
		return lines
	}
	conv := p.conversationLines(w)
	// where the newest message and the attachments are, in the details
	p.conv.lastAt += len(lines)
	for i := range p.conv.files {
		p.conv.files[i].line += len(lines)
	}
	return append(lines, conv...)
}

// conversationKey takes the conversation's keys: z folds or shows quoted
// text, } and { select an attachment and bring it into view.
func (p *casePane) conversationKey(msg tea.KeyMsg) bool {
	k := p.keys
	switch {
	case key.Matches(msg, k.Fold):
		p.conv.unfold = !p.conv.unfold
	case key.Matches(msg, k.NextFile):
		p.conv.step(+1)
	case key.Matches(msg, k.PrevFile):
		p.conv.step(-1)
	default:
		return false
	}
	p.focus = secBody
	p.relayout()
	if f, ok := p.conv.selected(); ok && !key.Matches(msg, k.Fold) {
		if f.line < p.body.YOffset || f.line >= p.body.YOffset+p.body.Height {
			p.body.SetYOffset(max(f.line-p.body.Height/2, 0))
		}
	}
	return true
}

// replyRecipients is whom a reply went to: To, then Cc (a refused Cc must
// show), then who it goes to again after a bounce for some of them.
func replyRecipients(m model.Message) string {
	to := strings.Join(m.To, ", ")
	if len(m.Cc) > 0 {
		to += " cc " + strings.Join(m.Cc, ", ")
	}
	if len(m.FailedTo) > 0 {
		to += " (again to " + strings.Join(m.FailedTo, ", ") + " only)"
	}
	return to
}
