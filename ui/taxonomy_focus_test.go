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

// The heatmap likewise rebuilds for changes only while on screen, and
// catches up when tab brings it back.
func TestHeatmapWaitsUntilShown(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	a := newRoot(newMemService(func() time.Time { return now }), Options{Agent: "ana", Now: func() time.Time { return now }, Location: time.UTC})
	hm := a.panes[paneHeatmap].(*heatmapPane)
	if cmd := hm.Update(changeMsg(model.Change{Cases: []model.Summary{{ID: 1}}})); cmd != nil || !hm.stale {
		t.Fatal("the heatmap out of sight scheduled a rebuild instead of noting the change")
	}
	a.focus = paneCase // tab from the case pane lands on the heatmap
	a.opened = 1
	if cmd := a.cycle(1); cmd == nil || a.focus != paneHeatmap {
		t.Fatalf("tab to a stale heatmap (focus %d) did not rebuild it", a.focus)
	}
	if hm.stale {
		t.Fatal("still stale after the rebuild started")
	}
}

// A screen opens on the queue: the tags pane and the heatmap, out of
// sight, do not load at start (near duplicates alone are O(tags²), per
// screen, on a team server), and load when first shown.
func TestHiddenPanesLoadWhenFirstShown(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	a := newRoot(newMemService(func() time.Time { return now }), Options{Agent: "ana", Now: func() time.Time { return now }, Location: time.UTC})
	tax := a.panes[paneTags].(*taxonomyPane)
	hm := a.panes[paneHeatmap].(*heatmapPane)
	if tax.Init() != nil || hm.Init() != nil {
		t.Fatal("a pane out of sight loaded at start")
	}
	if cmd := a.focusPane(paneTags); cmd == nil || !tax.loading {
		t.Fatal("showing the tags pane the first time did not load it")
	}
	if cmd := a.focusPane(paneHeatmap); cmd == nil || !hm.computing {
		t.Fatal("showing the heatmap the first time did not build it")
	}
}
