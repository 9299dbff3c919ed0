package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// queueOrders is what the command line asks of the queue — :view, :sort,
// :search, the cases a command acts on, completion — through these
// answers rather than the pane's fields.
type queueOrders interface {
	setView(caseindex.View) tea.Cmd
	setSort(caseindex.Sort) tea.Cmd
	openSearch() tea.Cmd
	setQuery(query, title string, fromOther bool) tea.Cmd
	findSaved(name string) (int, bool)
	openSaved(i int) tea.Cmd
	savedNames() []string
	// targets are the cases a command acts on: the marked ones, else the
	// one under the cursor; markedCount how many are marked.
	targets() []model.CaseID
	markedCount() int
	// snapshot is the index the queue shows (nil before the first load).
	snapshot() *caseindex.Snapshot
}

// The command line (":") reaches every action by name, with tab
// completion. Case commands apply to the case pane's case when it has
// focus, else to the queue's marked cases or its selected one.

type command struct {
	name     string
	args     string // how the arguments read in help
	about    string
	complete func(a *app, arg string) []string
	run      func(a *app, arg string) tea.Cmd
}

func commands() []command {
	return []command{
		{"view", "NAME", "show a queue view", completeViews, cmdView},
		{"sort", "NAME", "sort the queue", completeSorts, cmdSort},
		{"search", "QUERY", "search the cases", nil, cmdSearch},
		{"claim", "", "assign to yourself", nil, actCmd(func(string) (string, model.Action, error) {
			return "claimed %s", model.Claim{}, nil
		})},
		{"assign", "NAME", "assign to an agent (none unassigns)", completeAgents, cmdAssign},
		{"status", "NAME", "set the status", completeStatuses, actCmd(func(arg string) (string, model.Action, error) {
			s, err := model.ParseStatus(arg)
			if err != nil || strings.TrimSpace(arg) == "" {
				return "", nil, model.Errorf(model.EINVALID, "status: new, open, pending, resolved or closed")
			}
			return "set %s to " + s.String(), model.SetStatus{To: s}, nil
		})},
		{"priority", "NAME", "set the priority", completePriorities, actCmd(func(arg string) (string, model.Action, error) {
			p, err := model.ParsePriority(arg)
			if err != nil || strings.TrimSpace(arg) == "" {
				return "", nil, model.Errorf(model.EINVALID, "priority: urgent, high, normal or low")
			}
			return "set %s to " + p.String(), model.SetPriority{To: p}, nil
		})},
		{"tag", "TAG", "tag with an issue (a new tag: run it twice)", completeTags, cmdTag},
		{"untag", "TAG", "remove a tag", completeTags, actCmd(func(arg string) (string, model.Action, error) {
			t, err := model.NormalizeTag(arg)
			if err != nil {
				return "", nil, err
			}
			return "removed " + formatSafe(t) + " from %s", model.RemoveTag{Tag: t}, nil
		})},
		{"transfer", "TEAM", "move to another team (its members take it by the team's rule)", completeTeams, cmdTransfer},
		{"away", "[NAME]", "take no new cases until :back", completeAway, cmdAway(true)},
		{"back", "[NAME]", "take new cases again", completeAway, cmdAway(false)},
		{"note", "[TEXT]", "add an internal note", nil, cmdNote},
		{"followup", "WHEN", "come back to the case (tomorrow 9:00, +2d, none)", completeFollowUp, cmdFollowUp},
		{"recovery", "KIND TEXT", "record what was done for the customer", completeRecovery, cmdRecovery},
		{"reply", "", "reply to the customer (in the case pane)", nil, cmdReply},
		{"undo", "", "take back your last action (on the case shown, in the case pane)", nil, cmdUndo},
		{"outbox", "", "replies waiting or failed; send a failed one again", nil, cmdOutbox},
		{"import", "FILE", "import a CSV or JSON lines file, an mbox file or a Maildir", completeFiles, cmdImport},
		{"rejected", "", "the rows the last import left out, each with file:line and why", nil, cmdRejected},
		{"open", "EXTERNAL_ID", "open a case by its source id", nil, cmdOpen},
		{"drafts", "", "open the case of your next kept draft (a note or reply the team server kept)", nil, cmdDrafts},
		{"rename", "FROM TO", "rename a tag (merging into TO if it exists) or a whole area: product/* goods/*", completeRename, cmdRename},
		{"tags", "", "taxonomy care: rename, merge, retire tags", nil, func(a *app, _ string) tea.Cmd { return a.focusPane(paneTags) }},
		{"heatmap", "", "the issue heatmap", nil, func(a *app, _ string) tea.Cmd { return a.focusPane(paneHeatmap) }},
		{"range", "FROM [TO]", "heatmap date range (YYYY-MM-DD, TO inclusive; empty clears)", nil, cmdRange},
		{"backup", "[FILE]", "write a consistent copy of the database", completeFiles, cmdBackup},
		{"report", "FILE", "write the heatmap as set up: .html/.md brief, .csv/.json numbers", completeFiles, cmdReport},
		{"export", "FILE", "write the open case's description whole to FILE", completeFiles, cmdExport},
		{"help", "", "show every key", nil, func(a *app, _ string) tea.Cmd { a.fullHelp = !a.fullHelp; return nil }},
		{"quit", "", "leave caredesk", nil, func(a *app, _ string) tea.Cmd { a.quitting = true; return tea.Quit }},
	}
}

