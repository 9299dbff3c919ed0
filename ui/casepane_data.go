package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// The case pane's data: loading a case with its customer and timeline,
// saving what the agent does to it, and following other agents' changes.

func (p *casePane) load(why loadReason, by string) tea.Cmd {
	svc, id := p.e.svc, p.id
	return func() tea.Msg {
		m := loadCase(svc, id)
		m.why, m.by = why, by
		return m
	}
}

func loadCase(svc model.CaseService, id model.CaseID) caseLoadedMsg {
	m := caseLoadedMsg{id: id}
	c, err := svc.Case(id)
	if err != nil {
		m.err = err
		return m
	}
	m.c = c
	if m.events, err = svc.Events(id); err != nil {
		m.err = err
		return m
	}
	m.conv, m.convErr = svc.Conversation(id)
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
	m.reopened = m.reopened || othersReopened(svc, id, m.custCases)
	return m
}

func othersReopened(svc model.CaseService, id model.CaseID, cases []model.Summary) bool {
	n := 0
	for _, s := range cases {
		if s.ID == id {
			continue
		}
		if n++; n > maxReopenChecks {
			break
		}
		if oc, err := svc.Case(s.ID); err == nil && oc.Reopens > 0 {
			return true
		}
	}
	return false
}

func (p *casePane) loadedCase(m caseLoadedMsg) tea.Cmd {
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
	p.setCase(m.c, m.events)
	p.conv.set(m.conv, m.convErr)
	p.cust, p.custErr, p.reopened = m.cust, m.custErr, m.reopened
	p.custRev++
	if m.c.CustomerID == 0 {
		p.cust = model.Customer{}
	}
	p.setCustCases(m.custCases)
	p.loaded, p.loadErr = true, nil
	p.relayout()
	switch m.why {
	case loadChanged:
		closed := ""
		if ch, ok := p.ed.(*choiceEditor); ok {
			// A picker marks the value the case had: after someone
			// else's change it would mark a stale one, and a pick would
			// overwrite their change unseen. Nothing typed is lost.
			p.closeEditor()
			closed = fmt.Sprintf(": the %s picker closed, look and choose again", strings.ToLower(ch.name))
		}
		if ev := lastEvent(m.events); closed == "" && ev.Kind == model.EventDelivery && ev.Author == m.by {
			// The mail sender's news of a reply (sent, failed), not
			// someone's change of the case nor a customer's mail.
			return statusMsg{text: fmt.Sprintf("case #%d: reply %s", m.id, Clean(ev.To)), err: strings.HasPrefix(ev.To, "failed")}.cmd()
		}
		return statusMsg{text: fmt.Sprintf("case #%d updated by %s%s", m.id, Clean(orSomeone(m.by)), closed), err: closed != ""}.cmd()
	case loadConflict:
		by := orSomeone(lastAuthor(m.events))
		kept := ""
		if p.ed != nil {
			kept = "; your input is kept, save again to apply it"
		}
		return statusMsg{text: fmt.Sprintf("case #%d was changed by %s meanwhile — reloaded%s", m.id, Clean(by), kept), err: true}.cmd()
	}
	return nil
}

func orSomeone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "someone else"
	}
	return s
}

func lastAuthor(evs []model.Event) string { return lastEvent(evs).Author }

// lastEvent is the newest event (the last of those at the same time).
func lastEvent(evs []model.Event) model.Event {
	var last model.Event
	for _, ev := range evs {
		if !ev.At.Before(last.At) {
			last = ev
		}
	}
	return last
}

func (p *casePane) setCase(c model.Case, events []model.Event) {
	p.c = c
	if events != nil {
		p.events = timelineEvents(events)
	}
}

func (p *casePane) setCustCases(cc []model.Summary) {
	p.custCases = cc
	p.others = p.others[:0]
	for _, s := range cc {
		if s.ID != p.c.ID {
			p.others = append(p.others, s)
		}
	}
	p.otherSel = min(p.otherSel, max(len(p.others)-1, 0))
	if len(p.others) == 0 && p.focus == secOther {
		p.focus = secBody
	}
	p.card = p.cardInfo()
	p.custRev++
}

// changed handles a store change notice: a newer version of the shown case
// by anyone but this pane's own save in flight is reloaded, never
// overwritten.
func (p *casePane) changed(ch model.Change) tea.Cmd {
	var cmds []tea.Cmd
	if ch.Replies {
		if rt, ok := p.ed.(repliesTaker); ok {
			cmds = append(cmds, rt.reload())
		}
	}
	if ch.Taxonomy {
		p.taxGen++
		if _, ok := p.ed.(taxonomyTaker); ok {
			cmds = append(cmds, p.loadTags())
		}
	}
	if p.id == 0 || !p.loaded {
		return tea.Batch(cmds...)
	}
	reload, quiet := ch.Resync, true
	for _, s := range ch.Cases {
		switch {
		case s.ID == p.id:
			if s.Version > p.c.Version && !(p.saving && ch.Author == p.e.agent) {
				reload = true
				quiet = quiet && ch.Author == p.e.agent
			}
		case p.c.CustomerID != 0 && s.CustomerID == p.c.CustomerID:
			reload = true // a new or changed contact of the same customer
		}
	}
	for _, cu := range ch.Customers {
		if cu.ID != 0 && cu.ID == p.c.CustomerID {
			reload = true
		}
	}
	if reload {
		if quiet {
			cmds = append(cmds, p.load(loadQuiet, ""))
		} else {
			cmds = append(cmds, p.load(loadChanged, ch.Author))
		}
	}
	return tea.Batch(cmds...)
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
		m.events, _ = svc.Events(id) // on error the old timeline stays
		m.conv, m.convErr = svc.Conversation(id)
		if custID != 0 {
			m.custCases, _ = svc.CustomerCases(custID)
		}
		return m
	}
}

func (p *casePane) acted(m caseActedMsg) tea.Cmd {
	if m.id == p.c.ID {
		p.saving = false
	}
	if m.id != p.id || m.id != p.c.ID {
		if m.err != nil {
			return statusMsg{text: fmt.Sprintf("#%d: could not save %s: %s", m.id, m.label, errText(m.err)), err: true}.cmd()
		}
		return statusMsg{text: fmt.Sprintf("#%d: %s", m.id, m.label)}.cmd()
	}
	if m.err != nil {
		reason := errText(m.err)
		if p.ed != nil {
			p.ed.setErr(reason)
		}
		if model.ErrorCode(m.err) == model.ECONFLICT {
			return tea.Batch(statusMsg{text: reason + " — reloading", err: true}.cmd(), p.load(loadConflict, ""))
		}
		// A refusal will not change on a second try: a picker closes
		// (an editor keeps the agent's text to copy elsewhere).
		if _, isChoice := p.ed.(*choiceEditor); isChoice && model.ErrorCode(m.err) == model.EDENIED {
			p.closeEditor()
		}
		// The reason names what was refused; the label would only push
		// it off a narrow status line.
		return statusMsg{text: "not saved: " + reason, err: true}.cmd()
	}
	if m.c.Version >= p.c.Version {
		p.setCase(m.c, m.events)
		if m.conv != nil || m.convErr != nil {
			p.conv.set(m.conv, m.convErr)
		}
		p.reopened = p.reopened || m.c.Reopens > 0
		if m.custCases != nil {
			p.setCustCases(m.custCases)
		} else {
			p.card = p.cardInfo()
			p.custRev++
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
	return statusMsg{text: text}.cmd()
}
