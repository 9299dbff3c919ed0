package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// While the case pane is on screen, another agent's change redraws the
// tab line's counts and nothing else; a change to the case shown reloads
// it and draws it; a key draws the whole screen again.
func TestChangeNoticeRedrawsWhatItChanges(t *testing.T) {
	svc := newMemService(func() time.Time { return testNow })
	for i := range 5 {
		svc.add(model.Case{ExternalID: "T-" + string(rune('1'+i)), Subject: "Parcel missing", CreatedAt: testNow.Add(-time.Hour),
			Priority: model.PriorityNormal, Status: model.StatusNew}, model.Customer{})
	}
	h := newHarness(t, svc, 120, 30)
	h.send(openCaseMsg{id: 1})
	if h.a.focus != paneCase {
		t.Fatal("the case pane is not on screen")
	}
	before := strings.Split(h.view(), "\n")

	// bo claims case 2: fewer unassigned cases, the rest of the screen as it was
	if _, err := svc.Act(2, 1, "bo", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	c2, _ := svc.Case(2)
	h.send(changeMsg(model.Change{Author: "bo", Cases: []model.Summary{c2.Summary()}}))
	after := strings.Split(h.view(), "\n")
	if len(after) != len(before) {
		t.Fatalf("%d lines, was %d", len(after), len(before))
	}
	for i := range before {
		if i == 1 {
			if after[i] == before[i] {
				t.Errorf("the tab line kept its counts after a claim:\n%s", after[i])
			}
			continue
		}
		if after[i] != before[i] {
			t.Errorf("line %d changed for another case's change:\n%s\n%s", i, before[i], after[i])
		}
	}

	// bo changes the case shown: it is reloaded and drawn
	if _, err := svc.Act(1, 1, "bo", model.SetPriority{To: model.PriorityUrgent}); err != nil {
		t.Fatal(err)
	}
	c1, _ := svc.Case(1)
	h.send(changeMsg(model.Change{Author: "bo", Cases: []model.Summary{c1.Summary()}}))
	if v := h.view(); !strings.Contains(v, "urgent") {
		t.Fatalf("the case shown was changed by bo but the screen shows:\n%s", v)
	}

	// a key (help) draws the whole screen
	h.keys("?")
	if v := h.view(); !strings.Contains(v, "Keys (? or esc closes)") {
		t.Fatalf("? did not show the help:\n%s", v)
	}
}

// The case pane draws again for its own messages and for the clock's
// second (ages are drawn to the second), not for the app's.
func TestCasePaneDrawsAgainWhenItsTextMoves(t *testing.T) {
	now := cpNow
	p := cpOpenAt(&now)
	first := p.View()
	if p.View() != first {
		t.Fatal("nothing moved, yet the pane drew something else")
	}
	p.Update(statusMsg{text: "unrelated"}) // not the pane's, but it took it: drawn again, the same
	if p.View() != first {
		t.Fatal("an unrelated message changed the pane")
	}
	now = now.Add(26 * time.Hour) // every age on the pane moves
	if p.View() == first {
		t.Fatal("a day later the pane still drew the same ages")
	}
}

// On a team server's shared index, another agent's save moves the index;
// the screen showing a case redraws the tab line's counts and does not
// draw the case pane again.
func TestSharedIndexChangeRedrawsOnlyTheCounts(t *testing.T) {
	h, svc, ix := sharedIndexApp(t, model.StatusNew)
	a := h.a
	h.send(openCaseMsg{id: 1})
	before := strings.Split(h.view(), "\n")
	drawn := a.testCase().rev

	c2, err := svc.Act(2, 1, "bo", model.Claim{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Apply(model.Change{Author: "bo", Cases: []model.Summary{c2.Summary()}})
	h.send(IndexChangedMsg{})
	after := strings.Split(h.view(), "\n")
	if a.testCase().rev != drawn {
		t.Error("the case pane took the index's news as its own")
	}
	if after[1] == before[1] {
		t.Errorf("the tab line kept its counts after a claim:\n%s", after[1])
	}
	for i := range before {
		if i != 1 && after[i] != before[i] {
			t.Errorf("line %d changed for another case's change:\n%s\n%s", i, before[i], after[i])
		}
	}
}

// A team server's relay hands a session a frame's notices in one
// NoticesMsg: every notice reaches the panes in order (the case shown,
// changed by bo among others, is reloaded), the queue follows the index
// once, and the screen draws the new counts.
func TestNoticesOfAFrameTakenTogether(t *testing.T) {
	h, svc, ix := sharedIndexApp(t, model.StatusNew)
	h.send(openCaseMsg{id: 1})
	before := strings.Split(h.view(), "\n")

	var notices []model.Change
	for _, save := range []struct {
		id  model.CaseID
		act model.Action
	}{{2, model.Claim{}}, {1, model.SetPriority{To: model.PriorityUrgent}}, {3, model.Claim{}}} {
		c, err := svc.Act(save.id, 1, "bo", save.act)
		if err != nil {
			t.Fatal(err)
		}
		ch := model.Change{Author: "bo", Cases: []model.Summary{c.Summary()}}
		ix.ApplyQuietly(ch)
		notices = append(notices, ch)
	}
	h.send(NoticesMsg{Changes: notices, Index: true})
	after := strings.Split(h.view(), "\n")
	if after[1] == before[1] {
		t.Errorf("the tab line kept its counts after two claims:\n%s", after[1])
	}
	if n := h.a.testQueue().ix.Counts()[caseindex.ViewUnassigned]; n != 3 {
		t.Errorf("the queue counts %d unassigned cases after two of five were claimed", n)
	}
	if v := strings.Join(after, "\n"); !strings.Contains(v, "urgent") {
		t.Fatalf("the case shown was changed by bo but the screen shows:\n%s", v)
	}
}

// On a team server, a queue out of sight follows the index by its counts
// alone (its order of every case is not moved for each save), and catches
// up when it comes back on screen: a case resolved meanwhile has left the
// Open view's list.
func TestQueueOutOfSightCatchesUpWhenShown(t *testing.T) {
	h, svc, ix := sharedIndexApp(t, model.StatusOpen)
	a := h.a
	q := a.testQueue()
	if n := len(q.ix.List()); n != 5 {
		t.Fatalf("the Open view lists %d cases, want 5", n)
	}
	h.send(openCaseMsg{id: 1})

	c3, err := svc.Act(3, 1, "bo", model.SetStatus{To: model.StatusResolved})
	if err != nil {
		t.Fatal(err)
	}
	ix.Apply(model.Change{Author: "bo", Cases: []model.Summary{c3.Summary()}})
	h.send(IndexChangedMsg{})
	if counts, _ := q.viewCounts(); counts[caseindex.ViewOpen] != 4 {
		t.Fatalf("out of sight, the Open count is %d, want 4", counts[caseindex.ViewOpen])
	}
	if n := len(q.ix.List()); n != 5 {
		t.Fatalf("out of sight, the list was patched (%d rows)", n)
	}

	h.send(backMsg{})
	if a.focus != paneQueue {
		t.Fatal("esc did not go back to the queue")
	}
	if n := len(q.ix.List()); n != 4 {
		t.Fatalf("back on screen, the Open view lists %d cases, want 4", n)
	}
	if v := h.view(); strings.Contains(v, "T-3") {
		t.Fatalf("the resolved case is still listed:\n%s", v)
	}
}

// On a team server every screen's queue ticks once a minute, and screens
// opened together tick together: a queue out of sight takes the tick by
// its counts, without sorting, filtering and counting every case (at 200
// screens on 100k cases those recomputes stalled every key 2-3 s).
func TestQueueOutOfSightTicksWithoutSorting(t *testing.T) {
	h, svc, ix := sharedIndexApp(t, model.StatusOpen)
	h.send(openCaseMsg{id: 1})
	c3, err := svc.Act(3, 1, "bo", model.SetStatus{To: model.StatusResolved})
	if err != nil {
		t.Fatal(err)
	}
	ix.Apply(model.Change{Author: "bo", Cases: []model.Summary{c3.Summary()}})
	h.send(IndexChangedMsg{}) // a row noted out of sight
	before := ix.Recomputes()
	h.send(tickMsg(testNow.Add(time.Minute)))
	if n := ix.Recomputes() - before; n > 0 {
		t.Fatalf("out of sight, the minute tick recomputed the queue %d times", n)
	}
	h.send(backMsg{})
	if n := len(h.a.testQueue().ix.List()); n != 4 {
		t.Fatalf("back on screen, the Open view lists %d cases, want 4", n)
	}
}

// sharedIndexApp is a team server's screen at 120×30 over a shared index
// of five cases in status st, as the server loads it.
func sharedIndexApp(t *testing.T, st model.Status) (*harness, *memService, *caseindex.Index) {
	t.Helper()
	svc := newMemService(func() time.Time { return testNow })
	for i := range 5 {
		svc.add(model.Case{ExternalID: "T-" + string(rune('1'+i)), Subject: "Parcel missing", CreatedAt: testNow.Add(-time.Hour),
			Priority: model.PriorityNormal, Status: st}, model.Customer{})
	}
	ix := caseindex.NewIndex(svc)
	if err := ix.Load(); err != nil {
		t.Fatal(err)
	}
	a := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, Index: ix})
	a.e.timer = noTimer
	h := &harness{t: t, a: a, svc: svc}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.run(a.Init())
	return h, svc, ix
}
