package ui

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestEndToEndSearchAndClaim runs the real program: the first screen, a
// search, a claim, a live change from another agent, and quitting.
func TestEndToEndSearchAndClaim(t *testing.T) {
	svc := newTestService(500)
	m := newRoot(svc, Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	// The relay, as Run has it.
	changes, stop := svc.Subscribe()
	defer stop()
	go func() {
		for ch := range changes {
			tm.Send(changeMsg(ch))
		}
	}()
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("sort: priority")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	tm.Type("@none refund")
	waitFor("matches")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("V")}) // Unassigned
	waitFor("Unassigned")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")})
	waitFor("claimed case")
	// Someone else's change arrives through the relay.
	if _, err := svc.Import([]model.ImportRow{{Case: model.Case{ExternalID: "E2E-1", CreatedAt: testNow.Add(-400 * 24 * time.Hour),
		Subject: "Relayed case from the store", Priority: model.PriorityUrgent}}}); err != nil {
		t.Fatal(err)
	}
	waitFor("Relayed case")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	out, _ := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(time.Second)))
	_ = out
	if c := claimedBy(svc, "ana"); c == 0 {
		t.Fatal("nothing was claimed")
	}
}

func claimedBy(svc *memService, agent string) int {
	svc.mu.Lock()
	defer svc.mu.Unlock()
	n := 0
	for _, c := range svc.cases {
		if strings.EqualFold(c.Assignee, agent) {
			n++
		}
	}
	return n
}

// TestRunQuitsOnInput runs Run without a terminal: q ends it cleanly.
func TestRunQuitsOnInput(t *testing.T) {
	svc := newTestService(20)
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(svc, Options{Agent: "ana", Now: func() time.Time { return testNow },
			Input: strings.NewReader("q"), Output: &out})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after q")
	}
}
