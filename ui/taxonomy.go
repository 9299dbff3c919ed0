package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Taxonomy care (:tags): the team lead keeps the issue tags clean, so the
// heatmap counts one problem in one row. Every change is one store call
// (RenameTag, RetireTag) in which the cases and the counters follow as one
// change (written in steps that agents' saves go between); the status
// line says what happened.

type taxMode uint8

const (
	taxList taxMode = iota
	taxDups
)

type taxInput uint8

const (
	taxNoInput taxInput = iota
	taxFilter
	taxRename
	taxArea
	taxPick
	taxConfirm
	taxAreaTo // the new name of the current tag's whole area
	taxLabel
)

// taxPair is two tags that look alike, from (the smaller) to be merged
// into to.
type taxPair struct {
	from, to string
	reason   string
	rank     int // lower is more alike
}

// taxOp is a rename or merge waiting for its confirmation.
type taxOp struct {
	from, to string
	merge    bool
	// retire: retire (or bring back) from instead of renaming it
	retire *model.TagInfo
}

type taxLoadedMsg struct {
	seq  int
	tags []model.TagInfo
	dups []taxPair
	err  error
}

// taxDoneMsg reports a finished change; focus is the tag to put the
// cursor on after the reload.
type taxDoneMsg struct {
	text  string
	focus string
	err   error
}

type taxTickMsg struct{ gen int }

// renameMsg is :rename FROM TO, which the pane shows and asks y/n about.
type renameMsg string

type taxonomyPane struct {
	e    *env
	keys taxonomyKeys
	w, h int

	tags   []model.TagInfo
	byName map[string]int
	// widestTag is the longest tag's width on screen, labelled whether
	// any tag has a label (taxCols): found once per load, not per frame.
	widestTag int
	labelled  bool
	dups      []taxPair
	loaded    bool
	loading   bool
	seq       int
	errTxt    string
	busy      bool // a change is being written

	shownLater

	filter string
	shown  []int // indexes into tags, filtered
	cur    int
	top    int
	curTag string

	mode taxMode
	dcur int
	dtop int

	input     textinput.Model
	inputKind taxInput
	pick      []int // merge targets, fuzzy-filtered
	pcur      int
	pending   taxOp
	// pendingArea is an area change waiting for its y/n (taxonomy_area.go).
	pendingArea *taxAreaOp
	// afterLoad is a :rename typed before the taxonomy was read.
	afterLoad string
	// focusAfter: the next load puts the cursor on curTag, the tag a
	// change kept, clearing a filter that hides it.
	focusAfter bool
}

func newTaxonomyPane(e *env) *taxonomyPane {
	in := lineInput("", "", model.MaxTagLen*2)
	return &taxonomyPane{e: e, keys: remapped(newTaxonomyKeys(), e), input: in, byName: map[string]int{}}
}

// What the root may ask of the tags pane (pane.go).
var (
	_ pane      = (*taxonomyPane)(nil)
	_ titled    = (*taxonomyPane)(nil)
	_ refresher = (*taxonomyPane)(nil)
)

// Init loads the taxonomy only when the pane starts on screen: finding
// near duplicates is O(tags²), and a team server opens every screen on
// the queue. Out of sight, the first show loads it (refresh).
func (p *taxonomyPane) Init() tea.Cmd { return p.start(p.e, p, p.load) }

func (p *taxonomyPane) SetSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.input.Width = max(p.w-20, 1)
	p.fixScroll()
}

func (p *taxonomyPane) Capturing() bool { return p.inputKind != taxNoInput }

// load reads the taxonomy and finds near duplicates off the Update loop.
// refresh reloads when changes came while the pane was out of sight.
func (p *taxonomyPane) refresh() tea.Cmd { return p.shownLater.refresh(p.load) }

func (p *taxonomyPane) load() tea.Cmd {
	p.stale = false
	p.seq++
	p.loading = true
	seq, svc := p.seq, p.e.svc
	return func() tea.Msg {
		tax, err := svc.Taxonomy()
		if err != nil {
			return taxLoadedMsg{seq: seq, err: err}
		}
		tags := tax.Tags() // shared by every screen: the pane only reads them
		return taxLoadedMsg{seq: seq, tags: tags, dups: nearDuplicates(tags)}
	}
}

// noticed takes a frame's change notices (noticeTaker). Finding near
// duplicates is O(tags²), and agents add tags all day: the pane reloads
// at most twice a second, and only on screen.
func (p *taxonomyPane) noticed(chs []model.Change) tea.Cmd {
	if len(chs) == 0 {
		return nil
	}
	return p.changed(p.e, p, 500*time.Millisecond, func(gen int) tea.Msg { return taxTickMsg{gen: gen} })
}

