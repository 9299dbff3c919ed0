package ui

import (
	"fmt"
	"github.com/caredesk/caredesk/internal/localfiles"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// testNow is the fixed clock of every UI test.
var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

var (
	genSubjects = []string{"Refund not received", "Charged twice for order", "Package arrived damaged",
		"Cannot reset password", "Where is my order?", "Invoice is incorrect", "Cancel my subscription",
		"App crashes on login", "Wrong item delivered", "Delivery is late again", "Account hacked",
		"Change billing address", "Discount code does not work", "Warranty claim for blender"}
	genFirst = []string{"Ana", "Bo", "Chen", "Dee", "Eli", "Fatima", "Giulia", "Hiro", "Ines", "José", "Kofi", "Léa", "Mika", "Nora", "Omar"}
	genLast  = []string{"López", "Silva", "Müller", "Novák", "Khan", "Taylor", "Rossi", "Jensen", "Patel", "Brown", "Okafor", "Schäfer"}
	genTags  = []string{"billing/refund", "billing/double-charge", "delivery/late", "delivery/damaged", "account/password",
		"account/hacked", "product/defect", "subscription/cancel"}
	genAgents = []string{"", "", "ana", "bo", "chen"}
)

// genSummaries makes n deterministic cases and their customers: the
// queue's test data, from a million down to a handful.
func genSummaries(n int, seed uint64, each func(model.Case, model.Customer)) {
	rng := rand.New(rand.NewPCG(seed, 7))
	custs := max(n/3, 1)
	for i := range n {
		ci := rng.IntN(custs)
		first, last := genFirst[ci%len(genFirst)], genLast[(ci/len(genFirst))%len(genLast)]
		cu := model.Customer{Name: first + " " + last,
			Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(last), ci)}
		st := model.Statuses[rng.IntN(len(model.Statuses))]
		var tags []string
		if rng.IntN(3) > 0 {
			tags = []string{genTags[rng.IntN(len(genTags))]}
		}
		c := model.Case{
			ExternalID: fmt.Sprintf("T-%07d", i+1),
			CreatedAt:  testNow.Add(-time.Duration(rng.IntN(90*24*60)) * time.Minute),
			Channel:    model.Channels[rng.IntN(4)],
			Subject:    genSubjects[rng.IntN(len(genSubjects))] + fmt.Sprintf(" #%d", rng.IntN(100000)),
			Body:       "Hello,\nI am writing about my order. " + genSubjects[rng.IntN(len(genSubjects))] + ".\nThanks",
			Priority:   model.Priorities[rng.IntN(len(model.Priorities))],
			Status:     st,
			Assignee:   genAgents[rng.IntN(len(genAgents))],
			Tags:       tags,
		}
		if rng.IntN(10) == 0 {
			c.FollowUp = testNow.Add(time.Duration(rng.IntN(48)-24) * time.Hour)
		}
		each(c, cu)
	}
}

// newTestService fills a memService with n generated cases.
func newTestService(n int) *memService {
	svc := newMemService(func() time.Time { return testNow })
	genSummaries(n, 1, func(c model.Case, cu model.Customer) { svc.add(c, cu) })
	return svc
}

// harness drives the root model synchronously: it runs the commands each
// update returns and feeds their messages back, as the program would. A
// command that does not finish within a moment is a timer (a tick, a
// cursor blink) and is dropped.
type harness struct {
	t       testing.TB
	a       *app
	svc     *memService
	changes <-chan model.Change
	// deadline is how long to wait for a command; 0 is cmdDeadline.
	deadline time.Duration
	// late are the results of commands not done by their deadline (timers,
	// and work a busy machine made slow), which await delivers.
	late []chan tea.Msg
}

func noTimer(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }

func newHarness(t testing.TB, svc *memService, w, h int) *harness {
	t.Helper()
	hs := newHarnessOn(t, svc, testNow, w, h)
	hs.svc = svc
	return hs
}

// newHarnessOn drives an app on any service (a real store) at clock now.
func newHarnessOn(t testing.TB, svc model.CaseService, now time.Time, w, h int) *harness {
	t.Helper()
	// The local app's file abilities, as the command line hands them in.
	files := localfiles.Files{DB: svc.Path(), Source: svc, Now: func() time.Time { return now }}
	a := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return now }, Location: time.UTC, Files: files, Backups: files})
	// A static cursor sends no blink timers, which the harness would
	// have to wait out.
	a.testQueue().input.Cursor.SetMode(cursor.CursorStatic)
	a.cmd.input.Cursor.SetMode(cursor.CursorStatic)
	a.e.timer = noTimer
	// The first load is work, not a timer, however long a busy machine
	// makes it: a load dropped at cmdDeadline left the queue searching
	// an index that never completed (TestCFPBSearchFindsWhatTheCustomersWrote
	// found 0 cases under load).
	hs := &harness{t: t, a: a, deadline: loadDeadline}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(a.Init())
	hs.deadline = 0
	return hs
}

