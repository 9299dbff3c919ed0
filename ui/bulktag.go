package ui

import (
	"fmt"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// The queue's t opens the tag picker for the marked cases (or the selected
// one) below the queue: the same suggestions, new-tag confirmation and
// retired-tag refusal as in a case. The chosen tag goes through the queue's
// bulk path, one store write per case, which reports how many were tagged
// and what failed.

// openTaggerMsg asks the root to open the tag picker for cases.
type openTaggerMsg struct{ ids []model.CaseID }

// taggerTagsMsg is the ranked taxonomy for the queue's tag picker (the case
// pane's picker reads its own).
type taggerTagsMsg struct {
	tax  *model.Taxonomy
	rank *model.TagRanking
	err  error
}

// taggerRows is the picker's height below the queue, its rule included.
const taggerRows = 10

// bulkTarget is the marked cases: the picker only adds, and closes once the
// tag is on its way.
type bulkTarget struct {
	a   *app
	ids []model.CaseID
}

func (t bulkTarget) tags() []string { return nil }

func (t bulkTarget) about() string {
	if len(t.ids) == 1 {
		return fmt.Sprintf("adds a tag to case %d", t.ids[0])
	}
	return "adds a tag to each of the " + counted(len(t.ids), "marked case", "marked cases")
}

func (t bulkTarget) add(tag string) tea.Cmd {
	t.a.closeTagger()
	return t.a.act(t.ids, "tagged %s with "+formatSafe(tag), model.AddTag{Tag: tag})
}

func (t bulkTarget) remove(string) tea.Cmd { return nil }

// moves: the queue's picker tags many cases and reads none of them while
// the agent types; the y/n question after enter names the cases the tag
// routes off their assignee (bulkAsk, tagMoves).
func (t bulkTarget) moves(string, bool) model.TagMove { return model.TagMove{} }
func (t bulkTarget) busy() bool                       { return t.a.acting }
func (t bulkTarget) close() tea.Cmd {
	t.a.closeTagger()
	return nil
}

// bulkTagger is the open picker and the cases it tags.
type bulkTagger struct {
	picker *tagPicker
	ids    []model.CaseID
}

func (a *app) openTagger(ids []model.CaseID) tea.Cmd {
	switch {
	case len(ids) == 0:
		return statusMsg{text: "no case selected"}.cmd()
	case a.e.svc.ReadOnly():
		return statusMsg{text: "read-only: this database is open as a viewer", err: true}.cmd()
	}
	a.tagger = &bulkTagger{picker: newTagPicker(bulkTarget{a: a, ids: ids}, a.e.styles, a.w), ids: ids}
	a.layout()
	svc, now := a.e.svc, a.e.now()
	return func() tea.Msg {
		tax, rank, err := readTaxonomy(svc, now)
		return taggerTagsMsg{tax: tax, rank: rank, err: err}
	}
}

func (a *app) closeTagger() {
	a.tagger = nil
	a.layout()
}

// taggerHeight is what the open picker takes from the pane above it.
func (a *app) taggerHeight() int {
	if a.tagger == nil {
		return 0
	}
	return min(taggerRows, a.h-chromeFor(a.h).lines())
}

// taggerTags gives the open picker its taxonomy.
func (a *app) taggerTags(m taggerTagsMsg) tea.Cmd {
	if a.tagger == nil {
		return nil
	}
	if m.err != nil {
		return statusMsg{text: "could not read tags: " + errText(m.err), err: true}.cmd()
	}
	a.tagger.picker.setTaxonomy(m.tax, m.rank)
	return nil
}

// view draws the picker in h lines under a rule naming what it tags.
func (t *bulkTagger) view(st *Styles, w, h int) []string {
	if h <= 0 {
		return nil
	}
	title := "Tag " + counted(len(t.ids), "marked case", "marked cases")
	if len(t.ids) == 1 {
		title = fmt.Sprintf("Tag case %d", t.ids[0])
	}
	return append([]string{sectionRule(st, title, "", w, true)}, fitLines(t.picker.lines(), h-1)...)
}
