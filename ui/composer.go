package ui

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// The composer writes a mail reply to the customer, as a reply opens in
// mutt or aerc: To (the customer), Cc, Subject ("Re: …" with the case
// token), and the body with the cursor at its top, above the agent's
// signature and the customer's last mail quoted. ctrl+s queues it (the
// store commits it to the outbox with its Message-ID; the mail runner
// sends it), esc asks before dropping what was written, ctrl+e opens
// $EDITOR on the body where the app may start one (editor.go).
//
// Without [mail] in the config, or with [mail] taking mail in but no way
// to send it ([mail.smtp] or sendmail), there is nothing to send through:
// the composer says which, and ctrl+s logs the text as the reply given, as
// the canned replies always did — one rule for the app and the team
// server, so no reply waits in an outbox that nothing sends.

// MailIdentity is the desk's mail identity, from [mail] in the config:
// replies go From it and end with its signature. The zero value means mail
// is not configured.
type MailIdentity struct {
	Address   string // care@example.com
	Name      string // Example Care
	Signature string
	Sends     bool // a way to send is configured: [mail.smtp] or sendmail
}

func (m MailIdentity) configured() bool { return strings.TrimSpace(m.Address) != "" }

// sends reports whether a reply can go out as mail.
func (m MailIdentity) sends() bool { return m.configured() && m.Sends }

// notSent says why a reply is logged instead of sent.
func (m MailIdentity) notSent() string {
	if m.configured() {
		return "sending is not set up"
	}
	return "mail is not set up"
}

// from is the From of a reply, "Example Care <care@example.com>", encoded
// by net/mail.
func (m MailIdentity) from() string {
	return (&mail.Address{Name: m.Name, Address: m.Address}).String()
}

// composer fields, in tab order.
const (
	fieldTo = iota
	fieldCc
	fieldSubject
	fieldBody
	numFields
)

type composer struct {
	edBase
	to, cc, subject textinput.Model
	body            textarea.Model
	bodyV           areaView
	on              int       // the field being typed in
	inReplyTo       uint64    // the customer's message answered (0: the latest)
	start           string    // the body as opened, to tell whether anything was written
	startHead       [3]string // To, Cc, Subject as opened, likewise
	confirming      bool      // esc asked: drop the reply?
	logOnly         string    // why ctrl+s logs the reply instead ("": it sends)
	own             bool      // opened with text of its own (a canned reply): may go unedited
	from            string    // the desk's address, the reply's From
	desk            []string  // the desk's own addresses: never a recipient
	runner          MailRunner
	ext             ExternalEditor
}

// composeMsg asks the case pane to open the composer on case id with text
// (a canned reply's, from the reply picker).
type composeMsg struct {
	id   model.CaseID
	text string
}

// openComposer opens a reply with text above the quote (a canned reply's,
// or nothing).
// replyAction is what a reply on this desk is: sent, or logged only (and
// why) when the desk sends no mail.
func (p *casePane) replyAction() (model.Action, string) {
	if !p.e.mail.sends() {
		return model.LogReply{}, p.e.mail.notSent()
	}
	return model.SendReply{}, ""
}

func (p *casePane) openComposer(text string) tea.Cmd {
	reply, logOnly := p.replyAction()
	if cmd := p.refused(reply); cmd != nil {
		return cmd // before anything is typed, not at ctrl+s
	}
	c := &composer{edBase: p.edBase(), logOnly: logOnly, own: strings.TrimSpace(text) != "",
		from: p.e.mail.from(), runner: p.e.mailRunner, ext: p.e.editor,
		desk: model.DeskAddresses(p.e.mail.Address, p.e.svc.Routing())}
	w := max(p.lay.caseW, 20)
	c.to = newField("To", "the customer's address", w)
	c.cc = newField("Cc", "more addresses, separated by commas", w)
	c.subject = newField("Subject", "", w)
	last, ok := p.conv.lastInbound()
	c.to.SetValue(p.replyTo(last, ok, c.desk))
	subject := p.c.Subject
	if ok && strings.TrimSpace(last.Subject) != "" {
		subject = last.Subject
		c.inReplyTo = last.Seq
	}
	// The reply's subject is read, not inspected: escape sequences go
	// whole (textsafe.Plain) rather than going out as ␛ marks.
	c.subject.SetValue(model.ReplySubject(textsafe.Plain(subject), p.c.ID))
	c.body = newTextArea("")
	c.body.CharLimit = model.MaxNoteLen
	// Logged or mailed, a reply reads the same: the text, the signature,
	// the customer's mail quoted (the conversation folds the quote).
	c.start = replyBody(text, p.e.mail.Signature, last, ok, p.when(last.At))
	c.body.SetValue(c.start)
	c.startHead = c.head()
	toTop(&c.body)
	c.focus(fieldBody)
	p.openEditor(c)
	return nil
}

