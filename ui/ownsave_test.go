package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// readCounter counts the reads the case pane makes of a store.
type readCounter struct {
	model.CaseService
	mu    sync.Mutex
	reads map[string]int
}

func (r *readCounter) count(what string) {
	r.mu.Lock()
	r.reads[what]++
	r.mu.Unlock()
}

func (r *readCounter) take() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.reads
	r.reads = map[string]int{}
	return out
}

func (r *readCounter) Case(id model.CaseID) (model.Case, error) {
	r.count("case")
	return r.CaseService.Case(id)
}

func (r *readCounter) Events(id model.CaseID) ([]model.Event, error) {
	r.count("events")
	return r.CaseService.Events(id)
}

func (r *readCounter) Conversation(id model.CaseID) ([]model.Message, error) {
	r.count("conversation")
	return r.CaseService.Conversation(id)
}

func (r *readCounter) ConversationOf(c model.Case) ([]model.Message, error) {
	r.count("conversation")
	return r.CaseService.ConversationOf(c)
}

func (r *readCounter) CustomerCases(id model.CustomerID) ([]model.Summary, error) {
	r.count("customer cases")
	return r.CaseService.CustomerCases(id)
}

// customerDesk is a store with one customer's three cases (two open, one
// resolved) and a case of someone else; it returns the first case.
func customerDesk(t *testing.T) (*store.DB, model.CaseID) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "desk.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var rows []model.ImportRow
	for i, st := range []model.Status{model.StatusOpen, model.StatusOpen, model.StatusResolved, model.StatusOpen} {
		email := "ann@example.com"
		if i == 3 {
			email = "bo@example.com"
		}
		rows = append(rows, model.ImportRow{Line: i + 2, Case: model.Case{ExternalID: fmt.Sprintf("O-%d", i+1),
			CreatedAt: testNow.Add(-time.Duration(i+1) * 50 * time.Hour), Subject: fmt.Sprintf("Parcel %d", i+1),
			Body: "Where is it?", Status: st, Assignee: "ana", Priority: model.PriorityNormal, Tags: []string{"delivery/late"}},
			Customer: model.Customer{Name: "Ann Lee", Email: email}})
	}
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	c, err := db.CaseByExternalID("O-1")
	if err != nil {
		t.Fatal(err)
	}
	return db, c.ID
}

// An agent's own save reads back what it changed: the timeline, the
// conversation only when the save wrote to it, and never the customer's
// cases (the saved case is patched into the list the card has). The card
// still counts the saved case's new status, as a fresh read would.
func TestOwnSaveReadsWhatItChanged(t *testing.T) {
	db, id := customerDesk(t)
	svc := &readCounter{CaseService: db, reads: map[string]int{}}
	h := newHarnessOn(t, svc, testNow, 120, 34)
	h.send(openCaseMsg{id: id})
	cp := h.a.panes[paneCase].(*casePane)
	if !cp.ready() || !strings.Contains(h.view(), "3 contacts · 2 open") {
		t.Fatalf("the case and its card are not on screen:\n%s", h.view())
	}
	if got := svc.take(); got["customer cases"] != 1 || got["conversation"] != 1 || got["events"] != 1 {
		t.Fatalf("opening the case read %v", got)
	}

	h.keys("s", "3") // resolved
	if c, _ := db.Case(id); c.Status != model.StatusResolved {
		t.Fatalf("status %v", c.Status)
	}
	if got, want := svc.take(), map[string]int{"events": 1}; !equalCounts(got, want) {
		t.Fatalf("a status save read %v, want %v", got, want)
	}
	if v := h.view(); !strings.Contains(v, "3 contacts · 1 open") {
		t.Fatalf("the card does not count the resolved case:\n%s", v)
	}
	fresh, err := db.CustomerCases(cp.c.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(cp.custCases, fresh, func(a, b model.Summary) bool {
		return a.ID == b.ID && a.Version == b.Version && a.Status == b.Status
	}) {
		t.Fatalf("the customer's cases as patched %v, read again %v", cp.custCases, fresh)
	}

	h.keys("n")
	h.typeText("called the customer")
	h.keys("ctrl+s")
	if got, want := svc.take(), map[string]int{"events": 1, "conversation": 1}; !equalCounts(got, want) {
		t.Fatalf("a note read %v, want %v", got, want)
	}
	if v := h.view(); !strings.Contains(v, "called the customer") {
		t.Fatalf("the note is not shown:\n%s", v)
	}
}

func equalCounts(got, want map[string]int) bool {
	for k, n := range got {
		if want[k] != n {
			return false
		}
	}
	return len(got) == len(want)
}

// The store's notice of an agent's own save reads nothing more, whether
// it comes after the save's answer (the case shown is already at its
// version) or while the save is under way (it is the pane's own): the
// reload that a notice of a newer version makes is not made for it.
func TestOwnSaveNoticeReloadsNothing(t *testing.T) {
	db, id := customerDesk(t)
	svc := &readCounter{CaseService: db, reads: map[string]int{}}
	h := newHarnessOn(t, svc, testNow, 120, 34)
	h.subscribe()
	h.send(openCaseMsg{id: id})
	cp := h.a.panes[paneCase].(*casePane)
	h.pump()
	svc.take()

	h.keys("s", "3") // resolved; the notice after the save's answer
	h.pump()
	if got, want := svc.take(), map[string]int{"events": 1}; !equalCounts(got, want) {
		t.Fatalf("a status save and its notice read %v, want %v", got, want)
	}

	h.keys("s")
	_, save := h.a.Update(keyMsg("1")) // open again: the save's command, not yet answered
	answer := save()
	h.pump() // the notice while the save is under way
	if !cp.saving {
		t.Fatal("the save is not under way")
	}
	h.send(answer)
	if got, want := svc.take(), map[string]int{"events": 1}; !equalCounts(got, want) {
		t.Fatalf("a status save, its notice first, read %v, want %v", got, want)
	}
	if c, _ := db.Case(id); cp.saving || cp.c.Version != c.Version || cp.c.Status != model.StatusOpen {
		t.Fatalf("the pane shows version %d (%v), the store has %d", cp.c.Version, cp.c.Status, c.Version)
	}
}
