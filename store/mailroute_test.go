package store

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// A team's mailboxes route the untagged mail sent to them: the intake
// keeps the address the mail came to (To, then Cc) in the case's mailbox
// field, which routing reads. Nothing set it, so a team's mailboxes never
// routed a mail.
func TestMailToATeamsMailboxIsRoutedToIt(t *testing.T) {
	r, err := model.NewRouting([]model.Team{{Name: "support", Members: []string{"ana", "bo"},
		Mailboxes: []string{"Care@Desk.test"}, Assign: model.AssignRoundRobin}})
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	db, err := Open(filepath.Join(t.TempDir(), "desk.db"), Options{Now: clk.Now, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	in := inbound("Nina Newcase <nina@example.com>", "Two agents race", "<n1@example.com>", "Hello")
	in.Message.To = []string{"Someone <someone@example.com>"}
	in.Message.Cc = []string{"The Desk <CARE@desk.test>"}
	got := mustReceive(t, db, in, model.ReceivedNew)
	c, _ := db.Case(got.Case)
	if c.Team != "support" || c.Assignee == "" {
		t.Fatalf("not routed: %+v", c)
	}
	if mb, _ := c.Field(model.MailboxField); mb != "care@desk.test" {
		t.Fatalf("mailbox field %q", mb)
	}
	evs, _ := db.Events(c.ID)
	if !slices.ContainsFunc(evs, func(e model.Event) bool {
		return e.Kind == model.EventRouted && strings.HasPrefix(e.To, "support: mailbox care@desk.test")
	}) {
		t.Fatalf("no route on the timeline: %+v", evs)
	}
	if keys, _ := db.FieldKeys(); !slices.Contains(keys, model.MailboxField) {
		t.Fatalf("field keys %v: the export would lose the mailbox", keys)
	}

	// Mail to an address no team owns: no team, no field.
	other := inbound("Olga <olga@example.com>", "Hi", "<o1@example.com>", "Hello")
	other.Message.To = []string{"sales@desk.test"}
	got = mustReceive(t, db, other, model.ReceivedNew)
	if c, _ := db.Case(got.Case); c.Team != "" || len(c.Fields) != 0 {
		t.Fatalf("%+v", c)
	}
	mustCheck(t, db)
}

// A reply to the desk's own address or a team's mailbox would come back
// to the desk and never reach the customer: the store refuses it whatever
// screen or command wrote it (the composer refuses it first).
func TestReplyToTheDeskItselfIsRefused(t *testing.T) {
	r, err := model.NewRouting([]model.Team{{Name: "billing", Members: []string{"ana"}, Mailboxes: []string{"Billing@Desk.test"}}})
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(filepath.Join(t.TempDir(), "desk.db"), Options{Now: newClock().Now, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	got := mustReceive(t, db, inbound("loop@example.com", "loop", "<l1@x>", "hi"), model.ReceivedNew)
	for _, to := range [][]string{{"CARE@desk.test"}, {"loop@example.com", "The Billing <billing@desk.test>"}} {
		d := draft("answer")
		d.To = to
		if _, err := db.Act(got.Case, 0, "ana", model.SendReply{Draft: d}); err == nil || !strings.Contains(err.Error(), "the desk's own address") {
			t.Fatalf("reply to %v: %v", to, err)
		}
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("outbox %+v", out)
	}
	mustCheck(t, db)
}
