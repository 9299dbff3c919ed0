package server

import "testing"

// bothOnACase opens ana's (lead) and bo's (agent) screens on case
// T-000007 of a small desk, claimed by bo, and returns the desk and the
// two screens once ana sees bo there.
func bothOnACase(t *testing.T) (*desk, *screen, *screen) {
	t.Helper()
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana, bo)
	sa := d.open(ana, 120, 32)
	sb := d.open(bo, 120, 32)
	ma := sa.mark()
	sb.openCase("T-000007")
	sb.mustStep("c", "claimed")
	sa.openCase("T-000007")
	sa.waitFor(ma, "bo is viewing")
	return d, sa, sb
}

// A colleague writing a reply is shown as such: ana's header said "bo is
// viewing" while bo wrote to the customer (a new-user finding), so two
// agents could answer the same customer at once.
func TestPresenceShowsAReplyBeingWritten(t *testing.T) {
	_, sa, sb := bothOnACase(t)
	ma := sa.mark()
	sb.mustStep("r", "Reply")
	sa.waitFor(ma, "bo is writing a reply")

	ma = sa.mark()
	sb.mustStep("\x1b", "c claim") // nothing typed: the composer closes
	sa.waitFor(ma, "bo is viewing")
}
