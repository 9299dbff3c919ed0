package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

func TestCasePaneClaim(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(2001)
	h.keys("c")
	c := h.caseNow(2001)
	if c.Assignee != cpAgent || c.Status != model.StatusOpen {
		t.Fatalf("after claim: assignee %q status %s", c.Assignee, c.Status)
	}
	if s := h.lastStatus(); s.err || !strings.Contains(s.text, "claimed") {
		t.Fatalf("status %+v", s)
	}
	h.mustShow("@sam", "OPEN")
}

func TestCasePaneClaimAssignedElsewhereAsks(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("c")
	if h.svc.acts != 0 {
		t.Fatal("claim of a case assigned to dana reached the store")
	}
	if s := h.lastStatus(); !s.err || !strings.Contains(s.text, "assigned to dana") {
		t.Fatalf("status %+v", s)
	}
}

// Issue #14: enter takes the highlighted agent, never a prefix of one, and
// a name no agent has is refused until it is entered again on purpose.
func TestCasePaneAssignTakesTheHighlightedAgent(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(2001)
	h.keys("a", "d")
	h.mustShow("Assign to", "> d", "▸ dana")
	h.keys("enter")
	if got := h.caseNow(2001).Assignee; got != "dana" {
		t.Fatalf("a, d, enter assigned %q, want the highlighted dana", got)
	}
	if h.p.Capturing() {
		t.Fatal("the prompt stayed open after saving")
	}
	h.keys("a", "zz", "enter")
	if got := h.caseNow(2001).Assignee; got != "dana" {
		t.Fatalf("zz was assigned without confirmation: %q", got)
	}
	h.mustShow("zz is not an agent of this desk — enter again to assign anyway")
	h.keys("enter")
	if got := h.caseNow(2001).Assignee; got != "zz" {
		t.Fatalf("second enter assigned %q, want zz", got)
	}
}

func TestCasePaneAssignSuggestion(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(2001)
	h.keys("a", "da", "enter")
	if got := h.caseNow(2001).Assignee; got != "dana" {
		t.Fatalf("suggestion assigned %q, want dana", got)
	}
	// (unassign) is offered last once the case is assigned
	h.keys("a", "unass", "enter")
	if got := h.caseNow(2001).Assignee; got != "" {
		t.Fatalf("unassign left %q", got)
	}
}

func TestCasePaneStatus(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("s")
	h.mustShow("Status", "• open", "pending")
	h.keys("down", "enter")
	if got := h.caseNow(1042).Status; got != model.StatusPending {
		t.Fatalf("status %s, want pending", got)
	}
	h.keys("s", "3")
	if got := h.caseNow(1042).Status; got != model.StatusResolved {
		t.Fatalf("status %s, want resolved", got)
	}
	if s := h.lastStatus(); !strings.Contains(s.text, "status → resolved") {
		t.Fatalf("status line %+v", s)
	}
}

func TestCasePanePriority(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("P")
	h.mustShow("Priority", "• ! high", "‼ urgent")
	h.keys("up", "enter")
	if got := h.caseNow(1042).Priority; got != model.PriorityUrgent {
		t.Fatalf("priority %s, want urgent", got)
	}
	h.mustShow("‼ urgent")
}

func TestCasePaneNoteSave(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("n", "Customer sent the statement.")
	h.mustShow("Note", "Customer sent the statement.")
	h.keys("ctrl+s")
	evs, _ := h.svc.Events(1042)
	last := evs[len(evs)-1]
	if last.Kind != model.EventNote || last.To != "Customer sent the statement." || last.Author != cpAgent {
		t.Fatalf("last event %+v", last)
	}
	if h.p.Capturing() {
		t.Fatal("the note editor stayed open")
	}
	h.mustShow("note: Customer sent the statement.")
}

func TestCasePaneNoteEscConfirms(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("n", "half a thought", "esc")
	h.mustShow("discard note? y/n", "half a thought")
	h.keys("n")
	if !h.p.Capturing() {
		t.Fatal("n must return to the note")
	}
	h.keys(" more", "esc", "y")
	if h.p.Capturing() {
		t.Fatal("y must discard the note")
	}
	if h.svc.acts != 0 {
		t.Fatal("a discarded note was saved")
	}
	// an empty note closes without asking
	h.keys("n", "esc")
	if h.p.Capturing() {
		t.Fatal("esc on an empty note must close it")
	}
}

