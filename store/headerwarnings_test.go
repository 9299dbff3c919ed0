package store

import (
	"slices"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// A mail's header warnings (lines of its header that were not read) are
// kept with it, alone or with its Reply-To, and a mail without them
// reads as before; the database still checks clean.
func TestHeaderWarningsAreKeptWithTheMail(t *testing.T) {
	db, _ := openTest(t)
	warned := inbound("Trudy <trudy@example.com>", "reply-to storm", "<t4@example.com>", "hi")
	warned.Message.HeaderWarnings = []string{`header line 4 is not a header field, not read: ", c@example.com"`}
	both := inbound("Ann <ann@example.com>", "office", "<a1@example.com>", "hi")
	both.Message.ReplyTo = []string{"office@example.com"}
	both.Message.HeaderWarnings = []string{`header line 1 is not a header field, not read: "x"`, `header line 3 is not a header field, not read: "y"`}
	plain := inbound("Bo <bo@example.com>", "plain", "<b1@example.com>", "hi")
	plain.Message.ReplyTo = []string{"desk@bo.example"}
	for _, in := range []model.Inbound{warned, both, plain} {
		r := mustReceive(t, db, in, model.ReceivedNew)
		conv, err := db.Conversation(r.Case)
		if err != nil {
			t.Fatal(err)
		}
		m := conv[len(conv)-1]
		if !slices.Equal(m.HeaderWarnings, in.Message.HeaderWarnings) || !slices.Equal(m.ReplyTo, in.Message.ReplyTo) {
			t.Fatalf("%s: kept warnings %q, reply-to %q", in.Message.Subject, m.HeaderWarnings, m.ReplyTo)
		}
	}
	mustCheck(t, db)
}
