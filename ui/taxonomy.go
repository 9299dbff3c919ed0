package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"
)

// Taxonomy care (:tags): the team lead keeps the issue tags clean, so the
// heatmap counts one problem in one row. Every change is one store call
// (RenameTag, RetireTag) in which the cases and the counters follow in one
// transaction; the status line says what happened.

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

type taxonomyPane struct {
	e    *env
	keys taxonomyKeys
	w, h int

	tags    []model.TagInfo
	byName  map[string]int
	dups    []taxPair
	loaded  bool
	loading bool
	seq     int
	errTxt  string
	busy    bool // a change is being written

	tickGen     int
	tickPending bool
	stale       bool // changes came while out of sight

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
}

func newTaxonomyPane(e *env) *taxonomyPane {
	in := textinput.New()
	in.CharLimit = model.MaxTagLen * 2
	in.Cursor.SetMode(cursor.CursorStatic)
	return &taxonomyPane{e: e, keys: remapped(newTaxonomyKeys(), e), input: in, byName: map[string]int{}}
}

// Init loads the taxonomy only when the pane starts on screen: finding
// near duplicates is O(tags²), and a team server opens every screen on
// the queue. Out of sight, the first show loads it (refresh).
func (p *taxonomyPane) Init() tea.Cmd {
	if p.e.outOfSight(p) {
		p.stale = true
		return nil
	}
	return p.load()
}

func (p *taxonomyPane) SetSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.input.Width = max(p.w-20, 1)
	p.fixScroll()
}

func (p *taxonomyPane) Capturing() bool { return p.inputKind != taxNoInput }

// load reads the taxonomy and finds near duplicates off the Update loop.
// refresh reloads when changes came while the pane was out of sight.
func (p *taxonomyPane) refresh() tea.Cmd {
	if !p.stale {
		return nil
	}
	return p.load()
}

func (p *taxonomyPane) load() tea.Cmd {
	p.stale = false
	p.seq++
	p.loading = true
	seq, svc := p.seq, p.e.svc
	return func() tea.Msg {
		tags, err := svc.Tags()
		if err != nil {
			return taxLoadedMsg{seq: seq, err: err}
		}
		return taxLoadedMsg{seq: seq, tags: tags, dups: nearDuplicates(tags)}
	}
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
		p.setTags(msg.tags, msg.dups)
		return nil
	case taxDoneMsg:
		p.busy = false
		if msg.err != nil {
			return tea.Batch(heatStatus(errText(msg.err), true), p.load())
		}
		if msg.focus != "" {
			p.curTag = msg.focus
		}
		return tea.Batch(heatStatus(msg.text, false), p.load())
	case changeMsg:
		// Out of sight, only note it: finding near duplicates is O(tags²),
		// and every screen of a team server gets every change.
		if p.e.outOfSight(p) {
			p.stale = true
			return nil
		}
		// Agents add tags all day: reload at most twice a second.
		if p.tickPending {
			return nil
		}
		p.tickPending = true
		p.tickGen++
		gen := p.tickGen
		return tea.Tick(500*time.Millisecond, func(time.Time) tea.Msg { return taxTickMsg{gen: gen} })
	case taxTickMsg:
		if msg.gen != p.tickGen {
			return nil
		}
		p.tickPending = false
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
	for i, t := range tags {
		p.byName[t.Tag] = i
	}
	p.refilter()
	p.dcur = clampInt(p.dcur, 0, len(p.dups)-1)
	p.fixScroll()
}

// refilter applies the fuzzy filter, best match first, and keeps the
// cursor on its tag.
func (p *taxonomyPane) refilter() {
	p.shown = p.shown[:0]
	if p.filter == "" {
		for i := range p.tags {
			p.shown = append(p.shown, i)
		}
	} else {
		for _, m := range fuzzy.Find(p.filter, p.names(nil)) {
			p.shown = append(p.shown, m.Index)
		}
	}
	p.cur = clampInt(p.cur, 0, len(p.shown)-1)
	for i, ti := range p.shown {
		if p.tags[ti].Tag == p.curTag {
			p.cur = i
			break
		}
	}
	p.syncCur()
}

