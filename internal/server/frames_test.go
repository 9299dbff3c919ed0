package server

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// terminalTap is a session's output as the frame writer sees it: each
// write arrives on got; with hold set, a write waits until it is let go.
type terminalTap struct {
	got  chan string
	hold chan struct{}
}

func newTap() *terminalTap { return &terminalTap{got: make(chan string, 16)} }

func (t *terminalTap) Write(b []byte) (int, error) {
	t.got <- string(b)
	if t.hold != nil {
		<-t.hold
	}
	return len(b), nil
}

// next is the next write as the rows it writes: "2:text|5:text", each
// row (from 1) the cursor is moved to and the text then written, escape
// sequences taken out; moves that write nothing are left out.
func (t *terminalTap) next(tb testing.TB) string {
	tb.Helper()
	select {
	case s := <-t.got:
		return writtenRows(s)
	case <-time.After(waitLong):
		tb.Fatal("nothing was written")
		return ""
	}
}

var cursorMove = regexp.MustCompile(`\x1b\[(\d*)(;\d*)?H`)

func writtenRows(s string) string {
	var rows []string
	at := cursorMove.FindAllStringSubmatchIndex(s, -1)
	for i, m := range at {
		end := len(s)
		if i+1 < len(at) {
			end = at[i+1][0]
		}
		if text := ansi.Strip(s[m[1]:end]); text != "" {
			rows = append(rows, s[m[2]:m[3]]+":"+text)
		}
	}
	return strings.Join(rows, "|")
}

// none checks that nothing more has been written.
func (t *terminalTap) none(tb testing.TB) {
	tb.Helper()
	select {
	case s := <-t.got:
		tb.Fatalf("written: %q", s)
	default:
	}
}

// shows has f show view and checks the frame written (escape sequences
// out) is want.
func (t *terminalTap) shows(tb testing.TB, f *frameWriter, view, want string) {
	tb.Helper()
	f.show(view)
	if got := t.next(tb); got != want {
		tb.Fatalf("view %q wrote %q, want %q", view, got, want)
	}
}

func startTapped(t *testing.T, w, h int) (*frameWriter, *terminalTap, *frameCounts) {
	tap, n := newTap(), &frameCounts{}
	f := startFrames(tap, n, nil)
	if s := <-tap.got; !strings.Contains(s, ansi.SetAltScreenSaveCursorMode) || !strings.Contains(s, ansi.SetBracketedPasteMode) {
		t.Fatalf("the screen is not set up: %q", s)
	}
	f.resize(w, h)
	return f, tap, n
}

func TestFramesWriteOnlyWhatChanged(t *testing.T) {
	f, tap, n := startTapped(t, 20, 3)
	tap.shows(t, f, "queue\ncase 1\nready", "1:queue|2:case 1|3:ready")
	// Only the changed line is written.
	tap.shows(t, f, "queue\ncase 1 claimed\nready", "2:case 1 claimed")
	// The same view again writes nothing: the next write is the one after.
	f.show("queue\ncase 1 claimed\nready")
	f.show("queue\ncase 1 claimed\nsaved")
	if got := tap.next(t); got != "3:saved" {
		t.Fatalf("third frame %q", got)
	}
	f.close()
	tap.next(t) // the terminal as it was
	tap.none(t)
	if w := n.written.Load(); w != 3 {
		t.Fatalf("%d frames counted, want 3", w)
	}
}

func TestFramesFoldViewsThatComeWhileWriting(t *testing.T) {
	tap, n := newTap(), &frameCounts{}
	f := startFrames(tap, n, nil)
	<-tap.got
	tap.hold = make(chan struct{}) // before the writer's first write (show wakes it)
	f.resize(20, 1)
	f.show("one")
	if got := tap.next(t); !strings.Contains(got, "one") {
		t.Fatalf("first frame %q", got)
	}
	// The writer is held in the middle of writing "one".
	f.show("two")
	f.show("three")
	tap.hold <- struct{}{}
	if got := tap.next(t); !strings.Contains(got, "three") || strings.Contains(got, "two") {
		t.Fatalf("frame after the held one %q: want the newest view alone", got)
	}
	tap.hold <- struct{}{}
	closed := make(chan struct{})
	go func() { f.close(); close(closed) }()
	tap.next(t) // the terminal as it was
	tap.hold <- struct{}{}
	<-closed
	if w := n.written.Load(); w != 2 {
		t.Fatalf("%d frames written, want 2", w)
	}
}

func TestFramesCutToTheWidthAndRepaintOnResize(t *testing.T) {
	f, tap, _ := startTapped(t, 5, 2)
	tap.shows(t, f, "abcdefgh\nxy", "1:abcde|2:xy")
	// The same view after a resize: every line is written again.
	f.resize(10, 2)
	tap.shows(t, f, "abcdefgh\nxy", "1:abcdefgh|2:xy")
	// A view taller than the terminal keeps its last lines.
	tap.shows(t, f, "top\nabcdefgh\nbottom", "2:bottom")
	f.close()
}

