package ui

import (
	"strings"
	"testing"

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
