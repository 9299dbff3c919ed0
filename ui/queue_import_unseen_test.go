package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// A team server's screen in a case while a lead's import runs: back in the
// queue, its search (a team member's "My team" is one) lists the imported
// cases. Out of sight the queue noted the new rows for its next sort; the
// search that coming back starts read the order before that sort, which
// holds no new row, and when its answer came before the sort's (a search
// of filters is quicker than a sort after an import of thousands) it stood
// and the list lacked every imported case until the view was changed.
func TestQueueInACaseDuringAnImportListsTheImportedCases(t *testing.T) {
	h, svc, ix := sharedIndexApp(t, model.StatusOpen)
	q := h.a.testQueue()
	h.send(filterQueueMsg{query: "status:open"})
	h.searched()
	if n := len(q.ix.List()); n != 5 {
		t.Fatalf("the search lists %d cases, want 5", n)
	}
	h.send(openCaseMsg{id: 1})

	var ch model.Change
	for i := range 3 {
		id := svc.add(model.Case{ExternalID: fmt.Sprintf("IMP-%d", i+1), Subject: "Charged twice",
			CreatedAt: testNow.Add(-time.Minute), Priority: model.PriorityNormal, Status: model.StatusOpen}, model.Customer{})
		c, err := svc.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		ch.Cases = append(ch.Cases, c.Summary())
	}
	ch.Author = "import"
	ix.Apply(ch)
	h.send(NoticesMsg{Changes: []model.Change{ch}, Index: true})

	_, cmd := h.a.Update(backMsg{})
	h.runOrdersLast(cmd)
	if n := len(q.ix.List()); n != 8 {
		t.Errorf("back in the queue, the search lists %d cases, want 8 (5 and 3 imported)", n)
	}
	if v := h.view(); !strings.Contains(v, "Charged twice") {
		t.Errorf("an imported case is not listed:\n%s", v)
	}
}

// runOrdersLast runs cmd as the harness does, but hands the queue the
// answers of its sorts (indexOrderMsg) only after every other answer of
// the same round: a busy machine finishing the searches first.
func (h *harness) runOrdersLast(cmd tea.Cmd) {
	var orders []tea.Msg
	pending := []tea.Cmd{cmd}
	for len(pending) > 0 || len(orders) > 0 {
		if len(pending) == 0 {
			m := orders[0]
			orders = orders[1:]
			_, next := h.a.Update(m)
			pending = append(pending, next)
			continue
		}
		c := pending[0]
		pending = pending[1:]
		if c == nil {
			continue
		}
		switch m := c().(type) {
		case nil:
		case tea.BatchMsg:
			pending = append(pending, m...)
		case indexOrderMsg:
			orders = append(orders, m)
		default:
			_, next := h.a.Update(m)
			pending = append(pending, next)
		}
	}
}
