package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A customer who writes again on a case the desk had answered waits for
// the next reply, as in Zendesk's next reply time and Freshdesk's every
// response SLA: the team's first-response target runs again, from when
// the desk received the mail, in the team's hours; the desk's next reply
// stops it and the resolution clock is back. Before, the follow-up left
// the case on its resolution clock, as if nobody were waiting.
func TestFollowUpAfterAReplyRunsTheNextReplyClock(t *testing.T) {
	clk := newClock() // Saturday 2025-03-01 09:00 UTC
	db := openTeams(t, filepath.Join(t.TempDir(), "care.db"), clk)
	r := mustReceive(t, db, inbound("Ann <ann@example.com>", "Refund", "<m1@example.com>", "Where is my refund?"), model.ReceivedNew)
	c, err := db.Act(r.Case, 0, "ana", model.AddTag{Tag: "billing/refund"})
	if err != nil || c.Team != "billing" {
		t.Fatalf("%v team %q", err, c.Team)
	}
	clock := func() (model.SLAClock, time.Time) {
		t.Helper()
		head, err := db.QueueHead(openStatuses, 5)
		if err != nil || len(head) != 1 {
			t.Fatalf("%v %d", err, len(head))
		}
		return db.SLA().Clock(&head[0])
	}
	if kind, _ := clock(); kind != model.ClockFirstReply {
		t.Fatalf("a new case runs %v", kind)
	}
	if _, err := db.Act(c.ID, 0, "ana", model.LogReply{Text: "On its way."}); err != nil {
		t.Fatal(err)
	}
	if kind, _ := clock(); kind != model.ClockResolve {
		t.Fatalf("answered, the case runs %v", kind)
	}

	clk.Advance(48 * time.Hour) // Monday 09:00 UTC, 10:00 in Berlin
	in := inbound("Ann <ann@example.com>", "Re: Refund", "<m2@example.com>", "Still nothing.")
	in.Message.InReplyTo = "<m1@example.com>"
	mustReceive(t, db, in, model.ReceivedThreaded)
	kind, due := clock()
	if want := clk.Now().Add(time.Hour); kind != model.ClockNextReply || !due.Equal(want) {
		t.Fatalf("after the customer's follow-up: %v due %v, want the next reply due %v", kind, due, want)
	}
	// A second message before the reply does not move the clock on.
	clk.Advance(10 * time.Minute)
	in = inbound("Ann <ann@example.com>", "Re: Refund", "<m3@example.com>", "Hello?")
	in.Message.InReplyTo = "<m2@example.com>"
	mustReceive(t, db, in, model.ReceivedThreaded)
	if k, d := clock(); k != kind || !d.Equal(due) {
		t.Fatalf("a second follow-up moved the clock to %v %v", k, d)
	}
	mustCheck(t, db)

	if _, err := db.Act(c.ID, 0, "ana", model.LogReply{Text: "Refunded today."}); err != nil {
		t.Fatal(err)
	}
	if kind, _ := clock(); kind != model.ClockResolve {
		t.Fatalf("after the next reply the case runs %v", kind)
	}
	mustCheck(t, db)
}
