package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// cpNow is the case pane tests' fixed clock: Tuesday 10 March 2026, 14:00 UTC.
var cpNow = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

const cpAgent = "sam"

func cpAt(day, hour, minute int) time.Time {
	return time.Date(2026, 3, day, hour, minute, 0, 0, time.UTC)
}

// repeatCustomerDesk is a help desk with one repeat customer (three
// contacts in a month), an anonymous case, a small taxonomy and two canned
// replies.
func repeatCustomerDesk() *casePaneService {
	s := newCasePaneService(func() time.Time { return cpNow })
	s.customers[7] = model.Customer{ID: 7, Name: "Jane Doe", Email: "jane@example.com", Phone: "+1 555 0100",
		FirstContact: time.Date(2025, 11, 2, 10, 0, 0, 0, time.UTC)}
	s.addCase(model.Case{ID: 1042, ExternalID: "CFPB-88213", CreatedAt: cpAt(8, 9, 15), UpdatedAt: cpAt(9, 16, 40),
		Channel: model.ChannelEmail, CustomerID: 7, Subject: "Charged twice for the same order",
		Body: "Hello,\n\nI ordered a kettle on 2 March and my card was charged twice, $49.90 each time. " +
			"The shop says it only sees one order. I have attached my statement.\n\nPlease refund the second charge.\n\nJane",
		Priority: model.PriorityHigh, Status: model.StatusOpen, Assignee: "dana",
		Tags: []string{"billing/double-charge", "payments"},
		Fields: []model.Field{{Key: "Product", Value: "Credit card"}, {Key: "Sub-product", Value: "General-purpose card"},
			{Key: "State", Value: "CA"}, {Key: "Company response", Value: "In progress"}},
		Version: 3},
		model.Event{CaseID: 1042, At: cpAt(8, 9, 15), Author: "import", Kind: model.EventCreated},
		model.Event{CaseID: 1042, At: cpAt(8, 10, 2), Author: "dana", Kind: model.EventAssigned, To: "dana"},
		model.Event{CaseID: 1042, At: cpAt(8, 10, 2), Author: "dana", Kind: model.EventStatus, From: "new", To: "open"},
		model.Event{CaseID: 1042, At: cpAt(8, 10, 3), Author: "dana", Kind: model.EventTagAdded, To: "billing/double-charge"},
		model.Event{CaseID: 1042, At: cpAt(9, 16, 40), Author: "dana", Kind: model.EventNote,
			To: "Called the bank: both charges are settled, not pending. Waiting for the statement."},
	)
	s.addCase(model.Case{ID: 1031, CreatedAt: time.Date(2026, 2, 20, 11, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 2, 22, 9, 0, 0, 0, time.UTC),
		Channel: model.ChannelChat, CustomerID: 7, Subject: "Card declined at checkout", Status: model.StatusResolved,
		Priority: model.PriorityNormal, Tags: []string{"billing/declined"}})
	s.addCase(model.Case{ID: 1012, CreatedAt: time.Date(2026, 2, 14, 8, 30, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 2, 15, 9, 0, 0, 0, time.UTC),
		Channel: model.ChannelPhone, CustomerID: 7, Subject: "Wrong late fee on February statement", Status: model.StatusClosed,
		Priority: model.PriorityLow, Tags: []string{"billing/fees", "payments"}})
	s.addCase(model.Case{ID: 2001, ExternalID: "3811204", CreatedAt: cpAt(10, 8, 0), UpdatedAt: cpAt(10, 8, 0),
		Channel: model.ChannelWeb, Subject: "Debt collector keeps calling", Body: "They call every day at 7am.",
		Priority: model.PriorityNormal, Status: model.StatusNew})
	day := func(d time.Time) int32 { return int32(model.DayOf(d)) }
	s.tags = []model.TagInfo{
		{Tag: "billing/double-charge", Cases: 12, Uses: 30, LastAdded: cpAt(9, 12, 0).Unix(), FirstUsed: day(cpAt(1, 0, 0))},
		{Tag: "billing/fees", Cases: 40, Uses: 5, LastAdded: cpAt(1, 12, 0).Unix()},
		{Tag: "billing/declined", Cases: 8, Uses: 9, LastAdded: cpAt(10, 9, 0).Unix()},
		{Tag: "payments", Cases: 60, Uses: 2, LastAdded: cpAt(2, 9, 0).Unix()},
		{Tag: "refund/requested", Cases: 20, Uses: 14, LastAdded: cpAt(10, 11, 0).Unix()},
		{Tag: "refund/denied", Cases: 3, Uses: 1, LastAdded: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).Unix()},
		{Tag: "shipping/late", Cases: 33, Uses: 0},
		{Tag: "bill/legacy", Cases: 100, Retired: true},
	}
	s.replies = []model.Reply{
		{ID: 1, Name: "Refund confirmation", Text: "Hello {{customer}},\n\nwe have refunded the duplicate charge on case {{case}}. " +
			"It shows on your statement within 5 working days.\n\n{{agent}}, customer care"},
		{ID: 2, Name: "Waiting for your statement", Text: "Hello {{customer}}, could you send us the statement for {{case}}? {{agent}}"},
	}
	s.nextReply = 3
	return s
}

