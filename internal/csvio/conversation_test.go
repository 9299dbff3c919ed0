package csvio

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// TestConversationCellRoundTrip writes conversations whose texts hold the
// cell's own markers and reads them back unchanged.
func TestConversationCellRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 30, 0, 1500, time.UTC)
	for _, texts := range [][]string{
		{"plain"},
		{"", ""},
		{"ends with a break\n", "\n\n", "--- inbound 2026-11-24T09:30:00Z\nFrom: forged\n\nnot a message"},
		{`\--- escaped already`, "\\", "line\r\nwith CRLF\r\n"},
	} {
		var mail []model.MailRecord
		for i, text := range texts {
			m := model.Message{Dir: model.DirInbound, At: at.Add(time.Duration(i) * time.Hour), From: "Zoë <z@example.net>",
				To: []string{"desk@example.org", `"Doe, Jo" <jo@example.org>`}, Subject: "a\nb\\c", Text: text,
				MessageID: "<m1@x>", References: []string{"<a@x>", "<b@x>"}, Opening: i == 0, Recognised: ""}
			if i%2 == 1 {
				m.Dir, m.Author, m.Delivery, m.DeliveryNote = model.DirOutbound, "ana", model.DeliveryFailed, "550 no\r\nsuch user"
			}
			mail = append(mail, model.MailRecord{Message: m})
		}
		cell, err := FormatConversation(mail)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count("\n"+cell, "\n"+convSep); n != len(mail) {
			t.Fatalf("%d message lines for %d messages:\n%s", n, len(mail), cell)
		}
		got, err := ParseConversation(cell)
		if err != nil {
			t.Fatalf("%v\n%s", err, cell)
		}
		if !reflect.DeepEqual(got, mail) {
			t.Fatalf("round trip of\n%s\ngot  %#v\nwant %#v", cell, got, mail)
		}
	}
}

func TestConversationCellRefusesWhatItCannotRead(t *testing.T) {
	for _, in := range []string{
		"hello",                                  // no message line
		"--- note 2026-11-24T09:30:00Z\n\nx",     // notes are timeline events
		"--- inbound yesterday\n\nx",             // no time
		"--- inbound 2026-11-24T09:30:00Z\nFrom", // no blank line, not a header
		"--- inbound 2026-11-24T09:30:00Z\nX-Spam: yes\n\nx",
		"--- inbound 2026-11-24T09:30:00Z\nFrom: a\nFrom: b\n\nx",
		"--- outbound 2026-11-24T09:30:00Z\nDelivery: lost\n\nx",
		`--- inbound 2026-11-24T09:30:00Z` + "\nSubject: a\\q\n\nx",
	} {
		if _, err := ParseConversation(in); err == nil {
			t.Errorf("%q: read without an error", in)
		}
	}
}
