package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// At start the status line names the agent's kept drafts (the first three
// by kind and case), and :drafts opens the case of the first; with none
// kept it says so.
func TestKeptDraftsNamedAtStart(t *testing.T) {
	kept := []model.EditorDraft{{Case: 1, Kind: model.DraftNote}, {Case: 2, Kind: model.DraftReply}, {Case: 3, Kind: model.DraftNote},
		{Case: 4, Kind: model.DraftReply}, {Case: 5, Kind: model.DraftNote}}
	opt := Options{Agent: "bo", Drafts: func() ([]model.EditorDraft, error) { return kept, nil }}
	h := newHarnessWith(t, newTestService(50), hmNow, 140, 30, opt)
	want := "5 drafts kept: note on #1, reply on #2, note on #3, 2 more — :drafts opens each in turn"
	if v := h.view(); !strings.Contains(v, want) {
		t.Fatalf("no %q:\n%s", want, v)
	}
	h.keys(":")
	h.typeText("drafts")
	h.keys("enter")
	if h.a.opened != 1 || h.a.focus != paneCase {
		t.Fatalf(":drafts opened case %d (focus %v), want case 1", h.a.opened, h.a.focus)
	}
	kept = nil
	h.keys(":")
	h.typeText("drafts")
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "no drafts kept") {
		t.Fatalf("none kept:\n%s", v)
	}
}

// The kept-drafts line stays until the agent's next key: the queue's
// "loading every case; the view follows", which comes at start on a big
// desk, hid it before it could be read (NUT10, locally and on the server).
func TestKeptDraftsLineOutlastsTheLoadingNote(t *testing.T) {
	kept := []model.EditorDraft{{Case: 4, Kind: model.DraftNote}}
	opt := Options{Agent: "bo", Drafts: func() ([]model.EditorDraft, error) { return kept, nil }}
	h := newHarnessWith(t, newTestService(50), hmNow, 100, 24, opt)
	want := "1 draft kept: note on #4 — :drafts opens it"
	if v := h.view(); !strings.Contains(v, want) {
		t.Fatalf("no %q:\n%s", want, v)
	}
	h.run(h.a.testQueue().apply(caseindex.Step{Note: "loading every case; the view follows"}))
	if v := h.view(); !strings.Contains(v, want) || strings.Contains(v, "loading every case") {
		t.Fatalf("the loading note hid the drafts line:\n%s", v)
	}
	h.send(statusClearMsg{seq: h.a.statusSeq})
	if v := h.view(); !strings.Contains(v, want) {
		t.Fatalf("the drafts line went with the status timeout:\n%s", v)
	}
	h.keys("j")
	if v := h.view(); strings.Contains(v, want) {
		t.Fatalf("the drafts line outlived the agent's key:\n%s", v)
	}
}
