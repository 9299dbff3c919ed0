package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// TestKeyDecoding is the key map as a table: each key, typed into a fresh
// app, and the state it must leave.
func TestKeyDecoding(t *testing.T) {
	for _, tc := range []struct {
		keys  []string
		check func(h *harness) bool
		want  string
	}{
		{[]string{"j"}, func(h *harness) bool { return h.a.queue.cursor == 1 }, "j moves down"},
		{[]string{"down", "down", "k"}, func(h *harness) bool { return h.a.queue.cursor == 1 }, "down/k"},
		{[]string{"up"}, func(h *harness) bool { return h.a.queue.cursor == 0 }, "up stops at the top"},
		{[]string{"G"}, func(h *harness) bool { return h.a.queue.cursor == len(h.a.queue.list)-1 }, "G to the last"},
		{[]string{"end", "g"}, func(h *harness) bool { return h.a.queue.cursor == 0 }, "g to the first"},
		{[]string{"ctrl+d"}, func(h *harness) bool { return h.a.queue.cursor == h.a.queue.rowsVisible()/2 }, "ctrl+d half page"},
		{[]string{"ctrl+d", "ctrl+u"}, func(h *harness) bool { return h.a.queue.cursor == 0 }, "ctrl+u half page up"},
		{[]string{"pgdown"}, func(h *harness) bool { return h.a.queue.cursor == h.a.queue.rowsVisible() }, "pgdn"},
		{[]string{"v"}, func(h *harness) bool { return h.a.queue.view == viewUrgent }, "v next view"},
		{[]string{"V"}, func(h *harness) bool { return h.a.queue.view == viewUnassigned }, "V previous view"},
		{[]string{"s"}, func(h *harness) bool { return h.a.queue.sort == sortNewest }, "s cycles the sort"},
		{[]string{"x"}, func(h *harness) bool { return len(h.a.queue.marks) == 1 && h.a.queue.cursor == 1 }, "x marks and moves on"},
		{[]string{"x", "X"}, func(h *harness) bool { return len(h.a.queue.marks) == 0 }, "X clears marks"},
		{[]string{"/"}, func(h *harness) bool { return h.a.queue.searching && h.a.focused().Capturing() }, "/ opens search"},
		{[]string{"/", "q"}, func(h *harness) bool { return !h.a.quitting && h.a.queue.input.Value() == "q" }, "q types while searching"},
		{[]string{"/", "esc"}, func(h *harness) bool { return !h.a.queue.searching }, "esc leaves search"},
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
			return h.a.queue.preview && strings.Contains(h.a.statusText, "preview needs 140")
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
					h.a.queue.cursor, h.a.queue.view, h.a.focus, h.a.statusText)
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

func rowsOf(h *harness) []*row {
	var out []*row
	for _, i := range h.a.queue.list {
		out = append(out, h.a.queue.snap.at(i))
	}
	return out
}

func TestViewSwitchAndCounts(t *testing.T) {
	svc := newTestService(400)
	h := newHarness(t, svc, 100, 30)
	q := h.a.queue
	st, _ := svc.Stats()
	if q.counts[viewAll] != 400 || q.counts[viewOpen] != st.ByStatus[model.StatusNew]+st.ByStatus[model.StatusOpen] {
		t.Fatalf("counts %v, stats %v", q.counts, st.ByStatus)
	}
	for v := range numViews {
		h.run(h.a.runCommand("view " + viewNames[v].cmd))
		if q.view != v || len(q.list) != q.counts[v] {
			t.Fatalf("view %v: %d rows, count %d", v, len(q.list), q.counts[v])
		}
		clk := newViewClock(testNow, time.UTC)
		me := q.snap.meIndex("ana")
		for _, r := range rowsOf(h) {
			if !inView(v, r, me, clk) {
				t.Fatalf("case %d is not in %v", r.id, v)
			}
		}
	}
	h.keys("v") // from All back round to My cases
	if q.view != viewMine || !strings.Contains(h.view(), "My cases") {
		t.Fatalf("view %v", q.view)
	}
	for _, r := range rowsOf(h) {
		if q.snap.assignee(r) != "ana" {
			t.Fatalf("case %d in My cases is assigned to %q", r.id, q.snap.assignee(r))
		}
	}
}

func TestSortCycle(t *testing.T) {
	h := newHarness(t, newTestService(300), 100, 30)
	q := h.a.queue
	check := func(name string, less func(a, b *row) bool) {
		rs := rowsOf(h)
		for i := 1; i < len(rs); i++ {
			if less(rs[i], rs[i-1]) {
				t.Fatalf("%s: row %d (case %d) sorts before row %d", name, i, rs[i].id, i-1)
			}
		}
	}
	check("urgency", func(a, b *row) bool {
		if a.prio.Or(model.PriorityNormal) != b.prio.Or(model.PriorityNormal) {
			return a.prio.Or(model.PriorityNormal) < b.prio.Or(model.PriorityNormal)
		}
		return a.due < b.due
	})
	sel := h.selected()
	h.keys("s")
	if q.sort != sortNewest || h.selected() != sel {
		t.Fatalf("sort %v; the selection moved from %d to %d", q.sort, sel, h.selected())
	}
	check("newest", func(a, b *row) bool { return a.created > b.created })
	h.keys("s")
	check("oldest", func(a, b *row) bool { return a.created < b.created })
	h.keys("s")
	check("updated", func(a, b *row) bool { return a.updated > b.updated })
	h.keys("s")
	if q.sort != sortUrgency {
		t.Fatalf("the sort does not cycle back: %v", q.sort)
	}
}

func TestMarkAndBulkClaim(t *testing.T) {
	svc := newTestService(200)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.keys(":")
	h.typeText("view unassigned")
	h.keys("enter")
	q := h.a.queue
	if len(q.list) < 4 {
		t.Fatalf("only %d unassigned cases", len(q.list))
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
	if want := "claimed 2 cases, 1 failed: case"; !strings.HasPrefix(h.a.statusText, want) || !h.a.statusErr {
		t.Fatalf("status %q, want %q…", h.a.statusText, want)
	}
	for _, id := range []model.CaseID{ids[0], ids[2]} {
		c, _ := svc.Case(id)
		if c.Assignee != "ana" {
			t.Errorf("case %d assigned to %q", id, c.Assignee)
		}
	}
	if len(q.marks) != 1 || !q.marks[ids[1]] {
		t.Fatalf("the failed case stays marked, the rest not: %v", q.marks)
	}
	h.pump()
	// Claimed cases left the Unassigned view.
	for _, r := range rowsOf(h) {
		if r.id == ids[0] || r.id == ids[2] {
			t.Fatalf("claimed case %d still listed as unassigned", r.id)
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
	h.keys("/")
	h.typeText("status:open tag:billing/ refund")
	q := h.a.queue
	if q.qErr != "" || q.shown == nil {
		t.Fatalf("no results: err %q", q.qErr)
	}
	if len(q.list) == 0 {
		t.Fatal("no case matches")
	}
	pq, _ := model.ParseQuery("tag:billing/ status:open")
	var lastScore = 1 << 30
	for _, r := range rowsOf(h) {
		if !pq.Match(q.snap.summary(r), q.snap.modelCustomer(r), testNow, "ana", model.DefaultSLA) {
			t.Fatalf("case %d fails the filters", r.id)
		}
		sc, ok := fuzzyScore([]rune("refund"), r.hay)
		if !ok {
			t.Fatalf("case %d does not match refund: %q", r.id, r.hay)
		}
		if sc > lastScore {
			t.Fatalf("results are not best first")
		}
		lastScore = sc
	}
	// Every open billing case whose text matches is found.
	want := 0
	for i := range q.snap.len() {
		r := q.snap.at(int32(i))
		if _, ok := fuzzyScore([]rune("refund"), r.hay); ok && pq.Match(q.snap.summary(r), q.snap.modelCustomer(r), testNow, "ana", model.DefaultSLA) {
			want++
		}
	}
	if len(q.list) != want {
		t.Fatalf("%d results, want %d", len(q.list), want)
	}
	if v := h.view(); !strings.Contains(v, "matches") || !strings.Contains(v, "search: status:open tag:billing/ refund") {
		t.Fatalf("the screen does not show the search:\n%s", v)
	}
	// Narrowing: a longer query searched within the last results.
	h.typeText("s")
	if q.last == nil || q.last.text != "refunds" {
		t.Fatalf("last search %+v", q.last)
	}
	// enter opens the best match; esc afterwards restores the view.
	h.keys("backspace", "enter")
	if h.a.focus != paneCase || h.a.opened != q.snap.at(q.list[0]).id {
		t.Fatalf("enter opened %d, focus %d", h.a.opened, h.a.focus)
	}
	h.keys("1", "esc")
	if q.query != "" || q.view != viewOpen || len(q.list) != q.counts[viewOpen] {
		t.Fatalf("esc did not restore the view: query %q, %d rows", q.query, len(q.list))
	}
	// A bad filter shows its error and keeps the last results.
	h.keys("/")
	// (Any key names an extra field now: a bad value is the error.)
	h.typeText("status:done")
	if !strings.Contains(q.qErr, "unknown status") {
		t.Fatalf("error %q", q.qErr)
	}
}

func TestSearchDropsStaleResults(t *testing.T) {
	h := newHarness(t, newTestService(500), 100, 30)
	q := h.a.queue
	h.keys("/")
	h.typeText("ref")
	fresh := q.list
	// A result for an older query arrives late: it is not shown.
	stale := &searchResult{seq: q.seq - 1, gen: q.snap.gen, text: "r", list: []int32{1, 2, 3}}
	h.send(searchMsg{res: stale})
	if !slices.Equal(q.list, fresh) || q.shown.seq != q.seq {
		t.Fatal("a stale search result replaced the current one")
	}
	// Results reach the queue only through a command; the running query
	// wins over every earlier one.
	cmd := q.startSearch("refu", true)
	cmd2 := q.startSearch("refun", true)
	h.send(cmd2())
	got := slices.Clone(q.list)
	h.send(cmd())
	if !slices.Equal(q.list, got) || q.shown.text != "refun" {
		t.Fatalf("shown %q", q.shown.text)
	}
}

func TestLiveChangeKeepsCursor(t *testing.T) {
	svc := newTestService(300)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	h.keys("j", "j", "j", "j")
	sel := h.selected()
	before := h.a.queue.counts[viewOpen]
	// A new urgent case arrives above the cursor.
	_, err := svc.Import([]model.ImportRow{{Case: model.Case{ExternalID: "NEW-1", CreatedAt: testNow.Add(-200 * 24 * time.Hour),
		Subject: "Everything is broken", Priority: model.PriorityUrgent, Status: model.StatusNew},
		Customer: model.Customer{Name: "Zed New", Email: "zed@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.pump()
	q := h.a.queue
	if h.selected() != sel {
		t.Fatalf("the cursor moved from case %d to %d", sel, h.selected())
	}
	if q.counts[viewOpen] != before+1 {
		t.Fatalf("open count %d, want %d", q.counts[viewOpen], before+1)
	}
	if r := q.snap.at(q.list[0]); r.subject() != "Everything is broken" {
		t.Fatalf("the new urgent case is not first: %q", r.subject())
	}
	// A change to the selected case keeps it selected.
	svc.Act(sel, 0, "bo", model.SetPriority{To: model.PriorityLow})
	h.pump()
	if h.selected() != sel {
		t.Fatalf("after its change the cursor left case %d for %d", sel, h.selected())
	}
	// A resync reloads everything and keeps the cursor.
	h.send(changeMsg(model.Change{Resync: true}))
	if h.selected() != sel || q.snap.len() != 301 {
		t.Fatalf("after resync: selected %d, %d rows", h.selected(), q.snap.len())
	}
}

func TestStepCase(t *testing.T) {
	h := newHarness(t, newTestService(50), 100, 30)
	first := h.selected()
	h.keys("enter")
	h.send(stepCaseMsg{delta: 1})
	if h.a.opened == first || h.a.opened != h.selected() || h.a.queue.cursor != 1 {
		t.Fatalf("step opened %d (cursor %d)", h.a.opened, h.a.queue.cursor)
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
	q := h.a.queue
	if h.a.focus != paneQueue || q.query != "tag:delivery/late" || len(q.list) == 0 {
		t.Fatalf("focus %d query %q rows %d", h.a.focus, q.query, len(q.list))
	}
	if !strings.Contains(h.view(), "delivery/late · 2026-W47") {
		t.Fatal("the title is not shown")
	}
	h.keys("esc")
	if h.a.focus != paneCase || q.query != "" {
		t.Fatalf("esc: focus %d query %q", h.a.focus, q.query)
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
	if h.a.queue.view != viewPending {
		t.Fatalf("view %v", h.a.queue.view)
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

// TestPatchMatchesRecompute applies live changes in place and checks the
// order, the list, the counts and the cursor against a full recompute.
func TestPatchMatchesRecompute(t *testing.T) {
	svc := newTestService(600)
	h := newHarness(t, svc, 100, 30)
	h.subscribe()
	q := h.a.queue
	check := func(when string) {
		t.Helper()
		me := q.snap.meIndex("ana")
		clk := newViewClock(testNow, time.UTC)
		order := sortAll(q.snap, q.sort)
		if !slices.Equal(q.order, order) {
			t.Fatalf("%s: the order differs from a fresh sort", when)
		}
		if want := filterView(q.snap, order, q.view, me, clk); !slices.Equal(q.list, want) {
			t.Fatalf("%s: the list has %d rows, want %d", when, len(q.list), len(want))
		}
		if want := viewCounts(q.snap, me, clk); q.counts != want {
			t.Fatalf("%s: counts %v, want %v", when, q.counts, want)
		}
	}
	for _, view := range []string{"open", "all", "mine", "overdue"} {
		for range 2 {
			h.run(h.a.runCommand("view " + view))
			h.keys("s")
			h.pump()
			h.keys("j", "j", "j")
			sel := h.selected()
			ids := []model.CaseID{sel}
			for _, r := range rowsOf(h)[:min(8, len(q.list))] {
				ids = append(ids, r.id)
			}
			ids = append(ids, 3, 77, 599)
			for k, id := range ids {
				var act model.Action
				switch k % 4 {
				case 0:
					act = model.SetPriority{To: model.Priorities[k%len(model.Priorities)]}
				case 1:
					act = model.SetStatus{To: model.Statuses[k%len(model.Statuses)]}
				case 2:
					act = model.Assign{To: []string{"ana", "bo", ""}[k%3]}
				default:
					act = model.SetFollowUp{At: testNow.Add(time.Duration(k) * time.Hour)}
				}
				svc.Act(id, 0, "bo", act)
			}
			h.pump()
			if q.pos != nil {
				t.Fatalf("view %s: the change was not applied in place", view)
			}
			check("view " + view)
			if slices.Contains(q.list, mustFind(t, q, sel)) && h.selected() != sel {
				t.Fatalf("view %s: the cursor left case %d for %d", view, sel, h.selected())
			}
		}
	}
}

func mustFind(t *testing.T, q *queuePane, id model.CaseID) int32 {
	t.Helper()
	ri, ok := q.snap.find(id)
	if !ok {
		t.Fatalf("case %d not found", id)
	}
	return ri
}

// reposition moves one row within a sorted order as a delete and an
// insert would, for every pair of places.
func TestRepositionIsDeleteThenInsert(t *testing.T) {
	const n = 9
	for from := range n {
		for key := range uint64(2*n + 1) {
			keys := make([]uint64, n)
			s := make([]int32, n)
			for i := range s {
				s[i], keys[i] = int32(i), uint64(2*i+1) // odd keys: the new one (even) never ties
			}
			keys[from] = key
			cmpAt := func(e int32, t keyed) int { return cmpKeyed(keyed{keys[e], e}, t) }
			t0 := keyed{key, int32(from)}
			want := slices.Delete(slices.Clone(s), from, from+1)
			want = insertSorted(want, t0, cmpAt)
			reposition(s, from, t0, cmpAt)
			if !slices.Equal(s, want) {
				t.Fatalf("row %d to key %d: %v, want %v", from, key, s, want)
			}
		}
	}
}

// A change applied while a search runs leaves the snapshot the search
// reads as it was (the rows are copied); with no search running they are
// written in place.
func TestPatchCopiesRowsASearchReads(t *testing.T) {
	svc := newTestService(300)
	h := newHarness(t, svc, 100, 30)
	q := h.a.queue
	change := func(id model.CaseID, to model.Priority) {
		t.Helper()
		c, err := svc.Act(id, 0, "bo", model.SetPriority{To: to})
		if err != nil {
			t.Fatal(err)
		}
		h.send(changeMsg(model.Change{Author: "bo", Cases: []model.Summary{c.Summary()}}))
	}
	ri := mustFind(t, q, 5)
	before := q.snap
	change(5, model.PriorityUrgent)
	if before.at(ri).prio != model.PriorityUrgent {
		t.Fatal("with no search running, the row was copied rather than written in place")
	}

	search := q.startSearch("parcel", false) // running: not yet run
	reading := q.snap
	change(5, model.PriorityLow)
	if reading.at(ri).prio != model.PriorityUrgent {
		t.Fatal("a change was written into the snapshot a running search reads")
	}
	if q.snap.at(ri).prio != model.PriorityLow {
		t.Fatal("the change is not in the queue's snapshot")
	}
	h.run(search)
	if q.scans != 0 {
		t.Fatalf("%d searches still counted as running", q.scans)
	}
}
