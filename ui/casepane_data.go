package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// The case pane's data: loading a case with its customer and timeline,
// saving what the agent does to it, and following other agents' changes.

func (p *casePane) load(why loadReason, by string) tea.Cmd { return p.loadFrom(nil, why, by) }

// loadFrom is load starting from the case as found (nil: read it), so
// that :open reads a case it found by its external id once.
func (p *casePane) loadFrom(found *model.Case, why loadReason, by string) tea.Cmd {
	svc, id := p.e.svc, p.id
	if found != nil && found.ID != id {
		found = nil
	}
	p.loading++
	return func() tea.Msg {
		m := loadCase(svc, id, found)
		m.why, m.by = why, by
		return m
	}
}

// loadAfter reads the case again quietly, after the agent's own change
// that left version own (0: after a related record's change).
func (p *casePane) loadAfter(own uint64) tea.Cmd {
	load := p.load(loadQuiet, "")
	return func() tea.Msg {
		m := load().(caseLoadedMsg)
		m.own = own
		return m
	}
}

// loadCase reads case id with its timeline, conversation and customer;
// found, when set, is the case already read.
func loadCase(svc model.CaseService, id model.CaseID, found *model.Case) caseLoadedMsg {
	m := caseLoadedMsg{id: id}
	var c model.Case
	var err error
	if found != nil {
		c = *found
	} else if c, err = svc.Case(id); err != nil {
		m.err = err
		return m
	}
	m.c = c
	if m.events, err = svc.Events(id); err != nil {
		m.err = err
		return m
	}
	m.conv, m.convErr = svc.ConversationOf(c) // its description as read above, not read again
	m.reopened = c.Reopens > 0
	if c.CustomerID == 0 {
		return m
	}
	if m.cust, err = svc.Customer(c.CustomerID); err != nil {
		m.custErr = err
		return m
	}
	if m.custCases, err = svc.CustomerCases(c.CustomerID); err != nil {
		m.custErr = err
		return m
	}
	m.reopened = m.reopened || othersReopened(id, m.custCases)
	return m
}

// othersReopened reports whether one of the customer's newest other cases
// (maxReopenChecks of them) was reopened; their summaries say it.
func othersReopened(id model.CaseID, cases []model.Summary) bool {
	n := 0
	for _, s := range cases {
		if s.ID == id {
			continue
		}
		if n++; n > maxReopenChecks {
			break
		}
		if s.Reopens > 0 {
			return true
		}
	}
	return false
}

