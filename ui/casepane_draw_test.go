package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/caredesk/caredesk/model"
)

// Typing into a note draws the note alone: the header and the card are
// kept from the frame before (on a team server every key an agent types
// is drawn on the server), yet a change to the case while the note is
// open still reaches them, and so does the clock.
func TestNoteKeysDrawTheNoteAlone(t *testing.T) {
	h := newCPHarness(t, 120, 34).open(1042)
	h.view()
	card := &h.p.cardKept.val[0]
	h.keys("n")
	h.view()
	if &h.p.cardKept.val[0] != card {
		t.Fatal("opening the note drew the card again: the case's split moved, not the card")
	}
	meta := &h.p.metaKept.val[0]
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

// A notice about a case out of the queue's sight draws no row again, and
// leaves the queue's drawing as it was; one about a case on screen draws
// that row alone.
func TestQueueRedrawsOnlyRowsThatChanged(t *testing.T) {
	h := newHarness(t, newTestService(200), 120, 34)
	h.subscribe()
	q := h.a.testQueue()
	before := q.View()
	styled := q.rowsStyled
	list, snap := q.ix.List(), q.ix.Snapshot()
	far := snap.At(list[len(list)-1]).ID() // the bottom of the list, out of sight
	if _, err := h.svc.Act(far, 0, "bo", model.AddNote{Text: "called back"}); err != nil {
		t.Fatal(err)
	}
	h.pump()
	if after := q.View(); after != before || q.rowsStyled != styled {
		t.Fatalf("a note on case %d, out of sight, styled %d rows; the drawing changed: %v", far, q.rowsStyled-styled, after != before)
	}

	near := snap.At(list[3]).ID()
	if _, err := h.svc.Act(near, 0, "bo", model.AddTag{Tag: "billing/refund"}); err != nil {
		t.Fatal(err)
	}
	h.pump()
	h.view()
	if n := q.rowsStyled - styled; n != 1 {
		t.Fatalf("a tag on case %d, on screen, styled %d rows, want 1", near, n)
	}
	if !strings.Contains(h.view(), "billing/refund") {
		t.Fatalf("the new tag is not shown:\n%s", h.view())
	}
}

// ageChanges never says later than the first second at which an age or a
// time left reads differently, so a kept row is never stale.
func TestAgeChangesIsNeverLate(t *testing.T) {
	age := func(now, at int64) string { return model.FormatAge(time.Duration(now-at) * time.Second) }
	const now = int64(1_800_000_000)
	for _, d := range []int64{0, 1, 59, 60, 61, 3599, 3600, 3601, 7199, 47*3600 + 3599, 48 * 3600, 14*86400 - 1, 14 * 86400, 365*86400 - 1, 400 * 86400} {
		for _, at := range []int64{now - d, now + d} {
			until := ageChanges(now, at)
			if until <= now {
				t.Fatalf("d %d: changes at %d, not after now", d, until-now)
			}
			for s := now; s < until && s < now+4*3600; s++ {
				if age(s, at) != age(now, at) {
					t.Fatalf("d %d (at %+d): reads %q at +%ds, before the change said at +%ds", d, at-now, age(s, at), s-now, until-now)
				}
			}
		}
	}
}

// The header and the card, kept until the clock next changes what they
// say, never read differently before then.
func TestCaseClockIsNeverLate(t *testing.T) {
	for _, id := range []model.CaseID{1042, 2001} {
		cur := cpNow
		p := cpOpenAt(&cur)
		p.Update(p.Update(openCaseMsg{id: id})())
		for step := 0; step < 40; step++ {
			meta, card, until := p.metaLines(80, ""), p.cardWide(p.lay), min(p.metaClock(), p.cardClock())
			start := cur
			for s := cur.Unix(); s < until && s < cur.Unix()+7200; s += 7 {
				cur = time.Unix(s, 0).UTC()
				if m := p.metaLines(80, ""); strings.Join(m, "\n") != strings.Join(meta, "\n") {
					t.Fatalf("case %d: at +%s the header reads\n%s\nbefore the clock said it would change (+%ds)", id, cur.Sub(start), strings.Join(m, "\n"), until-start.Unix())
				}
				if c := p.cardWide(p.lay); strings.Join(c, "\n") != strings.Join(card, "\n") {
					t.Fatalf("case %d: at +%s the card reads differently before the clock said", id, cur.Sub(start))
				}
			}
			cur = time.Unix(until, 0).UTC().Add(time.Duration(step) * 13 * time.Minute)
		}
	}
}

// A queue row styled by its styles' sequences (stylewrap.go) is, byte for
// byte, the row lipgloss's Render draws, in the 256 colours of an SSH
// session; only faster.
func TestStyleWrapsDrawAsRender(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	svc := newTestService(200)
	a := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, Styles: NewStylesFor(r, DefaultTheme())})
	a.e.timer = noTimer
	h := &harness{t: t, a: a, svc: svc}
	h.send(tea.WindowSizeMsg{Width: 160, Height: 40})
	h.run(a.Init())
	q := a.testQueue()
	snap, list := q.ix.Snapshot(), q.ix.List()
	cols := layoutColumns(150, q.slaWidth())
	var fast []string
	for i, ri := range list[:30] {
		fast = append(fast, q.renderRow(snap, cols, 150, snap.At(ri), i == 2, testNow.Unix(), caseindex.Highlighter{}))
	}
	exact := 0
	for _, w := range q.wraps.wraps {
		if w.exact {
			exact++
		}
		w.exact = false // Render, as before
	}
	if exact == 0 {
		t.Fatal("no style was drawn by its sequences")
	}
	for i, ri := range list[:30] {
		if slow := q.renderRow(snap, cols, 150, snap.At(ri), i == 2, testNow.Unix(), caseindex.Highlighter{}); slow != fast[i] {
			t.Fatalf("row %d:\n%q\nRender draws\n%q", i, fast[i], slow)
		}
	}
	// and the tab line's tabs
	tabs := a.tabLine()
	clear(a.tabParts)
	for _, w := range a.tabWraps.wraps {
		w.exact = false
	}
	if slow := a.tabLine(); slow != tabs {
		t.Fatalf("tab line:\n%q\nRender draws\n%q", tabs, slow)
	}
}

