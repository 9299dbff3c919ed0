package ui

import (
	"fmt"
	"time"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
)

// MailRunner is the mail engine at work in the background (fetching new
// mail, sending the outbox), started and stopped by the command line. The
// app shows its state in the header and tells it when a reply was queued.
type MailRunner interface {
	// States delivers the runner's state each time it changes; stop ends
	// the delivery and closes the channel.
	States() (states <-chan MailState, stop func())
	// Flush asks for the outbox to be sent now: a reply was just queued.
	// It must not block.
	Flush()
}

// MailState is what the header says about the mail channel.
type MailState struct {
	Online    bool      // the last fetch or send reached its server
	LastFetch time.Time // the last fetch that completed; zero: none yet
	Queued    int       // replies waiting in the outbox
	Failed    int       // replies refused for good, waiting for an agent
	Err       string    // why the last attempt failed, one line
	// Trouble names a failure that is not the network in a few words
	// ("IMAP login refused"): the server answered and said no, so the
	// header says so instead of "offline". "" for an outage or none.
	Trouble   string
	NoSending bool // no way to send is configured: queued replies wait
	// Stopped: the mail runner ended on Err; nothing is fetched or sent
	// until a restart. Otherwise a failure is tried again on its own.
	Stopped bool
	// SendWaits: Err is why replies wait (sending failed, tried again
	// on its own), not a failed fetch.
	SendWaits bool
	// Refused is customer mail the last fetch refused ("where: why", e.g.
	// over the size limit): it is not a case, so someone must answer the
	// customer another way. :outbox lists the lines.
	Refused []string
}

// mailStateMsg is a new state from the runner, relayed by Run.
type mailStateMsg MailState

// mailHeader is the header's mail part: "mail ✓ 2m ago", "mail ✓ 2m ago ·
// 1 queued", "offline: 3 queued", "✗ IMAP login refused · 3 queued",
// "mail ✓ · ✗ 1 failed"; "" without a runner. A failure comes before the queued count: it waits for an agent,
// and a narrow header cuts from the right.
func mailHeader(s *MailState, now time.Time) string {
	if s == nil {
		return ""
	}
	var text string
	online := s.Online
	switch {
	case !online && s.LastFetch.IsZero() && s.Err == "" && s.Queued == 0:
		text = "mail …"
	case !online && s.Trouble != "":
		text = "✗ " + Clean(s.Trouble)
	case !online:
		text = fmt.Sprintf("offline: %d queued", s.Queued)
	default:
		text = "mail ✓"
		if !s.LastFetch.IsZero() {
			text += " " + model.FormatAge(now.Sub(s.LastFetch)) + " ago"
		}
	}
	if s.Failed > 0 {
		text += fmt.Sprintf(" · ✗ %d failed", s.Failed)
	}
	if n := len(s.Refused); n > 0 {
		text += fmt.Sprintf(" · ✗ %d mail refused", n)
	}
	if (online || s.Trouble != "") && s.Queued > 0 { // waiting replies show whether or not mail came in
		text += fmt.Sprintf(" · %d queued", s.Queued)
		if s.NoSending {
			text += " (sending not set up)"
		}
	}
	return text
}

// relayMail passes the runner's states into the program from one
// goroutine, as Run relays change notices; the returned func stops it and
// waits for it.
// RelayMail passes runner r's states to program p until the returned stop
// is called: a team server's session program, which Run does not start,
// relays them with it.
func RelayMail(p interface{ Send(tea.Msg) }, r MailRunner) func() { return relayMail(p, r) }

func relayMail(p interface{ Send(tea.Msg) }, r MailRunner) func() {
	if r == nil {
		return func() {}
	}
	states, stop := r.States()
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case s, ok := <-states:
				if !ok {
					return
				}
				p.Send(mailStateMsg(s))
			case <-quit:
				return
			}
		}
	}()
	return func() {
		close(quit)
		stop()
		<-done
	}
}