func TestFramesCloseWritesTheLastViewThenLeavesTheScreen(t *testing.T) {
	tap := newTap()
	f := startFrames(tap, nil, nil)
	<-tap.got
	f.resize(20, 2)
	tap.hold = make(chan struct{})
	f.show("first")
	<-tap.got // held while writing "first"
	f.show("last words")
	closed := make(chan struct{})
	go func() { f.close(); close(closed) }()
	tap.hold <- struct{}{}
	if got := tap.next(t); !strings.Contains(got, "last words") {
		t.Fatalf("the last view was not written before the end: %q", got)
	}
	tap.hold <- struct{}{}
	var end string
	select {
	case end = <-tap.got:
	case <-time.After(waitLong):
		t.Fatal("close left the alternate screen on")
	}
	tap.hold <- struct{}{}
	<-closed
	if !strings.Contains(end, ansi.ResetAltScreenSaveCursorMode) || !strings.Contains(end, ansi.ShowCursor) || !strings.Contains(end, ansi.ResetBracketedPasteMode) {
		t.Fatalf("the end %q leaves the terminal as it was not", end)
	}
	f.show("after the end")
	tap.none(t)
}

// A frame of other agents' changes costs its Update and View and its
// write (the pacing's measure); a view that changes nothing costs no
// write; an agent's own frames are not measured.
func TestFramesObserveANoticeFramesWrite(t *testing.T) {
	tap := newTap()
	costs := make(chan time.Duration, 4)
	f := startFrames(tap, nil, func(d time.Duration) { costs <- d })
	<-tap.got
	tap.hold = make(chan struct{}) // before the writer's first write: each is let go
	written := func() {
		<-tap.got
		tap.hold <- struct{}{}
	}
	f.resize(20, 1)
	f.show("own key")
	written()

	const took = 3 * time.Millisecond // the notice frame's Update and View
	const writing = 20 * time.Millisecond
	f.showNotice([]string{"counts moved"}, 0, took)
	<-tap.got // the write has begun
	time.Sleep(writing)
	tap.hold <- struct{}{}
	if d := <-costs; d < took+writing {
		t.Errorf("a notice frame written in %s observed as %s, want its Update and View (%s) and its write", writing, d, took)
	}

	f.showNotice([]string{"counts moved"}, 0, took) // nothing new on screen
	if d := <-costs; d < took || d >= took+writing {
		t.Errorf("a notice frame that changed nothing observed as %s, want about %s", d, took)
	}
	closed := make(chan struct{})
	go func() { f.close(); close(closed) }()
	written() // the terminal as it was
	<-closed
	select {
	case d := <-costs:
		t.Errorf("an own frame observed as a notice frame's cost (%s)", d)
	default:
	}
}

// A session's view comes by line, cut to the width by the app: each line
// that changed is erased and written whole, never measured again; lines
// cut to another width (a resize on its way) are cut here, and a line
// holding a line break is two, as in a view written as one string.
func TestFramesTakeTheAppsLines(t *testing.T) {
	f, tap, _ := startTapped(t, 5, 3)
	f.showLines([]string{"abcde", "xy", "z"}, 5)
	raw := <-tap.got
	if !strings.Contains(raw, ansi.EraseLineRight+"abcde") || strings.Contains(raw, "abcde"+ansi.EraseLineRight) {
		t.Fatalf("a full line not erased before it is written, or erased after: %q", raw)
	}
	if strings.ContainsAny(raw, "\r\n") {
		t.Fatalf("rows reached by line feeds: %q", raw)
	}
	// the same lines (other strings) write nothing; a changed one alone
	f.showLines([]string{"abcde", "x" + "y", "z"}, 5)
	f.showLines([]string{"abcde", "xy", "w"}, 5)
	if got := tap.next(t); got != "3:w" {
		t.Fatalf("frame %q, want the changed line alone", got)
	}
	f.showLines([]string{"abcdefgh", "xy", "w"}, 8)
	if got := tap.next(t); got != "1:abcde" {
		t.Fatalf("a line cut to 8 cells on a 5-cell terminal wrote %q", got)
	}
	f.showLines([]string{"abcdefgh", "v\nu"}, 5)
	if got := tap.next(t); got != "2:v|3:u" {
		t.Fatalf("a line holding a line break wrote %q, want two lines", got)
	}
	// a shorter view erases the rows below it
	f.showLines([]string{"abcde"}, 5)
	if raw := <-tap.got; !strings.Contains(raw, "\x1b[2H"+ansi.EraseScreenBelow) {
		t.Fatalf("a view of one line left the rows below: %q", raw)
	}
	f.close()
}

// A terminal shrunk to the height of the view: the rows the taller frame
// wrote are off the screen, and nothing erases the view's last row (the
// move to "the row below" would stop on it: the footer went blank after a
// resize from 200x50 back to 80x24).
func TestFramesKeepTheLastRowAfterTheTerminalShrinks(t *testing.T) {
	f, tap, _ := startTapped(t, 20, 4)
	tap.shows(t, f, "title\nbody\nmore\nfooter", "1:title|2:body|3:more|4:footer")
	f.resize(20, 2)
	f.show("title\nfooter")
	raw := <-tap.got
	if got := writtenRows(raw); got != "1:title|2:footer" {
		t.Fatalf("wrote %q", got)
	}
	if strings.Contains(raw, ansi.EraseScreenBelow) {
		t.Fatalf("a view as tall as the terminal erased below its last row: %q", raw)
	}
	f.close()
}
