package server

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/ui"
)

// Over real SSH: the server's one mail runner (serve with [mail]) shows
// its state in every screen's header — a screen opened later gets the
// current state at once, and each change reaches all of them — and a
// session's reply is mailed (the composer is not the log-only one).
func TestEveryScreenShowsTheMailState(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	states := NewMailStates()
	states.Publish(ui.MailState{Online: true, LastFetch: time.Now().Add(-2 * time.Minute)})
	d := startDesk(t, deskOpts{cases: 5, mail: ui.MailIdentity{Address: "care@desk.test", Name: "Care", Sends: true}, mailStates: states}, ana, bo)
	sa := d.open(ana, 120, 32)
	sa.waitFor(0, "mail ✓ 2m ago")
	sb := d.open(bo, 100, 30)
	sb.waitFor(0, "mail ✓ 2m ago")

	ma, mb := sa.mark(), sb.mark()
	states.Publish(ui.MailState{Online: false, Queued: 3, Err: "dial tcp 127.0.0.1:25: connection refused"})
	sa.waitFor(ma, "offline: 3 queued")
	sb.waitFor(mb, "offline: 3 queued")

	ma, mb = sa.mark(), sb.mark()
	states.Publish(ui.MailState{Online: true, LastFetch: time.Now().Add(-2 * time.Minute), Queued: 1, Failed: 1})
	sa.waitFor(ma, "mail ✓ 2m ago · ✗ 1 failed · 1 queued")
	sb.waitFor(mb, "mail ✓ 2m ago · ✗ 1 failed · 1 queued")

	sa.openCase("T-000003")
	m := sa.mark()
	sa.mustStep("r", "Reply to the customer")
	mustNotContain(t, sa.text(m), "mail is not set up")
}
