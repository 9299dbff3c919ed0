package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The outbox view (:outbox) lists the replies not yet accepted by the
// mail server: queued (waiting, or retrying after an answer like a 4xx)
// and failed (refused for good, a bounce, or interrupted mid-send). A
// failed reply stays until an agent sends it again (s) — nothing is
// dropped or resent unasked. It lies over the focused pane, owned by the
// root, and follows change notices while open.

type outboxMsg struct {
	msgs []model.Message
	err  error
}

type outboxKeys struct {
	Down, Up, Open, Resend, Close key.Binding
}

func newOutboxKeys() outboxKeys {
	return outboxKeys{
		Down:   downKey("down"),
		Up:     upKey("up"),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open the case")),
		Resend: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "send a failed reply again")),
		Close:  key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
	}
}

type outboxView struct {
	keys   outboxKeys
	msgs   []model.Message
	err    error
	loaded bool
	sel    int
	// unsent says why queued replies cannot go ("sending is not set up"),
	// "" when a way to send is configured.
	unsent string
}

func cmdOutbox(a *app, _ string) tea.Cmd {
	a.outbox, a.rejected = &outboxView{keys: newOutboxKeys()}, nil
	if !a.e.mail.sends() {
		a.outbox.unsent = a.e.mail.notSent()
	}
	return loadOutbox(a.e.svc)
}

func loadOutbox(svc model.CaseReader) tea.Cmd {
	return func() tea.Msg {
		msgs, err := svc.Outbox()
		return outboxMsg{msgs: msgs, err: err}
	}
}

func (o *outboxView) loadedMsgs(m outboxMsg) {
	var selSeq uint64
	if o.sel < len(o.msgs) {
		selSeq = o.msgs[o.sel].Seq
	}
	o.msgs, o.err, o.loaded = m.msgs, m.err, true
	o.sel = min(o.sel, max(len(o.msgs)-1, 0))
	for i, msg := range o.msgs {
		if msg.Seq == selSeq {
			o.sel = i
		}
	}
}

func (o *outboxView) key(a *app, m tea.KeyMsg) tea.Cmd {
	k := o.keys
	switch {
	case key.Matches(m, k.Close):
		a.outbox = nil
	case key.Matches(m, k.Down), key.Matches(m, k.Up):
		o.sel, _ = moveCursor(m, cursorKeys{up: k.Up, down: k.Down}, o.sel, len(o.msgs))
	case key.Matches(m, k.Open):
		if o.sel < len(o.msgs) {
			id := o.msgs[o.sel].CaseID
			a.outbox = nil
			return a.openCase(openCaseMsg{id: id})
		}
	case key.Matches(m, k.Resend):
		if o.sel >= len(o.msgs) {
			return nil
		}
		msg := o.msgs[o.sel]
		if msg.Delivery != model.DeliveryFailed {
			return statusMsg{text: fmt.Sprintf("#%d: this reply is %s, not failed: it goes on its own", msg.CaseID, msg.Delivery)}.cmd()
		}
		svc, agent, runner := a.e.svc, a.e.agent, a.e.mailRunner
		return func() tea.Msg {
			if _, err := svc.Act(msg.CaseID, 0, agent, model.ResendReply{Seq: msg.Seq}); err != nil {
				return statusMsg{text: fmt.Sprintf("#%d: not queued again: %s", msg.CaseID, errText(err)), err: true}
			}
			if runner != nil {
				runner.Flush()
			}
			return statusMsg{text: fmt.Sprintf("#%d: reply queued again", msg.CaseID)}
		}
	}
	return nil
}

// mailTrouble heads the line saying what keeps the mail from working:
// only a runner that ended has stopped; a failed fetch or send is tried
// again on its own, and the line must not read as though mail were off.
func mailTrouble(mail *MailState) string {
	switch {
	case mail.Stopped:
		return "✗ mail stopped: "
	case mail.SendWaits:
		return "✗ replies wait, tried again on their own: "
	}
	return "✗ mail not fetched, tried again every poll: "
}

func (o *outboxView) help() []key.Binding {
	k := o.keys
	return []key.Binding{k.Down, k.Up, k.Open, k.Resend, k.Close}
}

