package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"
)

// TestKeyDecoding is the key map as a table: each key, typed into a fresh
// app, and the state it must leave.
func TestKeyDecoding(t *testing.T) {
	for _, tc := range []struct {
		keys  []string
		check func(h *harness) bool
		want  string
	}{
		{[]string{"j"}, func(h *harness) bool { return h.a.testQueue().cursor == 1 }, "j moves down"},
		{[]string{"down", "down", "k"}, func(h *harness) bool { return h.a.testQueue().cursor == 1 }, "down/k"},
		{[]string{"up"}, func(h *harness) bool { return h.a.testQueue().cursor == 0 }, "up stops at the top"},
		{[]string{"G"}, func(h *harness) bool { return h.a.testQueue().cursor == len(h.a.testQueue().ix.List())-1 }, "G to the last"},
		{[]string{"end", "g"}, func(h *harness) bool { return h.a.testQueue().cursor == 0 }, "g to the first"},
		{[]string{"ctrl+d"}, func(h *harness) bool { return h.a.testQueue().cursor == h.a.testQueue().rowsVisible()/2 }, "ctrl+d half page"},
		{[]string{"ctrl+d", "ctrl+u"}, func(h *harness) bool { return h.a.testQueue().cursor == 0 }, "ctrl+u half page up"},
		{[]string{"pgdown"}, func(h *harness) bool { return h.a.testQueue().cursor == h.a.testQueue().rowsVisible() }, "pgdn"},
		{[]string{"v"}, func(h *harness) bool { return h.a.testQueue().ix.View() == caseindex.ViewUrgent }, "v next view"},
		{[]string{"V"}, func(h *harness) bool { return h.a.testQueue().ix.View() == caseindex.ViewUnassigned }, "V previous view"},
		{[]string{"s"}, func(h *harness) bool { return h.a.testQueue().ix.Sort() == caseindex.SortNewest }, "s cycles the sort"},
		{[]string{"x"}, func(h *harness) bool { return len(h.a.testQueue().marks) == 1 && h.a.testQueue().cursor == 1 }, "x marks and moves on"},
		{[]string{"x", "X"}, func(h *harness) bool { return len(h.a.testQueue().marks) == 0 }, "X clears marks"},
		{[]string{"/"}, func(h *harness) bool { return h.a.testQueue().searching && h.a.focused().Capturing() }, "/ opens search"},
		{[]string{"/", "q"}, func(h *harness) bool { return !h.a.quitting && h.a.testQueue().input.Value() == "q" }, "q types while searching"},
		{[]string{"/", "esc"}, func(h *harness) bool { return !h.a.testQueue().searching }, "esc leaves search"},
		{[]string{"?"}, func(h *harness) bool { return h.a.fullHelp }, "? shows help"},
		{[]string{"?", "?"}, func(h *harness) bool { return !h.a.fullHelp }, "? again hides it"},
		{[]string{":"}, func(h *harness) bool { return h.a.cmd.open }, ": opens the command line"},
		{[]string{":", "esc"}, func(h *harness) bool { return !h.a.cmd.open }, "esc closes it"},
		{[]string{"q"}, func(h *harness) bool { return h.a.quitting }, "q quits"},
		{[]string{"/", "ctrl+c"}, func(h *harness) bool { return h.a.quitting }, "ctrl+c quits even while typing"},
		{[]string{"3"}, func(h *harness) bool { return h.a.focus == paneHeatmap }, "3 shows the heatmap"},
		{[]string{"2"}, func(h *harness) bool { return h.a.focus == paneQueue && h.a.statusText != "" }, "2 before any case"},
		{[]string{"tab"}, func(h *harness) bool { return h.a.focus == paneHeatmap }, "tab skips the case pane before a case"},
		{[]string{"shift+tab"}, func(h *harness) bool { return h.a.focus == paneHeatmap }, "shift+tab wraps round"},
		{[]string{"enter"}, func(h *harness) bool { return h.a.focus == paneCase && h.a.opened != 0 }, "enter opens the case"},
		{[]string{"enter", "1"}, func(h *harness) bool { return h.a.focus == paneQueue }, "1 back to the queue"},
		{[]string{"enter", "tab", "tab"}, func(h *harness) bool { return h.a.focus == paneQueue }, "tab cycles"},
		{[]string{"enter", "1", "2"}, func(h *harness) bool { return h.a.focus == paneCase }, "2 returns to the case"},
		{[]string{"p"}, func(h *harness) bool {
			return h.a.testQueue().preview && strings.Contains(h.a.statusText, "preview needs 140")
		}, "p too narrow for the preview says so"},
		{[]string{"a"}, func(h *harness) bool { return h.a.cmd.open && h.a.cmd.input.Value() == "assign " }, "a prompts assign"},
		{[]string{"S"}, func(h *harness) bool { return h.a.cmd.input.Value() == "status " }, "S prompts status"},
		{[]string{"t"}, func(h *harness) bool { return h.a.tagger != nil && !h.a.cmd.open }, "t opens the tag picker"},
		{[]string{"t", "q"}, func(h *harness) bool { return !h.a.quitting && h.a.tagger.picker.input.Value() == "q" }, "q types in the tag picker"},
		{[]string{"t", "esc"}, func(h *harness) bool { return h.a.tagger == nil }, "esc closes the tag picker"},
		{[]string{"P"}, func(h *harness) bool { return h.a.cmd.input.Value() == "priority " }, "P prompts priority"},
		{[]string{"i"}, func(h *harness) bool { return h.a.cmd.input.Value() == "import " }, "i prompts a file"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			h := newHarness(t, newTestService(120), 100, 30)
			h.keys(tc.keys...)
			if !tc.check(h) {
				t.Errorf("%v: %s does not hold (cursor %d, view %v, focus %d, status %q)", tc.keys, tc.want,
					h.a.testQueue().cursor, h.a.testQueue().ix.View(), h.a.focus, h.a.statusText)
			}
		})
	}
}

