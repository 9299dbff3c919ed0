package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

type repliesMsg struct {
	replies  []model.Reply
	err      error
	selectID uint64 // select this template once loaded
}

type replySavedMsg struct {
	r   model.Reply
	err error
}

type replyDeletedMsg struct {
	name string
	err  error
}

type replyMode uint8

const (
	replyList          replyMode = iota // pick a template, preview it expanded
	replyForm                           // create or edit a template
	replyConfirmDelete                  // delete the selected template? y/n
)

// replyPicker picks a canned reply with fuzzy search, previews it with the
// case's {{customer}}, {{case}} and {{agent}} filled in, and opens the
// reply composer with it (composeMsg, composer.go). Templates live in the
// database and are created, edited and deleted here.
type replyPicker struct {
	edBase
	mode      replyMode
	filter    textinput.Model
	matches   []int // indexes into replies
	sel       int
	formName  textinput.Model
	formText  textarea.Model
	formTextV areaView
	formID    uint64
	formOn    int // 0 name, 1 text
	loaded    bool
	// deleted is the template this screen deleted: its going is no news
	deleted uint64

	svc replyStore
	// mayChange says whether this agent may create, edit or delete the
	// desk's templates (env.mayCareReplies; nil: they may). An agent on a
	// team server only uses them: the keys are neither offered nor taken.
	mayChange func() error
	replies   []model.Reply     // the templates, by name
	vars      map[string]string // the case's values for the placeholders
}

// replyStore is where the templates live.
type replyStore interface {
	Replies() ([]model.Reply, error)
	model.ReplyWriter
}

func (p *casePane) openReplies() tea.Cmd {
	// refused at R as at r, before a list is browsed (enter would refuse)
	if reply, _ := p.replyAction(); p.refused(reply) != nil {
		return p.refused(reply)
	}
	rp := &replyPicker{edBase: p.edBase(), filter: newInput("search templates", p.lay.caseW),
		formName: newInput("", p.lay.caseW), formText: newTextArea(""),
		svc: p.e.svc, mayChange: p.e.mayCareReplies, replies: p.replies, vars: p.replyVars()}
	rp.refilter()
	p.openEditor(rp)
	return rp.load(0)
}

// load reads the templates, to select selectID once read.
func (rp *replyPicker) load(selectID uint64) tea.Cmd {
	svc := rp.svc
	return func() tea.Msg {
		rs, err := svc.Replies()
		return repliesMsg{replies: rs, err: err, selectID: selectID}
	}
}

// replyVars are the values a template's placeholders take for the shown
// case. An anonymous case has no {{customer}}: it stays visible in the
// preview for the agent to fill in.
func (p *casePane) replyVars() map[string]string {
	vars := map[string]string{"agent": p.e.agent, "case": fmt.Sprintf("#%d", p.c.ID)}
	if p.c.ExternalID != "" && !model.IsMailKey(p.c.ExternalID) { // a mail's key means nothing to a customer
		vars["case"] = Clean(p.c.ExternalID)
	}
	if p.c.CustomerID != 0 && p.cust.DisplayName() != "" {
		vars["customer"] = Clean(p.cust.DisplayName())
	}
	return vars
}

// careRefused is why this agent may not change the templates, "" if they may.
func (rp *replyPicker) careRefused() string {
	if rp.mayChange == nil {
		return ""
	}
	if err := rp.mayChange(); err != nil {
		return errText(err)
	}
	return ""
}

func (rp *replyPicker) expand(r model.Reply) string {
	return model.ExpandReply(CleanBlock(r.Text), rp.vars)
}

func (rp *replyPicker) refilter() {
	var selID uint64
	if r, ok := rp.selected(); ok {
		selID = r.ID
	}
	rp.refilterAt(selID)
}

