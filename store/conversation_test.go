package store

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/caredesk/caredesk/model"
)

// ConversationOf a case as read gives what Conversation gives, for an
// imported case (its description is the opening) and a mailed one (the
// mail is), and reads no case record: the opening shares the case's
// description, which a screen opening a 30 MB one read and copied twice.
func TestConversationOfTheCaseAsReadSharesItsDescription(t *testing.T) {
	db, clk := openTest(t)
	row := oneRow("BIG-1", clk.Now())
	row.Case.Body = strings.Repeat("the parcel never arrived ", 40_000) // 1 MB
	mustImport(t, db, []model.ImportRow{row})
	imported, err := db.CaseByExternalID("BIG-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(imported.ID, 0, "ana", model.AddNote{Text: "asked for a photo"}); err != nil {
		t.Fatal(err)
	}
	mailed := mustReceive(t, db, inbound("Ann <ann@example.com>", "Broken kettle", "<m1@example.com>", "It leaks."), model.ReceivedNew)
	for _, id := range []model.CaseID{imported.ID, mailed.Case} {
		c, err := db.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.Conversation(id)
		if err != nil {
			t.Fatal(err)
		}
		read := db.CasesRead()
		got, err := db.ConversationOf(c)
		if err != nil {
			t.Fatal(err)
		}
		if n := db.CasesRead() - read; n != 0 {
			t.Fatalf("case %d: ConversationOf read %d cases", id, n)
		}
		if !reflect.DeepEqual(got, want) || len(got) < 2 && id == imported.ID {
			t.Fatalf("case %d: ConversationOf\n%+v\nConversation\n%+v", id, got, want)
		}
		if id == imported.ID && unsafe.StringData(got[0].Text) != unsafe.StringData(c.Body) {
			t.Fatal("the opening is a copy of the description, not the description read")
		}
	}
}
