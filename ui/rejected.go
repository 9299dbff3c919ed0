package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The rejected view (:rejected) lists the rows the app's last import left
// out, each with its file:line and why — the status line has room for the
// counts only, and a row dropped without a word is lost data. It lies over
// the focused pane, owned by the root, as the outbox does.

// maxRejectedKept bounds the rows an import keeps for the view: a file of
// a million bad rows names the first ones, and says how many more.
const maxRejectedKept = 10000

// importRejects are the rows one import left out, as "file:line: reason".
type importRejects struct {
	name string // as the status line names the file
	path string // as each row names it: the list shows "line 3: …"
	rows []string
	more int // rejected beyond maxRejectedKept
}

// add keeps one rejected row (or warning), up to maxRejectedKept.
func (r *importRejects) add(s string) {
	if len(r.rows) < maxRejectedKept {
		r.rows = append(r.rows, s)
	} else {
		r.more++
	}
}

func (r importRejects) count() int { return len(r.rows) + r.more }

// short is row i without the file the title names: at 80 columns a
// temporary folder's path left no room for the reason.
func (r importRejects) short(i int) string {
	if rest, ok := strings.CutPrefix(r.rows[i], r.path+":"); ok && r.path != "" {
		return "line " + rest
	}
	return r.rows[i]
}

type rejectedKeys struct {
	Down, Up, Top, Bottom, Close key.Binding
}

type rejectedView struct {
	keys rejectedKeys
	r    importRejects
	sel  int
}

func cmdRejected(a *app, _ string) tea.Cmd {
	if a.imp.running {
		return statusMsg{text: "an import is running: :rejected lists its rejected rows once it ends"}.cmd()
	}
	if a.imp.rejects.count() == 0 {
		if a.imp.id == 0 {
			return statusMsg{text: "no import yet: :rejected lists the rows an :import left out"}.cmd()
		}
		return statusMsg{text: "the last import rejected no row"}.cmd()
	}
	a.outbox = nil
	a.rejected = &rejectedView{r: a.imp.rejects, keys: rejectedKeys{
		Down: downKey("down"), Up: upKey("up"), Top: topKey("first"), Bottom: bottomKey("last"),
		Close: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
	}}
	return nil
}

func (v *rejectedView) key(a *app, m tea.KeyMsg) tea.Cmd {
	k := v.keys
	if key.Matches(m, k.Close) {
		a.rejected = nil
		return nil
	}
	v.sel, _ = moveCursor(m, cursorKeys{up: k.Up, down: k.Down, top: k.Top, bottom: k.Bottom}, v.sel, len(v.r.rows))
	return nil
}

func (v *rejectedView) help() []key.Binding {
	k := v.keys
	return []key.Binding{k.Down, k.Up, k.Close}
}

// view draws the list in w×h: a heading, one line per rejected row (the
// reason cut to the width), and the selected row whole below it.
func (v *rejectedView) view(st *Styles, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	title := fmt.Sprintf("Rejected rows and warnings · import of %s · %d", Clean(v.r.name), v.r.count())
	lines := []string{sectionRule(st, title, "", w, true)}
	var whole []string
	if v.sel < len(v.r.rows) {
		whole = wrapText(Clean(v.r.rows[v.sel]), w)
		whole = whole[:min(len(whole), max(h/3, 2))]
	}
	rows := max(h-len(lines)-len(whole)-2, 1)
	top := max(v.sel-rows+1, 0)
	for i := top; i < len(v.r.rows) && i < top+rows; i++ {
		row := Truncate(Clean(v.r.short(i)), w)
		if i == v.sel {
			row = st.Selected.Render(fitLine(row, w))
		}
		lines = append(lines, row)
	}
	if v.r.more > 0 {
		lines = append(lines, st.Muted.Render(Truncate(fmt.Sprintf("… and %d more: caredesk import names every one on stderr", v.r.more), w)))
	}
	lines = append(lines, "")
	lines = append(lines, whole...)
	return strings.Join(lines, "\n")
}
