package ui

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Near duplicates cost O(tags²) and every screen of a team server gets
// every change: out of sight, the tags pane only notes a change, and loads
// when it is brought on screen.
func TestTaxonomyWaitsUntilShown(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	a := newRoot(newMemService(func() time.Time { return now }), Options{Agent: "ana", Now: func() time.Time { return now }, Location: time.UTC})
	tax := a.panes[paneTags].(*taxonomyPane)
	change := changeMsg(model.Change{Cases: []model.Summary{{ID: 1}}})

	if cmd := tax.Update(change); cmd != nil {
		t.Fatal("the tags pane out of sight scheduled work for a change")
	}
	if !tax.stale {
		t.Fatal("the tags pane did not note the change")
	}
	if cmd := a.focusPane(paneTags); cmd == nil {
		t.Fatal("bringing a stale tags pane on screen did not reload it")
	}
	if tax.stale {
		t.Fatal("still stale after the reload started")
	}
	if cmd := tax.Update(change); cmd == nil {
		t.Fatal("on screen, the tags pane ignored a change")
	}
}
