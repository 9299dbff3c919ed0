package server

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// A session's box gathers notices, in order, into one message; past
// maxWaiting it keeps one Resync instead of growing.
func TestNoticeBoxGathersAndBounds(t *testing.T) {
	b := newNoticeBox("")
	for i := range 3 {
		b.put(&model.Change{Author: "bo", Cases: []model.Summary{{ID: model.CaseID(i + 1)}}}, i == 1)
	}
	m := b.take()
	if len(m.Changes) != 3 || !m.Index || m.Changes[2].Cases[0].ID != 3 {
		t.Fatalf("took %+v, want the three notices in order and the index moved", m)
	}
	if m := b.take(); len(m.Changes) != 0 || m.Index {
		t.Fatalf("the box kept %+v after it was taken", m)
	}
	for i := range maxWaiting + 5 {
		b.put(&model.Change{Cases: []model.Summary{{ID: model.CaseID(i + 1)}}}, true)
	}
	if m := b.take(); len(m.Changes) != 1 || !m.Changes[0].Resync || !m.Index {
		t.Fatalf("an overfull box gave %d notices (resync %v), want one Resync", len(m.Changes), len(m.Changes) > 0 && m.Changes[0].Resync)
	}
}

// noticeCounter is a program's model that counts what the relay sends.
type noticeCounter struct {
	got chan ui.NoticesMsg
}

func (c noticeCounter) Init() tea.Cmd { return nil }
func (c noticeCounter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(ui.NoticesMsg); ok {
		c.got <- m
	}
	return c, nil
}
func (c noticeCounter) View() string { return "" }

// Fifty notices in a burst reach a screen as at most a few messages, the
// first at once, the rest together at the frame's end, none lost.
func TestRelaySendsAtMostOneMessageAFrame(t *testing.T) {
	box := newNoticeBox("")
	got := runRelay(t, box, noticeFrame)
	box.put(&model.Change{Cases: []model.Summary{{ID: 1}}}, true)
	first := <-got
	if len(first.Changes) != 1 {
		t.Fatalf("the first notice after a quiet spell came as %d", len(first.Changes))
	}
	start := time.Now()
	for i := range 50 {
		box.put(&model.Change{Cases: []model.Summary{{ID: model.CaseID(i + 2)}}}, true)
	}
	var msgs, notices int
	for notices < 50 {
		select {
		case m := <-got:
			msgs++
			notices += len(m.Changes)
		case <-time.After(5 * time.Second):
			t.Fatalf("%d of 50 notices came", notices)
		}
	}
	if msgs > 2 {
		t.Errorf("50 notices in a burst came as %d messages, want one or two", msgs)
	}
	if took := time.Since(start); took < noticeFrame/2 {
		t.Errorf("the burst came %s after the first notice, within the same frame", took)
	}
}

type nopWriter struct{}

func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }

// runRelay runs a relay for box into a program that hands over what it
// is sent, with frame as the frame for other agents' changes.
func runRelay(t *testing.T, box *noticeBox, frame time.Duration) <-chan ui.NoticesMsg {
	t.Helper()
	got := make(chan ui.NoticesMsg, 100)
	p := tea.NewProgram(noticeCounter{got: got}, tea.WithInput(nil), tea.WithOutput(nopWriter{}), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run()
	}()
	stop := make(chan struct{})
	relayed := make(chan struct{})
	go func() {
		defer close(relayed)
		relayNotices(p, box, func() time.Duration { return frame }, nil, stop)
	}()
	t.Cleanup(func() {
		close(stop)
		<-relayed
		p.Quit()
		<-done
	})
	return got
}

func caseChange(author string, id model.CaseID) *model.Change {
	return &model.Change{Author: author, Cases: []model.Summary{{ID: id}}}
}