func (p *casePane) loadedCase(m caseLoadedMsg) tea.Cmd {
	p.loading = max(p.loading-1, 0)
	if m.id != p.id {
		return nil // the agent moved on
	}
	if m.err != nil {
		if !p.ready() {
			p.loadErr = m.err
			p.loaded = false
		}
		return statusMsg{text: fmt.Sprintf("could not load case #%d: %s", m.id, errText(m.err)), err: true}.cmd()
	}
	if p.ready() && m.c.Version < p.c.Version {
		return nil // an older read than what is shown
	}
	newer := p.ready() && m.c.Version > p.c.Version
	was := p.c
	p.setCase(m.c, m.events)
	p.conv.set(m.conv, m.convErr)
	cust := m.cust
	if m.c.CustomerID == 0 {
		cust = model.Customer{}
	}
	if cust != p.cust || errText(m.custErr) != errText(p.custErr) || m.reopened != p.reopened {
		p.custRev++ // the card shows them: a reload after a save mostly finds them as they were
	}
	p.cust, p.custErr, p.reopened = cust, m.custErr, m.reopened
	p.setCustCases(m.custCases)
	p.loaded, p.loadErr = true, nil
	p.relayout()
	why := m.why
	later := newer && m.c.Version > m.own
	if by := lastAuthor(m.events); why == loadQuiet && later && by != "" && by != p.e.agent {
		// The read after the agent's own change (from another screen)
		// found someone else's later change too: its notice will find
		// nothing newer than what this read shows, so it is told here.
		why, m.by = loadChanged, by
	}
	switch why {
	case loadOpen:
		return p.takeDraft() // a note or reply kept when the server stopped or the screen sat idle
	case loadQuiet:
		if f, ok := p.ed.(caseFollower); ok && newer {
			// The agent's own change from another screen (a team server):
			// the open picker shows the case as it is now.
			f.follow(p.c)
		}
	case loadChanged:
		closed := ""
		if ch, ok := p.ed.(*choiceEditor); ok && (ch.chooses == nil || ch.chooses(&was, &m.c)) {
			// A picker marks the value the case had: after someone
			// else's change it would mark a stale one, and a pick would
			// overwrite their change unseen. Nothing typed is lost.
			p.closeEditor()
			closed = fmt.Sprintf(": the %s picker closed, look and choose again", strings.ToLower(ch.name))
		}
		if f, ok := p.ed.(caseFollower); ok && closed == "" && newer {
			f.follow(p.c) // the tag picker: someone's tags show at once
		}
		if ev := lastEvent(m.events); closed == "" && ev.Kind == model.EventDelivery && ev.Author == m.by {
			// The mail sender's news of a reply (sent, failed), not
			// someone's change of the case nor a customer's mail.
			return statusMsg{text: fmt.Sprintf("case #%d: reply %s", m.id, Clean(ev.To)), err: strings.HasPrefix(ev.To, "failed"), notice: true}.cmd()
		}
		return statusMsg{text: fmt.Sprintf("case #%d updated by %s%s", m.id, Clean(orSomeone(m.by)), closed), err: closed != "", notice: closed == ""}.cmd()
	case loadConflict:
		by := orSomeone(lastAuthor(m.events))
		kept := ""
		if p.ed != nil {
			kept = "; your input is kept, save again to apply it"
		}
		if f, ok := p.ed.(caseFollower); ok && newer {
			// A picker marks the value the case has now (the colleague's
			// that won), with the agent's pick still under the cursor.
			f.follow(p.c)
		}
		return statusMsg{text: fmt.Sprintf("case #%d was changed by %s meanwhile — reloaded%s", m.id, Clean(by), kept), err: true}.cmd()
	}
	return nil
}

// caseFollower is an open editor that shows what the case holds (a
// picker's marked value, the tag picker's tags) and follows a newer
// version of the case that another screen saved.
type caseFollower interface {
	follow(c model.Case)
}

func orSomeone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "someone else"
	}
	return s
}

func lastAuthor(evs []model.Event) string { return lastEvent(evs).Author }

// lastEvent is the event written last: a timeline is in the order its
// events were written. Not the latest by its time, which an imported
// history or a feed's skewed clock sets (a case created minutes ahead
// had its import's event "after" every agent's change).
func lastEvent(evs []model.Event) model.Event {
	if len(evs) == 0 {
		return model.Event{}
	}
	return evs[len(evs)-1]
}

func (p *casePane) setCase(c model.Case, events []model.Event) {
	p.c, p.descMore = cutDescription(c)
	if events != nil {
		p.events = timelineEvents(events)
	}
}

// setCustCases takes the customer's cases; the card is drawn again only
// when what it shows changed (custRev): an agent's save of the case shown
// changes at most its count of open cases.
func (p *casePane) setCustCases(cc []model.Summary) {
	p.custCases = cc
	others := make([]model.Summary, 0, len(cc))
	for _, s := range cc {
		if s.ID != p.c.ID {
			others = append(others, s)
		}
	}
	card := p.cardInfo()
	if !slices.EqualFunc(others, p.others, sameVersion) || !card.equal(p.card) {
		p.custRev++
	}
	p.others, p.card = others, card
	p.otherIDW = 0
	for _, s := range others {
		p.otherIDW = max(p.otherIDW, len(fmt.Sprintf("#%d", s.ID)))
	}
	p.otherSel = min(p.otherSel, max(len(p.others)-1, 0))
	if len(p.others) == 0 && p.focus == secOther {
		p.focus = secBody
	}
}

// sameVersion: a case's version moves with every change of it.
func sameVersion(a, b model.Summary) bool { return a.ID == b.ID && a.Version == b.Version }

// noticed takes a frame's change notices. The pane's drawing is kept
// (rev stays): a notice changes nothing shown until what it loads
// arrives, which draws as its own message.
func (p *casePane) noticed(chs []model.Change) tea.Cmd { return eachNotice(chs, p.changed) }

