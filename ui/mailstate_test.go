package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func TestMailHeaderWords(t *testing.T) {
	now := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		s    *MailState
		want string
	}{
		{nil, ""},
		{&MailState{}, "mail …"},
		{&MailState{Online: true, LastFetch: now.Add(-2 * time.Minute)}, "mail ✓ 2m ago"},
		{&MailState{Online: true, LastFetch: now.Add(-2 * time.Minute), Queued: 1}, "mail ✓ 2m ago · 1 queued"},
		{&MailState{Online: false, Queued: 3, Err: "dial tcp: connection refused"}, "offline: 3 queued"},
		{&MailState{Online: false, Queued: 3, Err: "IMAP server … refused the login", Trouble: "IMAP login refused"}, "✗ IMAP login refused · 3 queued"},
		{&MailState{Online: false, Err: "IMAP server … refused the login", Trouble: "IMAP login refused"}, "✗ IMAP login refused"},
		{&MailState{Online: true, Failed: 1}, "mail ✓ · ✗ 1 failed"},
		{&MailState{Online: true, Queued: 2}, "mail ✓ · 2 queued"}, // sending only, no intake
		{&MailState{Online: true, LastFetch: now.Add(-time.Minute), Queued: 1, NoSending: true}, "mail ✓ 1m ago · 1 queued (sending not set up)"},
		{&MailState{Online: true, LastFetch: now.Add(-2 * time.Minute), Queued: 1, Failed: 1}, "mail ✓ 2m ago · ✗ 1 failed · 1 queued"},
		{&MailState{Online: true, LastFetch: now, Refused: []string{"INBOX/new/big: the message is 27.0 MB"}}, "mail ✓ 0s ago · ✗ 1 mail refused"},
	} {
		if got := mailHeader(tc.s, now); got != tc.want {
			t.Errorf("mailHeader(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// The header shows the runner's state as it comes, and keeps it fitting
// the window.
func TestAppHeaderShowsMailState(t *testing.T) {
	h := newHarness(t, newTestService(50), 120, 30)
	if strings.Contains(strings.Split(ansi.Strip(h.view()), "\n")[0], "mail") {
		t.Fatal("a header with no mail runner mentions mail")
	}
	h.send(mailStateMsg{Online: true, LastFetch: testNow.Add(-2 * time.Minute)})
	first := strings.Split(ansi.Strip(h.view()), "\n")[0]
	if !strings.Contains(first, "mail ✓ 2m ago") {
		t.Fatalf("title line %q", first)
	}
	h.send(mailStateMsg{Queued: 3, Err: "connection refused"})
	if first = strings.Split(ansi.Strip(h.view()), "\n")[0]; !strings.Contains(first, "offline: 3 queued") {
		t.Fatalf("title line %q", first)
	}
	// at 80 columns the failure stays in sight, before the queued count
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.send(mailStateMsg{Online: true, LastFetch: testNow.Add(-2 * time.Minute), Queued: 1, Failed: 1})
	if first = strings.Split(ansi.Strip(h.view()), "\n")[0]; !strings.Contains(first, "mail ✓ 2m · ✗ 1 failed") {
		t.Fatalf("title line at 80 columns %q", first)
	}
	for _, w := range []int{80, 60, 30} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		checkScreen(t, h.view(), w, 24)
	}
}

// sendRecorder stands in for the program: it records what the relay sends.
type sendRecorder struct {
	mu   sync.Mutex
	msgs []tea.Msg
	got  chan struct{}
}

func (r *sendRecorder) Send(m tea.Msg) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	r.got <- struct{}{}
}

// The relay delivers states and stops without waiting for the runner to
// close its channel (the runner outlives the program).
func TestRelayMailStopsWhileTheRunnerRuns(t *testing.T) {
	r := &fakeRunner{states: make(chan MailState)}
	rec := &sendRecorder{got: make(chan struct{}, 1)}
	stop := relayMail(rec, r)
	r.states <- MailState{Queued: 2}
	<-rec.got
	done := make(chan struct{})
	go func() { stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stopping the relay hung")
	}
	if len(rec.msgs) != 1 || rec.msgs[0].(mailStateMsg).Queued != 2 {
		t.Fatalf("relayed %v", rec.msgs)
	}
}