func (p *taxonomyPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case taxLoadedMsg:
		if msg.seq != p.seq {
			return nil
		}
		p.loading = false
		if msg.err != nil {
			p.errTxt = "could not read the tags: " + errText(msg.err)
			return nil
		}
		p.errTxt = ""
		want := p.curTag
		p.setTags(msg.tags, msg.dups)
		if p.focusAfter {
			// After a merge or rename the cursor goes to the tag kept,
			// even if the filter typed before would hide it: not to
			// whatever the filter still matches.
			p.focusAfter = false
			if t, ok := p.current(); ok && t.Tag != want && p.filter != "" {
				if _, exists := p.byName[want]; exists {
					p.filter, p.curTag = "", want
					p.refilter()
				}
			}
		}
		if arg := p.afterLoad; arg != "" {
			p.afterLoad = ""
			return p.renameCommand(arg)
		}
		return nil
	case renameMsg:
		if !p.loaded {
			p.afterLoad = string(msg) // asked once the tags are read
			return nil
		}
		return p.renameCommand(string(msg))
	case taxAreaReadyMsg:
		return p.areaReady(msg)
	case taxDoneMsg:
		p.busy = false
		if msg.err != nil {
			return tea.Batch(statusMsg{text: errText(msg.err), err: true}.cmd(), p.load())
		}
		if msg.focus != "" {
			p.curTag, p.focusAfter = msg.focus, true
		}
		return tea.Batch(statusMsg{text: msg.text}.cmd(), p.load())
	case changeMsg:
		return p.noticed([]model.Change{model.Change(msg)})
	case taxTickMsg:
		if !p.due(msg.gen) {
			return nil
		}
		return p.load()
	case tea.KeyMsg:
		if p.inputKind != taxNoInput {
			return p.inputKey(msg)
		}
		return p.key(msg)
	}
	return nil
}

func (p *taxonomyPane) setTags(tags []model.TagInfo, dups []taxPair) {
	p.tags, p.dups, p.loaded = tags, dups, true
	p.byName = make(map[string]int, len(tags))
	p.widestTag, p.labelled = 0, false
	for i, t := range tags {
		p.byName[t.Tag] = i
		p.widestTag = max(p.widestTag, cells.Width(Clean(t.Tag)))
		p.labelled = p.labelled || t.Label != ""
	}
	p.refilter()
	p.dcur = clampInt(p.dcur, 0, len(p.dups)-1)
	p.fixScroll()
}

// refilter applies the fuzzy filter, best match first, and keeps the
// cursor on its tag.
func (p *taxonomyPane) refilter() {
	p.shown = rankMatches(p.filter, p.names())
	p.cur = clampInt(p.cur, 0, len(p.shown)-1)
	for i, ti := range p.shown {
		if p.tags[ti].Tag == p.curTag {
			p.cur = i
			break
		}
	}
	p.syncCur()
}

func (p *taxonomyPane) names() []string {
	out := make([]string, len(p.tags))
	for i, t := range p.tags {
		out[i] = t.Tag
	}
	return out
}

func (p *taxonomyPane) syncCur() {
	if t, ok := p.current(); ok {
		p.curTag = t.Tag
	}
}

// current is the tag under the cursor in the list.
func (p *taxonomyPane) current() (model.TagInfo, bool) {
	if p.cur < 0 || p.cur >= len(p.shown) {
		return model.TagInfo{}, false
	}
	return p.tags[p.shown[p.cur]], true
}

func (p *taxonomyPane) bodyRows() int {
	// title, header, bottom line
	return max(p.h-3, 1)
}

func (p *taxonomyPane) fixScroll() {
	rows := p.bodyRows()
	p.top = showRow(p.cur, p.top, rows, len(p.shown))
	p.dtop = showRow(p.dcur, p.dtop, rows, len(p.dups))
}