func TestCasePaneFollowUp(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("f", "tomorrow 9:00")
	h.mustShow("→ Wed 11 Mar 2026 09:00 (in 19h)")
	h.keys("enter")
	want := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
	if got := h.caseNow(1042).FollowUp; !got.Equal(want) {
		t.Fatalf("follow-up %v, want %v", got, want)
	}
	h.mustShow("follow-up Wed 11 Mar 09:00 (in 19h)")

	h.keys("f", "someday")
	h.mustShow("✗ not a time I can read")
	h.keys("enter")
	if !h.p.Capturing() {
		t.Fatal("an unreadable follow-up closed the prompt")
	}
	h.mustShow("> someday", "cannot read follow-up")
	h.keys("esc", "f", "none")
	h.mustShow("→ clears the follow-up")
	h.keys("enter")
	if got := h.caseNow(1042).FollowUp; !got.IsZero() {
		t.Fatalf("none left follow-up %v", got)
	}
}

func TestCasePaneRecovery(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("o")
	h.mustShow("Recovery action", "refund", "replacement", "callback")
	h.keys("1", "refunded the second $49.90", "enter")
	got := h.caseNow(1042).Recovery
	if got != (model.Recovery{Kind: "refund", Text: "refunded the second $49.90"}) {
		t.Fatalf("recovery %+v", got)
	}
	h.mustShow("recovery refund: refunded the second $49.90")
	// once recorded, the picker offers to clear it
	h.keys("o")
	h.mustShow("clear")
	h.keys("7")
	if got := h.caseNow(1042).Recovery; !got.IsZero() {
		t.Fatalf("clear left %+v", got)
	}
}

func TestCasePaneCannedReply(t *testing.T) {
	h := newCPHarness(t, 100, 34).open(1042)
	h.keys("R")
	h.mustShow("Canned replies", "▸ Refund confirmation", "Hello Jane Doe,", "case CFPB-88213")
	h.keys("statement")
	h.mustShow("▸ Waiting for your statement", "could you send us")
	h.keys("enter")
	h.mustShow("mail is not set up: ctrl+s logs it as the reply given")
	h.keys("ctrl+s")
	evs, _ := h.svc.Events(1042)
	last := evs[len(evs)-1]
	// the reply given, then the customer's mail quoted, as a mailed reply
	want := "Hello Jane Doe, could you send us the statement for CFPB-88213? sam\n\nOn "
	if last.Kind != model.EventReply || !strings.HasPrefix(last.To, want) || !strings.Contains(last.To, "> Please refund") {
		t.Fatalf("last event %+v, want reply %q", last, want)
	}
	if h.p.Capturing() {
		t.Fatal("the reply editor stayed open after logging")
	}
	if s := h.lastStatus(); !strings.Contains(s.text, "reply logged") {
		t.Fatalf("status %+v", s)
	}
}

func TestCasePaneReplyTemplates(t *testing.T) {
	h := newCPHarness(t, 100, 34).open(1042)
	h.keys("R", "ctrl+n", "Apology", "tab", "Sorry {{customer}}!", "ctrl+s")
	rs, _ := h.svc.Replies()
	if len(rs) != 3 || rs[2].Name != "Apology" || rs[2].Text != "Sorry {{customer}}!" {
		t.Fatalf("replies after new: %+v", rs)
	}
	h.mustShow("▸ Apology", "Sorry Jane Doe!")
	h.keys("ctrl+e", "tab", " Truly.", "ctrl+s")
	rs, _ = h.svc.Replies()
	if rs[2].Text != "Sorry {{customer}}! Truly." {
		t.Fatalf("edited text %q", rs[2].Text)
	}
	h.keys("ctrl+x")
	h.mustShow(`delete template "Apology"? y/n`)
	h.keys("y")
	if rs, _ = h.svc.Replies(); len(rs) != 2 {
		t.Fatalf("replies after delete: %+v", rs)
	}
}

