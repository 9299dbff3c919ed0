package server

import (
	"bytes"

	"github.com/charmbracelet/x/ansi/parser"
)

// leaveAltScreen is what a program writes when it leaves the alternate
// screen; what it writes after stays on the terminal.
const leaveAltScreen = "\x1b[?1049l"

// screenText is a test terminal's output, taken in as it arrives: the text
// with the escape sequences taken out (what waits search), and the raw
// output since the program last left the alternate screen. Stripping each
// read once, not the whole output again on every wait, keeps the load
// test's own clients from costing the server it measures: they share its
// process, its CPUs and its collector.
type screenText struct {
	plain []byte
	base  int // where plain starts in all the text shown (screen.forget)
	// the stripper's state between reads: a sequence or a character can
	// be split across two
	state  parser.State
	ri, rw int
	// tail is the last raw bytes and edge the scratch where they meet
	// the next read: a sequence split across two reads is found there.
	tail, edge []byte
	// afterLeave is the raw output from the last leaveAltScreen; nil
	// before the first.
	afterLeave []byte
	asked      bool // the program asked for the device attributes
}

// since is the text from mark on (a mark before base: all that is kept).
func (st *screenText) since(mark int) []byte {
	return st.plain[min(max(mark-st.base, 0), len(st.plain)):]
}

// take adds one read.
func (st *screenText) take(p []byte) {
	st.strip(p)
	keep := len(leaveAltScreen) - 1
	st.edge = append(append(st.edge[:0], st.tail...), p[:min(len(p), keep)]...)
	ask, leave := []byte("\x1b[c"), []byte(leaveAltScreen)
	if !st.asked && (bytes.Contains(st.edge, ask) || bytes.Contains(p, ask)) {
		st.asked = true
	}
	if i := bytes.LastIndex(p, leave); i >= 0 {
		st.afterLeave = append(st.afterLeave[:0], p[i:]...)
	} else if i := bytes.LastIndex(st.edge, leave); i >= 0 { // it starts in tail
		st.afterLeave = append(append(st.afterLeave[:0], st.tail[i:]...), p...)
	} else if st.afterLeave != nil {
		st.afterLeave = append(st.afterLeave, p...)
	}
	if len(p) >= keep {
		st.tail = append(st.tail[:0], p[len(p)-keep:]...)
	} else {
		t := append(st.tail, p...)
		st.tail = append(st.tail[:0], t[len(t)-min(len(t), keep):]...)
	}
}

// strip appends the printable bytes of p to plain: ansi.Strip's state
// machine, kept between calls.
func (st *screenText) strip(p []byte) {
	for _, c := range p {
		if st.state == parser.Utf8State {
			st.plain = append(st.plain, c)
			st.ri++
			if st.ri < st.rw {
				continue
			}
			st.state, st.ri, st.rw = parser.GroundState, 0, 0
			continue
		}
		state, action := parser.Table.Transition(st.state, c)
		switch action {
		case parser.CollectAction:
			if state == parser.Utf8State {
				st.rw = utf8Len(c)
				st.plain = append(st.plain, c)
				st.ri++
			}
		case parser.PrintAction, parser.ExecuteAction:
			st.plain = append(st.plain, c)
		}
		st.state = state
	}
}

// utf8Len is how many bytes the UTF-8 character that starts with b has.
func utf8Len(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b >= 0xC0 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF7:
		return 4
	}
	return -1
}
