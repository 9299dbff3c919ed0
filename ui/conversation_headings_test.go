package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/x/ansi"
)

// lineIndex is the first line of the view holding s, -1 when none does.
func lineIndex(lines []string, s string) int {
	for i, l := range lines {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}

// Each heading of the case's upper section names what is under it: a
// mail case with no extra fields was headed "Details" above the
// customer's mail, and a case with fields "Conversation · 2 mails" above
// its fields (new-user findings). Now "Details" heads the fields and the
// conversation's heading its mails, wherever the view is scrolled.
func TestCaseDetailsHeadingsNameTheirSection(t *testing.T) {
	h, db, id := newMailHarness(t, 100, 40, deskMail)
	v := ansi.Strip(h.view())
	if !strings.Contains(v, "▸ Conversation · 1 mail ─") || strings.Contains(v, "Details") {
		t.Fatalf("a mail case without fields:\n%s", v)
	}

	// a case with extra fields and a reply: Details, then the conversation
	row := model.ImportRow{Line: 2, Case: model.Case{ExternalID: "F-1", CreatedAt: mailNow.Add(-5 * 3600e9), Subject: "Double charge",
		Body: "Two identical payments on my card.", Status: model.StatusOpen,
		Fields: []model.Field{{Key: "order_id", Value: "ORD-5609544"}, {Key: "plan", Value: "basic"}}},
		Customer: model.Customer{Name: "Ülkü Johnson", Email: "ulku@example.com"}}
	if _, err := db.Import([]model.ImportRow{row}); err != nil {
		t.Fatal(err)
	}
	var fid model.CaseID
	_ = db.EachSummary(func(s model.Summary) error {
		if s.ID != id {
			fid = s.ID
		}
		return nil
	})
	if _, err := db.Act(fid, 0, "bo", model.SendReply{Draft: model.Draft{From: deskMail.from(), To: []string{"ulku@example.com"}, Text: "We are on it."}}); err != nil {
		t.Fatal(err)
	}
	h.open(fid)
	lines := strings.Split(ansi.Strip(h.view()), "\n")
	details, field := lineIndex(lines, "▸ Details ─"), lineIndex(lines, "order_id")
	conv, body := lineIndex(lines, "Conversation · 2 mails, newest last"), lineIndex(lines, "Two identical payments")
	if details < 0 || field < 0 || conv < 0 || body < 0 || !(details < field && field < conv && conv < body) {
		t.Fatalf("headings: Details at %d, the field at %d, Conversation at %d, the mail at %d:\n%s",
			details, field, conv, body, strings.Join(lines, "\n"))
	}
	// J to the timeline and K back: the headings stay as they were
	h.keys("J", "K")
	if got := strings.Split(ansi.Strip(h.view()), "\n"); lineIndex(got, "▸ Details ─") != details || lineIndex(got, "Conversation · 2 mails") != conv {
		t.Fatalf("after J K:\n%s", strings.Join(got, "\n"))
	}
}