func TestCasePanePlayModeAndBack(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("]", "[", "esc")
	want := []string{"ui.stepCaseMsg{delta:1}", "ui.stepCaseMsg{delta:-1}", "ui.backMsg{}"}
	if len(h.out) != 3 {
		t.Fatalf("sent %#v", h.out)
	}
	for i, m := range h.out {
		if got := fmt.Sprintf("%#v", m); got != want[i] {
			t.Errorf("message %d = %s, want %s", i, got, want[i])
		}
	}
}

func TestCasePaneOpenOtherCase(t *testing.T) {
	h := newCPHarness(t, 120, 30).open(1042)
	h.keys("J", "J")
	if h.p.focus != secOther {
		t.Fatalf("focus %v after J J", h.p.focus)
	}
	h.mustShow("▸ #1031")
	h.keys("j", "enter")
	if m, ok := h.out[len(h.out)-1].(openCaseMsg); !ok || m.id != 1012 {
		t.Fatalf("sent %#v", h.out)
	}
}

func TestCasePaneConflictReloads(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("n", "my note")
	h.svc.bump(1042, "dana", model.SetPriority{To: model.PriorityUrgent})
	h.keys("ctrl+s")
	if s := h.lastStatus(); !s.err || !strings.Contains(s.text, "changed by dana") {
		t.Fatalf("status %+v", s)
	}
	if h.p.c.Priority != model.PriorityUrgent || h.p.c.Version != h.caseNow(1042).Version {
		t.Fatal("the case was not reloaded after the conflict")
	}
	if !h.p.Capturing() || h.p.ed.(*noteEditor).ta.Value() != "my note" {
		t.Fatal("the conflict lost the typed note")
	}
	h.keys("ctrl+s")
	evs, _ := h.svc.Events(1042)
	if last := evs[len(evs)-1]; last.Kind != model.EventNote || last.To != "my note" {
		t.Fatalf("retry did not save: %+v", last)
	}
}

func TestCasePaneFailedWriteKeepsInput(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.svc.failAct = errors.New("write caredesk.db: no space left on device")
	h.keys("n", "Refund approved by Kim.", "ctrl+s")
	if s := h.lastStatus(); !s.err || !strings.Contains(s.text, "no space left on device") {
		t.Fatalf("status %+v", s)
	}
	h.mustShow("Refund approved by Kim.", "✗ write caredesk.db: no space left")
	if !h.p.Capturing() {
		t.Fatal("the note closed on a failed save")
	}
	h.svc.failAct = nil
	h.keys("ctrl+s")
	if h.p.Capturing() {
		t.Fatal("the retry did not save")
	}

	// the same for a one-line prompt and the tag picker
	h.svc.failAct = model.Errorf(model.EINTERNAL, "database is read-only")
	h.keys("f", "+2d", "enter")
	h.mustShow("> +2d", "database is read-only")
	h.keys("esc", "t", "customer/vip", "up", "enter", "enter")
	h.mustShow("> customer/vip", "database is read-only")
}

func TestCasePaneChangedBySomeoneElse(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	c := h.svc.bump(1042, "dana", model.AddTag{Tag: "escalated"})
	h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: "dana"}))
	if s := h.lastStatus(); !strings.Contains(s.text, "updated by dana") {
		t.Fatalf("status %+v", s)
	}
	h.mustShow("#escalated")
	// an older notice changes nothing
	n := len(h.out)
	old := c.Summary()
	old.Version--
	h.send(changeMsg(model.Change{Cases: []model.Summary{old}, Author: "dana"}))
	if len(h.out) != n {
		t.Fatalf("stale notice caused %#v", h.out[n:])
	}
}

