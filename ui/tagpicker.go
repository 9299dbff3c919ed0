package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// tagPicker adds and removes tags: those of the case open in the case
// pane, or (adding only) those of the queue's marked cases. Typing filters
// the taxonomy (ranked by how often and how lately agents added each tag,
// then by how many cases carry it) and highlights the best real match,
// which enter adds; ↑ goes back to the typed text. A tag the taxonomy does
// not know takes a second enter to create, so a half-typed tag never
// becomes a new one; a retired tag is refused with the reason. The case's
// tags are listed above: ←, ↑ from the input or backspace on an empty input
// selects one, backspace or delete then removes it. It stays open for more
// tags until esc.
type tagPicker struct {
	edBase
	target tagTarget
	st     *Styles
	input  textinput.Model
	sugg   suggester
	chip   int               // selected tag of the target, -1 none
	tax    *model.Taxonomy   // shared with every screen: read only
	rank   *model.TagRanking // tax ranked, to rebuild the candidates after a save
	// armed is the tag a first enter asked about — a new one to create,
	// or one that routes a case off its assignee; only an enter right
	// after it adds the tag.
	armed string
	// armedOff is the case's tag whose removal routes the case off its
	// assignee, asked about by a backspace; only a backspace right after
	// it removes the tag.
	armedOff string
	// me is the agent, named "you" when a tag would take their own case.
	me string
	// cleared says backspace or ctrl+u just emptied the typed text, or
	// backspace just removed a tag: more backspaces stop at the empty input
	// instead of selecting a tag, so holding backspace never reaches the
	// case's tags (or more than the one selected).
	cleared bool
}

// tagTarget is what a tag picker tags.
type tagTarget interface {
	// tags are shown as chips the picker can remove; nil when it only adds.
	tags() []string
	// about is the first line when there are no chips.
	about() string
	add(tag string) tea.Cmd
	remove(tag string) tea.Cmd
	// moves is where adding tag (removing it, off) would route the
	// target, and whose case it would stop being (model.MoveByTag,
	// MoveByUntag); zero when it stays.
	moves(tag string, off bool) model.TagMove
	busy() bool
	close() tea.Cmd
}

// caseTarget is the case shown in the case pane; its saves keep the picker
// open for more tags. The pane refuses a save while one is in flight.
type caseTarget struct {
	ed     *edBase
	onCase []string // the case's tags as last saved
	// route is where adding a tag (removing it, off) routes the case as
	// it is now; nil without teams.
	route func(tag string, off bool) (model.TagMove, bool)
}

func (t *caseTarget) tags() []string { return t.onCase }
func (t *caseTarget) about() string  { return "on the case: no tags yet" }
func (t *caseTarget) busy() bool     { return false }
func (t *caseTarget) close() tea.Cmd { return t.ed.close("") }

func (t *caseTarget) moves(tag string, off bool) model.TagMove {
	if t.route == nil {
		return model.TagMove{}
	}
	mv, _ := t.route(tag, off)
	return mv
}

func (t *caseTarget) add(tag string) tea.Cmd {
	return t.ed.save("tag "+Clean(tag)+" added", model.AddTag{Tag: tag})
}

func (t *caseTarget) remove(tag string) tea.Cmd {
	return t.ed.save("tag "+Clean(tag)+" removed", model.RemoveTag{Tag: tag})
}

func newTagPicker(target tagTarget, st *Styles, w int) *tagPicker {
	tp := &tagPicker{target: target, st: st, input: newInput("tag, e.g. billing/double-charge", w), chip: -1}
	tp.sugg.sel = -1 // nothing highlighted until the agent types or moves
	return tp
}

func (p *casePane) openTags() tea.Cmd {
	target := &caseTarget{onCase: p.c.Tags}
	if r := p.e.svc.Routing(); r != nil {
		target.route = func(tag string, off bool) (model.TagMove, bool) {
			if off {
				return r.MoveByUntag(p.c, tag)
			}
			return r.MoveByTag(p.c, tag)
		}
	}
	tp := newTagPicker(target, p.e.styles, p.lay.caseW)
	tp.me = p.e.agent
	tp.edBase = p.edBase()
	target.ed = &tp.edBase
	if p.tax != nil {
		tp.setTaxonomy(p.tax, p.taxRank)
	}
	p.openEditor(tp)
	return p.loadTags()
}

// loadTags asks the store for its taxonomy at every t, off the Update
// loop: the store hands every screen the same one until a write changes a
// tag, ranked once (model.Taxonomy), so a tag a colleague just created is
// suggested at once and an unchanged taxonomy costs nothing to read.
func (p *casePane) loadTags() tea.Cmd {
	svc, now := p.e.svc, p.now()
	return func() tea.Msg {
		tax, rank, err := readTaxonomy(svc, now)
		return tagsMsg{tax: tax, rank: rank, err: err}
	}
}