func (p *taxonomyPane) key(k tea.KeyMsg) tea.Cmd {
	km := p.keys
	if p.mode == taxDups {
		return p.dupsKey(k)
	}
	if cur, ok := moveCursor(k, km.cursor(), p.cur, len(p.shown)); ok {
		p.cur = cur
		p.syncCur()
		p.fixScroll()
		return nil
	}
	if cmd, refused := p.refuseCare(k, km.Rename, km.Area, km.AreaAll, km.Label, km.Merge, km.Retire); refused {
		return cmd
	}
	switch {
	case key.Matches(k, km.Filter):
		return p.openInput(taxFilter, "filter: ", p.filter)
	case key.Matches(k, km.Clear):
		if p.filter != "" {
			p.filter = ""
			p.refilter()
		}
	case key.Matches(k, km.Dups):
		p.mode = taxDups
	case key.Matches(k, km.Reload):
		return p.load()
	case key.Matches(k, km.Rename):
		if t, ok := p.current(); ok {
			return p.openInput(taxRename, "rename "+Truncate(t.Tag, 30)+" to: ", t.Tag)
		}
	case key.Matches(k, km.Area):
		if t, ok := p.current(); ok {
			return p.openInput(taxArea, "move "+Truncate(t.Tag, 30)+" to area: ", model.TagArea(t.Tag))
		}
	case key.Matches(k, km.AreaAll):
		if t, ok := p.current(); ok {
			a := model.TagArea(t.Tag)
			return p.openInput(taxAreaTo, fmt.Sprintf("rename area %s (%s) to: ", Truncate(a, 30), plural(len(p.areaTags(a)), "tag")), a)
		}
	case key.Matches(k, km.Label):
		if t, ok := p.current(); ok {
			return p.openInput(taxLabel, "label "+Truncate(t.Tag, 30)+": ", t.Label)
		}
	case key.Matches(k, km.Merge):
		if t, ok := p.current(); ok {
			cmd := p.openInput(taxPick, "merge "+Truncate(t.Tag, 30)+" into: ", "")
			p.refreshPick()
			return cmd
		}
	case key.Matches(k, km.Retire):
		if t, ok := p.current(); ok {
			if t.Retired { // bringing a tag back takes nothing away
				return p.retire(t)
			}
			p.pending = taxOp{from: t.Tag, retire: &t}
			p.inputKind = taxConfirm
			return nil
		}
	default:
		return nil
	}
	p.syncCur()
	p.fixScroll()
	return nil
}

// refuseCare answers a key that changes the taxonomy, pressed by someone
// the desk would refuse (an agent on the team server), at once: not after
// the question and its y.
func (p *taxonomyPane) refuseCare(k tea.KeyMsg, changes ...key.Binding) (tea.Cmd, bool) {
	if p.e.mayCareTaxonomy == nil || !key.Matches(k, changes...) {
		return nil, false
	}
	if err := p.e.mayCareTaxonomy(); err != nil {
		return statusMsg{text: errText(err), err: true}.cmd(), true
	}
	return nil, false
}

func (p *taxonomyPane) dupsKey(k tea.KeyMsg) tea.Cmd {
	km := p.keys
	if cur, ok := moveCursor(k, km.cursor(), p.dcur, len(p.dups)); ok {
		p.dcur = cur
		p.fixScroll()
		return nil
	}
	switch {
	case key.Matches(k, km.Dups), key.Matches(k, km.Clear):
		p.mode = taxList
	case key.Matches(k, km.Reverse):
		if p.dcur < len(p.dups) {
			d := &p.dups[p.dcur]
			d.from, d.to = d.to, d.from
		}
	case key.Matches(k, km.MergePair):
		if cmd, refused := p.refuseCare(k, km.MergePair); refused {
			return cmd
		}
		if p.dcur < len(p.dups) && !p.busy {
			// a merge cannot be undone: ask, naming both tags and cases
			d := p.dups[p.dcur]
			p.pending = taxOp{from: d.from, to: d.to, merge: true}
			p.inputKind = taxConfirm
		}
	case key.Matches(k, km.Reload):
		return p.load()
	}
	p.fixScroll()
	return nil
}

// --- inputs ---

func (p *taxonomyPane) openInput(kind taxInput, prompt, value string) tea.Cmd {
	p.inputKind = kind
	p.input.Prompt = prompt
	p.input.Placeholder = ""
	if kind == taxPick {
		p.input.Placeholder = "type to find the tag to keep"
	}
	return focusInput(&p.input, value)
}

func (p *taxonomyPane) closeInput() {
	p.inputKind = taxNoInput
	p.input.Blur()
	p.pick = nil
}