// changed handles a store change notice: a newer version of the shown case
// by anyone but this pane's own save in flight is reloaded, never
// overwritten.
func (p *casePane) changed(ch *model.Change) tea.Cmd {
	var cmds []tea.Cmd
	if ch.Replies {
		if rt, ok := p.ed.(repliesTaker); ok {
			cmds = append(cmds, rt.reload())
		}
	}
	if ch.Taxonomy {
		if _, ok := p.ed.(taxonomyTaker); ok {
			cmds = append(cmds, p.loadTags())
		}
	}
	if p.id == 0 || !p.loaded {
		return tea.Batch(cmds...)
	}
	reload, quiet := ch.Resync, true
	var own uint64             // the version the agent's own change left
	var others []model.Summary // the customer's other cases, as they are now
	for i := range ch.Cases {
		s := &ch.Cases[i] // a summary is large: not copied to compare two ids
		switch {
		case s.ID == p.id:
			if s.Version > p.c.Version && !(p.saving && ch.Author == p.e.agent) {
				reload = true
				quiet = quiet && ch.Author == p.e.agent
				if ch.Author == p.e.agent {
					own = max(own, s.Version)
				}
			}
		case p.c.CustomerID != 0 && s.CustomerID == p.c.CustomerID:
			others = append(others, *s) // a new or changed contact of the same customer
		}
	}
	for i := range ch.Customers {
		if id := ch.Customers[i].ID; id != 0 && id == p.c.CustomerID {
			reload = true
		}
	}
	if len(others) > 0 && !reload {
		follow, ok := p.followOthers(others)
		reload = !ok
		cmds = append(cmds, follow)
	}
	if reload {
		if quiet {
			cmds = append(cmds, p.loadAfter(own))
		} else {
			cmds = append(cmds, p.load(loadChanged, ch.Author))
		}
	}
	return tea.Batch(cmds...)
}

// othersMsg is a notice's summaries of the shown customer's other cases,
// for the card: a message of its own, so the frame is drawn again (a
// notice alone only redraws the tab line, app.touch).
type othersMsg struct {
	id    model.CaseID
	cases []model.Summary
}

// followOthers hands the card the notice's summaries of the customer's
// other cases: a notice carries a case as it is now, so no read is needed
// for what it says. It reports false, for a read, while a read or a save
// is under way (its answer could be older than the notice: a save that
// moves the case to another customer reads that customer's cases) or when
// the customer's part failed to load.
func (p *casePane) followOthers(ss []model.Summary) (tea.Cmd, bool) {
	if p.loading > 0 || p.saving || p.custErr != nil || !p.ready() {
		return nil, false
	}
	m := othersMsg{id: p.id, cases: ss}
	return func() tea.Msg { return m }, true
}

// tookOthers puts the summaries into the customer's cases as a read of
// them would: a version the card has is kept, a new case takes its place
// by when it came in.
func (p *casePane) tookOthers(m othersMsg) {
	if m.id != p.id || !p.ready() {
		return // the agent moved on; the new case's read has them
	}
	cc, moved := p.custCases, false
	for _, s := range m.cases {
		i := slices.IndexFunc(cc, func(o model.Summary) bool { return o.ID == s.ID })
		if i >= 0 && cc[i].Version >= s.Version {
			continue // what the card has is as new
		}
		if i >= 0 && !cc[i].CreatedAt.Equal(s.CreatedAt) {
			cc = slices.Delete(slices.Clone(cc), i, i+1) // withCase keeps a case's place
		}
		cc, moved = withCase(cc, s), true
	}
	if !moved {
		return
	}
	p.reopened = p.c.Reopens > 0 || othersReopened(p.id, cc)
	p.custRev++
	p.setCustCases(cc)
	p.relayout()
}