// readTaxonomy reads the taxonomy and its ranking for suggestions.
func readTaxonomy(svc model.CaseReader, now time.Time) (*model.Taxonomy, *model.TagRanking, error) {
	tax, err := svc.Taxonomy()
	if err != nil {
		return nil, nil, err
	}
	return tax, tax.Ranked(now), nil
}

// newerTaxonomy says whether m brings a taxonomy or a ranking other than
// tax and rank, and not an older one.
func newerTaxonomy(m tagsMsg, tax *model.Taxonomy, rank *model.TagRanking) bool {
	switch {
	case tax == nil:
		return true
	case m.tax == tax:
		return m.rank != rank && !m.rank.At.Before(rank.At)
	}
	return m.tax.Rev() > tax.Rev()
}

// setTaxonomy rebuilds the candidates from a ranked taxonomy: the live
// tags not on the target, best first, then the retired ones, listed so
// that the picker can say why they cannot be added.
func (tp *tagPicker) setTaxonomy(tax *model.Taxonomy, rank *model.TagRanking) {
	tp.tax, tp.rank = tax, rank
	sel := tp.sugg.sel
	tp.sugg.setCandidates(rank.Names, rank.Letters, tp.target.tags())
	tp.filter()
	if sel >= 0 {
		tp.sugg.keepSel(sel)
	}
	if n := len(tp.target.tags()); tp.chip >= n {
		tp.chip = n - 1
	}
}

// info is tag's record in the taxonomy, if it is there.
func (tp *tagPicker) info(tag string) (model.TagInfo, bool) {
	if tp.tax == nil {
		return model.TagInfo{}, false
	}
	return tp.tax.Find(tag)
}

func (tp *tagPicker) onTarget(tag string) bool { return slices.Contains(tp.target.tags(), tag) }

// typed is the typed text as a tag, or as typed when it is not one.
func (tp *tagPicker) typed() (string, error) {
	typed := strings.TrimSpace(tp.input.Value())
	if typed == "" {
		return "", nil
	}
	return model.NormalizeTag(typed)
}

// filter narrows the suggestions to the typed text and highlights the best
// one whenever anything matches, fuzzily too ("dlvry"), so that enter
// takes a tag of the taxonomy rather than creating the typo; ↑ goes back
// to the typed text.
func (tp *tagPicker) filter() {
	q, err := tp.typed()
	if err != nil {
		q = tp.input.Value()
	}
	tp.sugg.filter(q)
	if q != "" && len(tp.sugg.matches) > 0 {
		tp.sugg.sel = 0
	}
}

func (tp *tagPicker) title() string { return "Tags" }

func (tp *tagPicker) want(int) int { return 9 }

func (tp *tagPicker) setSize(w, h int) {
	tp.edBase.setSize(w, h)
	tp.input.Width = max(w-3, 1)
}

func (tp *tagPicker) saved(c model.Case) bool {
	if t, ok := tp.target.(*caseTarget); ok {
		t.onCase = c.Tags
	}
	tp.input.Reset()
	tp.chip, tp.armed = -1, ""
	if tp.tax != nil {
		tp.setTaxonomy(tp.tax, tp.rank)
	}
	tp.sugg.sel = -1
	return true
}

// follow shows the case's tags as they are now (caseFollower): another
// screen changed them. What is typed stays; a selected tag that is gone
// is no longer selected.
func (tp *tagPicker) follow(c model.Case) {
	t, ok := tp.target.(*caseTarget)
	if !ok {
		return
	}
	if tp.chip >= 0 && (tp.chip >= len(t.onCase) || !slices.Contains(c.Tags, t.onCase[tp.chip])) {
		tp.chip = -1
	} else if tp.chip >= 0 {
		tp.chip = slices.Index(c.Tags, t.onCase[tp.chip])
	}
	t.onCase = c.Tags
}

func (tp *tagPicker) help() []key.Binding { return tagPickerHelp(true) }

// tagPickerHelp lists the picker's keys, those for the case's tags (chips)
// only when there are any to remove. Both lists are made once: the footer
// asks for them every frame; clipped, so an append copies.
func tagPickerHelp(chips bool) []key.Binding {
	if chips {
		return tagPickerKeys[1]
	}
	return tagPickerKeys[0]
}

var tagPickerKeys = [2][]key.Binding{slices.Clip(tagPickerKeysOf(false)), slices.Clip(tagPickerKeysOf(true))}