// The selected row's empty tags cell is the selection's plain bar: in
// colour (an SSH session's 256) it was drawn in the tag colour reversed, a
// teal bar where there is no tag.
func TestSelectedRowsEmptyTagsCellIsPlain(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	svc := newTestService(200)
	st := NewStylesFor(r, DefaultTheme())
	a := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC, Styles: st})
	a.e.timer = noTimer
	h := &harness{t: t, a: a, svc: svc}
	h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	h.run(a.Init())
	h.keys("/")
	h.typeText("is:untagged")
	h.keys("enter", "esc", "1")
	q := a.testQueue()
	snap, list := q.ix.Snapshot(), q.ix.List()
	if len(list) == 0 || len(snap.Tags(snap.At(list[0]))) != 0 {
		t.Fatalf("no untagged case first: %d listed", len(list))
	}
	v := h.view()
	// the tags column's width, read off the column titles
	var titles string
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if strings.Contains(l, "priority status") {
			titles = l
		}
	}
	tagsW := strings.Index(titles, "assignee") - strings.Index(titles, "tags") - 1
	if tagsW < 4 {
		t.Fatalf("no tags column in %q", titles)
	}
	blank := strings.Repeat(" ", tagsW)
	if strings.Contains(v, st.Tag.Reverse(true).Render(blank)) {
		t.Fatal("the selected row's empty tags cell is drawn in the tag colour")
	}
	if !strings.Contains(v, st.Selected.Render(blank)) {
		t.Fatalf("the selected row's empty tags cell is not the selection's bar:\n%q", v)
	}
	// the age and channel cells too (NUT9: drawn on a darker grey)
	row := snap.At(list[0])
	channel := Fit(snap.Channel(row), strings.Index(titles, "customer")-strings.Index(titles, "channel")-1)
	if strings.Contains(v, st.Muted.Reverse(true).Render(channel)) || !strings.Contains(v, st.Selected.Render(channel)) {
		t.Fatalf("the selected row's channel cell %q is not on the selection's bar:\n%q", channel, v)
	}
}

// A status save wraps nothing again but its own event: the details (the
// description or conversation) and the timeline's other events are drawn
// from what they show, not from the case's version. A change of the text
// itself, by another agent, is drawn at once.
func TestStatusSaveDrawsOnlyItsEvent(t *testing.T) {
	h := newCPHarness(t, 120, 34).open(1042)
	h.view()
	details, events := h.p.detailsDrawn, h.p.tlKept.n
	h.keys("s", "2")
	h.mustShow("PENDING", "status open → pending")
	if n := h.p.detailsDrawn - details; n != 0 {
		t.Fatalf("a status save wrapped the details %d times", n)
	}
	if n := h.p.tlKept.n - events; n != 1 {
		t.Fatalf("a status save drew %d events of the timeline, want its own one", n)
	}

	c := h.svc.cases[1042]
	c.Body = "The parcel came back to the depot, says the courier."
	h.svc.cases[1042] = c
	c = h.svc.bump(1042, "dana", model.SetStatus{To: model.StatusOpen})
	h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: "dana"}))
	h.mustShow("came back to the depot", "status pending → open")
	if h.p.detailsDrawn == details {
		t.Fatal("another agent's new description was not drawn")
	}
}
