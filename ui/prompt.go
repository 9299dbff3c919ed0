package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

type promptKind uint8

const (
	promptAssign promptKind = iota
	promptFollowUp
	promptRecovery
)

// promptEditor is a one-line input: assign (with completion over known
// assignees), follow-up (showing the parsed time back as it is typed) and
// the recovery action's text.
type promptEditor struct {
	edBase
	kind  promptKind
	name  string
	input textinput.Model
	sugg  *suggester
	hint  string
	// recovery kind chosen before the text
	recKind string
	// assignee is the case's when the prompt opened; clock reads follow-up
	// times in the agent's zone.
	assignee string
	clock    caseClock
	// armed is a name no agent of the desk has, typed and entered once:
	// the second enter assigns it anyway, unless the desk lists its
	// agents (agents not nil): then it is refused. For a follow-up it is
	// a time in the past, typed and entered once.
	armed  string
	agents []string
}

const unassignLabel = "(unassign)"

func (pr *promptEditor) title() string { return pr.name }

func (pr *promptEditor) want(int) int {
	switch {
	case pr.sugg != nil:
		return 8
	case pr.kind == promptFollowUp:
		return 5 // room for the examples an error lists
	}
	return 4
}

func (pr *promptEditor) setSize(w, h int) {
	pr.edBase.setSize(w, h)
	pr.input.Width = max(w-3, 1)
}

func (pr *promptEditor) setCandidates(c []string) {
	if pr.sugg == nil {
		return
	}
	pr.sugg.setCandidates(c, nil, nil)
	pr.refilter()
}

// refilter narrows the suggestions to the typed text and, on assign,
// highlights the best match whenever anything matches (as the tag picker
// does), so enter takes an agent, not a typo.
func (pr *promptEditor) refilter() {
	pr.sugg.filter(pr.input.Value())
	if pr.kind == promptAssign && strings.TrimSpace(pr.input.Value()) != "" && len(pr.sugg.matches) > 0 {
		pr.sugg.sel = 0
	}
}

func (pr *promptEditor) help() []key.Binding {
	k := newEditKeys()
	b := []key.Binding{withHelp(k.Submit, "enter", "save")}
	if pr.sugg != nil {
		b = append(b, withHelp(k.Next, "↓/tab", "choose suggestion"), withHelp(k.Prev, "↑", "back to typed text"))
	}
	return append(b, withHelp(k.Cancel, "esc", "cancel"))
}

func (pr *promptEditor) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok {
		switch km.String() {
		case "esc":
			return pr.close("")
		case "enter":
			return pr.submit()
		case "down", "tab":
			if pr.sugg != nil {
				pr.sugg.next()
				return nil
			}
		case "up", "shift+tab":
			if pr.sugg != nil {
				pr.sugg.prev()
				return nil
			}
		}
	}
	var cmd tea.Cmd
	before := pr.input.Value()
	pr.input, cmd = pr.input.Update(msg)
	if pr.input.Value() != before {
		pr.err = ""
		if pr.sugg != nil {
			pr.refilter()
		}
	}
	return cmd
}

func (pr *promptEditor) submit() tea.Cmd {
	typed := pr.input.Value()
	switch pr.kind {
	case promptAssign:
		to := strings.TrimSpace(typed)
		if s, ok := pr.sugg.chosen(); ok {
			to = s
		}
		switch {
		case to == unassignLabel:
			return pr.save("unassigned", model.Assign{To: ""})
		case to == "":
			pr.err = "type a name, or move onto (unassign)"
			return nil
		case to == pr.assignee:
			return pr.close(fmt.Sprintf("#%d is already assigned to %s", pr.id, Clean(to)))
		case !slices.Contains(pr.sugg.all, to) && pr.agents != nil:
			pr.err = notAnAgent(to, pr.agents)
			return nil
		case !slices.Contains(pr.sugg.all, to) && pr.armed != to:
			pr.armed = to
			pr.err = Clean(to) + " is not an agent of this desk — enter again to assign anyway"
			return nil
		}
		return pr.save("assigned to "+Clean(to), model.Assign{To: to})
	case promptFollowUp:
		if strings.TrimSpace(typed) == "" {
			pr.err = "type when, or none to clear"
			return nil
		}
		at, err := model.ParseFollowUp(typed, pr.clock.now(), pr.clock.loc)
		if err != nil {
			pr.err = errText(err)
			return nil
		}
		if at.IsZero() {
			return pr.save("follow-up cleared", model.SetFollowUp{})
		}
		if now := pr.clock.now(); at.Before(now) && pr.armed != typed {
			// A past follow-up is due at once: most likely a typo'd date.
			pr.armed = typed
			pr.err = pastFollowUp(now, at, "enter again to set it anyway")
			return nil
		}
		return pr.save("follow-up "+pr.clock.when(at), model.SetFollowUp{At: at})
	case promptRecovery:
		return pr.save("recovery: "+pr.recKind, model.SetRecovery{Recovery: model.Recovery{Kind: pr.recKind, Text: typed}})
	}
	return nil
}

