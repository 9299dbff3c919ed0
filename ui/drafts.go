package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// DraftsMsg asks a team server's session for the note or reply being
// written in its case pane, which the server keeps as a draft when it
// stops. The session answers on Reply at once (nil: nothing written).
type DraftsMsg struct{ Reply chan<- []model.EditorDraft }

// draftRestoreMsg is the agent's kept draft on the case just opened.
type draftRestoreMsg struct {
	d   model.EditorDraft
	err error
}

// openDraft is what the case pane's editor holds that a restart would
// lose: a note with text, or a reply changed from how it opened.
func (p *casePane) openDraft() (model.EditorDraft, bool) {
	d := model.EditorDraft{Agent: p.e.agent, Case: p.id, At: p.e.now()}
	switch ed := p.ed.(type) {
	case *noteEditor:
		if strings.TrimSpace(ed.ta.Value()) == "" {
			return d, false
		}
		d.Kind, d.Text = model.DraftNote, ed.ta.Value()
	case *composer:
		if !ed.changed() {
			return d, false
		}
		d.Kind, d.Text = model.DraftReply, ed.body.Value()
		d.To, d.Cc, d.Subject = ed.to.Value(), ed.cc.Value(), ed.subject.Value()
	default:
		return d, false
	}
	return d, true
}

// takeDraft asks, off the update loop, for the agent's kept draft on the
// case being opened (a team server passes TakeDraft; nil: none).
func (p *casePane) takeDraft() tea.Cmd {
	take, id := p.e.takeDraft, p.id
	if take == nil {
		return nil
	}
	return func() tea.Msg {
		d, ok, err := take(id)
		if !ok && err == nil {
			return nil
		}
		return draftRestoreMsg{d: d, err: err}
	}
}

// restoreDraft opens the kept draft in its editor, as it was typed, once
// the case is shown; an editor the agent opened meanwhile is left alone
// and the draft put back in its place is not: it is said on the status.
func (p *casePane) restoreDraft(m draftRestoreMsg) tea.Cmd {
	if m.err != nil {
		return statusMsg{text: "could not read your draft: " + errText(m.err), err: true}.cmd()
	}
	if m.d.Case != p.id || p.ed != nil {
		return statusMsg{text: fmt.Sprintf("your %s draft of case #%d was not restored: close the editor and open the case again", m.d.Kind, m.d.Case), err: true}.cmd()
	}
	switch m.d.Kind {
	case model.DraftNote:
		p.openNote()
		if ne, ok := p.ed.(*noteEditor); ok {
			ne.ta.SetValue(m.d.Text)
		}
	case model.DraftReply:
		if cmd := p.openComposer(""); cmd != nil {
			return cmd
		}
		if c, ok := p.ed.(*composer); ok {
			c.to.SetValue(m.d.To)
			c.cc.SetValue(m.d.Cc)
			c.subject.SetValue(m.d.Subject)
			c.body.SetValue(m.d.Text)
			toTop(&c.body)
		}
	default:
		return nil
	}
	return statusMsg{text: fmt.Sprintf("draft restored: the %s you were writing when your screen closed (ctrl+s saves it, esc discards it)", m.d.Kind)}.cmd()
}
