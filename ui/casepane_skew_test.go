package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A case imported with a created time a few minutes ahead (a feed's clock
// skew, kept with a warning) has its created event after the agent's own
// change by the wall clock: the read after that change must not take the
// import for a later change by someone else ("case #N updated by import"
// in place of the agent's "moved case N to billing"). What came later is
// the store's order of writing and the case's version, not the times.
func TestOwnChangeToACaseCreatedAheadStaysQuiet(t *testing.T) {
	h := newCPHarness(t, 100, 30)
	ahead := cpNow.Add(3 * time.Minute)
	h.svc.addCase(model.Case{ID: 4008, ExternalID: "N8-H2", CreatedAt: ahead, UpdatedAt: ahead,
		Channel: model.ChannelWeb, Subject: "Parcel late", Priority: model.PriorityNormal, Status: model.StatusNew})
	h.open(4008)
	// The agent's own change, saved through the command line (the root's
	// action, not the pane's save): the pane hears of it by its notice.
	mine := h.svc.bump(4008, cpAgent, model.SetPriority{To: model.PriorityHigh})
	n := len(h.out)
	h.send(changeMsg(model.Change{Cases: []model.Summary{mine.Summary()}, Author: cpAgent}))
	for _, m := range h.out[n:] {
		if s, ok := m.(statusMsg); ok && strings.Contains(s.text, "updated by") {
			t.Fatalf("the agent's own change told as someone else's: %+v", s)
		}
	}
	h.mustShow("high")
	// Someone else's change after it is still told.
	theirs := h.svc.bump(4008, "dana", model.AddTag{Tag: "escalated"})
	h.send(changeMsg(model.Change{Cases: []model.Summary{theirs.Summary()}, Author: "dana"}))
	if s := h.lastStatus(); !strings.Contains(s.text, "updated by dana") {
		t.Fatalf("status %+v, want dana's change told", s)
	}
	// And an undo refused by dana's change names dana, not the import.
	if err := changedSince(h.svc, cpAgent, 4008); !strings.Contains(err.Error(), "changed by dana") {
		t.Fatalf("undo refused with %q", err)
	}
}
