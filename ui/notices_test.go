package ui

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/caredesk/caredesk/model"
)

// On a team server every screen gets every agent's saves. A frame of
// notices about cases a screen does not show, that move none of its
// counts, costs it nothing past a comparison per notice and pane: no
// command (no read of the store, no timer), no Update of the case pane
// (its drawing is kept), no tab line and the very same frame, which the
// server's frame writer then does not write.
func TestNoticesOfOthersCasesCostTheScreenNothing(t *testing.T) {
	h, svc, ix := sharedIndexApp(t, model.StatusOpen)
	a := h.a
	h.send(openCaseMsg{id: 1})
	cp := a.testCase()
	before := h.view()
	rev, tabs := cp.rev, a.tabsDrawn

	var notices []model.Change
	for i, id := range []model.CaseID{2, 3, 4, 5, 2, 3} {
		c, err := svc.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		c, err = svc.Act(id, c.Version, "bo", model.AddNote{Text: fmt.Sprintf("note %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ch := model.Change{Author: "bo", Cases: []model.Summary{c.Summary()}}
		ix.ApplyQuietly(ch)
		notices = append(notices, ch)
	}
	_, cmd := a.Update(NoticesMsg{Changes: notices, Index: true})
	after := a.View()
	if cmd != nil {
		t.Errorf("notices of cases out of sight set off commands: %v", runNow(cmd))
	}
	if cp.rev != rev {
		t.Errorf("the case pane took %d Updates for notices of other cases", cp.rev-rev)
	}
	if a.tabsDrawn != tabs {
		t.Errorf("the tab line was drawn %d times for notes that move no count", a.tabsDrawn-tabs)
	}
	if unsafe.StringData(after) != unsafe.StringData(before) {
		t.Errorf("the frame was made again for notices that change nothing on it (same text: %v)", after == before)
	}

	// The same frame with bo's change to the case shown is the case
	// pane's: it reloads it.
	c, err := svc.Act(1, 1, "bo", model.SetPriority{To: model.PriorityUrgent})
	if err != nil {
		t.Fatal(err)
	}
	ch := model.Change{Author: "bo", Cases: []model.Summary{c.Summary()}}
	ix.ApplyQuietly(ch)
	if _, cmd := a.Update(NoticesMsg{Changes: append(notices, ch), Index: true}); cmd == nil {
		t.Fatal("a change by bo to the case shown set off no load")
	}
}