// With a long frame for other agents' changes (many screens open), a
// screen takes none of them until the frame ends — except a change by
// someone else to the case it has open, which comes at once, with what
// waited; the agent's own change to it does not hurry anything.
func TestRelayHoldsOthersChangesButNotTheOpenCase(t *testing.T) {
	box := newNoticeBox("ana")
	box.shows.Store(7)
	got := runRelay(t, box, time.Hour)
	box.put(caseChange("bo", 1), true)
	if m := <-got; len(m.Changes) != 1 {
		t.Fatalf("the first notice after a quiet spell came as %d", len(m.Changes))
	}
	box.put(caseChange("bo", 2), true)
	box.put(caseChange("ana", 7), true) // her own save's notice
	box.put(caseChange("chen", 3), true)
	select {
	case m := <-got:
		t.Fatalf("other cases' changes came within the frame: %+v", m)
	case <-time.After(300 * time.Millisecond):
	}
	box.put(caseChange("bo", 7), true)
	select {
	case m := <-got:
		if len(m.Changes) != 4 || m.Changes[3].Cases[0].ID != 7 || !m.Index {
			t.Fatalf("the open case's change came as %+v, want it after the three that waited", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a change to the open case waited for the frame of other agents' changes")
	}
}

// The frame for other agents' changes is the shortest with few screens
// and grows with the screens open, so that all of them together spend
// about othersBudget of a core on it, up to maxOthersFrame.
func TestOthersFrameGrowsWithScreens(t *testing.T) {
	cost := 50 * time.Microsecond
	if f := othersFrame(10, cost); f != noticeFrame {
		t.Errorf("10 screens: frame %s, want %s", f, noticeFrame)
	}
	f50, f200 := othersFrame(50, cost), othersFrame(200, cost)
	if f200 < 2*f50 {
		t.Errorf("frame %s at 50 screens, %s at 200: it should grow with them", f50, f200)
	}
	if spent := float64(200) * cost.Seconds() / f200.Seconds(); spent > othersBudget*1.01 {
		t.Errorf("200 screens spend %.2f of a core on others' changes, want ≤ %.2f", spent, othersBudget)
	}
	if f := othersFrame(100_000, cost); f != maxOthersFrame {
		t.Errorf("100,000 screens: frame %s, want the bound %s", f, maxOthersFrame)
	}
}

// A screen's box knows the case the screen has open (its presence), so
// that another agent's change to it is not held with the rest; and the
// server counts the screens that pace the frame.
func TestScreenBoxKnowsTheOpenCase(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "agent"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana, bo)
	sa := d.open(ana, 100, 30)
	d.open(bo, 100, 30)
	if n := d.srv.fanout.screens.Load(); n != 2 {
		t.Fatalf("%d screens counted, want 2", n)
	}
	sa.openCase("T-000007")
	id := d.caseByExt("T-000007").ID
	var box *noticeBox
	for deadline := time.Now().Add(waitLong); box == nil && time.Now().Before(deadline); {
		d.srv.boxMu.Lock()
		for b := range d.srv.boxes {
			if b.agent == "ana" && model.CaseID(b.shows.Load()) == id {
				box = b
			}
		}
		d.srv.boxMu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	if box == nil {
		t.Fatal("ana's box does not know the case she opened")
	}
	if !box.touchesOpen(caseChange("bo", id)) || box.touchesOpen(caseChange("ana", id)) || box.touchesOpen(caseChange("bo", id+1)) {
		t.Fatal("only another agent's change to the open case should go at once")
	}
}

// A box whose relay holds its frame does not wake it for each notice —
// only for a change to the open case — and wakes it again once taken.
func TestHeldBoxWakesOnlyForTheOpenCase(t *testing.T) {
	b := newNoticeBox("ana")
	b.shows.Store(7)
	signalled := func() bool {
		select {
		case <-b.ready:
			return true
		default:
			return false
		}
	}
	b.put(caseChange("bo", 1), true)
	if !signalled() {
		t.Fatal("the first notice did not wake the relay")
	}
	b.hold()
	b.put(caseChange("bo", 2), true)
	b.put(caseChange("ana", 7), true)
	if signalled() {
		t.Fatal("a held box woke its relay for a notice of another case")
	}
	b.put(caseChange("bo", 7), true)
	if !signalled() {
		t.Fatal("a held box did not wake its relay for the open case")
	}
	if m := b.take(); len(m.Changes) != 4 {
		t.Fatalf("took %d notices, want the 4 put", len(m.Changes))
	}
	b.put(caseChange("bo", 3), true)
	if !signalled() {
		t.Fatal("once taken, the box did not wake its relay again")
	}
}

// A screen showing a case writes nothing to its terminal for another
// agent's notes on other cases: the notices reach it (notice frames are
// taken), but its view is the frame before, so the frame writer is not
// even woken.
func TestOthersNotesOnOtherCasesWriteNoFrame(t *testing.T) {
	ana := newTestAgent(t, "ana", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana)
	sa := d.open(ana, 100, 30)
	sa.openCase("T-000007")
	fo := &d.srv.fanout
	// the case's loads and its presence drawn: nothing more to write
	for w := fo.written.written.Load(); ; {
		time.Sleep(300 * time.Millisecond)
		if now := fo.written.written.Load(); now == w {
			break
		} else {
			w = now
		}
	}
	frames, kept, written := fo.frames.Load(), fo.kept.Load(), fo.written.written.Load()
	for i := range 10 {
		c := d.caseByExt(fmt.Sprintf("T-%06d", 11+i))
		if _, err := d.db.Act(c.ID, c.Version, "bo", model.AddNote{Text: "called the courier"}); err != nil {
			t.Fatal(err)
		}
	}
	// every notice frame taken and drawn
	deadline := time.Now().Add(waitLong)
	for fo.frames.Load() == frames || fo.kept.Load()-kept < fo.frames.Load()-frames {
		if time.Now().After(deadline) {
			t.Fatalf("%d notice frames taken, %d views kept as the frame before; %d frames written",
				fo.frames.Load()-frames, fo.kept.Load()-kept, fo.written.written.Load()-written)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := fo.written.written.Load() - written; n != 0 {
		t.Errorf("%d frames written for notes on cases the screen does not show", n)
	}
}