// A picker open when someone else changes the case closes: it marked the
// value the case had, and a pick would overwrite their change unseen (a
// new-user finding on the team server: two agents' status pickers).
func TestCasePanePickerClosesWhenSomeoneElseChangesTheCase(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("s")
	if _, ok := h.p.ed.(*choiceEditor); !ok {
		t.Fatalf("s opened %T", h.p.ed)
	}
	c := h.svc.bump(1042, "dana", model.SetStatus{To: model.StatusPending})
	h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: "dana"}))
	if h.p.ed != nil {
		t.Fatal("the status picker stayed open over dana's change")
	}
	if s := h.lastStatus(); !strings.Contains(s.text, "updated by dana: the status picker closed") {
		t.Fatalf("status %+v", s)
	}
	// A note being written stays, with its text.
	h.keys("n")
	h.keys("half a sentence")
	c = h.svc.bump(1042, "dana", model.SetStatus{To: model.StatusOpen})
	h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: "dana"}))
	if h.p.ed == nil || !strings.Contains(strings.Join(h.p.ed.view(), "\n"), "half a sentence") {
		t.Fatal("a note being written was closed by someone else's change")
	}
}

// The tag picker lists the case's tags as they are: a tag added from the
// same agent's other screen (a quiet reload) or by someone else shows in
// the open picker, and what is typed stays (the picker listed the tags
// the case had when it opened).
func TestCasePaneTagPickerFollowsTheCase(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("t")
	h.keys("refu")
	for _, by := range []string{h.p.e.agent, "dana"} {
		tag := "customer/" + strings.ToLower(by) + "-vip"
		c := h.svc.bump(1042, by, model.AddTag{Tag: tag})
		h.send(changeMsg(model.Change{Cases: []model.Summary{c.Summary()}, Author: by}))
		tp, ok := h.p.ed.(*tagPicker)
		if !ok {
			t.Fatalf("after %s's change the editor is %T", by, h.p.ed)
		}
		if v := strings.Join(tp.view(), "\n"); !strings.Contains(v, tag) || tp.input.Value() != "refu" {
			t.Fatalf("after %s's change the picker lacks %s (typed %q):\n%s", by, tag, tp.input.Value(), v)
		}
	}
}

func TestCasePaneDropsStaleLoad(t *testing.T) {
	h := newCPHarness(t, 100, 30)
	first := h.p.Update(openCaseMsg{id: 1042})
	second := h.p.Update(openCaseMsg{id: 2001})
	h.send(first())
	if h.p.loaded {
		t.Fatal("a load for a case no longer shown was applied")
	}
	h.send(second())
	if h.p.c.ID != 2001 {
		t.Fatalf("showing %d", h.p.c.ID)
	}
}

func TestCasePaneRepeatContactWarning(t *testing.T) {
	h := newCPHarness(t, 80, 24).open(1042)
	h.mustShow("⚠ REPEAT CONTACT: 3 contacts within 30 days")
	wide := newCPHarness(t, 200, 40).open(1042)
	wide.mustShow("⚠ REPEAT CONTACT", "3 contacts within 30 days")

	// one contact, nothing reopened: no warning
	h2 := newCPHarness(t, 80, 24)
	h2.svc.customers[8] = model.Customer{ID: 8, Name: "Omar", FirstContact: cpAt(1, 0, 0)}
	h2.svc.addCase(model.Case{ID: 3000, CustomerID: 8, CreatedAt: cpAt(9, 0, 0), Subject: "Hi", Status: model.StatusOpen})
	h2.open(3000)
	if strings.Contains(h2.view(), "REPEAT") {
		t.Fatalf("warning for a first contact:\n%s", h2.view())
	}
	// a reopened case is a risk on its own
	c := h2.svc.cases[3000]
	c.Reopens = 1
	h2.svc.cases[3000] = c
	h2.open(3000)
	// (but not a repeat contact: that is the heatmap's and the brief's one
	// rule, and a new-user test found a one-contact customer called one)
	h2.mustShow("⚠ REOPENED: a case of theirs was reopened")
	if strings.Contains(h2.view(), "REPEAT") {
		t.Fatalf("a reopened first contact called a repeat contact:\n%s", h2.view())
	}

	// two open cases the same day are a repeat contact, by the one rule
	// the heatmap and the brief count with (model.RepeatRule)
	h3 := newCPHarness(t, 80, 24)
	h3.svc.customers[8] = model.Customer{ID: 8, Name: "Omar", FirstContact: cpAt(1, 0, 0)}
	h3.svc.addCase(model.Case{ID: 3000, CustomerID: 8, CreatedAt: cpAt(9, 9, 0), Subject: "Hi", Status: model.StatusOpen})
	h3.svc.addCase(model.Case{ID: 3001, CustomerID: 8, CreatedAt: cpAt(9, 15, 0), Subject: "Again", Status: model.StatusOpen})
	h3.open(3001)
	h3.mustShow("⚠ REPEAT CONTACT: 2 contacts within 30 days")
}

