package ui

import (
	"fmt"
	"strings"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// choiceOpt is one option of a picker.
type choiceOpt struct {
	label string
	hint  string
}

// choiceEditor picks one of a few options: status, priority, recovery
// kind. ↑/↓ or j/k move, enter or the option's number picks.
type choiceEditor struct {
	edBase
	name    string
	opts    []choiceOpt
	cur     int
	current int // the case's present value, marked; -1 none
	pick    func(i int) tea.Cmd
	// remake builds the same picker for the case as it is now: the same
	// agent's other screen changed it (refresh).
	remake func(model.Case) *choiceEditor
	// chooses says whether a and b differ in what the picker chooses (and
	// shows beside it): only such a change by someone else closes it; a
	// tag rename on the case leaves the agent's pick to apply. nil: any.
	chooses func(a, b *model.Case) bool
}

// follow remakes the picker for case cs (caseFollower): it marks the
// value cs has, and a pick compares with that. The cursor stays where the
// agent moved it, or follows the marked value when it was on it.
func (c *choiceEditor) follow(cs model.Case) {
	if c.remake == nil {
		return
	}
	n := c.remake(cs)
	n.w, n.h, n.err = c.w, c.h, c.err
	if c.cur != c.current {
		n.cur = min(c.cur, len(n.opts)-1)
	}
	*c = *n
}

func (c *choiceEditor) title() string { return c.name }

func (c *choiceEditor) want(int) int { return len(c.opts) + 2 }

// choiceHelp is a picker's keys, made once: the footer asks for them
// every frame.
var choiceHelp = []key.Binding{
	key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓ j/k", "move")),
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/1-9", "choose")),
	withHelp(cancelKey(), "esc", "cancel"),
}

func (c *choiceEditor) help() []key.Binding { return choiceHelp }

func (c *choiceEditor) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch s := km.String(); s {
	case "esc":
		return c.close("")
	case "up", "k", "shift+tab":
		c.cur = max(c.cur-1, 0)
	case "down", "j", "tab":
		c.cur = min(c.cur+1, len(c.opts)-1)
	case "home", "g":
		c.cur = 0
	case "end", "G":
		c.cur = len(c.opts) - 1
	case "enter":
		return c.pick(c.cur)
	default:
		if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			if i := int(s[0] - '1'); i < len(c.opts) {
				c.cur = i
				return c.pick(i)
			}
		}
	}
	return nil
}

func (c *choiceEditor) view() []string {
	st := c.st
	lines := make([]string, 0, len(c.opts)+2)
	// the hints start in one column, after the longest label
	labelW := 0
	for _, o := range c.opts {
		labelW = max(labelW, cells.Width(o.label))
	}
	for i, o := range c.opts {
		mark := "  "
		if i == c.cur {
			mark = "▸ "
		}
		now := "  "
		if i == c.current {
			now = "• "
		}
		row := fmt.Sprintf("%s%d %s%s", mark, i+1, now, o.label)
		if o.hint != "" {
			row += strings.Repeat(" ", labelW-cells.Width(o.label)+2) + st.Muted.Render(o.hint)
		}
		if i == c.cur {
			row = st.Selected.Render(fitLine(row, c.w))
		}
		lines = append(lines, row)
	}
	if e := c.errLine(st); e != "" {
		lines = append(lines, e)
	} else {
		lines = append(lines, st.Muted.Render(Truncate("• is the current value · enter chooses · esc cancels", c.w)))
	}
	return lines
}

// pickableStatuses are the statuses an agent can move a case to; a case
// never goes back to new.
var pickableStatuses = []model.Status{model.StatusOpen, model.StatusPending, model.StatusResolved, model.StatusClosed}

