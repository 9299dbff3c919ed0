package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
)

func TestCheckKeys(t *testing.T) {
	for _, tc := range []struct {
		remap        map[string]string
		action, want string
	}{
		{map[string]string{"claim": "C"}, "", ""},
		{map[string]string{"next-view": "n", "follow-up": "F"}, "", ""},
		{map[string]string{"clame": "C"}, "clame", "no such action"},
		{map[string]string{"claim": "j"}, "claim", `"j" is already down (queue)`},
		{map[string]string{"claim": "q"}, "claim", `"q" is already quit (everywhere)`},
		{map[string]string{"force-quit": "x"}, "force-quit", "ctrl+c always quits"},
		{map[string]string{"claim": ""}, "claim", "is not a key"},
		// Key names Bubble Tea never reports are refused, not advertised
		// (a new-user finding); space is spelt "space" and is page down in
		// the case pane, where claim lives too.
		{map[string]string{"claim": "F2"}, "claim", `"F2" is not a key Bubble Tea reports: write "f2"`},
		{map[string]string{"claim": "ab"}, "claim", `"ab" is not a key Bubble Tea reports`},
		{map[string]string{"claim": " "}, "claim", "is not a key"},
		{map[string]string{"claim": "space"}, "claim", `"space" is already page-down (case pane)`},
		{map[string]string{"claim": "f2"}, "", ""},
		{map[string]string{"claim": "alt+c"}, "", ""},
		// Two remapped onto one key: the first by name is named.
		{map[string]string{"mark": "m", "sort": "m"}, "mark", `"m" is already sort (queue)`},
	} {
		action, msg := CheckKeys(tc.remap)
		if action != tc.action || !strings.Contains(msg, tc.want) || (tc.want == "") != (msg == "") {
			t.Errorf("%v: %q %q, want %q …%s…", tc.remap, action, msg, tc.action, tc.want)
		}
	}
}

// A remapped key does the action, the old one no longer does, and help
// shows the new one.
func TestRemappedClaimKey(t *testing.T) {
	mem := newMemService(func() time.Time { return testNow })
	mem.add(model.Case{CreatedAt: testNow.Add(-time.Hour), Subject: "refund please", Status: model.StatusNew}, model.Customer{Name: "Lee"})
	h := newHarnessWith(t, mem, testNow, 120, 30, Options{Agent: "ana", Keys: map[string]string{"claim": "C"}})
	if k := h.a.testQueue().keys.Claim.Help().Key; k != "C" {
		t.Fatalf("help shows %q", k)
	}
	h.keys("c")
	if c, _ := mem.Case(1); c.Assignee != "" {
		t.Fatalf("the old key still claims: %+v", c)
	}
	h.keys("C")
	if c, _ := mem.Case(1); c.Assignee != "ana" {
		t.Fatalf("C did not claim: %+v\n%s", c, h.view())
	}
	h.keys("?")
	if v := h.view(); !strings.Contains(v, "C") || !strings.Contains(v, "claim") {
		t.Errorf("help does not show C claim:\n%s", v)
	}
}

// newHarnessWith drives an app made with opt (keys, views) on svc at now.
func newHarnessWith(t testing.TB, svc model.CaseService, now time.Time, w, h int, opt Options) *harness {
	t.Helper()
	opt.Now, opt.Location = func() time.Time { return now }, time.UTC
	a := newRoot(svc, opt)
	a.testQueue().input.Cursor.SetMode(cursor.CursorStatic)
	a.cmd.input.Cursor.SetMode(cursor.CursorStatic)
	a.e.timer = noTimer
	hs := &harness{t: t, a: a}
	if m, ok := svc.(*memService); ok {
		hs.svc = m
	}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(a.Init())
	return hs
}