// A customer who is both a repeat contact and has a reopened case gets
// both warnings, at 80 columns (one line, headings first) and in the wide
// card: the reopened one was folded into the repeat one's reason, which
// the narrow card cut.
func TestCasePaneRepeatContactAndReopenedSayBoth(t *testing.T) {
	for _, w := range []int{80, 200} {
		h := newCPHarness(t, w, 40)
		c := h.svc.cases[1042]
		c.Reopens = 1
		h.svc.cases[1042] = c
		h.open(1042)
		if w == 80 {
			h.mustShow("⚠ REPEAT CONTACT · REOPENED: 3 contacts within 30 days")
		} else {
			h.mustShow("⚠ REPEAT CONTACT · REOPENED", "  3 contacts within 30 days  ", "  a case of theirs was reopened  ")
		}
	}
}

func TestCasePaneAnonymous(t *testing.T) {
	for _, w := range []int{80, 200} {
		h := newCPHarness(t, w, 30).open(2001)
		h.mustShow("Anonymous case", "o customer on record")
	}
}

func TestCasePaneHostileText(t *testing.T) {
	h := newCPHarness(t, 200, 50)
	h.svc.customers[9] = model.Customer{ID: 9, Name: "\x1b]8;;https://evil.example\x1b\\Bob\x1b]8;;\x1b\\",
		Email: "bob\u202egnp.exe@x.com", Phone: "\x1b[2J555"}
	h.svc.addCase(model.Case{ID: 4000, CustomerID: 9, CreatedAt: cpAt(9, 0, 0), Status: model.StatusOpen,
		Subject:  "pwn\x1b]52;c;ZWNobyBwd25lZA==\x07ed\u009b31m",
		Body:     "line one\r\n\x1b[2J\x1b[Hcleared?\x07\u200bzero\ttab\x00nul",
		Tags:     []string{"evil\x1b[31m"},
		Fields:   []model.Field{{Key: "Sta\x1bte", Value: "C\u202eA\x1b]0;title\x07"}},
		Assignee: "\x1b[5mblink",
		Recovery: model.Recovery{Kind: "other", Text: "\x1b]52;c;AAAA\x07"},
	}, model.Event{CaseID: 4000, At: cpAt(9, 0, 0), Author: "\x1b[31mx", Kind: model.EventNote, To: "note\x1b[2J"})
	h.open(4000)
	for _, v := range []string{h.view(), func() string { h.keys("R"); return h.view() }()} {
		for _, r := range v {
			if r == 0x1b || r == 0x07 || (r >= 0x80 && r < 0xa0) || r == '\r' || r == 0x202e || r == 0x200b || r == 0 {
				t.Fatalf("view carries %U:\n%q", r, v)
			}
		}
	}
	h.keys("esc")
	h.mustShow("pwn␛ed", "␛␛cleared?␇zero", "Sta␛te", "Bob")
	for _, w := range []int{80, 200} {
		h.p.SetSize(w, 24)
		checkLines(t, h.view(), w, 24)
	}
}

// checkLines fails when the view is not exactly h lines of at most w cells.
func checkLines(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: %d lines:\n%s", w, h, len(lines), v)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d cells: %q", w, h, i, lw, l)
		}
	}
}