func TestHeatmapKeyWithoutHeatmap(t *testing.T) {
	h := newHarness(t, newTestService(20), 80, 24)
	h.a.panes[paneHeatmap] = nil
	h.keys("3")
	if h.a.focus != paneQueue || !strings.Contains(h.a.statusText, "heatmap is not available") {
		t.Fatalf("focus %d, status %q", h.a.focus, h.a.statusText)
	}
	if !strings.Contains(h.view(), "3 Heatmap·n/a") {
		t.Fatal("the header does not mark the heatmap as missing")
	}
}

func rowsOf(h *harness) []*caseindex.Row {
	var out []*caseindex.Row
	for _, i := range h.a.testQueue().ix.List() {
		out = append(out, h.a.testQueue().ix.Snapshot().At(i))
	}
	return out
}

func TestViewSwitchAndCounts(t *testing.T) {
	svc := newTestService(400)
	h := newHarness(t, svc, 100, 30)
	q := h.a.testQueue()
	st, _ := svc.Stats()
	if q.ix.Counts()[caseindex.ViewAll] != 400 || q.ix.Counts()[caseindex.ViewOpen] != st.ByStatus[model.StatusNew]+st.ByStatus[model.StatusOpen] {
		t.Fatalf("counts %v, stats %v", q.ix.Counts(), st.ByStatus)
	}
	for v := range caseindex.NumViews {
		h.run(h.a.runCommand("view " + v.Command()))
		if q.ix.View() != v || len(q.ix.List()) != q.ix.Counts()[v] {
			t.Fatalf("view %v: %d rows, count %d", v, len(q.ix.List()), q.ix.Counts()[v])
		}
		clk := caseindex.NewClock(testNow, time.UTC)
		me := q.ix.Snapshot().MeIndex("ana")
		for _, r := range rowsOf(h) {
			if !v.Holds(r, me, clk) {
				t.Fatalf("case %d is not in %v", r.ID(), v)
			}
		}
	}
	h.keys("v") // from All back round to My cases
	if q.ix.View() != caseindex.ViewMine || !strings.Contains(h.view(), "My cases") {
		t.Fatalf("view %v", q.ix.View())
	}
	for _, r := range rowsOf(h) {
		if q.ix.Snapshot().Assignee(r) != "ana" {
			t.Fatalf("case %d in My cases is assigned to %q", r.ID(), q.ix.Snapshot().Assignee(r))
		}
	}
}