func (p *taxonomyPane) inputKey(k tea.KeyMsg) tea.Cmd {
	km := p.keys
	if p.inputKind == taxConfirm {
		switch {
		case key.Matches(k, km.Confirm):
			p.closeInput()
			if op := p.pendingArea; op != nil {
				p.pendingArea = nil
				return p.runArea(*op)
			}
			if t := p.pending.retire; t != nil {
				return p.retire(*t)
			}
			return p.run(p.pending)
		case key.Matches(k, km.Refuse):
			p.closeInput()
			p.pendingArea = nil
			return statusMsg{text: "nothing changed"}.cmd()
		}
		return nil
	}
	switch {
	case key.Matches(k, km.Cancel):
		p.closeInput()
		return nil
	case p.inputKind == taxPick && key.Matches(k, km.PickUp):
		p.pcur = clampInt(p.pcur-1, 0, len(p.pick)-1)
		return nil
	case p.inputKind == taxPick && key.Matches(k, km.PickDown):
		p.pcur = clampInt(p.pcur+1, 0, len(p.pick)-1)
		return nil
	case key.Matches(k, km.Apply):
		return p.applyInput()
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	switch p.inputKind {
	case taxFilter:
		if f := strings.TrimSpace(p.input.Value()); f != p.filter {
			// A new filter puts the cursor on its best match: an action
			// right after must not hit a tag left over from before.
			p.filter = f
			p.refilter()
			p.cur = 0
			p.syncCur()
		}
		p.fixScroll()
	case taxPick:
		p.refreshPick()
	}
	return cmd
}

// refreshPick lists the merge targets matching what is typed: every tag
// but the one being merged.
func (p *taxonomyPane) refreshPick() {
	from := p.curTag
	idx := make([]int, 0, len(p.tags))
	names := make([]string, 0, len(p.tags))
	for i, t := range p.tags {
		if t.Tag != from {
			idx = append(idx, i)
			names = append(names, t.Tag)
		}
	}
	p.pick = p.pick[:0]
	for _, i := range rankMatches(p.input.Value(), names) {
		p.pick = append(p.pick, idx[i])
	}
	p.pcur = clampInt(p.pcur, 0, len(p.pick)-1)
}

func (p *taxonomyPane) applyInput() tea.Cmd {
	v := strings.TrimSpace(p.input.Value())
	from := p.curTag
	switch p.inputKind {
	case taxFilter:
		p.closeInput()
		return nil
	case taxRename:
		to, err := model.NormalizeTag(v)
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		return p.propose(from, to)
	case taxArea:
		area, err := model.NormalizeTag(v)
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		issue := model.TagIssue(from)
		if issue == "" {
			issue = from
		}
		return p.propose(from, strings.TrimSuffix(area, "/")+"/"+issue)
	case taxAreaTo:
		to, err := model.NormalizeArea(v)
		if err != nil {
			return statusMsg{text: errText(err), err: true}.cmd()
		}
		return p.proposeArea(model.TagArea(from), to)
	case taxLabel:
		return p.setLabel(from, v)
	case taxPick:
		if p.pcur >= len(p.pick) {
			return statusMsg{text: "no tag matches " + Clean(v), err: true}.cmd()
		}
		p.pending = taxOp{from: from, to: p.tags[p.pick[p.pcur]].Tag, merge: true}
		p.inputKind = taxConfirm
		return nil
	}
	p.closeInput()
	return nil
}

// propose renames from to to, asking first when to exists: that is a
// merge, which cannot be undone.
func (p *taxonomyPane) propose(from, to string) tea.Cmd {
	if from == to {
		p.closeInput()
		return statusMsg{text: "the tag is already called " + Clean(to)}.cmd()
	}
	if _, exists := p.byName[to]; exists {
		p.pending = taxOp{from: from, to: to, merge: true}
		p.input.Blur()
		p.inputKind = taxConfirm
		return nil
	}
	p.closeInput()
	return p.run(taxOp{from: from, to: to})
}

func (p *taxonomyPane) casesOf(tag string) int {
	if i, ok := p.byName[tag]; ok {
		return p.tags[i].Cases
	}
	return 0
}

// run writes a rename or merge and says what it did.
func (p *taxonomyPane) run(op taxOp) tea.Cmd {
	if p.busy {
		return statusMsg{text: "still writing the last change", err: true}.cmd()
	}
	p.busy = true
	svc, agent, note := p.e.svc, p.e.agent, losingNote(p.e.views, op.from, op.to)
	return func() tea.Msg {
		n, err := svc.RenameTag(op.from, op.to, agent)
		if err != nil {
			return taxDoneMsg{err: err}
		}
		verb := "renamed %s to %s: %s"
		if op.merge {
			verb = "merged %s into %s: %s"
		}
		return taxDoneMsg{text: fmt.Sprintf(verb, Clean(op.from), Clean(op.to), plural(n, "case")) + note, focus: op.to}
	}
}

func (p *taxonomyPane) retire(t model.TagInfo) tea.Cmd {
	if p.busy {
		return statusMsg{text: "still writing the last change", err: true}.cmd()
	}
	p.busy = true
	svc, agent := p.e.svc, p.e.agent
	return func() tea.Msg {
		if err := svc.RetireTag(t.Tag, !t.Retired, agent); err != nil {
			return taxDoneMsg{err: err}
		}
		if t.Retired {
			return taxDoneMsg{text: fmt.Sprintf("brought back %s: agents can add it again", Clean(t.Tag)), focus: t.Tag}
		}
		return taxDoneMsg{text: fmt.Sprintf("retired %s: agents can no longer add it; its %s keep it", Clean(t.Tag), plural(t.Cases, "case")), focus: t.Tag}
	}
}