func TestCasePaneFitsEverySize(t *testing.T) {
	modes := []struct {
		name string
		keys []string
	}{
		{"plain", nil}, {"tags", []string{"t", "bil"}}, {"note", []string{"n", strings.Repeat("word ", 80)}},
		{"status", []string{"s"}}, {"assign", []string{"a", "d"}}, {"follow-up", []string{"f", "+2d"}},
		{"replies", []string{"R"}}, {"reply compose", []string{"R", "enter"}}, {"template form", []string{"R", "ctrl+n"}},
		{"other cases", []string{"J", "J"}},
	}
	for _, id := range []model.CaseID{1042, 2001} {
		for _, m := range modes {
			h := newCPHarness(t, 80, 24).open(id)
			h.keys(m.keys...)
			for w := 1; w <= 220; w += 7 {
				for _, hh := range []int{1, 3, 5, 8, 12, 16, 24, 33, 50} {
					h.p.SetSize(w, hh)
					t.Run(fmt.Sprintf("%d/%s/%dx%d", id, m.name, w, hh), func(t *testing.T) {
						checkLines(t, h.view(), w, hh)
					})
				}
			}
			// back to a usual size after the storm: the layout recovers
			h.p.SetSize(80, 24)
			checkLines(t, h.view(), 80, 24)
		}
	}
	empty := newCasePane(cpEnv(repeatCustomerDesk()))
	empty.SetSize(20, 5)
	checkLines(t, empty.View(), 20, 5)
}

func TestCasePaneGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   model.CaseID
		w, h int
		keys []string
	}{
		{"case_80x24", 1042, 80, 24, nil},
		{"case_200x50", 1042, 200, 50, nil},
		{"anonymous_80x24", 2001, 80, 24, nil},
		{"tags_80x24", 1042, 80, 24, []string{"t", "bil"}},
		{"reply_200x50", 1042, 200, 50, []string{"R"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCPHarness(t, tc.w, tc.h).open(tc.id)
			h.keys(tc.keys...)
			golden.RequireEqual(t, []byte(h.view()))
		})
	}
}

func TestCasePaneResizeKeepsScroll(t *testing.T) {
	h := newCPHarness(t, 80, 24)
	c := h.svc.cases[1042]
	c.Body = strings.Repeat("A long narrative line that goes on and on about the problem. ", 400) // ~24 KB
	h.svc.cases[1042] = c
	h.open(1042)
	h.keys("pgdown", "pgdown")
	y := h.p.body.YOffset
	if y == 0 {
		t.Fatal("pgdown did not scroll the body")
	}
	key := h.p.bodyKey
	h.p.View()
	h.p.View()
	if h.p.bodyKey != key {
		t.Fatal("the body was re-wrapped without a width change")
	}
	h.p.SetSize(100, 24)
	if h.p.bodyKey == key {
		t.Fatal("a width change did not re-wrap the body")
	}
	checkLines(t, h.view(), 100, 24)
}

func BenchmarkCasePaneViewLongBody(b *testing.B) {
	svc := repeatCustomerDesk()
	c := svc.cases[1042]
	c.Body = strings.Repeat("A long narrative line that goes on and on about the problem. ", 400)
	svc.cases[1042] = c
	p := newCasePane(cpEnv(svc))
	p.SetSize(120, 40)
	p.Update(p.Update(openCaseMsg{id: 1042})())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.body.ScrollDown(1)
		p.rev++ // as the scroll key's message does
		_ = p.View()
	}
}

// A tab typed into a note is kept, as indentation, and never reaches the
// screen raw (issue #14).
func TestCasePaneNoteKeepsATypedTab(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	h.keys("n", "steps:", "enter", "tab", "call back", "ctrl+s")
	evs, _ := h.svc.Events(1042)
	last := evs[len(evs)-1]
	if last.Kind != model.EventNote || last.To != "steps:\n    call back" {
		t.Fatalf("last event %+v: the tab was not kept", last)
	}
	h.mustShow("    call back")
	if strings.Contains(h.view(), "\t") {
		t.Fatal("a raw tab reached the screen")
	}
}

