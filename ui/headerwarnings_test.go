package ui

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/store"
)

// A mail with a header line that is not a header field shows as its
// sender's, under its subject, with the line named under the mail.
func TestCasePaneNamesAHeaderLineNotRead(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	db, err := store.Open(filepath.Join(t.TempDir(), "mail.db"), store.Options{Now: func() time.Time { return mailNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw := "From: Trudy <trudy@example.com>\r\nTo: care@desk.test\r\nReply-To: \"x\" <a@example.com>, b@example.com\r\n" +
		", c@example.com, d@example.com\r\nSubject: reply-to storm\r\nMessage-ID: <t4@example.com>\r\n\r\nPlease answer all of us.\r\n"
	in, err := email.Parse([]byte(raw), "care@desk.test")
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Receive(in)
	if err != nil {
		t.Fatal(err)
	}
	h := mailPane(t, db, deskMail, res.Case, 120, 30)
	h.mustShow("reply-to storm", "customer · Trudy <trudy@example.com>",
		`⚠ header line 4 is not a header field, not read: ", c@example.com, d@example.com"`, "Please answer all of us.")
}
