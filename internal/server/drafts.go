package server

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// draftKeeper is the store's keeping of drafts (store.DB has it): the
// notes and replies being written when the server stops.
type draftKeeper interface {
	SaveDrafts(ds []model.EditorDraft) error
	TakeDraft(agent string, id model.CaseID) (model.EditorDraft, bool, error)
	Drafts(agent string) ([]model.EditorDraft, error)
}

// draftKeptNotice tells an agent whose screen closed that what they were
// writing was kept.
const draftKeptNotice = "the note or reply you were writing comes back when you open its case again"

// draftWait bounds how long shutdown waits for the screens to hand over
// what they are writing.
const draftWait = time.Second

// keepDrafts asks every open screen for the note or reply it is writing
// and keeps them in the store, in one transaction, before the screens are
// told the server is going (or, for one screen, that it was idle too
// long): a restart or an idle close loses nothing typed. The agent gets
// each back when they open the case again. It returns how many it kept.
func (s *Server) keepDrafts(live []*liveSession) int {
	keeper, ok := s.store.(draftKeeper)
	if !ok {
		return 0
	}
	replies := make([]chan []model.EditorDraft, 0, len(live))
	for _, l := range live {
		r := make(chan []model.EditorDraft, 1)
		replies = append(replies, r)
		// In its own goroutine: a program busy in an update must not
		// hold up the shutdown (draftWait bounds the wait).
		go func() {
			if !l.notify(ui.DraftsMsg{Reply: r}) {
				r <- nil // a command, or a screen already gone
			}
		}()
	}
	var ds []model.EditorDraft
	deadline := time.After(draftWait)
collect:
	for _, r := range replies {
		select {
		case got := <-r:
			ds = append(ds, got...)
		case <-deadline:
			break collect
		}
	}
	return s.saveDrafts(keeper, ds)
}

// keepLastDraft keeps what a screen that ended on its own (a dropped
// connection, ctrl+c) was writing: a laptop lid closed mid-reply lost it.
// Its program has stopped, so its last model is asked directly.
func (s *Server) keepLastDraft(m tea.Model) int {
	keeper, ok := s.store.(draftKeeper)
	if !ok {
		return 0
	}
	r := make(chan []model.EditorDraft, 1)
	m.Update(ui.DraftsMsg{Reply: r})
	return s.saveDrafts(keeper, <-r)
}

func (s *Server) saveDrafts(keeper draftKeeper, ds []model.EditorDraft) int {
	if len(ds) == 0 {
		return 0
	}
	if err := keeper.SaveDrafts(ds); err != nil {
		s.log.Error("drafts not kept", "drafts", len(ds), "err", err)
		return 0
	}
	s.log.Info("drafts kept", "drafts", len(ds))
	return len(ds)
}

// takeDraft is the session's ui.Options.TakeDraft for agent a.
func (s *Server) takeDraft(a Agent) func(model.CaseID) (model.EditorDraft, bool, error) {
	keeper, ok := s.store.(draftKeeper)
	if !ok {
		return nil
	}
	return func(id model.CaseID) (model.EditorDraft, bool, error) { return keeper.TakeDraft(a.Name, id) }
}

// keptDrafts is the session's ui.Options.Drafts for agent a: the drafts
// its screen names on connecting.
func (s *Server) keptDrafts(a Agent) func() ([]model.EditorDraft, error) {
	keeper, ok := s.store.(draftKeeper)
	if !ok {
		return nil
	}
	return func() ([]model.EditorDraft, error) { return keeper.Drafts(a.Name) }
}