// refilterAt ranks the templates for the typed filter, keeping template
// selID highlighted when nothing is typed.
func (rp *replyPicker) refilterAt(selID uint64) {
	q := strings.TrimSpace(rp.filter.Value())
	names := make([]string, len(rp.replies))
	for i, r := range rp.replies {
		names[i] = r.Name
	}
	rp.matches = rankMatches(q, names)
	rp.sel = 0
	for i, m := range rp.matches {
		if rp.replies[m].ID == selID && q == "" {
			rp.sel = i
		}
	}
}

func (rp *replyPicker) selected() (model.Reply, bool) {
	if rp.sel >= 0 && rp.sel < len(rp.matches) && rp.matches[rp.sel] < len(rp.replies) {
		return rp.replies[rp.matches[rp.sel]], true
	}
	return model.Reply{}, false
}

func (rp *replyPicker) title() string {
	switch rp.mode {
	case replyForm:
		if rp.formID != 0 {
			return "Edit template"
		}
		return "New template"
	}
	return "Canned replies"
}

func (rp *replyPicker) want(int) int { return 16 }

func (rp *replyPicker) setSize(w, h int) {
	rp.edBase.setSize(w, h)
	rp.filter.Width = max(w-3, 1)
	rp.formName.Width = max(w-9, 1)
	rp.formText.SetWidth(max(w, 3))
	rp.formText.SetHeight(max(h-2, 1))
}

func (rp *replyPicker) help() []key.Binding {
	k := newEditKeys()
	switch rp.mode {
	case replyForm:
		return []key.Binding{withHelp(k.Save, "ctrl+s", "save template"), k.SwitchField, withHelp(k.Cancel, "esc", "back")}
	case replyConfirmDelete:
		return []key.Binding{k.Yes, k.No}
	}
	keys := []key.Binding{withHelp(k.Submit, "enter", "reply with it"), withHelp(k.Next, "↓/↑", "move")}
	if rp.careRefused() == "" {
		keys = append(keys, k.New, k.Edit, k.Del)
	}
	return append(keys, withHelp(k.Cancel, "esc", "close"))
}

// repliesLoaded takes a fresh list of templates: the pane keeps it, to show
// at once the next time the picker opens, and hands it to the open picker.
func (p *casePane) repliesLoaded(m repliesMsg) tea.Cmd {
	if m.err != nil {
		return statusMsg{text: "could not read canned replies: " + errText(m.err), err: true}.cmd()
	}
	p.replies = slices.Clone(m.replies)
	slices.SortStableFunc(p.replies, func(a, b model.Reply) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	if rt, ok := p.ed.(repliesTaker); ok {
		rt.setReplies(p.replies, m.selectID)
	}
	return nil
}

func (rp *replyPicker) reload() tea.Cmd { return rp.load(0) }

func (rp *replyPicker) setReplies(rs []model.Reply, selectID uint64) {
	was, had := rp.selected()
	rp.replies = rs
	rp.loaded = true
	rp.refilterAt(was.ID)
	if had && rp.mode == replyList && !slices.ContainsFunc(rs, func(r model.Reply) bool { return r.ID == was.ID }) && was.ID != rp.deleted {
		// a lead deleted the template this agent was reading: said, so
		// that enter does not reply with its neighbour unawares
		rp.err = "template " + Clean(was.Name) + " was deleted by a lead"
		if r, ok := rp.selected(); ok {
			rp.err += "; now on " + Clean(r.Name)
		}
	}
	if selectID != 0 {
		rp.filter.Reset()
		rp.refilter()
		for i, idx := range rp.matches {
			if rp.replies[idx].ID == selectID {
				rp.sel = i
			}
		}
	}
}

func (rp *replyPicker) update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case replySavedMsg:
		if m.err != nil {
			rp.err = errText(m.err)
			return statusMsg{text: "could not save template: " + rp.err, err: true}.cmd()
		}
		rp.err = ""
		rp.mode = replyList
		return tea.Batch(rp.load(m.r.ID), statusMsg{text: "template " + Clean(m.r.Name) + " saved"}.cmd())
	case replyDeletedMsg:
		rp.mode = replyList
		if m.err != nil {
			rp.err = errText(m.err)
			return statusMsg{text: "could not delete template: " + rp.err, err: true}.cmd()
		}
		rp.err = ""
		return tea.Batch(rp.load(0), statusMsg{text: "template " + Clean(m.name) + " deleted"}.cmd())
	case tea.KeyMsg:
		switch rp.mode {
		case replyList:
			return rp.listKey(m)
		case replyForm:
			return rp.formKey(m)
		case replyConfirmDelete:
			return rp.confirmDeleteKey(m)
		}
	}
	return nil
}