func TestSortCycle(t *testing.T) {
	h := newHarness(t, newTestService(300), 100, 30)
	q := h.a.testQueue()
	check := func(name string, less func(a, b *caseindex.Row) bool) {
		rs := rowsOf(h)
		for i := 1; i < len(rs); i++ {
			if less(rs[i], rs[i-1]) {
				t.Fatalf("%s: row %d (case %d) sorts before row %d", name, i, rs[i].ID(), i-1)
			}
		}
	}
	check("urgency", func(a, b *caseindex.Row) bool {
		if a.Priority().Or(model.PriorityNormal) != b.Priority().Or(model.PriorityNormal) {
			return a.Priority().Or(model.PriorityNormal) < b.Priority().Or(model.PriorityNormal)
		}
		return a.Due().Before(b.Due())
	})
	sel := h.selected()
	h.keys("s")
	if q.ix.Sort() != caseindex.SortNewest || h.selected() != sel {
		t.Fatalf("sort %v; the selection moved from %d to %d", q.ix.Sort(), sel, h.selected())
	}
	check("newest", func(a, b *caseindex.Row) bool { return a.Created().After(b.Created()) })
	h.keys("s")
	check("oldest", func(a, b *caseindex.Row) bool { return a.Created().Before(b.Created()) })
	h.keys("s")
	check("updated", func(a, b *caseindex.Row) bool { return a.Updated().After(b.Updated()) })
	h.keys("s")
	if q.ix.Sort() != caseindex.SortUrgency {
		t.Fatalf("the sort does not cycle back: %v", q.ix.Sort())
	}
}

func TestMarkAndBulkClaim(t *testing.T) {
	svc := newTestService(200)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.keys(":")
	h.typeText("view unassigned")
	h.keys("enter")
	q := h.a.testQueue()
	if len(q.ix.List()) < 4 {
		t.Fatalf("only %d unassigned cases", len(q.ix.List()))
	}
	ids := []model.CaseID{}
	for range 3 {
		ids = append(ids, h.selected())
		h.keys("x")
	}
	// One of them is taken meanwhile.
	if _, err := svc.Act(ids[1], 0, "bo", model.Assign{To: "bo"}); err != nil {
		t.Fatal(err)
	}
	h.pump()
	if len(q.marks) != 3 || !strings.Contains(h.view(), "3 marked") {
		t.Fatalf("marks %v", q.marks)
	}
	h.keys("c")
	// Marked cases: first what will happen, then y (issue #14).
	if want := "claim 2 cases, skip 1 refused? (case " + itoa(ids[1]) + " is assigned to bo"; !strings.HasPrefix(h.a.statusText, want) ||
		!strings.HasSuffix(h.a.statusText, ") y/n") {
		t.Fatalf("status %q, want %q… y/n", h.a.statusText, want)
	}
	h.keys("y")
	if want := "claimed 2 cases"; h.a.statusText != want || h.a.statusErr {
		t.Fatalf("status %q, want %q", h.a.statusText, want)
	}
	for _, id := range []model.CaseID{ids[0], ids[2]} {
		c, _ := svc.Case(id)
		if c.Assignee != "ana" {
			t.Errorf("case %d assigned to %q", id, c.Assignee)
		}
	}
	if len(q.marks) != 1 || !q.marks[ids[1]] {
		t.Fatalf("the refused case stays marked, the rest not: %v", q.marks)
	}
	h.pump()
	// Claimed cases left the Unassigned view.
	for _, r := range rowsOf(h) {
		if r.ID() == ids[0] || r.ID() == ids[2] {
			t.Fatalf("claimed case %d still listed as unassigned", r.ID())
		}
	}
}

func TestClaimSelected(t *testing.T) {
	svc := newTestService(100)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.run(h.a.runCommand("view unassigned"))
	id := h.selected()
	h.keys("c")
	if c, _ := svc.Case(id); c.Assignee != "ana" {
		t.Fatalf("case %d assigned to %q", id, c.Assignee)
	}
	if h.a.statusText != "claimed case "+itoa(id) {
		t.Fatalf("status %q", h.a.statusText)
	}
	svc.readOnly = true
	h.keys("c")
	if !h.a.statusErr || !strings.Contains(h.a.statusText, "read-only") {
		t.Fatalf("read-only claim: %q", h.a.statusText)
	}
}

func itoa(id model.CaseID) string {
	return ansi.Strip(strings.TrimSpace(strings.Repeat(" ", 0) + fmtID(id)))
}

func fmtID(id model.CaseID) string {
	b := []byte{}
	for n := uint64(id); ; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n < 10 {
			break
		}
	}
	return string(b)
}