func newField(label, placeholder string, w int) textinput.Model {
	ti := newInput(placeholder, w)
	ti.Prompt = fmt.Sprintf("%-8s", label)
	ti.CharLimit = 998 // a header line's limit (RFC 5322)
	ti.Blur()
	return ti
}

// replyTo is where a reply goes (model.ReplyAddresses: never the desk's
// own addresses), cleaned for the To field.
func (p *casePane) replyTo(last model.Message, ok bool, desk []string) string {
	to := model.ReplyAddresses(last, ok, p.cust.Email, desk...)
	for i := range to {
		to[i] = Clean(to[i])
	}
	return strings.Join(to, ", ")
}

// maxQuote bounds the quoted text, so a long mail leaves room to write.
const maxQuote = 32 << 10

// replyBody is the body a reply opens with: the text, the signature, then
// the customer's mail quoted.
func replyBody(text, signature string, last model.Message, ok bool, when string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(text, "\n "))
	b.WriteString("\n\n")
	if s := strings.TrimSpace(signature); s != "" {
		b.WriteString(CleanBlock(s) + "\n\n")
	}
	if ok && strings.TrimSpace(last.Text) != "" {
		quoted := CleanBlock(last.Text)
		if len(quoted) > maxQuote {
			quoted = strings.ToValidUTF8(quoted[:maxQuote], "") + "\n[…]"
		}
		b.WriteString(quoteText(Clean(orText(last.From, "the customer")), when, quoted))
	}
	return b.String()
}

// toTop puts the textarea's cursor at the start of its first line, with
// the view scrolled there. It goes through the textarea's own "input
// begin" key: stepping up row by row had to be bounded, and a long line
// without spaces wraps into more rows than the bound allowed (the cursor
// stayed inside the quote), while stepping through them all was slow.
func toTop(ta *textarea.Model) {
	focused := ta.Focused()
	if !focused {
		ta.Focus()
	}
	*ta, _ = ta.Update(tea.KeyMsg{Type: tea.KeyCtrlHome})
	if !focused {
		ta.Blur()
	}
}

func (c *composer) focus(f int) tea.Cmd {
	c.on = f
	c.to.Blur()
	c.cc.Blur()
	c.subject.Blur()
	c.body.Blur()
	switch f {
	case fieldTo:
		return c.to.Focus()
	case fieldCc:
		return c.cc.Focus()
	case fieldSubject:
		return c.subject.Focus()
	}
	return c.body.Focus()
}

func (c *composer) title() string {
	if c.logOnly != "" {
		return "Reply · " + c.logOnly + ": ctrl+s logs it as the reply given"
	}
	return "Reply to the customer"
}

// want: most of a tall pane; the details above keep the rest, so the
// customer's mail stays in sight while the agent writes.
func (c *composer) want(int) int { return 24 }

func (c *composer) doing() Doing { return WritingReply }

func (c *composer) setSize(w, h int) {
	c.edBase.setSize(w, h)
	for _, ti := range []*textinput.Model{&c.to, &c.cc, &c.subject} {
		ti.Width = max(w-len(ti.Prompt)-1, 1)
	}
	c.body.SetWidth(max(w, 3))
	c.body.SetHeight(max(h-c.headerRows()-1, 1))
}

