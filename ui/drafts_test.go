package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A team server hands the case pane the agent's kept draft when a case is
// opened: a reply comes back in the composer with its fields as typed, a
// note in the note editor; a session hands over what its editor holds.
func TestKeptDraftsComeBackInTheirEditor(t *testing.T) {
	svc := newMemService(func() time.Time { return testNow })
	svc.add(model.Case{ExternalID: "D-1", CreatedAt: testNow.Add(-time.Hour), Subject: "Kettle leaks", Status: model.StatusOpen},
		model.Customer{Name: "Ann", Email: "ann@example.com"})
	svc.add(model.Case{ExternalID: "D-2", CreatedAt: testNow.Add(-time.Hour), Subject: "Parcel", Status: model.StatusOpen}, model.Customer{})
	kept := map[model.CaseID]model.EditorDraft{
		1: {Agent: "ana", Case: 1, Kind: model.DraftReply, Text: "Dear Ann, half written", To: "ann@example.com", Subject: "Re: Kettle leaks [#1]"},
		2: {Agent: "ana", Case: 2, Kind: model.DraftNote, Text: "courier called back"},
	}
	take := func(id model.CaseID) (model.EditorDraft, bool, error) {
		d, ok := kept[id]
		delete(kept, id)
		return d, ok, nil
	}
	h := harnessWith(t, svc, Options{TakeDraft: take})
	h.keys(":")
	h.typeText("open D-1")
	h.keys("enter")
	v := h.view()
	if !strings.Contains(v, "draft restored: the reply") || !strings.Contains(v, "Dear Ann, half written") || !strings.Contains(v, "Re: Kettle leaks [#1]") {
		t.Fatalf("the reply draft is not back in the composer:\n%s", v)
	}
	cp := h.a.panes[paneCase].(*casePane)
	if d, ok := cp.openDraft(); !ok || d.Kind != model.DraftReply || d.Text != "Dear Ann, half written" || d.To != "ann@example.com" {
		t.Fatalf("the session would hand over %+v %v", d, ok)
	}
	h.keys("esc", "y")
	h.keys(":")
	h.typeText("open D-2")
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "draft restored: the note") || !strings.Contains(v, "courier called back") {
		t.Fatalf("the note draft is not back in the note editor:\n%s", v)
	}
	if d, ok := cp.openDraft(); !ok || d.Kind != model.DraftNote || d.Text != "courier called back" || d.Case != 2 {
		t.Fatalf("the session would hand over %+v %v", d, ok)
	}
}

// The local app ended while a note is being written (ctrl+c, a closed
// window) hands the note to Options.KeepDrafts, as a team server keeps a
// screen's; it was dropped without a word (NUT10).
func TestLocalAppKeepsTheNoteBeingWrittenAtItsEnd(t *testing.T) {
	svc := newMemService(func() time.Time { return testNow })
	svc.add(model.Case{ExternalID: "D-1", CreatedAt: testNow.Add(-time.Hour), Subject: "Kettle leaks", Status: model.StatusOpen},
		model.Customer{Name: "Ann", Email: "ann@example.com"})
	h := harnessWith(t, svc, Options{})
	var kept []model.EditorDraft
	keep := func(ds []model.EditorDraft) error { kept = ds; return nil }
	if err := keepLastDrafts(h.a, keep); err != nil || kept != nil {
		t.Fatalf("nothing written, yet kept %v (%v)", kept, err)
	}
	h.keys(":")
	h.typeText("open D-1")
	h.keys("enter", "n")
	h.typeText("courier called back")
	h.keys("ctrl+c")
	if err := keepLastDrafts(h.a, keep); err != nil || len(kept) != 1 || kept[0].Kind != model.DraftNote ||
		kept[0].Case != 1 || kept[0].Text != "courier called back" {
		t.Fatalf("kept %+v (%v)", kept, err)
	}
}
