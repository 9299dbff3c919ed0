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
	"github.com/charmbracelet/x/ansi"
)

// tagPicker adds and removes a case's tags. Typing filters the taxonomy
// (ranked by how often and how lately agents added each tag, then by how
// many cases carry it); enter adds exactly the typed text unless the agent
// moved onto a suggestion. The case's tags are listed above: ←, ↑ from the
// input or backspace on an empty input selects one, backspace or delete
// then removes it. It stays open for more tags until esc.
type tagPicker struct {
	edBase
	input textinput.Model
	sugg  suggester
	chip  int                      // selected tag of the case, -1 none
	info  map[string]model.TagInfo // by name: the pane's tagIndex, shared
}

func (p *casePane) openTags() tea.Cmd {
	tp := &tagPicker{input: newInput("tag, e.g. billing/double-charge", p.lay.caseW), chip: -1}
	tp.refresh(p)
	p.openEditor(tp)
	if r := p.tagsRead; r.ok && r.gen == p.taxGen && p.now().Sub(r.at) < tagsFresh {
		return nil
	}
	return p.loadTags()
}

// tagsFresh is how long the picker suggests from the taxonomy it read
// rather than reading it again: reading and ranking thousands of tags at
// every t is most of a team server's work for a tag, and suggestions a
// few seconds behind (a count, a tag just created) are as good. A rename,
// merge or retirement reloads at once.
const tagsFresh = 15 * time.Second

// loadTags reads the taxonomy and ranks it for suggestions, off the
// Update loop; the picker re-filters the ranked list as the agent types.
func (p *casePane) loadTags() tea.Cmd {
	svc, now, gen := p.e.svc, p.now(), p.taxGen
	return func() tea.Msg {
		tags, err := svc.Tags()
		index := make(map[string]model.TagInfo, len(tags))
		for _, t := range tags {
			index[t.Tag] = t
		}
		return tagsMsg{tags: rankTags(tags, now), index: index, at: now, gen: gen, err: err}
	}
}

// rankTags orders the taxonomy for suggestions: frequent and recent use
// first (uses decay by a week of age), then cases carrying the tag.
func rankTags(tags []model.TagInfo, now time.Time) []model.TagInfo {
	type ranked struct {
		model.TagInfo
		score float64
	}
	rs := make([]ranked, len(tags))
	for i, t := range tags {
		rs[i] = ranked{TagInfo: t}
		if t.Uses == 0 {
			continue
		}
		days := 0.0
		if t.LastAdded > 0 {
			days = max(now.Sub(time.Unix(t.LastAdded, 0)).Hours()/24, 0)
		}
		rs[i].score = float64(t.Uses) / (1 + days/7)
	}
	// Scores once per tag, not per comparison: desks gather thousands.
	// Tag names are unique, so the order is total.
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.LastAdded, a.LastAdded),
			cmp.Compare(b.Cases, a.Cases), strings.Compare(a.Tag, b.Tag))
	})
	out := make([]model.TagInfo, len(rs))
	for i, r := range rs {
		out[i] = r.TagInfo
	}
	return out
}

// refresh rebuilds the candidates from the ranked taxonomy and the case's
// tags.
func (tp *tagPicker) refresh(p *casePane) {
	ranked := p.tags
	tp.info = p.tagIndex
	onCase := make(map[string]bool, len(p.c.Tags)) // a set: thousands of lookups
	for _, t := range p.c.Tags {
		onCase[t] = true
	}
	all := make([]string, 0, len(ranked))
	for _, t := range ranked {
		if t.Retired || onCase[t.Tag] {
			continue
		}
		all = append(all, t.Tag)
	}
	sel := tp.sugg.sel
	tp.sugg.all = all
	tp.sugg.filter(tp.input.Value())
	tp.sugg.sel = min(sel, len(tp.sugg.matches)-1)
	if tp.chip >= len(p.c.Tags) {
		tp.chip = len(p.c.Tags) - 1
	}
}

func (tp *tagPicker) title() string { return "Tags" }

func (tp *tagPicker) want(int) int { return 9 }

func (tp *tagPicker) setSize(w, h int) {
	tp.edBase.setSize(w, h)
	tp.input.Width = max(w-3, 1)
}

func (tp *tagPicker) saved(p *casePane) bool {
	tp.input.Reset()
	tp.chip = -1
	tp.refresh(p)
	tp.sugg.sel = -1
	return true
}