// headerRows is how many header fields fit: all three, or only To on a
// very short pane (tab still reaches the others).
func (c *composer) headerRows() int {
	if c.h >= 8 {
		return 3
	}
	return 1
}

func (c *composer) keys() composerKeys { return newComposerKeys(c.logOnly != "") }

func (c *composer) help() []key.Binding {
	k := c.keys()
	if c.confirming {
		return []key.Binding{withHelp(k.Yes, "y", "drop the reply"), withHelp(k.No, "n/esc", "keep writing")}
	}
	// The footer shows as many as fit, in this order: at 80 columns the
	// four that matter, previous field last.
	if c.ext == nil {
		// no $EDITOR here (the team server starts no programs): not offered
		return []key.Binding{k.Send, k.Next, k.Cancel, k.Prev}
	}
	return []key.Binding{k.Send, k.Next, k.Editor, k.Cancel, k.Prev}
}

// edited reports whether the agent wrote anything in the body.
func (c *composer) edited() bool { return c.body.Value() != c.start }

func (c *composer) head() [3]string {
	return [3]string{c.to.Value(), c.cc.Value(), c.subject.Value()}
}

// changed reports whether anything was changed, a header too: esc asks
// before dropping it.
func (c *composer) changed() bool { return c.edited() || c.head() != c.startHead }

func (c *composer) update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case editorDoneMsg:
		return c.fromEditor(m)
	case tea.KeyMsg:
		k := c.keys()
		if c.confirming {
			switch {
			case key.Matches(m, k.Yes):
				return c.close("reply dropped")
			case key.Matches(m, k.No):
				c.confirming = false
			}
			return nil
		}
		switch {
		case key.Matches(m, k.Send):
			return c.send()
		case key.Matches(m, k.Cancel):
			if !c.changed() {
				return c.close("")
			}
			c.confirming = true
			return nil
		case key.Matches(m, k.Next):
			return c.focus((c.on + 1) % numFields)
		case key.Matches(m, k.Prev):
			return c.focus((c.on + numFields - 1) % numFields)
		case key.Matches(m, k.Editor):
			return c.toEditor()
		}
	}
	var cmd tea.Cmd
	switch c.on {
	case fieldTo:
		c.to, cmd = c.to.Update(msg)
	case fieldCc:
		c.cc, cmd = c.cc.Update(msg)
	case fieldSubject:
		c.subject, cmd = c.subject.Update(msg)
	default:
		c.body, cmd = c.body.Update(msg)
	}
	return cmd
}

// draft checks what was typed and makes the reply of it. Header fields
// must be one line: a CR or LF typed or pasted into one is refused, never
// passed on (the mail library encodes what is left).
func (c *composer) draft() (model.Draft, int, error) {
	d := model.Draft{From: c.from, Text: c.body.Value(), InReplyTo: c.inReplyTo}
	for _, f := range []struct {
		field int
		name  string
		in    *textinput.Model
	}{{fieldTo, "To", &c.to}, {fieldCc, "Cc", &c.cc}, {fieldSubject, "Subject", &c.subject}} {
		if err := headerBreak(f.name, f.in); err != nil {
			return d, f.field, err
		}
	}
	to, err := addressList(c.to.Value())
	if err != nil {
		return d, fieldTo, fmt.Errorf("To: %v", err)
	}
	if len(to) == 0 && c.logOnly == "" {
		return d, fieldTo, fmt.Errorf("the reply has no recipient: type the customer's address in To")
	}
	cc, err := addressList(c.cc.Value())
	if err != nil {
		return d, fieldCc, fmt.Errorf("Cc: %v", err)
	}
	for _, f := range []struct {
		field int
		name  string
		list  []string
	}{{fieldTo, "To", to}, {fieldCc, "Cc", cc}} {
		if err := model.CheckNotDesk(f.list, c.desk); err != nil {
			return d, f.field, fmt.Errorf("%s: %s", f.name, Clean(model.ErrorMessage(err)))
		}
	}
	d.To, d.Cc, d.Subject = to, cc, strings.TrimSpace(c.subject.Value())
	if strings.TrimSpace(d.Text) == "" || !c.edited() && !c.own {
		return d, fieldBody, fmt.Errorf("the reply is empty: write above the quoted mail")
	}
	return d, 0, nil
}

