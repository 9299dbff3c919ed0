package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// A session told to leave (taken off the desk, the server going) quits
// with the notice in its last view, which Bubble Tea draws as the program
// ends: on a busy server no frame may be drawn between the notice and the
// quit, and the last view was empty — the screen went without saying why.
func TestLeavingSessionsLastViewSaysWhy(t *testing.T) {
	const why = "you are no longer on this desk's agents list: disconnecting"
	m := NewSessionModel(newTestService(20), Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(NoticeMsg{Text: why, Quit: true})
	m, cmd := m.Update(leaveMsg{})
	if cmd == nil {
		t.Fatal("the session does not quit after the notice")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("the session does not quit after the notice")
	}
	if v := m.View(); !strings.Contains(v, why) {
		t.Errorf("the last view does not say why the screen goes:\n%s", v)
	}
}