func TestSearchFiltersAndFuzzy(t *testing.T) {
	svc := newTestService(2000)
	h := newHarness(t, svc, 120, 30)
	h.deadline = 30 * time.Second // the test service reads every text per search; -race on a busy machine
	h.keys("/")
	h.typeText("status:open tag:billing/ refund")
	q := h.a.testQueue()
	if q.ix.QueryErr() != "" || q.ix.Searching() {
		t.Fatalf("no results: err %q", q.ix.QueryErr())
	}
	if len(q.ix.List()) == 0 {
		t.Fatal("no case matches")
	}
	// The words are searched as words (the word index; here the test
	// service reads every text): every open billing case holding the word
	// refund — being typed, but a whole word of some case, so not a
	// prefix — and no other, cases with it in the subject first.
	pq, _ := model.ParseQuery("tag:billing/ status:open")
	snap := q.ix.Snapshot()
	holds := func(id model.CaseID) (in, subject bool) {
		c, _ := svc.Case(id)
		cu, _ := svc.Customer(c.CustomerID)
		evs, _ := svc.Events(id)
		ct := textOf(&c, cu, evs)
		for _, s := range ct.texts {
			in = in || holdsWords(s, []string{"refund"}, false)
		}
		return in, holdsWords(c.Subject, []string{"refund"}, false)
	}
	lastSubject := true
	for _, r := range rowsOf(h) {
		if !pq.Match(snap.Summary(r), snap.ModelCustomer(r), testNow, "ana", model.DefaultSLA) {
			t.Fatalf("case %d fails the filters", r.ID())
		}
		in, subject := holds(r.ID())
		if !in {
			t.Fatalf("case %d does not hold refund", r.ID())
		}
		if subject && !lastSubject {
			t.Fatalf("results are not best first: case %d has refund in its subject", r.ID())
		}
		lastSubject = subject
	}
	want := 0
	for i := range snap.Len() {
		r := snap.At(int32(i))
		if in, _ := holds(r.ID()); in && pq.Match(snap.Summary(r), snap.ModelCustomer(r), testNow, "ana", model.DefaultSLA) {
			want++
		}
	}
	if len(q.ix.List()) != want || want == 0 {
		t.Fatalf("%d results, want %d", len(q.ix.List()), want)
	}
	if v := h.view(); !strings.Contains(v, "matches") || !strings.Contains(v, "search: status:open tag:billing/ refund") {
		t.Fatalf("the screen does not show the search:\n%s", v)
	}
	// A longer word searches again.
	h.typeText("s")
	if q.ix.Highlight() != "refunds" {
		t.Fatalf("last search %q", q.ix.Highlight())
	}
	// enter opens the best match; esc afterwards restores the view.
	h.keys("backspace", "enter")
	if h.a.focus != paneCase || h.a.opened != snap.At(q.ix.List()[0]).ID() {
		t.Fatalf("enter opened %d, focus %d", h.a.opened, h.a.focus)
	}
	h.keys("1", "esc")
	if q.ix.Query() != "" || q.ix.View() != caseindex.ViewOpen || len(q.ix.List()) != q.ix.Counts()[caseindex.ViewOpen] {
		t.Fatalf("esc did not restore the view: query %q, %d rows", q.ix.Query(), len(q.ix.List()))
	}
	// A bad filter shows its error and keeps the last results.
	h.keys("/")
	// (Any key names an extra field now: a bad value is the error.)
	h.typeText("status:done")
	if !strings.Contains(q.ix.QueryErr(), "unknown status") {
		t.Fatalf("error %q", q.ix.QueryErr())
	}
}

// sahilmScore is sahilm/fuzzy's own score of text in s.
func sahilmScore(text, s string) (int, bool) {
	ms := fuzzy.Find(text, []string{s})
	if len(ms) == 0 {
		return 0, false
	}
	return ms[0].Score, true
}

