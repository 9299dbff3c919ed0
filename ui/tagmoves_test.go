package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// deeDesk is a real store of two teams, billing (bo) and delivery (dee, by
// the phone channel), with three open phone cases routed to dee and a
// resolved one tagged billing/refund (so the tag is known); it returns
// dee's cases in id order.
func deeDesk(t *testing.T) (*store.DB, []model.CaseID) {
	t.Helper()
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: []string{"bo"}, Areas: []string{"billing"}},
		{Name: "delivery", Members: []string{"dee"}, Areas: []string{"shipping"}, Channels: []model.Channel{model.ChannelPhone}, Assign: model.AssignRoundRobin},
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "desk.db"), store.Options{Now: func() time.Time { return testNow }, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var rows []model.ImportRow
	for i := range 4 {
		c := model.Case{ExternalID: fmt.Sprintf("P-%d", i+1), CreatedAt: testNow.Add(-time.Duration(i+1) * time.Hour),
			Subject: fmt.Sprintf("Phone case %d", i+1), Status: model.StatusOpen, Priority: model.PriorityNormal, Channel: model.ChannelPhone}
		if i == 3 {
			c.Status, c.Tags = model.StatusResolved, []string{"billing/refund"}
		}
		rows = append(rows, model.ImportRow{Line: i + 2, Case: c, Customer: model.Customer{Name: "Lee", Email: fmt.Sprintf("lee%d@example.com", i)}})
	}
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	var ids []model.CaseID
	_ = db.EachSummary(func(s model.Summary) error {
		if s.Assignee == "dee" {
			ids = append(ids, s.ID)
		}
		return nil
	})
	if len(ids) != 3 {
		t.Fatalf("fixture: dee has %d cases", len(ids))
	}
	return db, ids
}

func teamOf(t *testing.T, db *store.DB, id model.CaseID) string {
	t.Helper()
	c, err := db.Case(id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Team + "/" + c.Assignee + "/" + strings.Join(c.Tags, ",")
}

// :tag and :untag on a colleague's case that their tag routes off her
// ask first, in the case pane picker's words, and n leaves the case; a
// tag that moves nobody is added at once. New-user finding: the queue's
// :tag took dee's case to billing without a word.
func TestTagCommandAsksBeforeRoutingAColleaguesCase(t *testing.T) {
	db, ids := deeDesk(t)
	h := newHarnessWith(t, db, testNow, 120, 30, Options{Agent: "bo"})
	h.keys(":")
	h.typeText("view all")
	h.keys("enter", "g")
	id := h.selected()
	if !slices.Contains(ids, id) {
		t.Fatalf("selected %d, want one of dee's %v", id, ids)
	}
	h.a.cmd.openWith("tag billing/refund")
	h.keys("enter")
	want := fmt.Sprintf("tag case %d with billing/refund, moving it to billing and off dee? y/n", id)
	if h.a.statusText != want {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
	if !strings.Contains(h.view(), want) {
		t.Fatalf("the question is not on the screen:\n%s", h.view())
	}
	h.keys("n")
	if got := teamOf(t, db, id); got != "delivery/dee/" {
		t.Fatalf("after n the case is %s", got)
	}
	h.a.cmd.openWith("tag billing/refund")
	h.keys("enter", "y")
	if got := teamOf(t, db, id); got != "billing//billing/refund" {
		t.Fatalf("after y the case is %s", got)
	}
	// taking it off routes it back by its channel, to dee: off nobody
	// (bo is not its assignee), so it is done at once
	h.a.cmd.openWith("untag billing/refund")
	h.keys("enter")
	if got := teamOf(t, db, id); !strings.HasPrefix(got, "delivery/dee/") || h.a.asking != nil {
		t.Fatalf("after :untag the case is %s, asking %v (%q)", got, h.a.asking != nil, h.a.statusText)
	}
	// a tag no team owns moves nothing: no question
	for range 2 { // a new tag: run twice
		h.a.cmd.openWith("tag shipping/late")
		h.keys("enter")
	}
	if got := teamOf(t, db, id); got != "delivery/dee/shipping/late" || h.a.asking != nil {
		t.Fatalf("after :tag shipping/late the case is %s, asking %v (%q)", got, h.a.asking != nil, h.a.statusText)
	}
}

// The queue's tag picker for marked cases names in its y/n question the
// cases its tag routes off their assignee.
func TestQueueTagPickerSaysWhichCasesLeaveTheirAssignee(t *testing.T) {
	db, ids := deeDesk(t)
	for _, w := range []int{120, 80} {
		h := newHarnessWith(t, db, testNow, w, 24, Options{Agent: "bo"})
		markAll(t, h, 4)
		h.keys("t")
		h.typeText("billing/refund")
		h.keys("enter")
		want := "tag 3 cases with billing/refund, moving 3 to billing and off dee, skip 1 already tagged billing/refund? y/n"
		if h.a.statusText != want {
			t.Fatalf("status %q, want %q", h.a.statusText, want)
		}
		v := h.view()
		if !strings.Contains(v, "moving 3 to billing and off dee") || !strings.Contains(v, "y/n") {
			t.Fatalf("at %d columns the question lacks the move:\n%s", w, v)
		}
		checkLines(t, v, w, 24)
		h.keys("n")
	}
	for _, id := range ids {
		if got := teamOf(t, db, id); got != "delivery/dee/" {
			t.Fatalf("after n case %d is %s", id, got)
		}
	}
}

// At 80 columns the case pane picker's routing warning keeps its tag,
// its names and what to press, on two lines when it needs them
// (new-user finding: "… moves the case to billing and off dee — enter
// twice to…" was cut before its instruction).
func TestTagPickerRoutingWarningWholeAt80Columns(t *testing.T) {
	db, ids := deeDesk(t)
	h := newHarnessWith(t, db, testNow, 80, 24, Options{Agent: "bo"})
	h.keys(":")
	h.typeText("view all")
	h.keys("enter", "g")
	if id := h.selected(); !slices.Contains(ids, id) {
		t.Fatalf("selected %d, want one of dee's %v", id, ids)
	}
	h.keys("enter", "t")
	h.typeText("billing/refund-for-late-parcel")
	for _, want := range []string{"new tag billing/refund-for-late-parcel moves it to billing and off dee — enter twice"} {
		if v := h.view(); !strings.Contains(flat(v), want) {
			t.Fatalf("the warning lacks %q:\n%s", want, v)
		}
	}
	checkLines(t, h.view(), 80, 24)
	h.keys("enter")
	for _, want := range []string{"new tag billing/refund-for-late-parcel — enter again to create it and move the case to billing and off dee"} {
		if v := h.view(); !strings.Contains(flat(v), want) {
			t.Fatalf("the armed warning lacks %q:\n%s", want, v)
		}
	}
	checkLines(t, h.view(), 80, 24)
}

// flat is a view's words, one space apart: a line wrapped at a space
// reads as it would on one line.
func flat(v string) string { return strings.Join(strings.Fields(v), " ") }
