package ui

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Typing into a note draws the note alone: the header and the card are
// kept from the frame before (on a team server every key an agent types
// is drawn on the server), yet a change to the case while the note is
// open still reaches them, and so does the clock.
func TestNoteKeysDrawTheNoteAlone(t *testing.T) {
	h := newCPHarness(t, 120, 34).open(1042)
	h.keys("n")
	h.view()
	meta, card := &h.p.metaKept.val[0], &h.p.cardKept.val[0]
	h.keys("rang the bank")
	h.mustShow("rang the bank")
	if &h.p.metaKept.val[0] != meta || &h.p.cardKept.val[0] != card {
		t.Fatal("a key typed into the note drew the header or the card again")
	}

	c := h.svc.bump(1042, "dana", model.SetStatus{To: model.StatusPending})
	h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: "dana"}))
	h.mustShow("PENDING", "rang the bank")
	if &h.p.metaKept.val[0] == meta {
		t.Fatal("the header was not drawn again for another agent's change")
	}

	meta = &h.p.metaKept.val[0]
	h.p.e.now = func() time.Time { return cpNow.Add(2 * time.Hour) }
	h.view()
	if &h.p.metaKept.val[0] == meta {
		t.Fatal("the header was not drawn again as the clock moved")
	}
}