func (pr *promptEditor) view() []string {
	st := pr.st
	lines := []string{inputView(pr.input, pr.w, st)}
	switch pr.kind {
	case promptFollowUp:
		lines = append(lines, pr.preview())
	case promptAssign:
		if pr.sugg != nil {
			lines = append(lines, pr.sugg.rows(st, pr.w, max(pr.h-3, 1), nil)...)
		}
	}
	// the error or hint sits on the last lines, where the eye expects it;
	// an error wraps (a follow-up's lists what can be typed)
	tail := pr.errLines(st, max(pr.h-len(lines), 1))
	if len(tail) == 0 && pr.hint != "" {
		tail = []string{st.Muted.Render(Truncate(pr.hint, pr.w))}
	}
	if len(tail) == 0 {
		return lines
	}
	if pr.h > len(lines)+len(tail) {
		lines = fitLines(lines, pr.h-len(tail))
	}
	return append(lines, tail...)
}

// pastFollowUp is the question a follow-up in the past asks before it
// is set.
func pastFollowUp(now, at time.Time, again string) string {
	return "that is in the past (" + relTime(now, at) + "), so the case is due at once: " + again
}

// preview shows what the typed follow-up means before it is saved.
func (pr *promptEditor) preview() string {
	st, now, loc := pr.st, pr.clock.now(), pr.clock.loc
	typed := pr.input.Value()
	if strings.TrimSpace(typed) == "" {
		return st.Muted.Render(Truncate("  examples: tomorrow 9:00 · +2d · fri 14:00 · 2026-12-01 · none", pr.w))
	}
	at, err := model.ParseFollowUp(typed, now, loc)
	switch {
	case err != nil:
		return st.Error.Render(Truncate("  ✗ not a time I can read", pr.w))
	case at.IsZero():
		return st.Status.Render(Truncate("  → clears the follow-up", pr.w))
	}
	return st.Status.Render(Truncate("  → "+at.In(loc).Format("Mon 02 Jan 2006 15:04")+" ("+relTime(now, at)+")", pr.w))
}

func (p *casePane) openAssign() tea.Cmd {
	pr := &promptEditor{edBase: p.edBase(), kind: promptAssign, name: "Assign to", input: newInput("agent name", p.lay.caseW),
		sugg: &suggester{}, hint: "enter assigns the highlighted agent · ↓/tab/↑ move", assignee: p.c.Assignee}
	if p.e.agents != nil {
		pr.agents = p.e.agents()
	}
	if p.e.assignees != nil {
		// The index counts who has cases as they change: a name assigned
		// since the last prompt, on any screen, is offered too.
		if names := p.e.assignees(); names != nil {
			p.assignees, p.assigneesLoaded = names, true
		}
	}
	pr.setCandidates(p.assigneeCandidates())
	p.openEditor(pr)
	if p.assigneesLoaded {
		return nil
	}
	return p.loadAssignees()
}

// assigneeCandidates are the known assignees, most used first, with the
// agent first and (unassign) last when the case is assigned.
func (p *casePane) assigneeCandidates() []string {
	out := []string{}
	if p.e.agent != "" {
		out = append(out, p.e.agent)
	}
	var agents []string
	if p.e.agents != nil {
		agents = p.e.agents()
	}
	for _, a := range p.assignees {
		// once the desk lists its agents, names in the data that are not
		// on the list (an old typo) are not offered
		if a != p.e.agent && (p.e.agents == nil || slices.Contains(agents, a)) {
			out = append(out, a)
		}
	}
	if p.e.agents != nil {
		for _, a := range agents {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	if p.c.Assignee != "" {
		out = append(out, unassignLabel)
	}
	return out
}

// loadAssignees collects who cases are assigned to from the summaries (no
// bodies are read), once, where the queue's index has not loaded yet.
func (p *casePane) loadAssignees() tea.Cmd {
	svc := p.e.svc
	return func() tea.Msg {
		counts := map[string]int{}
		_ = svc.EachSummary(func(s model.Summary) error {
			if s.Assignee != "" {
				counts[s.Assignee]++
			}
			return nil
		})
		names := make([]string, 0, len(counts))
		for n := range counts {
			names = append(names, n)
		}
		slices.SortFunc(names, func(a, b string) int {
			return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
		})
		return assigneesMsg{names: names}
	}
}

func (p *casePane) openFollowUp() tea.Cmd {
	pr := &promptEditor{edBase: p.edBase(), kind: promptFollowUp, name: "Follow-up", input: newInput("tomorrow 9:00", p.lay.caseW),
		hint: "enter saves the time shown · none clears · esc cancels", clock: p.clock()}
	if !p.c.FollowUp.IsZero() {
		pr.name = "Follow-up · now " + p.when(p.c.FollowUp)
	}
	p.openEditor(pr)
	return nil
}

// newRecoveryPrompt asks what was done for a recovery action of kind, the
// second step after newRecoveryChoice.
func newRecoveryPrompt(b edBase, c model.Case, kind string, width int) *promptEditor {
	pr := &promptEditor{edBase: b, kind: promptRecovery, name: "Recovery action · " + kind, recKind: kind,
		input: newInput("what was done (optional)", width), hint: "enter saves · esc cancels"}
	if c.Recovery.Kind == kind {
		pr.input.SetValue(Clean(c.Recovery.Text))
		pr.input.CursorEnd()
	}
	return pr
}
