package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Whole areas (A in the tags pane, :rename product/* goods/*): every tag
// of an area renamed as one change, merging where the new name
// exists, after a y/n that names the tags and the distinct cases. And
// labels (l): a readable name for a tag, shown where room allows.

// taxAreaOp is an area rename or move waiting for its confirmation.
type taxAreaOp struct {
	from, to       string
	tags, cases    int // of area from
	toTags, merges int // tags already in area to; of them, tags that merge
	toCases        int
	team           string // the team owning area from, if any
}

// taxAreaReadyMsg brings the distinct case counts an area question needs
// (the area × day counters, summed: O(days), not O(cases)).
type taxAreaReadyMsg struct {
	op  taxAreaOp
	err error
}

// areaTags are the tags of area a in the loaded taxonomy.
func (p *taxonomyPane) areaTags(a string) []model.TagInfo {
	var out []model.TagInfo
	for _, t := range p.tags {
		if model.TagArea(t.Tag) == a {
			out = append(out, t)
		}
	}
	return out
}

// proposeArea asks, once the case counts are read, whether to rename or
// move area from to to.
func (p *taxonomyPane) proposeArea(from, to string) tea.Cmd {
	p.closeInput()
	if from == to {
		return statusMsg{text: "the area is already called " + Clean(to)}.cmd()
	}
	tags := p.areaTags(from)
	if len(tags) == 0 {
		return statusMsg{text: "no tag in area " + Clean(from), err: true}.cmd()
	}
	op := taxAreaOp{from: from, to: to, tags: len(tags)}
	for _, t := range p.areaTags(to) {
		op.toTags++
		newName := strings.TrimSuffix(to+"/"+model.TagIssue(t.Tag), "/")
		for _, f := range tags {
			if newName == strings.TrimSuffix(to+"/"+model.TagIssue(f.Tag), "/") {
				op.merges++
			}
		}
	}
	if r := p.e.svc.Routing(); r != nil {
		for _, tm := range r.Teams {
			for _, a := range tm.Areas {
				if strings.EqualFold(strings.TrimSpace(a), from) {
					op.team = tm.Name
				}
			}
		}
	}
	svc := p.e.svc
	return func() tea.Msg {
		counts, err := svc.AreaDayCounts(math.MinInt32, math.MaxInt32)
		if err != nil {
			return taxAreaReadyMsg{err: err}
		}
		for _, c := range counts {
			switch c.Tag {
			case op.from:
				op.cases += c.Count
			case op.to:
				op.toCases += c.Count
			}
		}
		return taxAreaReadyMsg{op: op}
	}
}

func (p *taxonomyPane) areaReady(msg taxAreaReadyMsg) tea.Cmd {
	if msg.err != nil {
		return statusMsg{text: "could not count the area's cases: " + errText(msg.err), err: true}.cmd()
	}
	p.pendingArea = &msg.op
	p.inputKind = taxConfirm
	return nil
}

// areaQuestion is the y/n line of an area change: what moves, what
// merges, and what happens to the team that owns the area.
func (op *taxAreaOp) question() string {
	what := fmt.Sprintf("rename area %s (%s, %s) to %s?", op.from, plural(op.tags, "tag"), plural(op.cases, "case"), op.to)
	if op.toTags > 0 {
		what = fmt.Sprintf("move area %s (%s, %s) into %s (%s, %s)?", op.from, plural(op.tags, "tag"), plural(op.cases, "case"),
			op.to, plural(op.toTags, "tag"), plural(op.toCases, "case"))
		switch {
		case op.merges == 1:
			what += fmt.Sprintf(" 1 tag merges into %s's tag of the same name.", op.to)
		case op.merges > 1:
			what += fmt.Sprintf(" %d tags merge into %s's tags of the same name.", op.merges, op.to)
		}
	}
	return what + " No undo. y/n"
}

// areaLines show, above the question, what an area change will do: each
// tag and its new name, and what becomes of the team owning the area.
func (p *taxonomyPane) areaLines(op *taxAreaOp) []string {
	st := p.e.styles
	var out []string
	if op.team != "" {
		note := fmt.Sprintf("team %s owns %s: it keeps its cases; new %s/ cases reach it once the config's areas name %s",
			Clean(op.team), Clean(op.from), Clean(op.to), Clean(op.to))
		for _, l := range strings.Split(ansi.Wrap(note, max(p.w-2, 10), " "), "\n") {
			out = append(out, st.Warning.Render(Truncate("  "+l, p.w)))
		}
	}
	tagW := max((p.w-2-7-3-7-8)/2, 8)
	out = append(out, st.Muted.Render("  "+Fit("TAG", tagW)+fmt.Sprintf("%7s", "CASES")+"   "+Fit("BECOMES", tagW)))
	for _, t := range p.areaTags(op.from) {
		to := strings.TrimSuffix(op.to+"/"+model.TagIssue(t.Tag), "/")
		line := "  " + Fit(TruncateMiddle(t.Tag, tagW), tagW) + fmt.Sprintf("%7d", t.Cases) + " → " + Fit(TruncateMiddle(to, tagW), tagW)
		if n, ok := p.byName[to]; ok {
			line += fmt.Sprintf(" %s, merges", plural(p.tags[n].Cases, "case"))
		}
		out = append(out, line)
	}
	return out
}

// runArea writes an area change and says what it did.
func (p *taxonomyPane) runArea(op taxAreaOp) tea.Cmd {
	if p.busy {
		return statusMsg{text: "still writing the last change", err: true}.cmd()
	}
	p.busy = true
	svc, agent, focus := p.e.svc, p.e.agent, p.curTag
	note := areaLosingNote(p.e.views, p.areaTags(op.from), op.from, op.to)
	if issue := model.TagIssue(focus); model.TagArea(focus) == op.from {
		focus = strings.TrimSuffix(op.to+"/"+issue, "/")
	}
	return func() tea.Msg {
		tags, cases, err := svc.RenameArea(op.from, op.to, agent)
		if err != nil {
			return taxDoneMsg{err: err}
		}
		text := fmt.Sprintf("moved area %s to %s: %s on %s", Clean(op.from), Clean(op.to), plural(tags, "tag"), plural(cases, "case"))
		if op.team != "" {
			// Routing reads the config's areas: say so after the change too,
			// where the lead looks, or new cases reach no team in silence.
			text += fmt.Sprintf(" — team %s's areas name %s: new %s/ cases reach no team until the config names %s",
				Clean(op.team), Clean(op.from), Clean(op.to), Clean(op.to))
		}
		return taxDoneMsg{text: text + note, focus: focus}
	}
}

// renameCommand is :rename FROM TO: a tag (merging into TO when it
// exists, after a y/n) or, with FROM written area/* or area/, the area.
func (p *taxonomyPane) renameCommand(arg string) tea.Cmd {
	f := strings.Fields(arg)
	if len(f) != 2 {
		return statusMsg{text: "rename: :rename FROM TO (a tag, or a whole area as product/* goods/*)", err: true}.cmd()
	}
	if strings.HasSuffix(f[0], "/*") || strings.HasSuffix(f[0], "/") {
		from, err := model.NormalizeArea(f[0])
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		to, err := model.NormalizeArea(f[1])
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		return p.proposeArea(from, to)
	}
	from, err := model.NormalizeTag(f[0])
	if err != nil {
		return statusMsg{text: errText(err), err: true}.cmd()
	}
	if _, ok := p.byName[from]; !ok {
		return statusMsg{text: "no tag " + Clean(from) + " (a whole area: " + Clean(model.TagArea(from)) + "/*)", err: true}.cmd()
	}
	to, err := model.NormalizeTag(f[1])
	if err != nil {
		return statusMsg{text: errText(err), err: true}.cmd()
	}
	p.curTag = from
	p.refilter()
	return p.propose(from, to)
}

// setLabel writes a tag's label.
func (p *taxonomyPane) setLabel(tag, label string) tea.Cmd {
	p.closeInput()
	if p.busy {
		return statusMsg{text: "still writing the last change", err: true}.cmd()
	}
	p.busy = true
	svc, agent := p.e.svc, p.e.agent
	return func() tea.Msg {
		if err := svc.SetTagLabel(tag, label, agent); err != nil {
			return taxDoneMsg{err: err}
		}
		if strings.TrimSpace(label) == "" {
			return taxDoneMsg{text: "took the label off " + Clean(tag), focus: tag}
		}
		return taxDoneMsg{text: fmt.Sprintf("labelled %s %q", Clean(tag), Clean(label)), focus: tag}
	}
}