func (rp *replyPicker) listKey(m tea.KeyMsg) tea.Cmd {
	switch m.String() {
	case "esc":
		return rp.close("")
	case "down", "tab", "ctrl+j":
		rp.sel = min(rp.sel+1, max(len(rp.matches)-1, 0))
		return nil
	case "up", "shift+tab", "ctrl+k":
		rp.sel = max(rp.sel-1, 0)
		return nil
	case "enter":
		r, ok := rp.selected()
		if !ok {
			return nil
		}
		id, text := rp.id, rp.expand(r)
		return func() tea.Msg { return composeMsg{id: id, text: text} }
	case "ctrl+n", "ctrl+e", "ctrl+x":
		return rp.careKey(m.String())
	}
	var cmd tea.Cmd
	before := rp.filter.Value()
	rp.filter, cmd = rp.filter.Update(m)
	if rp.filter.Value() != before {
		rp.refilter()
	}
	return cmd
}

// careKey creates, edits or deletes a template, for those who may; an
// agent who may not is told at the key, with no form or question opened.
func (rp *replyPicker) careKey(k string) tea.Cmd {
	if why := rp.careRefused(); why != "" {
		rp.err = why
		return nil
	}
	switch k {
	case "ctrl+n":
		rp.openForm(model.Reply{})
		return nil
	case "ctrl+e":
		if r, ok := rp.selected(); ok {
			rp.openForm(r)
		}
		return nil
	case "ctrl+x":
		if _, ok := rp.selected(); ok {
			rp.mode = replyConfirmDelete
		}
	}
	return nil
}

// named is the template called name, ignoring case: the desk's list has
// one of each, so no agent has to guess which is the desk's.
func (rp *replyPicker) named(name string) (model.Reply, bool) {
	for _, r := range rp.replies {
		if strings.EqualFold(strings.TrimSpace(r.Name), name) {
			return r, true
		}
	}
	return model.Reply{}, false
}

func (rp *replyPicker) openForm(r model.Reply) {
	rp.formID = r.ID
	rp.formName = newInput("template name", rp.w)
	rp.formName.Prompt = "name > "
	rp.formName.SetValue(Clean(r.Name))
	rp.formText = newTextArea("Hello {{customer}}, … — {{case}} and {{agent}} are filled in too")
	rp.formText.SetValue(CleanBlock(r.Text))
	rp.formText.Blur()
	rp.formOn = 0
	rp.mode, rp.err = replyForm, ""
}

func (rp *replyPicker) formKey(m tea.KeyMsg) tea.Cmd {
	switch m.String() {
	case "esc":
		rp.mode, rp.err = replyList, ""
		return nil
	case "tab", "shift+tab":
		if rp.formOn == 0 {
			rp.formOn = 1
			rp.formName.Blur()
			return rp.formText.Focus()
		}
		rp.formOn = 0
		rp.formText.Blur()
		return rp.formName.Focus()
	case "ctrl+s":
		name := strings.TrimSpace(rp.formName.Value())
		text := rp.formText.Value()
		switch {
		case name == "":
			rp.err = "the template needs a name"
			return nil
		case strings.TrimSpace(text) == "":
			rp.err = "the template is empty"
			return nil
		}
		if o, ok := rp.named(name); ok && o.ID != rp.formID {
			rp.err = "a template named " + Clean(o.Name) + " exists: ctrl+e edits it"
			return nil
		}
		svc, r := rp.svc, model.Reply{ID: rp.formID, Name: name, Text: text}
		return func() tea.Msg {
			saved, err := svc.SaveReply(r)
			return replySavedMsg{r: saved, err: err}
		}
	}
	var cmd tea.Cmd
	if rp.formOn == 0 {
		rp.formName, cmd = rp.formName.Update(m)
	} else {
		rp.formText, cmd = rp.formText.Update(m)
	}
	return cmd
}