// loadDeadline bounds the wait for the app's first load: far above what
// it takes (the CFPB samples' 8,690 cases load in seconds under -race on a
// busy machine), so it only catches a stall.
const loadDeadline = 2 * time.Minute

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.a.Update(msg)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	pending := []tea.Cmd{cmd}
	for len(pending) > 0 {
		// Start every pending command at once; take the results of those
		// that finish before the deadline, in the order they were issued.
		chans := make([]chan tea.Msg, len(pending))
		for i, c := range pending {
			chans[i] = make(chan tea.Msg, 1)
			if c == nil {
				chans[i] <- nil
				continue
			}
			go func() { chans[i] <- c() }()
		}
		pending = nil
		d := h.deadline
		if d == 0 {
			d = cmdDeadline
		}
		deadline := time.After(d)
		for _, ch := range chans {
			var msg tea.Msg
			select {
			case msg = <-ch:
			case <-deadline:
				h.late = append(h.late, ch)
				continue
			}
			switch m := msg.(type) {
			case nil, tea.QuitMsg:
			case tea.BatchMsg:
				pending = append(pending, m...)
			default:
				if fmt.Sprintf("%T", msg) == "tea.sequenceMsg" {
					continue
				}
				_, next := h.a.Update(m)
				pending = append(pending, next)
			}
		}
	}
}

// cmdDeadline is how long the harness waits for a command: the longest
// real work in a test (a search, a load) is far shorter, the shortest
// timer (the status line's) far longer.
const cmdDeadline = 400 * time.Millisecond

// await delivers the results of the commands the harness stopped waiting
// for, as they come, until done holds: a test that waits for work done off
// the loop (an import) waits for that work's message, however slow the
// machine, not for a deadline. It fails the test on a stall (loadDeadline).
func (h *harness) await(done func() bool) {
	h.t.Helper()
	stall := time.After(loadDeadline)
	for !done() {
		cases := []reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(stall)}}
		for _, ch := range h.late {
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)})
		}
		i, v, _ := reflect.Select(cases)
		if i == 0 {
			h.t.Fatalf("nothing the test waits for came in %s", loadDeadline)
		}
		h.late = slices.Delete(h.late, i-1, i)
		var msg tea.Msg
		if v.IsValid() && !v.IsNil() {
			msg = v.Interface()
		}
		h.run(func() tea.Msg { return msg })
	}
}

// searched waits for the answer to the queue's search as typed (a search
// slower than the harness's deadline on a busy machine was dropped, and
// the test saw "…" for its count).
func (h *harness) searched() {
	h.t.Helper()
	h.await(func() bool { _, ok := h.a.testQueue().ix.Matches(); return ok })
}

// keys types keys as tmux names them: "j", "enter", "ctrl+d", or text.
func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	names := map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab,
		"shift+tab": tea.KeyShiftTab, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"ctrl+c": tea.KeyCtrlC, "ctrl+d": tea.KeyCtrlD, "ctrl+u": tea.KeyCtrlU, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace, "space": tea.KeySpace,
		"ctrl+n": tea.KeyCtrlN, "ctrl+p": tea.KeyCtrlP, "ctrl+s": tea.KeyCtrlS}
	if t, ok := names[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (h *harness) view() string { return h.a.View() }

// selected is the case under the queue's cursor.
func (h *harness) selected() model.CaseID { return h.a.testQueue().selectedID() }

// subscribe relays the service's change notices into the harness on
// pump, as Run's relay goroutine does.
func (h *harness) subscribe() {
	ch, stop := h.a.e.svc.Subscribe()
	h.changes = ch
	h.t.Cleanup(stop)
}

// pump delivers every change notice waiting.
func (h *harness) pump() {
	for {
		select {
		case ch := <-h.changes:
			h.send(changeMsg(ch))
		default:
			return
		}
	}
}

func tea_WindowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// testQueue and testCase are the panes behind the root's interfaces, for
// tests that look inside them.
func (a *app) testQueue() *queuePane { return a.panes[paneQueue].(*queuePane) }
func (a *app) testCase() *casePane   { return a.panes[paneCase].(*casePane) }
