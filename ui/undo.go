package ui

import (
	"fmt"
	"slices"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// u (and :undo) takes back the agent's last action: in the case pane
// their last action on the case shown, in the queue their last action,
// a bulk one on all its cases. The session remembers what each action
// changed (undoLog); an undo is a new write (model.Undo) that puts the
// fields back and says "undone: …" in the timeline, so nothing is deleted
// and the team server's guard checks it like any other write. A case
// someone changed since is refused, naming who: their change is not
// overwritten. A reply has reached the customer and a note may have been
// read and acted on, so neither is undone: the agent is told to write
// another.

// undoStep is what one action changed on one case.
type undoStep struct {
	id            model.CaseID
	from, version uint64 // the case's version before and right after
	before, after model.Undoable
}

func (s undoStep) changed() bool { return s.version != s.from }

// undoEntry is one action of the agent's, on one case or many.
type undoEntry struct {
	what  string // "set 3 cases to resolved"
	ids   []model.CaseID
	steps []undoStep
	never string // why it cannot be undone; "" when it can
	n     int    // how many cases it changed when recorded
}

// undoLog is the session's actions, newest last. A case is in one entry
// at most: its latest action's.
type undoLog struct{ entries []*undoEntry }

// maxUndo bounds the actions remembered.
const maxUndo = 100

// record remembers an action's outcome.
func (l *undoLog) record(m actDoneMsg) {
	if len(m.ok) == 0 || (len(m.undo) == 0 && m.never == "") {
		return // nothing changed: the case's last action is still the one before
	}
	what := fmt.Sprintf(m.label, plural(len(m.ok), "case"))
	if len(m.ok) == 1 {
		what = fmt.Sprintf(m.label, fmt.Sprintf("case %d", m.ok[0]))
	}
	l.add(&undoEntry{what: what, ids: slices.Clone(m.ok), steps: m.undo, never: m.never, n: len(m.undo)})
}

func (l *undoLog) add(e *undoEntry) {
	for _, id := range e.ids {
		l.forget(id)
	}
	l.entries = append(l.entries, e)
	if len(l.entries) > maxUndo {
		l.entries = slices.Delete(l.entries, 0, len(l.entries)-maxUndo)
	}
}

// forget drops case id from the entries (its last action is newer, or
// undone).
func (l *undoLog) forget(id model.CaseID) {
	l.entries = slices.DeleteFunc(l.entries, func(e *undoEntry) bool {
		e.ids = slices.DeleteFunc(e.ids, func(x model.CaseID) bool { return x == id })
		e.steps = slices.DeleteFunc(e.steps, func(s undoStep) bool { return s.id == id })
		return len(e.ids) == 0
	})
}

// last is the newest entry, or the newest that holds case id (id != 0).
func (l *undoLog) last(id model.CaseID) *undoEntry {
	for i := len(l.entries) - 1; i >= 0; i-- {
		if e := l.entries[i]; id == 0 || slices.Contains(e.ids, id) {
			return e
		}
	}
	return nil
}

// neverUndone says why an action cannot be undone, "" when it can.
func neverUndone(acts ...model.Action) string {
	for _, a := range acts {
		switch a.(type) {
		case model.SendReply, model.LogReply, model.ResendReply:
			return "a reply has reached the customer and cannot be undone: send another to correct it"
		case model.AddNote:
			return "a note cannot be undone (others may have read it): add a note that corrects it"
		case model.Transfer:
			return "a transfer cannot be undone (the new team may have taken the case): :transfer it back"
		}
	}
	return ""
}

// undoMsg asks the app to undo: the last action on case id, or the last
// action of all (id 0).
type undoMsg struct{ id model.CaseID }

// undo takes back the last action (on case id, when not 0).
func (a *app) undo(id model.CaseID) tea.Cmd {
	switch {
	case a.e.svc.ReadOnly():
		return statusMsg{text: "read-only: this database is open as a viewer", err: true}.cmd()
	case a.acting:
		return statusMsg{text: "still applying the last action"}.cmd()
	}
	e := a.undoLog.last(id)
	if e == nil {
		if id != 0 {
			return statusMsg{text: fmt.Sprintf("nothing to undo on case %d in this session", id)}.cmd()
		}
		return statusMsg{text: "nothing to undo in this session"}.cmd()
	}
	steps, what := slices.Clone(e.steps), e.what
	switch {
	case id != 0 && len(e.ids) > 1:
		// in the case pane: this case's part of a bulk action
		steps = slices.DeleteFunc(steps, func(s undoStep) bool { return s.id != id })
		what += fmt.Sprintf(" (on case %d)", id)
	case len(steps) < e.n:
		// some of its cases were undone or changed again since
		what += fmt.Sprintf(" (on the %s left)", plural(len(steps), "case"))
	}
	if e.never != "" {
		about, ids := what, slices.Clone(e.ids)
		switch {
		case id != 0:
			about, ids = fmt.Sprintf("case %d", id), []model.CaseID{id}
		case len(ids) == 1:
			about = fmt.Sprintf("case %d", ids[0])
		}
		for _, x := range ids {
			a.undoLog.forget(x) // said once; u again reaches the action before
		}
		return statusMsg{text: fmt.Sprintf("%s: %s", about, e.never), err: true}.cmd()
	}
	for _, s := range steps {
		a.undoLog.forget(s.id)
	}
	a.acting = true
	svc, agent := a.e.svc, a.e.agent
	return func() tea.Msg {
		done := undoneMsg{what: what}
		for _, s := range steps {
			if err := undoOne(svc, agent, s); err != nil {
				done.failed = append(done.failed, errText(err))
				continue
			}
			done.ok = append(done.ok, s.id)
		}
		return done
	}
}

// undoOne takes one case's step back, at the version the action left, so
// that a change by anyone since refuses it.
func undoOne(svc model.CaseService, agent string, s undoStep) error {
	c, err := svc.Case(s.id)
	if err != nil {
		return err
	}
	if c.Version != s.version {
		return changedSince(svc, agent, s.id)
	}
	_, err = svc.Act(s.id, s.version, agent, model.Undo{Before: s.before, After: s.after})
	if model.ErrorCode(err) == model.ECONFLICT {
		return changedSince(svc, agent, s.id)
	}
	return err
}

// changedSince names who changed case id after the action to undo.
func changedSince(svc model.CaseService, agent string, id model.CaseID) error {
	by := "someone else"
	if evs, err := svc.Events(id); err == nil {
		if a := lastAuthor(evs); a == agent {
			by = "you (in another screen)"
		} else if a != "" {
			by = a
		}
	}
	return model.Errorf(model.ECONFLICT, "case %d was changed by %s since (their change stays)", id, by)
}

// undoneMsg reports an undo.
type undoneMsg struct {
	what   string
	ok     []model.CaseID
	failed []string
}

func (a *app) undone(m undoneMsg) tea.Cmd {
	a.acting = false
	switch {
	case len(m.failed) == 0:
		return statusMsg{text: "undone: " + m.what}.cmd()
	case len(m.ok) == 0:
		return statusMsg{text: "not undone: " + m.failed[0] + " · " + m.what, err: true}.cmd()
	}
	// the refusal first: at 80 columns the line is cut at its end, and who
	// changed the case is what the agent needs, not the action's text again
	return statusMsg{text: fmt.Sprintf("%d not undone: %s · undone on %s (%s)", len(m.failed), m.failed[0], plural(len(m.ok), "case"), m.what), err: true}.cmd()
}

// caseActed records a save of the case pane's for undo: it acted on one
// case at the version shown.
func (a *app) caseActed(m caseActedMsg) {
	if m.err != nil || m.c.Version == m.before {
		return
	}
	done := actDoneMsg{label: "%s: " + formatSafe(m.label), ok: []model.CaseID{m.id}, never: neverUndone(m.acts...)}
	if done.never == "" {
		done.undo = []undoStep{{id: m.id, from: m.before, version: m.c.Version, before: m.was, after: model.UndoableOf(m.c)}}
	}
	a.undoLog.record(done)
}