func (p *taxonomyPane) names(skip func(string) bool) []string {
	out := make([]string, 0, len(p.tags))
	for _, t := range p.tags {
		if skip == nil || !skip(t.Tag) {
			out = append(out, t.Tag)
		}
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
	if p.cur < p.top {
		p.top = p.cur
	}
	if p.cur >= p.top+rows {
		p.top = p.cur - rows + 1
	}
	p.top = clampInt(p.top, 0, len(p.shown)-rows)
	if p.dcur < p.dtop {
		p.dtop = p.dcur
	}
	if p.dcur >= p.dtop+rows {
		p.dtop = p.dcur - rows + 1
	}
	p.dtop = clampInt(p.dtop, 0, len(p.dups)-rows)
}

func (p *taxonomyPane) key(k tea.KeyMsg) tea.Cmd {
	km := p.keys
	if p.mode == taxDups {
		return p.dupsKey(k)
	}
	switch {
	case key.Matches(k, km.Up):
		p.cur = clampInt(p.cur-1, 0, len(p.shown)-1)
	case key.Matches(k, km.Down):
		p.cur = clampInt(p.cur+1, 0, len(p.shown)-1)
	case key.Matches(k, km.Top):
		p.cur = 0
	case key.Matches(k, km.Bottom):
		p.cur = max(len(p.shown)-1, 0)
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
	case key.Matches(k, km.Merge):
		if t, ok := p.current(); ok {
			cmd := p.openInput(taxPick, "merge "+Truncate(t.Tag, 30)+" into: ", "")
			p.refreshPick()
			return cmd
		}
	case key.Matches(k, km.Retire):
		if t, ok := p.current(); ok {
			return p.retire(t)
		}
	default:
		return nil
	}
	p.syncCur()
	p.fixScroll()
	return nil
}

func (p *taxonomyPane) dupsKey(k tea.KeyMsg) tea.Cmd {
	km := p.keys
	switch {
	case key.Matches(k, km.Up):
		p.dcur = clampInt(p.dcur-1, 0, len(p.dups)-1)
	case key.Matches(k, km.Down):
		p.dcur = clampInt(p.dcur+1, 0, len(p.dups)-1)
	case key.Matches(k, km.Top):
		p.dcur = 0
	case key.Matches(k, km.Bottom):
		p.dcur = max(len(p.dups)-1, 0)
	case key.Matches(k, km.Dups), key.Matches(k, km.Clear):
		p.mode = taxList
	case key.Matches(k, km.Reverse):
		if p.dcur < len(p.dups) {
			d := &p.dups[p.dcur]
			d.from, d.to = d.to, d.from
		}
	case key.Matches(k, km.MergePair):
		if p.dcur < len(p.dups) && !p.busy {
			d := p.dups[p.dcur]
			return p.run(taxOp{from: d.from, to: d.to, merge: true})
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
	p.input.SetValue(value)
	p.input.CursorEnd()
	return p.input.Focus()
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
			return p.run(p.pending)
		case key.Matches(k, km.Refuse):
			p.closeInput()
			return heatStatus("nothing changed", false)
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
		p.filter = strings.TrimSpace(p.input.Value())
		p.refilter()
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
	if q := strings.TrimSpace(p.input.Value()); q == "" {
		p.pick = append(p.pick, idx...)
	} else {
		for _, m := range fuzzy.Find(q, names) {
			p.pick = append(p.pick, idx[m.Index])
		}
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
			return heatStatus(errText(err), true)
		}
		return p.propose(from, to)
	case taxArea:
		area, err := model.NormalizeTag(v)
		if err != nil {
			return heatStatus(errText(err), true)
		}
		issue := model.TagIssue(from)
		if issue == "" {
			issue = from
		}
		return p.propose(from, strings.TrimSuffix(area, "/")+"/"+issue)
	case taxPick:
		if p.pcur >= len(p.pick) {
			return heatStatus("no tag matches "+Clean(v), true)
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
		return heatStatus("the tag is already called "+Clean(to), false)
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
		return heatStatus("still writing the last change", true)
	}
	p.busy = true
	svc, agent := p.e.svc, p.e.agent
	return func() tea.Msg {
		n, err := svc.RenameTag(op.from, op.to, agent)
		if err != nil {
			return taxDoneMsg{err: err}
		}
		verb := "renamed %s to %s: %s"
		if op.merge {
			verb = "merged %s into %s: %s"
		}
		return taxDoneMsg{text: fmt.Sprintf(verb, Clean(op.from), Clean(op.to), plural(n, "case")), focus: op.to}
	}
}

func (p *taxonomyPane) retire(t model.TagInfo) tea.Cmd {
	if p.busy {
		return heatStatus("still writing the last change", true)
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

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// --- near duplicates ---

// nearDuplicates lists pairs of tags that look like one issue written two
// ways: within an area, issues one or two letters apart
// (double-charge/double-charged) or with the same words once the area's
// name is dropped (late/late-delivery under delivery); across areas, the
// same issue (billing/refund, payments/refund). Each pair merges the tag
// with fewer cases into the other. Comparing within areas keeps this
// cheap for large taxonomies.
func nearDuplicates(tags []model.TagInfo) []taxPair {
	cases := make(map[string]int, len(tags))
	retired := make(map[string]bool, len(tags))
	// An area's tags as compared: the issue (the whole tag for bare tags).
	type named struct{ tag, name string }
	byArea := map[string][]named{}
	byWords := map[string][]string{}
	for _, t := range tags {
		cases[t.Tag], retired[t.Tag] = t.Cases, t.Retired
		area, name := model.TagArea(t.Tag), model.TagIssue(t.Tag)
		if name == "" {
			area, name = "", t.Tag // bare tags are compared among themselves
		}
		byArea[area] = append(byArea[area], named{t.Tag, name})
		if w := issueWords(t.Tag); w != "" {
			byWords[w] = append(byWords[w], t.Tag)
		}
	}
	seen := map[[2]string]bool{}
	var out []taxPair
	add := func(a, b, reason string, rank int) {
		if a > b {
			a, b = b, a
		}
		if seen[[2]string{a, b}] {
			return
		}
		seen[[2]string{a, b}] = true
		from, to := a, b
		// Keep the tag with more cases; then the one in use; then the
		// shorter, plainer name.
		switch {
		case cases[a] != cases[b]:
			if cases[a] > cases[b] {
				from, to = b, a
			}
		case retired[a] != retired[b]:
			if retired[b] {
				from, to = b, a
			}
		case len(a) < len(b):
			from, to = b, a
		}
		out = append(out, taxPair{from: from, to: to, reason: reason, rank: rank})
	}
	// Letters apart: only names at most two bytes longer can be two edits
	// away, so each area is walked in length order and a name is compared
	// with the next ones until they get too long.
	var ed editRows
	for _, ts := range byArea {
		slices.SortFunc(ts, func(a, b named) int { return cmp.Compare(len(a.name), len(b.name)) })
		for i := range ts {
			for j := i + 1; j < len(ts) && len(ts[j].name)-len(ts[i].name) <= 2; j++ {
				x, y := ts[i].name, ts[j].name
				if d := ed.distance(x, y, 2); d <= editBudget(x, y) {
					add(ts[i].tag, ts[j].tag, plural(d, "letter")+" apart", d)
				}
			}
		}
	}
	// The same words: within an area one issue written two ways, across
	// areas the same issue filed twice.
	for _, ts := range byWords {
		for i := range ts {
			for j := i + 1; j < len(ts); j++ {
				if model.TagArea(ts[i]) == model.TagArea(ts[j]) {
					add(ts[i], ts[j], "same words", 3)
				} else {
					add(ts[i], ts[j], "same issue, other area", 4)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b taxPair) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(cases[b.from]+cases[b.to], cases[a.from]+cases[a.to]); c != 0 {
			return c
		}
		return cmp.Compare(a.from, b.from)
	})
	return out
}

// editBudget is how many edits still read as the same word: none for
// words of up to four letters (late/lost, fee/fees are different), one
// up to eight, two beyond.
func editBudget(a, b string) int {
	n := min(len(a), len(b))
	switch {
	case n <= 4:
		if len(a) != len(b) && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
			return 1 // a plural: refund/refunds, fee/fees
		}
		return 0
	case n <= 8:
		return 1
	}
	return 2
}

// issueWords is a tag's issue as a sorted set of crudely stemmed words
// without the area's name: "delivery/late-delivery" and "delivery/late"
// both give "lat"; "" for a bare tag.
func issueWords(tag string) string {
	issue := model.TagIssue(tag)
	if issue == "" {
		return ""
	}
	area := stem(model.TagArea(tag))
	var ws []string
	for _, w := range strings.FieldsFunc(issue, func(r rune) bool { return r == '-' || r == '_' || r == '/' || r == '.' }) {
		if s := stem(w); s != area && s != "" {
			ws = append(ws, s)
		}
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	return strings.Join(ws, " ")
}

func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// editDistance is the Levenshtein distance of a and b in bytes, or
// limit+1 as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	var ed editRows
	return ed.distance(a, b, limit)
}

// editRows are editDistance's two rows, kept between calls: comparing a
// large taxonomy makes many.
type editRows struct{ prev, cur []int }

func (e *editRows) distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// A common prefix and suffix cost nothing: tags of one family
	// (agent07-123, agent07-124) differ in a few bytes.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 || len(b) == 0 {
		return min(max(len(a), len(b)), limit+1)
	}
	if cap(e.prev) < len(b)+1 {
		e.prev, e.cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := e.prev[:len(b)+1], e.cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// --- view ---

func (p *taxonomyPane) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	var out []string
	out = append(out, p.titleLine())
	if p.h >= 3 {
		switch {
		case p.inputKind == taxPick:
			out = append(out, p.pickLines()...)
		case p.mode == taxDups:
			out = append(out, p.dupsLines()...)
		default:
			out = append(out, p.listLines()...)
		}
	}
	for len(out) < p.h-1 {
		out = append(out, "")
	}
	if p.h >= 2 {
		out = append(out[:p.h-1], p.bottomLine())
	}
	out = out[:p.h]
	for i, l := range out {
		out[i] = padTo(l, p.w)
	}
	return strings.Join(out, "\n")
}

func (p *taxonomyPane) titleLine() string {
	st := p.e.styles
	retired := 0
	for _, t := range p.tags {
		if t.Retired {
			retired++
		}
	}
	title := "Tag taxonomy"
	ctx := fmt.Sprintf(" · %s · %d retired · %s (d)", plural(len(p.tags), "tag"), retired, plural(len(p.dups), "near-duplicate pair"))
	if p.mode == taxDups {
		title = "Near duplicates"
		ctx = fmt.Sprintf(" · %s · enter merges the left tag into the right one, R swaps", plural(len(p.dups), "pair"))
	}
	if p.filter != "" && p.mode == taxList {
		ctx += " · filter: " + Clean(p.filter)
	}
	right := ""
	switch {
	case p.errTxt != "":
		right = st.Error.Render(Truncate(p.errTxt, max(p.w/2, 1)))
	case p.busy:
		right = st.Muted.Render("writing…")
	case p.loading && p.loaded:
		right = st.Muted.Render("loading…")
	}
	left := st.Title.Render(Truncate(title, p.w)) + st.Muted.Render(Truncate(ctx, max(p.w-ansi.StringWidth(title), 0)))
	if right == "" {
		return left
	}
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > p.w {
		left = ansi.Truncate(left, max(p.w-rw-1, 0), "…")
		lw = ansi.StringWidth(left)
	}
	return left + strings.Repeat(" ", max(p.w-lw-rw, 1)) + right
}

// taxCols sizes the list: the tag takes what the numbers leave.
func (p *taxonomyPane) taxCols() (tagW int, showDates bool) {
	fixed := 2 + 7 // marker, cases
	dates := 12 + 12 + 8
	showDates = p.w-fixed-dates >= 16
	if showDates {
		fixed += dates
	} else {
		fixed += 8 // retired flag
	}
	return max(p.w-fixed, 4), showDates
}

func dayText(d int32, cases int) string {
	if d == 0 && cases == 0 {
		return "—"
	}
	return model.Day(d).String()
}

func (p *taxonomyPane) listLines() []string {
	st := p.e.styles
	if !p.loaded {
		return []string{"", st.Muted.Render("loading…")}
	}
	tagW, dates := p.taxCols()
	hdr := "  " + Fit("TAG", tagW) + fmt.Sprintf("%7s", "CASES")
	if dates {
		hdr += fmt.Sprintf("  %-10s  %-10s", "FIRST USED", "LAST USED")
	}
	out := []string{st.Muted.Render(hdr)}
	if len(p.shown) == 0 {
		msg := "No tags yet: agents create them by tagging cases."
		if p.filter != "" {
			msg = "No tag matches " + Clean(p.filter) + "."
		}
		return append(out, st.Muted.Render(msg))
	}
	end := min(p.top+p.bodyRows(), len(p.shown))
	for i := p.top; i < end; i++ {
		t := p.tags[p.shown[i]]
		mark := "  "
		if i == p.cur {
			mark = "› "
		}
		line := mark + Fit(t.Tag, tagW) + fmt.Sprintf("%7d", t.Cases)
		if dates {
			line += fmt.Sprintf("  %-10s  %-10s", dayText(t.FirstUsed, t.Cases), dayText(t.LastUsed, t.Cases))
		}
		flag := ""
		if t.Retired {
			flag = " retired"
		}
		line += flag
		switch {
		case i == p.cur:
			line = st.Selected.Render(line)
		case t.Retired:
			line = st.Muted.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func (p *taxonomyPane) dupsLines() []string {
	st := p.e.styles
	if len(p.dups) == 0 {
		return []string{"", st.Muted.Render("No near duplicates: every tag looks like its own issue.")}
	}
	// from (n)  →  to (m)   reason
	// The names come first: a cut name cannot be told from its double.
	need := 6
	for _, d := range p.dups {
		need = max(need, ansi.StringWidth(Clean(d.from)), ansi.StringWidth(Clean(d.to)))
	}
	avail := p.w - 2 - 7 - 3 - 7 - 2
	half := clampInt(need, 1, max(avail/2, 1))
	out := []string{st.Muted.Render("  " + Fit("MERGE", half+7) + "   " + Fit("INTO", half+7) + "  WHY")}
	end := min(p.dtop+p.bodyRows(), len(p.dups))
	for i := p.dtop; i < end; i++ {
		d := p.dups[i]
		mark := "  "
		if i == p.dcur {
			mark = "› "
		}
		line := mark + Fit(d.from, half) + fmt.Sprintf(" %6d", p.casesOf(d.from)) + " → " +
			Fit(d.to, half) + fmt.Sprintf(" %6d", p.casesOf(d.to)) + "  " + d.reason
		if i == p.dcur {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func (p *taxonomyPane) pickLines() []string {
	st := p.e.styles
	out := []string{st.Muted.Render(fmt.Sprintf("  merge %s (%s) into the tag chosen below; its cases move there", Clean(p.curTag), plural(p.casesOf(p.curTag), "case")))}
	if len(p.pick) == 0 {
		return append(out, st.Muted.Render("  no tag matches"))
	}
	rows := p.bodyRows()
	top := clampInt(p.pcur-rows+1, 0, len(p.pick))
	end := min(top+rows, len(p.pick))
	for i := top; i < end; i++ {
		t := p.tags[p.pick[i]]
		mark := "  "
		if i == p.pcur {
			mark = "› "
		}
		line := mark + Fit(t.Tag, max(p.w-12, 4)) + fmt.Sprintf("%7d", t.Cases)
		if i == p.pcur {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func (p *taxonomyPane) bottomLine() string {
	st := p.e.styles
	switch p.inputKind {
	case taxConfirm:
		op := p.pending
		return st.Warning.Render(fitMessage(fmt.Sprintf("merge %s (%s) into %s (%s)? No undo. y/n",
			op.from, plural(p.casesOf(op.from), "case"), op.to, plural(p.casesOf(op.to), "case")), p.w))
	case taxNoInput:
		if t, ok := p.current(); ok && p.mode == taxList {
			return st.Muted.Render(Truncate(fmt.Sprintf("%s: %s, added by agents %s", Clean(t.Tag), plural(t.Cases, "case"), counted(t.Uses, "time", "times")), p.w))
		}
		return ""
	}
	return inputView(p.input, p.w, st)
}

// --- help ---

func (p *taxonomyPane) ShortHelp() []key.Binding {
	k := p.keys
	switch p.inputKind {
	case taxConfirm:
		return []key.Binding{k.Confirm, k.Refuse}
	case taxPick:
		return []key.Binding{k.Pick, k.PickUp, k.PickDown, k.Cancel}
	case taxNoInput:
	default:
		return []key.Binding{k.Apply, k.Cancel}
	}
	if p.mode == taxDups {
		return []key.Binding{k.MergePair, k.Reverse, k.Up, k.Down, k.Dups}
	}
	return []key.Binding{k.Filter, k.Rename, k.Merge, k.Area, k.Retire, k.Dups}
}

func (p *taxonomyPane) FullHelp() [][]key.Binding {
	k := p.keys
	if p.inputKind != taxNoInput {
		return [][]key.Binding{p.ShortHelp()}
	}
	// enter and R act on a pair of near duplicates, before it is merged:
	// they are listed only where they work (a merge has no undo).
	if p.mode == taxDups {
		return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Reload}, {k.MergePair, k.Reverse, k.Dups}}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Filter, k.Clear, k.Reload},
		{k.Rename, k.Merge, k.Area, k.Retire, k.Dups},
	}
}
