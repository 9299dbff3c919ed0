package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/caredesk/caredesk/model"
)

// openEscrowCase opens escrowCase directly (no search) at w×h, hits marked
// in upper case so the view shows them.
func openEscrowCase(t *testing.T, w, h int) (*harness, *casePane) {
	t.Helper()
	svc := newTestService(30)
	id := escrowCase(svc)
	hs := newHarness(t, svc, w, h)
	hs.a.testQueue().e.styles.Match = hs.a.testQueue().e.styles.Match.Transform(strings.ToUpper)
	hs.send(openCaseMsg{id: id})
	cp := hs.a.panes[paneCase].(*casePane)
	if hs.a.focus != paneCase || cp.c.ID != id {
		t.Fatalf("case %d not open (focus %v)", id, hs.a.focus)
	}
	return hs, cp
}

// Issue #13/#14: / in the case finds text in it, digits included (they
// must not switch panes), marks the hits, enter keeps the find and n/N
// step through it; esc ends it and n is the note again.
func TestCasePaneFind(t *testing.T) {
	h, cp := openEscrowCase(t, 80, 24)
	if v := h.view(); strings.Contains(v, "hits") {
		t.Fatalf("hits before a find:\n%s", v)
	}
	h.keys("/")
	h.typeText("line 3")
	if h.a.focus != paneCase {
		t.Fatalf("typing 3 in the find switched to pane %v", h.a.focus)
	}
	v := h.view()
	// "line 3" marks every Line and the numbers starting with 3: 30-39, 3.
	if !strings.Contains(v, "> line 3") || !strings.Contains(v, "60 hits") || !strings.Contains(v, "LINE 3: nothing") {
		t.Fatalf("the find is not typed or marked:\n%s", v)
	}
	h.keys("esc") // cancels: nothing marked
	if v := h.view(); strings.Contains(v, "hits") || strings.Contains(v, "LINE") || cp.ed != nil {
		t.Fatalf("esc left the find:\n%s", v)
	}
	// One burst, as a fast typist or tmux sends it.
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/escrow 30")})
	if h.a.focus != paneCase || cp.findText != "escrow 30" {
		t.Fatalf("burst: focus %v, find %q", h.a.focus, cp.findText)
	}
	h.keys("backspace", "backspace", "backspace", "enter")
	if cp.ed != nil || cp.findText != "escrow" {
		t.Fatalf("enter: editor %T, find %q", cp.ed, cp.findText)
	}
	if v := h.view(); !strings.Contains(v, "3 hits (n/N)") || !strings.Contains(v, "the ESCROW account") {
		t.Fatalf("the kept find is not marked:\n%s", v)
	}
	// The find scrolled to the first hit; n goes on from there, round.
	var went []int
	for _, k := range []string{"n", "n", "n", "n", "N", "N"} {
		h.keys(k)
		if cp.ed != nil {
			t.Fatalf("%s opened %T during a find", k, cp.ed)
		}
		hit := cp.hits[cp.hitAt]
		went = append(went, cp.hitAt)
		if y := cp.body.YOffset; hit < y || hit >= y+cp.body.Height || !strings.Contains(cp.bodyLines[hit], "ESCROW") {
			t.Fatalf("%s: hit line %d not in view from %d", k, hit, y)
		}
	}
	if fmt.Sprint(went) != "[1 2 0 1 0 2]" {
		t.Fatalf("n and N went to hits %v", went)
	}
	h.keys("esc") // ends the find, stays on the case
	if v := h.view(); strings.Contains(v, "hits") || h.a.focus != paneCase {
		t.Fatalf("esc did not end the find (focus %v):\n%s", h.a.focus, v)
	}
	h.keys("n")
	if cp.doing() != WritingNote {
		t.Fatalf("after the find, n opened %T, not the note", cp.ed)
	}
}

// A find replaces the queue search's marks while it lasts; they come back
// (with > and <) when it ends.
func TestCasePaneFindOverQueueSearch(t *testing.T) {
	svc := newTestService(300)
	escrowCase(svc)
	h := newHarness(t, svc, 80, 24)
	h.a.testQueue().e.styles.Match = h.a.testQueue().e.styles.Match.Transform(strings.ToUpper)
	h.keys("/")
	h.typeText("escrow")
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "3 hits (>/<)") {
		t.Fatalf("search hits not marked:\n%s", v)
	}
	h.keys("/")
	h.typeText("nothing")
	h.keys("enter")
	if v := h.view(); !strings.Contains(v, "57 hits (n/N)") || strings.Contains(v, "ESCROW") || !strings.Contains(v, "NOTHING") {
		t.Fatalf("the find does not replace the search's marks:\n%s", v)
	}
	h.keys("esc")
	if v := h.view(); !strings.Contains(v, "3 hits (>/<)") {
		t.Fatalf("the search's marks did not come back:\n%s", v)
	}
}

func TestCasePaneFindGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h, _ := openEscrowCase(t, size[0], size[1])
			h.keys("/")
			h.typeText("escrow")
			h.keys("enter", "n", "n")
			v := h.view()
			checkFrame(t, v, size[0], size[1])
			golden.RequireEqual(t, []byte(v))
		})
	}
}

// A find with no hits is kept until esc: n (what an agent presses next)
// says there are no hits instead of opening the note editor.
func TestCasePaneFindNoHitsKeepsN(t *testing.T) {
	h, cp := openEscrowCase(t, 80, 24)
	h.keys("/")
	h.typeText("zebra")
	h.keys("enter")
	if cp.findText != "zebra" {
		t.Fatalf("a find with no hits was dropped: find %q", cp.findText)
	}
	if v := h.view(); !strings.Contains(v, "0 hits (esc)") {
		t.Fatalf("the kept find does not say it has no hits:\n%s", v)
	}
	for _, k := range []string{"n", "N"} {
		h.keys(k)
		if cp.ed != nil {
			t.Fatalf("%s after a find with no hits opened %T", k, cp.ed)
		}
		if v := h.view(); !strings.Contains(v, "no hits") {
			t.Fatalf("%s does not say there are no hits:\n%s", k, v)
		}
	}
	h.keys("esc")
	if cp.findText != "" {
		t.Fatalf("esc left the find %q", cp.findText)
	}
	h.keys("n")
	if cp.doing() != WritingNote {
		t.Fatalf("after esc, n opened %T, not the note", cp.ed)
	}
}

// The find searches what the pane shows: a reply that lives only in the
// timeline ("reply sent: …") is found, marked there, and n goes to it.
func TestCasePaneFindsTimelineText(t *testing.T) {
	svc := newTestService(30)
	id := escrowCase(svc)
	svc.events[id] = append(svc.events[id], model.Event{CaseID: id, Kind: model.EventReply, Author: "dee",
		At: testNow.Add(-time.Hour), To: "Hi Renée, could you send us a photograph of the statement?"})
	h := newHarness(t, svc, 100, 40)
	h.a.testQueue().e.styles.Match = h.a.testQueue().e.styles.Match.Transform(strings.ToUpper)
	h.send(openCaseMsg{id: id})
	cp := h.a.panes[paneCase].(*casePane)
	h.keys("/")
	h.typeText("photograph")
	h.keys("enter")
	if cp.findText != "photograph" || cp.hitCount() != 1 {
		t.Fatalf("find %q, %d hits, want the reply in the timeline", cp.findText, cp.hitCount())
	}
	h.keys("n")
	if cp.ed != nil {
		t.Fatalf("n opened %T", cp.ed)
	}
	v := h.view()
	if !strings.Contains(v, "PHOTOGRAPH of the") || !strings.Contains(v, "1 hit (n/N)") {
		t.Fatalf("the timeline's hit is not marked:\n%s", v)
	}
}

// :note and :reply in the case pane open the note and the composer. They
// used to type n and r into the pane, so while a find was kept :note
// stepped to the next hit, and with reply on another key (:reply is
// [keys] reply = "ctrl+r") :reply did whatever r does there.
func TestNoteAndReplyCommandsOpenTheirEditors(t *testing.T) {
	h, cp := openEscrowCase(t, 80, 24)
	h.keys("/")
	h.typeText("escrow")
	h.keys("enter")
	if cp.findText != "escrow" {
		t.Fatalf("find not kept: %q", cp.findText)
	}
	h.keys(":")
	h.typeText("note")
	h.keys("enter")
	if cp.doing() != WritingNote {
		t.Fatalf(":note with a find kept opened %T, not the note", cp.ed)
	}

	svc := newTestService(30)
	id := escrowCase(svc)
	h = newHarnessWith(t, svc, testNow, 80, 24, Options{Agent: "ana", Keys: map[string]string{"reply": "ctrl+r"}})
	h.send(openCaseMsg{id: id})
	cp = h.a.testCase()
	h.keys(":")
	h.typeText("reply")
	h.keys("enter")
	if _, ok := cp.ed.(*composer); !ok {
		t.Fatalf(":reply with reply on ctrl+r opened %T, not the composer", cp.ed)
	}
}