// act saves acts on the shown case at the version shown. The open input
// stays until the save succeeds, so a failed save loses nothing typed.
func (p *casePane) act(label string, acts ...model.Action) tea.Cmd {
	if !p.ready() || p.saving {
		return nil
	}
	p.saving = true
	svc, id, ver, agent := p.e.svc, p.c.ID, p.c.Version, p.e.agent
	custID, was := p.c.CustomerID, model.UndoableOf(p.c)
	return func() tea.Msg {
		c, err := svc.Act(id, ver, agent, acts...)
		m := caseActedMsg{id: id, label: label, before: ver, was: was, acts: acts, c: c, err: err}
		if err != nil {
			return m
		}
		// What the save changed is read back, nothing else: the timeline
		// (on error the old one stays), the conversation only when the
		// acts write to it, and the customer's cases only when the case
		// changed customer (acted patches the case into the list it has).
		m.events, _ = svc.Events(id)
		if !keepsConversation(acts) {
			m.conv, m.convErr = svc.ConversationOf(c)
		}
		if c.CustomerID != custID && c.CustomerID != 0 {
			m.custCases, _ = svc.CustomerCases(c.CustomerID)
		}
		return m
	}
}

// keepsConversation reports whether acts leave a case's conversation as
// it was: none of them writes a message, a note or a logged reply. An
// action not listed here (a note, a reply, an undo, one added later)
// reads it again.
func keepsConversation(acts []model.Action) bool {
	for _, a := range acts {
		switch a.(type) {
		case model.Claim, model.Assign, model.SetStatus, model.SetPriority, model.AddTag, model.RemoveTag,
			model.SetFollowUp, model.SetRecovery, model.Transfer:
		default:
			return false
		}
	}
	return true
}

// withCase is a customer's cases with s in place of the case it is a
// newer version of (a save changes neither when a case came in nor whose
// it is, so the order holds); s is added in its place when it is missing.
func withCase(cases []model.Summary, s model.Summary) []model.Summary {
	out := slices.Clone(cases)
	for i := range out {
		if out[i].ID == s.ID {
			out[i] = s
			return out
		}
	}
	at, _ := slices.BinarySearchFunc(out, s, func(e, s model.Summary) int {
		if c := s.CreatedAt.Compare(e.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(s.ID, e.ID)
	})
	return slices.Insert(out, at, s)
}

func (p *casePane) acted(m caseActedMsg) tea.Cmd {
	if m.id == p.c.ID {
		p.saving = false
	}
	if m.id != p.id || m.id != p.c.ID {
		if m.err != nil {
			return p.e.status(statusMsg{text: fmt.Sprintf("#%d: could not save %s: %s", m.id, m.label, errText(m.err)), err: true})
		}
		return p.e.status(statusMsg{text: fmt.Sprintf("#%d: %s", m.id, m.label)})
	}
	if m.err != nil {
		reason := errText(m.err)
		if p.ed != nil {
			p.ed.setErr(reason)
		}
		if model.ErrorCode(m.err) == model.ECONFLICT {
			return tea.Batch(p.e.status(statusMsg{text: reason + " — reloading", err: true}), p.load(loadConflict, ""))
		}
		// A refusal will not change on a second try: a picker closes
		// (an editor keeps the agent's text to copy elsewhere).
		if _, isChoice := p.ed.(*choiceEditor); isChoice && model.ErrorCode(m.err) == model.EDENIED {
			p.closeEditor()
		}
		// The reason names what was refused; the label would only push
		// it off a narrow status line.
		return p.e.status(statusMsg{text: "not saved: " + reason, err: true})
	}
	if m.c.Version >= p.c.Version {
		p.setCase(m.c, m.events)
		if m.conv != nil || m.convErr != nil {
			p.conv.set(m.conv, m.convErr)
		}
		p.reopened = p.reopened || m.c.Reopens > 0
		switch {
		case m.custCases != nil:
			p.setCustCases(m.custCases)
		case m.c.CustomerID != 0:
			p.setCustCases(withCase(p.custCases, m.c.Summary()))
		default:
			p.setCustCases(nil)
		}
	}
	text := fmt.Sprintf("#%d: %s", m.id, m.label)
	if m.c.Version == m.before {
		text = fmt.Sprintf("#%d: nothing to change (%s)", m.id, m.label)
	}
	if p.ed != nil {
		p.ed.setErr("")
		if !p.ed.saved(p.c) {
			p.closeEditor()
		}
	}
	p.relayout()
	return p.e.status(statusMsg{text: text})
}