type cmdline struct {
	open   bool
	input  textinput.Model
	cmds   []command
	hint   string // completion candidates or an error
	cands  []string
	candAt int
	base   string // the text completion cycles from
	// shown and real: a completion as the input shows it, made safe (a
	// file name with a control character shows it as a symbol), and as it
	// is; running or completing further uses the real one.
	shown, real string
	keys        struct{ Run, Cancel, Complete key.Binding }
	// drawn is the line as last drawn: the screen is drawn again while
	// the line is open for what changes the rest (a load, a save's
	// answer, the status clearing), and the line stays as it was.
	drawn memo[cmdlineShown]
}

// cmdlineShown is everything the command line shows.
type cmdlineShown struct {
	value, hint string
	pos, w      int
	focused     bool
	st          *Styles
}

func newCmdline() cmdline {
	c := cmdline{input: lineInput(":", "", 4096), cmds: commands()}
	c.keys.Run = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run"))
	c.keys.Cancel = cancelKey()
	c.keys.Complete = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete"))
	return c
}

func (c *cmdline) setWidth(w int) { c.input.Width = max(w-2, 1) }

func (c *cmdline) openWith(text string) tea.Cmd {
	c.open = true
	c.hint, c.cands = "", nil
	c.shown, c.real = "", ""
	return focusInput(&c.input, text)
}

func (c *cmdline) close() {
	c.open = false
	c.input.Blur()
	c.input.SetValue("")
	c.hint, c.cands = "", nil
	c.shown, c.real = "", ""
}

// value is the command line as the agent means it: the text the input
// shows, with a completion it had to show made safe put back as it is.
func (c *cmdline) value() string {
	v := c.input.Value()
	if c.shown != "" && strings.HasPrefix(v, c.shown) {
		return c.real + v[len(c.shown):]
	}
	return v
}

// setCompleted puts a completed line in the input, shown safe: the input
// would drop a control character of a file name in silence and so name
// another file.
func (c *cmdline) setCompleted(line string) {
	c.input.SetValue(Clean(line))
	c.input.CursorEnd()
	c.shown, c.real = "", ""
	if v := c.input.Value(); v != line {
		c.shown, c.real = v, line
	}
}

func (c *cmdline) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

func (c *cmdline) key(a *app, m tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(m, c.keys.Cancel):
		c.close()
		return nil
	case key.Matches(m, c.keys.Run):
		line := c.value()
		c.close()
		return a.runCommand(line)
	case key.Matches(m, c.keys.Complete):
		c.complete(a)
		return nil
	}
	c.cands, c.hint = nil, ""
	return c.update(m)
}