func tagPickerKeysOf(chips bool) []key.Binding {
	k := newEditKeys()
	ks := []key.Binding{
		withHelp(k.Submit, "enter", "add highlighted tag (a new tag: enter twice)"),
		withHelp(k.Next, "↓/tab", "next suggestion"),
		withHelp(k.Prev, "↑", "back to typed text"),
	}
	if chips {
		ks[2] = withHelp(k.Prev, "↑", "back to typed text / select case tag")
		ks = append(ks, withHelp(k.Left, "←/→", "select case tag"),
			withHelp(k.Remove, "backspace", "on empty input: select last tag, again: remove"))
	}
	return append(ks, key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "keys")), withHelp(k.Cancel, "esc", "done"))
}

// update and view serve the case pane's editor interface; the picker works
// on its target.
func (tp *tagPicker) update(msg tea.Msg) tea.Cmd { return tp.handle(msg) }

func (tp *tagPicker) view() []string { return tp.lines() }

// takesText: no key of the picker is a character.
func (tp *tagPicker) takesText() bool { return true }

func (tp *tagPicker) handle(msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var cmd tea.Cmd
		tp.input, cmd = tp.input.Update(msg)
		return cmd
	}
	// Creating a new tag takes an enter right after the enter that armed
	// it; any other key disarms it.
	armed, armedOff := tp.armed, tp.armedOff
	tp.armed, tp.armedOff = "", ""
	if km.String() != "backspace" {
		tp.cleared = false
	}
	chips := tp.target.tags()
	empty := tp.input.Value() == ""
	n := len(chips)
	switch km.String() {
	case "esc":
		return tp.target.close()
	case "?":
		// No tag has a '?'; the agent wants the keys.
		return func() tea.Msg { return showHelpMsg{} }
	case "enter":
		return tp.enter(armed)
	case "down", "tab":
		tp.chip = -1
		tp.sugg.next()
		return nil
	case "up", "shift+tab":
		if tp.sugg.sel >= 0 {
			tp.sugg.prev()
		} else if n > 0 && tp.chip < 0 {
			tp.chip = n - 1
		}
		return nil
	case "left":
		if empty && n > 0 {
			if tp.chip < 0 {
				tp.chip = n - 1
			} else {
				tp.chip = max(tp.chip-1, 0)
			}
			tp.sugg.sel = -1
			return nil
		}
	case "right":
		if tp.chip >= 0 {
			if tp.chip++; tp.chip >= n {
				tp.chip = -1
			}
			return nil
		}
	case "backspace", "delete":
		if tp.chip >= 0 && tp.chip < n {
			if tp.target.busy() {
				return nil
			}
			if tag := chips[tp.chip]; tag != armedOff && tp.target.moves(tag, true).From != "" {
				// as for adding (enter): an agent may not reassign a
				// colleague's case, so a removal that routes it off
				// them is said and asked first
				tp.armedOff = tag
				return nil
			}
			// a held backspace takes off this one tag, not the next ones
			tp.cleared = true
			return tp.target.remove(chips[tp.chip])
		}
		if empty && n > 0 && km.String() == "backspace" {
			// the first backspace on an empty input selects the last tag, the
			// second removes it; backspaces that were clearing typed text
			// stop at the empty input (← still selects a tag)
			if !tp.cleared {
				tp.chip = n - 1
			}
			return nil
		}
	}
	tp.chip = -1
	var cmd tea.Cmd
	before := tp.input.Value()
	tp.input, cmd = tp.input.Update(msg)
	if after := tp.input.Value(); after != before {
		tp.err = ""
		tp.cleared = after == ""
		tp.filter()
	}
	return cmd
}

// enter adds the highlighted suggestion, else the typed tag. A retired tag
// is refused before saving; a tag the taxonomy does not know is created by
// a second enter only.
func (tp *tagPicker) enter(armed string) tea.Cmd {
	if tp.target.busy() {
		return nil
	}
	tag, ok := tp.sugg.chosen()
	if !ok {
		t, err := tp.typed()
		if err != nil {
			tp.err = errText(err)
			return nil
		}
		if t == "" {
			return nil
		}
		tag = t
	}
	info, known := tp.info(tag)
	switch {
	case known && info.Retired:
		tp.err = tp.retired(tag)
		return nil
	case !known && model.CheckNewTag(tag) != nil:
		tp.err = model.ErrorMessage(model.CheckNewTag(tag))
		return nil
	case !known && tag != armed:
		tp.armed = tag
		return nil
	case tp.target.moves(tag, false).From != "" && tag != armed:
		// the agent may not reassign a colleague's case: a tag that
		// does so by routing it is said and asked first
		tp.armed = tag
		return nil
	}
	tp.err = ""
	return tp.target.add(tag)
}

// retired is why a retired tag cannot be added, on one line of the
// picker's width. The taxonomy records no replacement for a retired tag.
func (tp *tagPicker) retired(tag string) string {
	const why = " is retired, no replacement"
	return Truncate(tag, max(tp.w-len(why)-4, 8)) + why
}

