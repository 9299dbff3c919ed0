package server

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// A session's box gathers notices, in order, into one message; past
// maxWaiting it keeps one Resync instead of growing.
func TestNoticeBoxGathersAndBounds(t *testing.T) {
	b := newNoticeBox()
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
	got := make(chan ui.NoticesMsg, 100)
	p := tea.NewProgram(noticeCounter{got: got}, tea.WithInput(nil), tea.WithOutput(nopWriter{}), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run()
	}()
	defer func() {
		p.Quit()
		<-done
	}()
	box := newNoticeBox()
	stop := make(chan struct{})
	relayed := make(chan struct{})
	go func() {
		defer close(relayed)
		relayNotices(p, box, nil, stop)
	}()
	defer func() {
		close(stop)
		<-relayed
	}()
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