// complete fills in the command name or its argument; pressing tab again
// cycles through the candidates.
func (c *cmdline) complete(a *app) {
	if len(c.cands) > 1 && c.value() == c.base+c.cands[c.candAt] {
		c.candAt = (c.candAt + 1) % len(c.cands)
		c.setCompleted(c.base + c.cands[c.candAt])
		return
	}
	val := c.value()
	name, arg, hasArg := strings.Cut(strings.TrimLeft(val, " "), " ")
	// "tag  deliv" (the t key's "tag " and a typed space) completes "deliv"
	arg = strings.TrimLeft(arg, " ")
	var cands []string
	base := ""
	if !hasArg {
		for _, cmd := range c.cmds {
			if strings.HasPrefix(cmd.name, strings.ToLower(name)) {
				cands = append(cands, cmd.name+" ")
			}
		}
	} else {
		cmd, ok := c.find(name)
		if !ok || cmd.complete == nil {
			c.hint = ""
			return
		}
		base = cmd.name + " "
		cands = cmd.complete(a, arg)
	}
	c.cands, c.candAt, c.base = cands, 0, base
	switch len(cands) {
	case 0:
		c.hint = "no completion"
		return
	case 1:
		c.setCompleted(base + cands[0])
		c.hint = ""
	default:
		// The common prefix first; tab again cycles.
		p := commonPrefix(cands)
		typed := arg
		if !hasArg {
			typed = name
		}
		if len(p) > len(typed) {
			c.setCompleted(base + p)
			c.cands = nil
		} else {
			c.setCompleted(base + cands[0])
		}
		c.hint = strings.Join(cands, " ")
	}
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// find looks a command up by name or unique prefix.
func (c *cmdline) find(name string) (command, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	var hit []command
	for _, cmd := range c.cmds {
		if cmd.name == name {
			return cmd, true
		}
		if name != "" && strings.HasPrefix(cmd.name, name) {
			hit = append(hit, cmd)
		}
	}
	if len(hit) == 1 {
		return hit[0], true
	}
	return command{}, false
}

// caseCommands act on the case targets: the marked cases in the queue.
var caseCommands = map[string]bool{"claim": true, "assign": true, "status": true, "priority": true, "tag": true,
	"untag": true, "transfer": true, "note": true, "followup": true, "recovery": true}

func (c *cmdline) view(a *app) string {
	w := a.w
	hint := ""
	name, _, has := strings.Cut(strings.TrimLeft(c.input.Value(), " "), " ")
	cmd, found := c.find(name)
	if c.hint != "" {
		hint = "  " + c.hint
	} else if has && found {
		hint = "  " + cmd.name + " " + cmd.args + " — " + cmd.about
	}
	// What a case command will act on comes first, so it is never cut:
	// "3 marked".
	if found && has && caseCommands[cmd.name] && a.focus != paneCase {
		if n := a.orders.markedCount(); n > 0 {
			hint = fmt.Sprintf("  %d marked ·%s", n, strings.TrimPrefix(hint, " "))
		}
	}
	// The hint takes the room the typed text and its cursor leave, and
	// half the line at least, where a long command scrolls instead.
	room := max(w-cells.Width(c.input.Prompt+c.input.Value())-1, w/2, 0)
	hw := cells.Width(hint)
	if hw > room {
		hint = Truncate(hint, room)
		hw = cells.Width(hint)
	}
	c.input.Width = max(w-hw-2, 1)
	k := cmdlineShown{value: c.input.Value(), hint: hint, pos: c.input.Position(), w: w, focused: c.input.Focused(), st: a.e.styles}
	return c.drawn.get(k, func() string {
		line := inputView(c.input, max(w-hw, 0), a.e.styles)
		if lw := cells.Width(line); lw+hw > w {
			line = ansi.Truncate(line, max(w-hw, 0), "")
		}
		return line + a.styled(&a.e.styles.Muted, hint)
	})
}

func (c *cmdline) shortHelp() []key.Binding {
	return []key.Binding{c.keys.Run, c.keys.Complete, c.keys.Cancel}
}

// runCommand runs a command line such as "assign bob".
func (a *app) runCommand(line string) tea.Cmd {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	name, arg, _ := strings.Cut(line, " ")
	cmd, ok := a.cmd.find(name)
	if !ok {
		if text, remote := a.throughSSH(name); remote {
			return statusMsg{text: text, err: true}.cmd()
		}
		return statusMsg{text: fmt.Sprintf("unknown command %q (tab lists them)", name), err: true}.cmd()
	}
	return cmd.run(a, strings.TrimSpace(arg))
}

func cmdView(a *app, arg string) tea.Cmd {
	if i, ok := a.orders.findSaved(arg); ok {
		a.setFocus(paneQueue)
		return a.orders.openSaved(i)
	}
	v, ok := caseindex.ParseView(arg)
	if !ok {
		return statusMsg{text: "view: " + strings.Join(append(viewCmdNames(), a.orders.savedNames()...), ", "), err: true}.cmd()
	}
	a.setFocus(paneQueue)
	return a.orders.setView(v)
}

func viewCmdNames() []string {
	var out []string
	for v := range caseindex.NumViews {
		out = append(out, v.Command())
	}
	return out
}

func cmdSort(a *app, arg string) tea.Cmd {
	s, ok := caseindex.ParseSort(arg)
	if !ok {
		return statusMsg{text: "sort: priority, newest, oldest or updated", err: true}.cmd()
	}
	a.setFocus(paneQueue)
	return a.orders.setSort(s)
}

func cmdSearch(a *app, arg string) tea.Cmd {
	a.setFocus(paneQueue)
	if arg == "" {
		return a.orders.openSearch()
	}
	return a.orders.setQuery(arg, "", false)
}

// caseTargets are the cases a case command applies to.
func (a *app) caseTargets() []model.CaseID {
	if a.focus == paneCase && a.opened != 0 {
		return []model.CaseID{a.opened}
	}
	return a.orders.targets()
}

// actCmd makes a command that applies one action to the targets. label
// has a %s for what it applied to ("case 12" or "5").
func actCmd(parse func(arg string) (string, model.Action, error)) func(a *app, arg string) tea.Cmd {
	return func(a *app, arg string) tea.Cmd {
		label, act, err := parse(arg)
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		return a.act(a.caseTargets(), label, act)
	}
}

// cmdTag adds a tag to the marked cases or the selected one. A tag the
// taxonomy does not know takes the same command twice, as in the tag
// picker: a typo must not become an issue on the heatmap.
func cmdTag(a *app, arg string) tea.Cmd {
	t, err := model.NormalizeTag(arg)
	if err != nil {
		return statusMsg{text: errText(err), err: true}.cmd()
	}
	if a.newTagArmed != t {
		tax, err := a.e.svc.Taxonomy()
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		if _, known := tax.Find(t); !known {
			if err := model.CheckNewTag(t); err != nil {
				return statusMsg{text: errText(err), err: true}.cmd()
			}
			a.newTagArmed = t
			return func() tea.Msg {
				return statusMsg{text: Clean(t) + " is a new tag: run :tag " + Clean(t) + " again to create it"}
			}
		}
	}
	a.newTagArmed = ""
	return a.act(a.caseTargets(), "tagged %s with "+formatSafe(t), model.AddTag{Tag: t})
}

// formatSafe lets typed text into a label that is a format string.
func formatSafe(s string) string { return strings.ReplaceAll(s, "%", "%%") }

func parseAssign(arg string) (string, model.Action, error) {
	to := strings.TrimSpace(arg)
	switch strings.ToLower(to) {
	case "":
		return "", nil, model.Errorf(model.EINVALID, "assign: name an agent, or none")
	case "none", "-", "nobody":
		return "unassigned %s", model.Assign{To: ""}, nil
	}
	return "assigned %s to " + formatSafe(to), model.Assign{To: to}, nil
}

// cmdAssign assigns the marked cases or the selected one. A name no agent
// of the desk has takes the same command twice: a case assigned to a typo
// vanishes from every "My cases" (the team server refuses it outright).
func cmdAssign(a *app, arg string) tea.Cmd {
	label, act, err := parseAssign(arg)
	if err != nil {
		return statusMsg{text: errText(err), err: true}.cmd()
	}
	to := act.(model.Assign).To
	if to != "" && !slices.Contains(completeAgents(a, ""), to) {
		if a.e.agents != nil {
			// The desk lists its agents: a name off the list is refused.
			return statusMsg{text: notAnAgent(to, a.e.agents()), err: true}.cmd()
		}
		if a.assignArmed != to {
			a.assignArmed = to
			return statusMsg{text: Clean(to) + " is not an agent of this desk: run :assign " + Clean(to) + " again to assign anyway", err: true}.cmd()
		}
	}
	a.assignArmed = ""
	return a.act(a.caseTargets(), label, act)
}

func cmdNote(a *app, arg string) tea.Cmd {
	if arg == "" {
		if a.focus == paneCase {
			return a.send(paneCase, noteMsg{id: a.opened})
		}
		return statusMsg{text: "open a case (enter) and press n to write a note, or type :note TEXT"}.cmd()
	}
	return a.act(a.caseTargets(), "noted %s", model.AddNote{Text: arg})
}

func cmdUndo(a *app, _ string) tea.Cmd {
	if a.focus == paneCase && a.opened != 0 {
		return a.undo(a.opened)
	}
	return a.undo(0)
}

func cmdReply(a *app, _ string) tea.Cmd {
	if a.focus == paneCase {
		return a.send(paneCase, composeMsg{id: a.opened})
	}
	return statusMsg{text: "open a case (enter) to reply to the customer"}.cmd()
}

func cmdFollowUp(a *app, arg string) tea.Cmd {
	at, err := model.ParseFollowUp(arg, a.e.now(), a.e.loc)
	if err != nil {
		return statusMsg{text: errText(err), err: true}.cmd()
	}
	if now := a.e.now(); !at.IsZero() && at.Before(now) && a.pastFollowUpArmed != arg {
		a.pastFollowUpArmed = arg
		return statusMsg{text: pastFollowUp(now, at, "run :followup "+Clean(arg)+" again to set it anyway")}.cmd()
	}
	a.pastFollowUpArmed = ""
	label := "cleared the follow-up of %s"
	if !at.IsZero() {
		label = "follow-up for %s set to " + at.In(a.e.loc).Format("Mon 2 Jan 15:04")
	}
	return a.act(a.caseTargets(), label, model.SetFollowUp{At: at})
}

func cmdRecovery(a *app, arg string) tea.Cmd {
	kind, text, _ := strings.Cut(arg, " ")
	if kind == "" {
		return statusMsg{text: "recovery: KIND TEXT, KIND one of " + strings.Join(model.RecoveryKinds, ", "), err: true}.cmd()
	}
	if !slices.Contains(model.RecoveryKinds, strings.ToLower(kind)) {
		kind, text = "other", arg
	}
	return a.act(a.caseTargets(), "recorded recovery on %s",
		model.SetRecovery{Recovery: model.Recovery{Kind: kind, Text: strings.TrimSpace(text)}})
}

func cmdImport(a *app, arg string) tea.Cmd {
	if arg == "" {
		return a.cmd.openWith("import ")
	}
	return a.imp.start(a, arg)
}

func cmdOpen(a *app, arg string) tea.Cmd {
	if arg == "" {
		return statusMsg{text: "open: give a case's external id", err: true}.cmd()
	}
	svc := a.e.svc
	return func() tea.Msg {
		c, err := svc.CaseByExternalID(arg)
		if err != nil {
			return statusMsg{text: "open " + Clean(arg) + ": " + errText(err), err: true}
		}
		return openCaseMsg{id: c.ID, found: &c}
	}
}

// cmdRename is :rename FROM TO, asked and run in the tags pane, which
// shows what will change and asks y/n.
func cmdRename(a *app, arg string) tea.Cmd {
	if a.panes[paneTags] == nil {
		return statusMsg{text: "taxonomy care is not available here", err: true}.cmd()
	}
	if may := a.e.mayCareTaxonomy; may != nil {
		if err := may(); err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
	}
	show := a.focusPane(paneTags)
	return tea.Batch(show, a.send(paneTags, renameMsg(arg)))
}

// completeRename completes FROM, then TO, from the tags in use.
func completeRename(a *app, arg string) []string {
	from, to, two := strings.Cut(arg, " ")
	if !two {
		return completeTags(a, arg)
	}
	var out []string
	for _, t := range completeTags(a, to) {
		out = append(out, from+" "+t)
	}
	return out
}