func (tp *tagPicker) help() []key.Binding {
	k := newEditKeys()
	return []key.Binding{
		withHelp(k.Submit, "enter", "add typed tag (or the suggestion moved onto)"),
		withHelp(k.Next, "↓/tab", "choose suggestion"),
		withHelp(k.Prev, "↑", "back / select case tag"),
		withHelp(k.Left, "←/→", "select case tag"),
		withHelp(k.Remove, "backspace", "select, then remove case tag"),
		withHelp(k.Cancel, "esc", "done"),
	}
}

func (tp *tagPicker) update(p *casePane, msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var cmd tea.Cmd
		tp.input, cmd = tp.input.Update(msg)
		return cmd
	}
	empty := tp.input.Value() == ""
	n := len(p.c.Tags)
	switch km.String() {
	case "esc":
		p.closeEditor()
		return nil
	case "enter":
		if p.saving {
			return nil
		}
		if s, ok := tp.sugg.chosen(); ok {
			return p.act("tag "+Clean(s)+" added", model.AddTag{Tag: s})
		}
		typed := tp.input.Value()
		if strings.TrimSpace(typed) == "" {
			return nil
		}
		return p.act("tag "+Clean(typed)+" added", model.AddTag{Tag: typed})
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
			if p.saving {
				return nil
			}
			t := p.c.Tags[tp.chip]
			return p.act("tag "+Clean(t)+" removed", model.RemoveTag{Tag: t})
		}
		if empty && n > 0 && km.String() == "backspace" {
			// the first backspace on an empty input selects the last tag, the
			// second removes it: holding backspace to clear the typed text
			// never takes a tag off by accident
			tp.chip = n - 1
			return nil
		}
	}
	tp.chip = -1
	var cmd tea.Cmd
	before := tp.input.Value()
	tp.input, cmd = tp.input.Update(msg)
	if tp.input.Value() != before {
		tp.err = ""
		tp.sugg.filter(tp.input.Value())
	}
	return cmd
}

func (tp *tagPicker) view(p *casePane) []string {
	st := p.e.styles
	lines := []string{tp.chips(p), tp.input.View()}
	rows := max(tp.h-4, 1)
	typed := strings.TrimSpace(tp.input.Value())
	if typed != "" {
		norm, err := model.NormalizeTag(typed)
		switch {
		case err != nil:
			lines = append(lines, st.Error.Render(Truncate("  ✗ "+errText(err), tp.w)))
		case tp.sugg.sel < 0:
			what := "new tag"
			if _, known := tp.info[norm]; known {
				what = "tag"
			}
			if p.c.HasTag(norm) {
				what = "already on the case:"
			}
			lines = append(lines, st.Muted.Render(Truncate(fmt.Sprintf("  enter adds %s %s", what, Clean(norm)), tp.w)))
		default:
			lines = append(lines, st.Muted.Render(Truncate("  enter adds the suggestion marked ▸", tp.w)))
		}
		rows--
	}
	label := func(t string) string {
		info := tp.info[t]
		return Clean(t) + st.Muted.Render(fmt.Sprintf("  %d cases", info.Cases))
	}
	lines = append(lines, tp.sugg.rows(st, tp.w, max(rows, 0), label)...)
	if e := tp.errLine(st); e != "" {
		lines = append(fitLines(lines, max(tp.h-1, 1)), e)
	}
	return lines
}

// chips lists the case's tags, the selected one marked for removal.
func (tp *tagPicker) chips(p *casePane) string {
	st := p.e.styles
	if len(p.c.Tags) == 0 {
		return st.Muted.Render(Truncate("on the case: no tags yet", tp.w))
	}
	parts := make([]string, len(p.c.Tags))
	for i, t := range p.c.Tags {
		if i == tp.chip {
			parts[i] = st.Selected.Render("[× " + Clean(t) + "]")
		} else {
			parts[i] = st.Tag.Render("[" + Clean(t) + "]")
		}
	}
	s := st.Muted.Render("on the case: ") + strings.Join(parts, " ")
	if tp.chip >= 0 {
		s += st.Muted.Render("  backspace removes ×")
	}
	if ansi.StringWidth(s) > tp.w {
		s = ansi.Truncate(s, tp.w, "…")
	}
	return s
}
