package ui

import (
	"strings"
	"unicode/utf8"
)

// suggester completes what is typed from ranked candidates. Nothing is
// picked until the agent moves onto a suggestion (↓/tab): enter then takes
// the suggestion, otherwise exactly the typed text.
//
// A desk has thousands of tags and an agent types a few letters: the
// candidates are shared, never copied; with nothing typed, matches are
// taken from them only as far as they are shown (more); and text that
// extends the text before it is matched only against what that kept
// (fzf's way: a match of the longer text is a match of the shorter).
type suggester struct {
	all     []string // ranked, best first; may be shared: never written
	letters []uint64 // model.LetterMask of each of all, or nil; shared too
	hide    []string // candidates not offered (the case's own tags)
	matches []string
	sel     int // -1: the typed text
	// taken is how far matches has taken from all when nothing is typed
	// and some candidates are hidden; -1 when matches is complete.
	taken int
	// typed are the texts filtered since the input was last empty, each
	// extending the one before, with the positions in all it kept.
	typed []typedText
}

type typedText struct {
	q    string
	kept []int32
}

// setCandidates offers all but hide, and forgets what was typed. letters
// are all's model.LetterMask, when the list keeps them (nil: none).
func (s *suggester) setCandidates(all []string, letters []uint64, hide []string) {
	s.all, s.letters, s.hide, s.typed = all, letters, hide, s.typed[:0]
}

// filter keeps the candidates that match q, ranked by rankMatches.
func (s *suggester) filter(q string) {
	s.sel = -1
	q = strings.TrimSpace(q)
	if q == "" {
		s.typed = s.typed[:0]
		s.matches, s.taken = s.all, -1
		if len(s.hide) > 0 {
			s.matches, s.taken = nil, 0
		}
		return
	}
	var among []int32
	for len(s.typed) > 0 {
		last := s.typed[len(s.typed)-1]
		if strings.HasPrefix(q, last.q) && utf8.ValidString(q) {
			among = last.kept
			if among == nil {
				among = []int32{} // it kept nothing
			}
			break
		}
		s.typed = s.typed[:len(s.typed)-1]
	}
	ranked, kept := rankAmong(q, s.all, s.letters, among, s.hide)
	s.typed = append(s.typed, typedText{q: q, kept: kept})
	s.matches, s.taken = make([]string, len(ranked)), -1
	for k, i := range ranked {
		s.matches[k] = s.all[i]
	}
}

// more makes matches hold at least n suggestions, when there are that
// many.
func (s *suggester) more(n int) {
	for s.taken >= 0 && len(s.matches) < n {
		if s.taken == len(s.all) {
			s.taken = -1
			return
		}
		if c := s.all[s.taken]; !hidden(s.hide, c) {
			s.matches = append(s.matches, c)
		}
		s.taken++
	}
}

// keepSel selects suggestion sel again after the candidates changed, or
// the last one when there are fewer.
func (s *suggester) keepSel(sel int) {
	s.more(sel + 1)
	s.sel = min(sel, len(s.matches)-1)
}

func (s *suggester) next() {
	s.more(s.sel + 2)
	s.sel = min(s.sel+1, len(s.matches)-1)
}

func (s *suggester) prev() { s.sel = max(s.sel-1, -1) }

// chosen is the suggestion moved onto, if any.
func (s *suggester) chosen() (string, bool) {
	if s.sel >= 0 && s.sel < len(s.matches) {
		return s.matches[s.sel], true
	}
	return "", false
}

// rows renders up to n suggestions, keeping the selected one in view.
func (s *suggester) rows(st *Styles, w, n int, label func(string) string) []string {
	s.more(max(n, s.sel+1))
	if n <= 0 || len(s.matches) == 0 {
		return nil
	}
	top := 0
	if s.sel >= n {
		top = s.sel - n + 1
	}
	var out []string
	for i := top; i < len(s.matches) && len(out) < n; i++ {
		text := Clean(s.matches[i])
		if label != nil {
			text = label(s.matches[i])
		}
		if i == s.sel {
			out = append(out, st.Selected.Render(fitLine("▸ "+text, w)))
		} else {
			out = append(out, "  "+text)
		}
	}
	return out
}
