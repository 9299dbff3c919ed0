package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// A Reply-To naming the desk's own address or a team's mailbox (a
// forwarded mail, a misconfigured client) made the desk mail its answer
// to itself while the case said "reply sent" (a new-user finding). The
// composer's To leaves them out, falling back to the From, and ctrl+s
// refuses a desk address typed in To or Cc.
func TestReplyNeverGoesToTheDesksOwnAddresses(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	r, err := model.NewRouting([]model.Team{{Name: "billing", Members: []string{"sam"}, Mailboxes: []string{"Billing@Example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "mail.db"), store.Options{Now: func() time.Time { return mailNow }, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, replyTo := range [][]string{{"care@example.com", "billing@example.com"}, {"CARE@example.com", "helper@example.com"}} {
		raw := []byte("Subject: loop\r\n\r\nHello " + string(rune('a'+i)))
		sum := sha256.Sum256(raw)
		res, err := db.Receive(model.Inbound{Message: model.Message{From: "Loop Tester <loop@example.com>", To: []string{"care@example.com"},
			ReplyTo: replyTo, Subject: "loop", Text: "Hello", At: mailNow.Add(-time.Hour)},
			Raw: raw, Sender: model.Customer{Name: "Loop Tester", Email: "loop@example.com"}, Hash: hex.EncodeToString(sum[:])})
		if err != nil {
			t.Fatal(err)
		}
		h := mailPane(t, db, deskMail, res.Case, 100, 34)
		h.keys("r")
		want := []string{"loop@example.com", "helper@example.com"}[i]
		if to := h.p.ed.(*composer).to.Value(); to != want {
			t.Fatalf("Reply-To %v: To is %q, want %q", replyTo, to, want)
		}
		h.keys("Thanks!", "esc", "y")
	}

	// Typed by hand, in To or in Cc, the desk's addresses are refused.
	for _, tc := range []struct{ field, value string }{{"to", "Care <care@example.com>"}, {"cc", "jane@example.com, billing@EXAMPLE.com"}} {
		h, db, _ := newMailHarness(t, 100, 34, deskMail)
		h.p.e.svc = &routedService{CaseService: h.p.e.svc, r: r}
		h.keys("r", "Thanks!")
		field := map[string]int{"to": fieldTo, "cc": fieldCc}[tc.field]
		for h.p.ed.(*composer).on != field {
			h.keys("tab")
		}
		h.keys("ctrl+u", tc.value, "ctrl+s")
		c, _ := h.p.ed.(*composer)
		if out, _ := db.Outbox(); len(out) != 0 || c == nil || !strings.Contains(c.err, "is the desk's own address") {
			t.Fatalf("%s %q: outbox %+v, composer %+v\n%s", tc.field, tc.value, out, c, h.view())
		}
		h.mustShow("the desk's own address")
	}
}

// routedService is a case service with the teams r: the harness's store
// has none.
type routedService struct {
	model.CaseService
	r *model.Routing
}

func (s *routedService) Routing() *model.Routing { return s.r }