// headerBreak refuses a line break or control character in header field
// in. A pasted U+2028 or U+0085 shows as a space or nothing in the field,
// so the refusal names it and the text before it, and puts the cursor
// just after it: one backspace deletes it.
func headerBreak(name string, in *textinput.Model) error {
	v := in.Value()
	i := strings.IndexFunc(v, isHeaderBreak)
	if i < 0 {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(v[i:])
	before := []rune(v[:i])
	in.SetCursor(len(before) + 1)
	where := "at the start"
	if len(before) > 0 {
		where = fmt.Sprintf("after %q", Clean(string(before[max(len(before)-12, 0):])))
	}
	return fmt.Errorf("%s: U+%04X (%s) %s — backspace deletes it", name, r, breakName(r), where)
}

// breakName names a character the field shows as a space or nothing.
func breakName(r rune) string {
	switch r {
	case '\u2028':
		return "line separator"
	case '\u2029':
		return "paragraph separator"
	case '\u0085':
		return "next line"
	}
	return "control character"
}

// isHeaderBreak: what may not stand in a header's value.
func isHeaderBreak(r rune) bool {
	return r < 0x20 || r == 0x7f || r == '\u0085' || r == '\u2028' || r == '\u2029'
}

// addressList parses "a@x.com, Bo <b@y.org>" into addresses.
func addressList(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a list of e-mail addresses", Clean(s))
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Address
		if a.Name != "" {
			out[i] = a.String() // net/mail quotes and encodes the name
		}
	}
	return out, nil
}

// send asks the pane to save the reply: SendReply queues it in the
// outbox (saved then tells the runner), or without mail LogReply logs it.
func (c *composer) send() tea.Cmd {
	d, field, err := c.draft()
	if err != nil {
		c.err = err.Error()
		return c.focus(field)
	}
	if c.logOnly != "" {
		return c.save("reply logged ("+c.logOnly+", nothing sent)", model.LogReply{Text: d.Text})
	}
	return c.save("reply queued", model.SendReply{Draft: d})
}

// saved: the reply is committed to the outbox; the runner is told to send
// it now (Flush does not block) and the composer closes.
func (c *composer) saved(model.Case) bool {
	if c.runner != nil && c.logOnly == "" {
		c.runner.Flush()
	}
	return false
}

func (c *composer) view() []string {
	st := c.st
	var lines []string
	fields := []textinput.Model{c.to, c.cc, c.subject}
	rows := c.headerRows()
	if rows < 3 && c.on < fieldBody {
		fields = fields[c.on : c.on+1]
	} else {
		fields = fields[:rows]
	}
	for _, f := range fields {
		lines = append(lines, inputView(f, c.w, st))
	}
	// The keys are the footer's (help): a line of them here too showed
	// them twice. The last row is kept for a question or an error only.
	status := ""
	switch {
	case c.confirming:
		status = st.Warning.Render(Truncate("drop this reply? y/n", c.w))
	case c.err != "":
		status = c.errLine(st)
	}
	h := c.h
	if status != "" {
		h--
	}
	lines = append(lines, c.bodyV.render(c.body, c.w, max(h-len(lines), 0), st)...)
	lines = fitLines(lines, max(h, 0))
	if status != "" {
		lines = append(lines, status)
	}
	return lines
}

// composerKeys are the composer's keys.
type composerKeys struct {
	Send, Next, Prev, Editor, Cancel, Yes, No key.Binding
}

func newComposerKeys(logOnly bool) composerKeys {
	send := "send"
	if logOnly {
		send = "log as the reply given"
	}
	return composerKeys{
		Send:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", send)),
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Editor: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "$EDITOR")),
		Cancel: cancelKey(),
		Yes:    yesKey("yes"),
		No:     noKey(),
	}
}