func (tp *tagPicker) lines() []string {
	st := tp.st
	lines := []string{tp.chips(), tp.input.View()}
	rows := max(tp.h-4, 1)
	// the hint, unless the error line below already says it
	if h, isErr := tp.hint(); h != "" && h != "✗ "+tp.err {
		style := st.Muted
		if isErr {
			style = st.Error
		}
		// two lines when it needs them: a routing warning's tag, names
		// and "enter twice" all matter
		for _, l := range wrapMessage(h, max(tp.w-2, 1), 2) {
			lines = append(lines, style.Render("  "+l))
			rows--
		}
	}
	label := func(t string) string {
		info, _ := tp.info(t)
		if info.Retired {
			return Clean(t) + st.Muted.Render("  retired, no replacement")
		}
		return Clean(t) + st.Muted.Render("  "+counted(info.Cases, "case", "cases"))
	}
	lines = append(lines, tp.sugg.rows(st, tp.w, max(rows, 0), label)...)
	if e := tp.errLine(st); e != "" {
		lines = append(fitLines(lines, max(tp.h-1, 1)), e)
	}
	return lines
}

// hint says what enter or backspace will do now, or why it cannot.
func (tp *tagPicker) hint() (text string, isErr bool) {
	chips := tp.target.tags()
	if tp.chip >= 0 && tp.chip < len(chips) {
		tag := chips[tp.chip]
		if mv := tp.target.moves(tag, true); mv.From != "" {
			if tag == tp.armedOff {
				return "backspace again to move it " + tp.off(mv), false
			}
			return "without " + Clean(tag) + " it moves " + tp.off(mv) + " — backspace twice", false
		}
		return "backspace again removes " + Clean(tag) + " · any other key keeps it", false
	}
	typed, err := tp.typed()
	switch {
	case err != nil:
		return "✗ " + errText(err), true
	case typed == "" && tp.sugg.sel < 0:
		if tp.cleared && len(chips) > 0 {
			return "← selects a tag on the case to remove it", false
		}
		return "", false
	}
	tag, chosen := tp.sugg.chosen()
	if !chosen {
		tag = typed
	}
	info, known := tp.info(tag)
	switch {
	case known && info.Retired:
		return "✗ " + tp.retired(tag), true
	case tp.onTarget(tag):
		return "already on the case: " + Clean(tag), false
	case !known && model.CheckNewTag(tag) != nil:
		return "✗ " + Clean(model.ErrorMessage(model.CheckNewTag(tag))), true
	}
	mv := tp.target.moves(tag, false)
	if mv.From != "" {
		off := tp.off(mv)
		switch {
		case known && tp.armed == tag:
			return "enter again to move it " + off, false
		case known:
			return Clean(tag) + " moves it " + off + " — enter twice", false
		case tp.armed == tag:
			return "new tag " + Clean(tag) + " — enter again to create it and move the case " + off, false
		}
		return "new tag " + Clean(tag) + " moves it " + off + " — enter twice", false
	}
	moving := ""
	if mv.Team != "" {
		moving = " (moves the case to " + Clean(mv.Team) + ")"
	}
	switch {
	case chosen && typed != "" && typed != tag:
		return "enter adds ▸ " + Clean(tag) + moving + " · ↑ for what you typed", false
	case chosen || known:
		return "enter adds " + Clean(tag) + moving, false
	case tp.armed == tag:
		return "new tag " + Clean(tag) + " — enter again to create" + moving, false
	}
	return "new tag " + Clean(tag) + " (not in the taxonomy) — enter twice to create" + moving, false
}

// off says where a tag moves the case: "to billing and off dee".
func (tp *tagPicker) off(mv model.TagMove) string {
	if mv.From == tp.me {
		return "to " + Clean(mv.Team) + " and off you"
	}
	return "to " + Clean(mv.Team) + " and off " + Clean(mv.From)
}

// chips lists the target's tags, the selected one marked for removal.
func (tp *tagPicker) chips() string {
	st := tp.st
	tags := tp.target.tags()
	if len(tags) == 0 {
		return st.Muted.Render(Truncate(tp.target.about(), tp.w))
	}
	parts := make([]string, len(tags))
	for i, t := range tags {
		if i == tp.chip {
			parts[i] = st.Selected.Render("[× " + Clean(t) + "]")
		} else {
			parts[i] = st.Tag.Render("[" + Clean(t) + "]")
		}
	}
	s := st.Muted.Render("on the case: ") + strings.Join(parts, " ")
	if cells.Width(s) > tp.w {
		s = ansi.Truncate(s, tp.w, "…")
	}
	return s
}