func (rp *replyPicker) confirmDeleteKey(m tea.KeyMsg) tea.Cmd {
	switch m.String() {
	case "y", "Y":
		r, ok := rp.selected()
		if !ok {
			rp.mode = replyList
			return nil
		}
		svc := rp.svc
		rp.deleted = r.ID
		return func() tea.Msg {
			return replyDeletedMsg{name: r.Name, err: svc.DeleteReply(r.ID)}
		}
	case "n", "N", "esc":
		rp.mode = replyList
	}
	return nil
}

func (rp *replyPicker) view() []string {
	st := rp.st
	h := max(rp.h, 1)
	foot := func(lines []string, text string) []string {
		last := st.Muted.Render(Truncate(text, rp.w))
		if rp.err != "" {
			last = rp.errLine(st)
		}
		return append(fitLines(lines, h-1), last)
	}
	switch rp.mode {
	case replyForm:
		lines := []string{inputView(rp.formName, rp.w, st)}
		lines = append(lines, rp.formTextV.render(rp.formText, rp.w, max(h-2, 0), st)...)
		return foot(lines, "tab name/text · ctrl+s save template · esc back")
	}

	lines := []string{inputView(rp.filter, rp.w, st)}
	listRows := min(max(h/3, 1), 6)
	switch {
	case !rp.loaded && len(rp.replies) == 0:
		lines = append(lines, st.Muted.Render("  loading…"))
	case len(rp.replies) == 0 && rp.careRefused() != "":
		lines = append(lines, st.Muted.Render(Truncate("  no templates yet — a lead adds them", rp.w)))
	case len(rp.replies) == 0:
		lines = append(lines, st.Muted.Render(Truncate("  no templates yet — ctrl+n creates one", rp.w)))
	case len(rp.matches) == 0:
		lines = append(lines, st.Muted.Render(Truncate("  no template matches", rp.w)))
	}
	top := 0
	if rp.sel >= listRows {
		top = rp.sel - listRows + 1
	}
	for i := top; i < len(rp.matches) && i < top+listRows; i++ {
		name := Clean(rp.replies[rp.matches[i]].Name)
		if i == rp.sel {
			lines = append(lines, st.Selected.Render(fitLine("▸ "+name, rp.w)))
		} else {
			lines = append(lines, "  "+name)
		}
	}
	lines = fitLines(lines, 1+listRows)
	if r, ok := rp.selected(); ok {
		lines = append(lines, st.Muted.Render(Truncate("preview · "+Clean(r.Name), rp.w)))
		for _, l := range wrapText(rp.expand(r), max(rp.w-2, 1)) {
			lines = append(lines, "  "+l)
		}
	}
	if len(lines) > h-1 {
		lines = lines[:max(h-1, 0)]
	}
	if rp.mode == replyConfirmDelete {
		r, _ := rp.selected()
		return append(fitLines(lines, h-1), st.Warning.Render(Truncate(fmt.Sprintf("delete template %q? y/n", Clean(r.Name)), rp.w)))
	}
	if rp.careRefused() != "" {
		return foot(lines, "enter reply with it · esc close · a lead keeps the templates")
	}
	return foot(lines, "enter reply with it · ctrl+n new · ctrl+e edit · ctrl+x delete · esc close")
}