func TestLiveChangeKeepsCursor(t *testing.T) {
	svc := newTestService(300)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.keys("j", "j", "j", "j")
	sel := h.selected()
	before := h.a.testQueue().ix.Counts()[caseindex.ViewOpen]
	// A new urgent case arrives above the cursor.
	_, err := svc.Import([]model.ImportRow{{Case: model.Case{ExternalID: "NEW-1", CreatedAt: testNow.Add(-200 * 24 * time.Hour),
		Subject: "Everything is broken", Priority: model.PriorityUrgent, Status: model.StatusNew},
		Customer: model.Customer{Name: "Zed New", Email: "zed@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.pump()
	q := h.a.testQueue()
	if h.selected() != sel {
		t.Fatalf("the cursor moved from case %d to %d", sel, h.selected())
	}
	if q.ix.Counts()[caseindex.ViewOpen] != before+1 {
		t.Fatalf("open count %d, want %d", q.ix.Counts()[caseindex.ViewOpen], before+1)
	}
	if r := q.ix.Snapshot().At(q.ix.List()[0]); r.Subject() != "Everything is broken" {
		t.Fatalf("the new urgent case is not first: %q", r.Subject())
	}
	// A change to the selected case keeps it selected.
	svc.Act(sel, 0, "bo", model.SetPriority{To: model.PriorityLow})
	h.pump()
	if h.selected() != sel {
		t.Fatalf("after its change the cursor left case %d for %d", sel, h.selected())
	}
	// A resync reloads everything and keeps the cursor.
	h.send(changeMsg(model.Change{Resync: true}))
	if h.selected() != sel || q.ix.Snapshot().Len() != 301 {
		t.Fatalf("after resync: selected %d, %d rows", h.selected(), q.ix.Snapshot().Len())
	}
}

func TestStepCase(t *testing.T) {
	h := newHarness(t, newTestService(50), 100, 30)
	first := h.selected()
	h.keys("enter")
	h.send(stepCaseMsg{delta: 1})
	if h.a.opened == first || h.a.opened != h.selected() || h.a.testQueue().cursor != 1 {
		t.Fatalf("step opened %d (cursor %d)", h.a.opened, h.a.testQueue().cursor)
	}
	h.send(stepCaseMsg{delta: -1})
	h.send(stepCaseMsg{delta: -1})
	if h.a.opened != first || !strings.Contains(h.a.statusText, "no previous") {
		t.Fatalf("opened %d, status %q", h.a.opened, h.a.statusText)
	}
}

func TestFilterQueueMsgAndBack(t *testing.T) {
	h := newHarness(t, newTestService(200), 100, 30)
	h.keys("enter") // focus the case pane, as the heatmap would have it
	h.send(filterQueueMsg{query: "tag:delivery/late", title: "delivery/late · 2026-W47"})
	q := h.a.testQueue()
	if h.a.focus != paneQueue || q.ix.Query() != "tag:delivery/late" || len(q.ix.List()) == 0 {
		t.Fatalf("focus %d query %q rows %d", h.a.focus, q.ix.Query(), len(q.ix.List()))
	}
	if !strings.Contains(h.view(), "delivery/late · 2026-W47") {
		t.Fatal("the title is not shown")
	}
	h.keys("esc")
	if h.a.focus != paneCase || q.ix.Query() != "" {
		t.Fatalf("esc: focus %d query %q", h.a.focus, q.ix.Query())
	}
}

func TestCommandLine(t *testing.T) {
	svc := newTestService(150)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.keys(":")
	h.typeText("vi")
	h.keys("tab")
	if got := h.a.cmd.input.Value(); got != "view " {
		t.Fatalf("completion %q", got)
	}
	h.typeText("pe")
	h.keys("tab", "enter")
	if h.a.testQueue().ix.View() != caseindex.ViewPending {
		t.Fatalf("view %v", h.a.testQueue().ix.View())
	}
	id := h.selected()
	for _, line := range []string{"tag Billing / Refund", "priority urgent", "assign bo", "status open", "followup +2d", "recovery refund sent 20 EUR", "note called back"} {
		h.a.cmd.openWith(line)
		h.keys("enter")
		if h.a.statusErr {
			t.Fatalf(":%s: %s", line, h.a.statusText)
		}
	}
	c, _ := svc.Case(id)
	if !c.HasTag("billing/refund") || c.Priority != model.PriorityUrgent || c.Assignee != "bo" || c.Status != model.StatusOpen ||
		c.FollowUp.IsZero() || c.Recovery.Kind != "refund" {
		t.Fatalf("case after commands: %+v", c)
	}
	h.a.cmd.openWith("frobnicate")
	h.keys("enter")
	if !h.a.statusErr {
		t.Fatal("an unknown command is an error")
	}
	h.a.cmd.openWith("open " + c.ExternalID)
	h.keys("enter")
	if h.a.focus != paneCase || h.a.opened != id {
		t.Fatalf(":open went to %d", h.a.opened)
	}
	h.a.cmd.openWith("quit")
	h.keys("enter")
	if !h.a.quitting {
		t.Fatal(":quit")
	}
}

// Issue #14: `:assign NAME` (and `a` in the queue, which opens it) refuses
// a name no agent of the desk has until the same command is run again.
func TestAssignCommandRefusesUnknownAgent(t *testing.T) {
	svc := newTestService(100)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.run(h.a.runCommand("view unassigned"))
	id := h.selected()
	h.keys("a")
	h.typeText("zz")
	h.keys("enter")
	if c, _ := svc.Case(id); c.Assignee != "" {
		t.Fatalf("a, zz, enter assigned case %d to %q", id, c.Assignee)
	}
	if !h.a.statusErr || !strings.Contains(h.a.statusText, "zz is not an agent of this desk") {
		t.Fatalf("status %q", h.a.statusText)
	}
	if got := completeAgents(h.a, "z"); len(got) != 0 {
		t.Fatalf(":assign z + tab offers %q", got)
	}
	h.run(h.a.runCommand("assign zz"))
	if c, _ := svc.Case(id); c.Assignee != "zz" {
		t.Fatalf("second :assign zz left %q", c.Assignee)
	}
	h.run(h.a.runCommand("assign ana"))
	if c, _ := svc.Case(id); c.Assignee != "ana" {
		t.Fatalf(":assign ana left %q", c.Assignee)
	}
}

// Issue #14: once the desk lists its agents (the config's [[agent]]s and
// team members, or the team server's agents file), a name off the list is
// refused at once, even typed twice, by :assign and by a in the case pane;
// an old typo already on cases ("zz") is no longer suggested.
func TestAssignWithAnAgentsListRefusesOtherNames(t *testing.T) {
	svc := newTestService(100)
	old := svc.add(model.Case{Subject: "typo'd long ago", CreatedAt: testNow.Add(-time.Hour), Status: model.StatusOpen, Assignee: "zz"},
		model.Customer{Name: "Old Typo", Email: "old@example.com"})
	h := newHarness(t, svc, 100, 30)
	h.a.e.agents = func() []string { return []string{"ana", "bo", "dee"} }
	h.subscribe()
	h.run(h.a.runCommand("view unassigned"))
	id := h.selected()
	for range 2 {
		h.run(h.a.runCommand("assign zz"))
		if c, _ := svc.Case(id); c.Assignee != "" {
			t.Fatalf(":assign zz assigned case %d to %q", id, c.Assignee)
		}
		if want := "zz is not an agent of this desk (agents: ana, bo, dee)"; !h.a.statusErr || !strings.Contains(h.a.statusText, want) {
			t.Fatalf("status %q, want …%q…", h.a.statusText, want)
		}
	}
	if got := completeAgents(h.a, ""); !slices.Equal(got, []string{"none", "ana", "bo", "dee"}) {
		t.Fatalf(":assign + tab offers %q (chen and zz are on cases, not on the list)", got)
	}
	h.run(h.a.runCommand("assign dee"))
	if c, _ := svc.Case(id); c.Assignee != "dee" {
		t.Fatalf(":assign dee left %q", c.Assignee)
	}

	h.keys("enter") // the case pane, on a case of the list
	h.keys("a")
	h.typeText("zz")
	if v := h.view(); strings.Contains(v, "▸ zz") {
		t.Fatalf("zz is suggested:\n%s", v)
	}
	h.keys("enter", "enter")
	if c, _ := svc.Case(h.a.opened); c.Assignee == "zz" {
		t.Fatal("a, zz, enter, enter assigned a name off the list")
	}
	if v := h.view(); !strings.Contains(v, "zz is not an agent of this desk") {
		t.Fatalf("no refusal shown:\n%s", v)
	}
	_ = old
}

// At 80 columns a bulk question keeps its counts and y/n (issue #14); it
// now takes the footer's line for the refusal's reason, which one line
// dropped.
func TestBulkQuestionFitsAt80Columns(t *testing.T) {
	svc := newTestService(200)
	h := newHarness(t, svc, 80, 24)
	h.run(h.a.runCommand("view unassigned"))
	ids := markThree(t, h)
	if _, err := svc.Act(ids[1], 0, "bo", model.Assign{To: "bo"}); err != nil {
		t.Fatal(err)
	}
	h.keys("c")
	lines := strings.Split(h.view(), "\n")
	got := strings.TrimRight(lines[len(lines)-2], " ") + " / " + strings.TrimRight(lines[len(lines)-1], " ")
	if !strings.HasPrefix(got, "claim 2 cases, skip 1 refused? (case ") || !strings.HasSuffix(got, ") y/n") {
		t.Fatalf("status lines %q", got)
	}
}