// cpHarness drives a case pane the way the root would: it runs the
// commands the pane returns, feeds the pane its own results, and keeps
// what the pane sends to the root.
type cpHarness struct {
	t   *testing.T
	svc *casePaneService
	p   *casePane
	out []tea.Msg // messages for the root: status, step, back, open
}

// cpOpenAt is a 120x40 case pane on the fixture showing case 1042, its
// clock reading *now, so a test can move time.
func cpOpenAt(now *time.Time) *casePane {
	env := cpEnv(repeatCustomerDesk())
	env.now = func() time.Time { return *now }
	p := newCasePane(env)
	p.SetSize(120, 40)
	p.Update(p.Update(openCaseMsg{id: 1042})())
	return p
}

func cpEnv(svc model.CaseService) *env {
	return &env{svc: svc, agent: cpAgent, now: func() time.Time { return cpNow }, loc: time.UTC,
		styles: NewStyles(DefaultTheme())}
}

func newCPHarness(t *testing.T, w, h int) *cpHarness {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	svc := repeatCustomerDesk()
	p := newCasePane(cpEnv(svc))
	p.SetSize(w, h)
	return &cpHarness{t: t, svc: svc, p: p}
}

func (h *cpHarness) open(id model.CaseID) *cpHarness {
	h.send(openCaseMsg{id: id})
	if !h.p.ready() {
		h.t.Fatalf("case %d did not load", id)
	}
	return h
}

// send delivers msg to the pane and runs what follows.
func (h *cpHarness) send(msg tea.Msg) {
	h.run(h.p.Update(msg))
}

func (h *cpHarness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case caseLoadedMsg, caseActedMsg, assigneesMsg, tagsMsg, repliesMsg, replySavedMsg, replyDeletedMsg, composeMsg,
		caseSaveMsg, editorCloseMsg, editorOpenMsg: // the pane's own, and its editors' requests
		h.send(msg)
	case statusMsg, stepCaseMsg, backMsg, openCaseMsg:
		h.out = append(h.out, msg)
	}
}

// keys presses keys: named keys ("enter", "ctrl+s", "down") or text typed
// rune by rune.
func (h *cpHarness) keys(keys ...string) {
	for _, k := range keys {
		if m, ok := cpNamedKeys[k]; ok {
			h.send(m)
			continue
		}
		for _, r := range k {
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
}

var cpNamedKeys = map[string]tea.KeyMsg{
	"enter": {Type: tea.KeyEnter}, "esc": {Type: tea.KeyEsc}, "tab": {Type: tea.KeyTab},
	"shift+tab": {Type: tea.KeyShiftTab}, "backspace": {Type: tea.KeyBackspace}, "delete": {Type: tea.KeyDelete},
	"up": {Type: tea.KeyUp}, "down": {Type: tea.KeyDown}, "left": {Type: tea.KeyLeft}, "right": {Type: tea.KeyRight},
	"ctrl+s": {Type: tea.KeyCtrlS}, "ctrl+u": {Type: tea.KeyCtrlU}, "ctrl+n": {Type: tea.KeyCtrlN}, "ctrl+e": {Type: tea.KeyCtrlE},
	"ctrl+x": {Type: tea.KeyCtrlX}, "pgdown": {Type: tea.KeyPgDown}, "space": {Type: tea.KeySpace},
}

// lastStatus is the last status line the pane asked for.
func (h *cpHarness) lastStatus() statusMsg {
	for i := len(h.out) - 1; i >= 0; i-- {
		if s, ok := h.out[i].(statusMsg); ok {
			return s
		}
	}
	return statusMsg{}
}

func (h *cpHarness) view() string { return h.p.View() }

func (h *cpHarness) mustShow(parts ...string) {
	h.t.Helper()
	v := h.view()
	for _, s := range parts {
		if !strings.Contains(v, s) {
			h.t.Fatalf("view lacks %q:\n%s", s, v)
		}
	}
}

func (h *cpHarness) caseNow(id model.CaseID) model.Case {
	c, err := h.svc.Case(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}