// At 80×24 the follow-up error keeps every example to the end, wrapped,
// and the status and recovery pickers start their descriptions in one
// column (issue #14).
func TestCasePaneLayoutAt80Columns(t *testing.T) {
	h := newHarness(t, newTestService(40), 80, 24)
	h.keys("enter", "f", "someday", "enter")
	v := h.view()
	if !strings.Contains(v, "or none") || strings.Contains(v, "+3…") {
		t.Fatalf("the follow-up error is cut at 80 columns:\n%s", v)
	}
	h.keys("esc", "s")
	hintCol := func(v string, hints ...string) {
		t.Helper()
		col := -1
		for _, hint := range hints {
			for _, l := range strings.Split(v, "\n") {
				if i := strings.Index(l, hint); i >= 0 {
					c := ansi.StringWidth(l[:i])
					if col >= 0 && c != col {
						t.Fatalf("%q starts at column %d, the one before at %d:\n%s", hint, c, col, v)
					}
					col = c
				}
			}
		}
		if col < 0 {
			t.Fatalf("no hint shown:\n%s", v)
		}
	}
	hintCol(h.view(), "being worked on", "waiting for the customer", "solved, may come back", "done")
	h.keys("esc", "o")
	hintCol(h.view(), "money back", "sent a new one", "we call them", "said sorry", "account credit")
}

// The read that follows the agent's own change from another screen may
// already show someone else's later change, whose notice then finds
// nothing newer: the pane says whose change it was all the same (on the
// team server the notice of bo's own save and ana's came that way, and
// "updated by ana" never showed).
func TestCasePaneSaysSomeoneElsesChangeAQuietReadFound(t *testing.T) {
	h := newCPHarness(t, 100, 30).open(1042)
	mine := h.svc.bump(1042, cpAgent, model.SetStatus{To: model.StatusPending})
	theirs := h.svc.bump(1042, "dana", model.AddTag{Tag: "escalated"})
	h.send(changeMsg(model.Change{Cases: []model.Summary{mine.Summary()}, Author: cpAgent}))
	if s := h.lastStatus(); !strings.Contains(s.text, "updated by dana") {
		t.Fatalf("status %+v", s)
	}
	h.mustShow("#escalated")
	n := len(h.out)
	h.send(changeMsg(model.Change{Cases: []model.Summary{theirs.Summary()}, Author: "dana"}))
	for _, m := range h.out[n:] {
		if s, ok := m.(statusMsg); ok && strings.Contains(s.text, "updated by") {
			t.Fatalf("dana's change told twice: %+v", s)
		}
	}
	// The agent's own change alone stays quiet.
	mine = h.svc.bump(1042, cpAgent, model.SetStatus{To: model.StatusOpen})
	n = len(h.out)
	h.send(changeMsg(model.Change{Cases: []model.Summary{mine.Summary()}, Author: cpAgent}))
	for _, m := range h.out[n:] {
		if s, ok := m.(statusMsg); ok && strings.Contains(s.text, "updated by") {
			t.Fatalf("own change told as someone's: %+v", s)
		}
	}
}

// The wide card's "seen before" keeps two lines: a list cut to them says
// how many tags it left out, and ends on no dangling comma.
func TestCardSeenBeforeSaysItIsCut(t *testing.T) {
	h := newCPHarness(t, 200, 50)
	tags := []string{"account/password-reset", "billing/double-charge", "billing/payment-failed", "delivery/late-parcel",
		"delivery/wrong-address", "account/hacked-login", "returns/damaged-item", "returns/refund-asked"}
	for i, tag := range tags {
		h.svc.addCase(model.Case{ID: model.CaseID(5000 + i), CreatedAt: cpAt(1, 9, i), UpdatedAt: cpAt(1, 9, i),
			Channel: model.ChannelEmail, CustomerID: 7, Subject: "earlier", Status: model.StatusClosed, Tags: []string{tag}})
	}
	h.open(1042)
	v := h.view()
	var card []string
	for _, l := range strings.Split(v, "\n") {
		if i := strings.LastIndex(l, "│"); i >= 0 {
			card = append(card, strings.TrimSpace(l[i+len("│"):]))
		}
	}
	at := slices.Index(card, "seen before")
	if at < 0 || at+2 >= len(card) {
		t.Fatalf("no seen before in the card:\n%s", v)
	}
	last := card[at+2]
	if card[at+2] == "" || strings.HasPrefix(card[at+2], "Other cases") {
		last = card[at+1]
	}
	if !strings.Contains(last, "… +") || !strings.HasSuffix(last, " more") || strings.Contains(last, ", …") {
		t.Fatalf("a cut seen-before list ends %q, want \"… +N more\" after no comma:\n%s", last, v)
	}
}