// view draws the outbox in w×h: a heading, one line per reply, and the
// selected reply's server answer in full below.
// What stops the mail (the runner's state: a refused login, a server out
// of reach) comes first, in the server's words, then the customer mail
// the runner refused: it is no case, so this is where an agent learns of
// it. mail is nil without a runner.
func (o *outboxView) view(st *Styles, clock caseClock, mail *MailState, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	queued, failed := 0, 0
	for _, m := range o.msgs {
		if m.Delivery == model.DeliveryFailed {
			failed++
		} else {
			queued++
		}
	}
	var lines []string
	var refused []string
	if mail != nil {
		refused = mail.Refused
		if !mail.Online && mail.Err != "" { // whole: its end says what to fix
			for i, l := range wrapText(mailTrouble(mail)+Clean(strings.TrimPrefix(mail.Err, "waiting: ")), w) {
				if i == 3 {
					break
				}
				lines = append(lines, st.Error.Render(l))
			}
		}
	}
	if len(refused) > 0 {
		lines = append(lines, st.Error.Render(Truncate(fmt.Sprintf("✗ %d customer mail refused, not taken in: answer them another way", len(refused)), w)))
		for i, r := range refused {
			if i == 3 {
				lines = append(lines, st.Muted.Render(Truncate(fmt.Sprintf("  … and %d more", len(refused)-i), w)))
				break
			}
			lines = append(lines, Truncate("  "+Clean(r), w))
		}
	}
	lines = append(lines, sectionRule(st, fmt.Sprintf("Outbox · %d queued · %d failed", queued, failed), "", w, true))
	switch {
	case o.err != nil:
		lines = append(lines, st.Error.Render(Truncate("could not read the outbox: "+errText(o.err), w)))
	case !o.loaded:
		lines = append(lines, st.Muted.Render("loading…"))
	case len(o.msgs) == 0:
		lines = append(lines, st.Muted.Render(Truncate("Nothing waiting: every reply was accepted by the mail server.", w)))
	case queued > 0 && o.unsent != "":
		lines = append(lines, st.Warning.Render(Truncate(o.unsent+": queued replies wait for [mail.smtp] or sendmail", w)))
	}
	rows := max(h-len(lines)-3, 1)
	top := max(o.sel-rows+1, 0)
	for i := top; i < len(o.msgs) && i < top+rows; i++ {
		m := o.msgs[i]
		state := "… queued"
		switch m.Delivery {
		case model.DeliveryFailed:
			state = "✗ failed"
		case model.DeliverySending:
			state = "… sending"
		}
		row := fmt.Sprintf("#%-6d %-9s %s  %s → %s  %s", m.CaseID, state, clock.when(m.At), orText(m.Author, "desk"),
			replyRecipients(m), m.Subject)
		if i == o.sel {
			lines = append(lines, st.Selected.Render(fitLine(Truncate(row, w), w)))
		} else if m.Delivery == model.DeliveryFailed {
			lines = append(lines, st.Error.Render(Truncate(row, w)))
		} else {
			lines = append(lines, Truncate(row, w))
		}
	}
	if o.sel < len(o.msgs) {
		m := o.msgs[o.sel]
		lines = append(lines, "")
		note := "waiting for its first try"
		switch {
		case m.Attempts == 0 && m.DeliveryNote != "": // sent again by an agent after a failure
			note += " · the last answer: " + m.DeliveryNote
		case m.Attempts > 0 || m.DeliveryNote != "":
			tries := fmt.Sprintf("%d tries", m.Attempts)
			if m.Attempts == 1 {
				tries = "1 try"
			}
			note = fmt.Sprintf("%s after %s: %s", m.Delivery, tries, orText(m.DeliveryNote, "no answer given"))
		}
		if m.Delivery == model.DeliveryQueued && !m.NextTry.IsZero() && m.NextTry.After(clock.now()) {
			note += " · next try " + clock.when(m.NextTry)
		}
		lines = append(lines, fitMessage(Clean(note), w))
	}
	return strings.Join(lines, "\n")
}
