package ui

import (
	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/bubbles/key"
)

// The chrome's lines kept between frames (chrome.go draws them): each is
// drawn again only when what it shows changed, and what it shows is
// checked without spelling it out again where that is most of the cost
// (a footer's keys, a tab line's counts).

// memo is one line as last drawn and what it was drawn from: the chrome
// around a pane changes far less often than the screen is drawn.
type memo[K comparable] struct {
	ok   bool
	key  K
	line string
}

func (m *memo[K]) get(key K, draw func() string) string {
	if !m.ok || m.key != key {
		m.ok, m.key, m.line = true, key, draw()
	}
	return m.line
}

// tabsShown is everything the tab line shows.
type tabsShown struct {
	w            int
	labels       [caseindex.NumViews]string
	view         caseindex.View
	saved        string
	queueFocused bool
}

func (a *app) tabsShown(k tabsKey) tabsShown {
	s := tabsShown{w: k.w, view: k.view, saved: k.saved, queueFocused: k.queueFocused}
	for v := range caseindex.NumViews {
		s.labels[v] = a.tabLabel(tabLabelKey{view: v, known: k.known[v], count: k.counts[v]})
	}
	return s
}

// tabs is the tab line for k, drawn again only when what it shows changed.
func (a *app) tabs(k tabsKey) string {
	if a.tabsMemo.ok && k == a.tabsLast {
		return a.tabsMemo.line // nothing it is drawn from moved: not even its labels are looked up
	}
	a.tabsLast = k
	return a.tabsMemo.get(a.tabsShown(k), func() string { a.tabsDrawn++; return a.fitWidth(a.tabLine()) })
}

// statusKey is everything the status line shows while the command line
// is closed and no import runs; two: the footer's line may take the
// message's second line.
type statusKey struct {
	text string
	err  bool
	w    int
	two  bool
}

// status is the status line cut to the window, kept while the message is
// (the command line's and an import's are drawn every time). more is the
// second line of a message too long for one, which the footer's line
// shows until the next key clears the message: at 80 columns a refusal's
// instruction ("run :followup … again") or the names of a rename were cut
// off on one line. "" when it fits, or when two is false (no footer).
func (a *app) status(two bool) (line, more string) {
	if a.cmd.open || a.imp.running {
		return a.fitWidth(a.statusLine()), ""
	}
	line = a.statusMemo.get(statusKey{a.statusText, a.statusErr, a.w, two}, func() string {
		a.statusMore = ""
		if !two || cells.Width(Clean(a.statusText)) <= a.w {
			return a.fitWidth(a.statusLine())
		}
		ls := wrapMessage(a.statusText, a.w, 2)
		if len(ls) > 1 {
			a.statusMore = a.fitWidth(a.styleStatus(ls[1]))
		}
		return a.fitWidth(a.styleStatus(ls[0]))
	})
	return line, a.statusMore
}

// footer is the footer of keys, kept with the keys it shows: the same
// keys as at the last frame are compared, not spelled out again.
func (a *app) footer() string {
	ks := a.focusedShortHelp()
	f := &a.footerLast
	if f.line != "" && f.w == a.w && len(f.keys) == len(ks) {
		same := true
		for i, k := range ks {
			if f.keys[i] != (shownKey{k.Help(), k.Enabled()}) {
				same = false
				break
			}
		}
		if same {
			return f.line
		}
	}
	f.w, f.keys = a.w, f.keys[:0]
	for _, k := range ks {
		f.keys = append(f.keys, shownKey{k.Help(), k.Enabled()})
	}
	f.line = a.footerMemo.get(helpKey(ks, a.w), func() string { return a.fitWidth(a.help.short(ks, a.w, a.keys.Help, a.keys.Quit)) })
	return f.line
}

// footerLast is the footer as last drawn and the keys it shows.
type footerLast struct {
	w    int
	keys []shownKey
	line string
	// asked is the slice focusedShortHelp gathers the keys in, reused
	asked []key.Binding
}

type shownKey struct {
	help    key.Help
	enabled bool
}