func newStatusChoice(b edBase, cs model.Case) *choiceEditor {
	c := &choiceEditor{edBase: b, name: "Status", current: -1}
	c.remake = func(cs model.Case) *choiceEditor { return newStatusChoice(b, cs) }
	c.chooses = func(a, b *model.Case) bool { return a.Status != b.Status }
	hints := map[model.Status]string{
		model.StatusOpen:     "being worked on",
		model.StatusPending:  "waiting for the customer",
		model.StatusResolved: "solved, may come back",
		model.StatusClosed:   "done",
	}
	for i, s := range pickableStatuses {
		c.opts = append(c.opts, choiceOpt{label: s.String(), hint: hints[s]})
		if s == cs.Status {
			c.current, c.cur = i, i
		}
	}
	c.pick = func(i int) tea.Cmd {
		to := pickableStatuses[i]
		if to == cs.Status {
			return c.close(fmt.Sprintf("#%d is already %s", cs.ID, to))
		}
		return c.save("status → "+to.String(), model.SetStatus{To: to})
	}
	return c
}

// newPriorityChoice offers the priorities, each with the targets it
// gives this case: its team's when the team has a policy, else the desk's.
func newPriorityChoice(b edBase, cs model.Case, sla model.SLAPolicy) *choiceEditor {
	c := &choiceEditor{edBase: b, name: "Priority", current: -1}
	c.remake = func(cs model.Case) *choiceEditor { return newPriorityChoice(b, cs, sla) }
	// the team's targets are the options' hints
	c.chooses = func(a, b *model.Case) bool { return a.Priority != b.Priority || a.Team != b.Team }
	cur := cs.Priority.Or(model.PriorityNormal)
	for i, pr := range model.Priorities {
		c.opts = append(c.opts, choiceOpt{label: pr.Symbol() + " " + pr.String(), hint: priorityTargets(sla, cs.Team, pr)})
		if pr == cur {
			c.current, c.cur = i, i
		}
	}
	c.pick = func(i int) tea.Cmd {
		to := model.Priorities[i]
		if to == cs.Priority {
			return c.close(fmt.Sprintf("#%d is already %s", cs.ID, to))
		}
		return c.save("priority → "+to.String(), model.SetPriority{To: to})
	}
	return c
}

// priorityTargets is the priority picker's hint: "SLA 7d" on a desk
// without teams, "first reply 1d · resolve 5d" for a team's case (in
// business hours when the team keeps them).
func priorityTargets(sla model.SLAPolicy, team string, pr model.Priority) string {
	resolve := model.FormatAge(sla.Resolution(team, pr))
	if sla.Teams[team] == nil {
		return "SLA " + resolve
	}
	hint := "resolve " + resolve
	if first := sla.FirstResponse(team, pr); first > 0 {
		hint = "first reply " + model.FormatAge(first) + " · " + hint
	}
	if sla.Hours(team) != nil {
		hint += " (business hours)"
	}
	return hint
}

// newRecoveryChoice picks the kind of recovery action, then asks for what
// was done in a prompt. When one is recorded, the last option clears it.
func newRecoveryChoice(b edBase, cs model.Case, width int) *choiceEditor {
	c := &choiceEditor{edBase: b, name: "Recovery action · kind", current: -1}
	c.remake = func(cs model.Case) *choiceEditor { return newRecoveryChoice(b, cs, width) }
	c.chooses = func(a, b *model.Case) bool { return a.Recovery != b.Recovery }
	hints := map[string]string{
		"refund": "money back", "replacement": "sent a new one", "callback": "we call them",
		"apology": "said sorry", "credit": "account credit", "other": "anything else",
	}
	kinds := model.RecoveryKinds
	for i, k := range kinds {
		c.opts = append(c.opts, choiceOpt{label: k, hint: hints[k]})
		if k == cs.Recovery.Kind {
			c.current, c.cur = i, i
		}
	}
	if !cs.Recovery.IsZero() {
		c.opts = append(c.opts, choiceOpt{label: "clear", hint: "no recovery action"})
	}
	c.pick = func(i int) tea.Cmd {
		if i >= len(kinds) {
			return c.save("recovery cleared", model.SetRecovery{})
		}
		next := newRecoveryPrompt(b, cs, kinds[i], width)
		return func() tea.Msg { return editorOpenMsg{next} }
	}
	return c
}
