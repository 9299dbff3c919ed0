package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The outbox view on a real database: a failed reply shows with the
// server's answer, s queues it again, enter opens its case.
func TestOutboxViewResendsAFailedReply(t *testing.T) {
	db, id := mailDB(t)
	d := model.Draft{From: deskMail.from(), To: []string{"jane@example.com"}, Cc: []string{"x@other.org"}, Text: "We refunded it."}
	if _, err := db.Act(id, 0, "bo", model.SendReply{Draft: d}); err != nil {
		t.Fatal(err)
	}
	out, _ := db.Outbox()
	if _, err := db.StartSending(id, out[0].Seq); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplyFailed(id, out[0].Seq, "550 5.1.1 <jane@example.com>: no such user"); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, db, mailNow, 100, 24)
	h.keys(":", "outbox", "enter")
	v := ansi.Strip(h.view())
	for _, want := range []string{"Outbox · 0 queued · 1 failed", "#1", "✗ failed", "bo → jane@example.com cc x@other.org", "Re: Charged twice [#1]",
		"failed after 1 try: 550 5.1.1 <jane@example.com>: no such user", "s send a failed reply again"} {
		if !strings.Contains(v, want) {
			t.Fatalf("outbox lacks %q:\n%s", want, v)
		}
	}
	checkScreen(t, h.view(), 100, 24)
	h.keys("s")
	out, _ = db.Outbox()
	if len(out) != 1 || out[0].Delivery != model.DeliveryQueued {
		t.Fatalf("after s: %+v", out)
	}
	h.send(caseChange(t, db, id, "sam"))
	if v = ansi.Strip(h.view()); !strings.Contains(v, "Outbox · 1 queued · 0 failed") ||
		!strings.Contains(v, "waiting for its first try · the last answer: 550 5.1.1") {
		t.Fatalf("the view did not follow the change:\n%s", v)
	}
	h.keys("s")
	if !strings.Contains(ansi.Strip(h.view()), "not failed: it goes on its own") {
		t.Fatalf("s on a queued reply:\n%s", ansi.Strip(h.view()))
	}
	h.keys("enter")
	if h.a.outbox != nil || h.a.focus != paneCase || h.a.opened != id {
		t.Fatalf("enter: outbox %v focus %v opened %d", h.a.outbox, h.a.focus, h.a.opened)
	}
	for _, w := range []int{80, 200} {
		h.keys(":", "outbox", "enter")
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		if w == 80 && !strings.Contains(ansi.Strip(h.view()), "mail is not set up: queued replies wait for [mail.smtp] or sendmail") {
			t.Fatalf("a queued reply with no way to send is not explained:\n%s", ansi.Strip(h.view()))
		}
		checkScreen(t, h.view(), w, 24)
		h.keys("esc")
	}
}

// A customer mail the runner refused (over the size limit) is no case: the
// header counts it and :outbox says which and why, whatever else waits.
func TestOutboxShowsRefusedMail(t *testing.T) {
	db, _ := mailDB(t)
	h := newHarnessOn(t, db, mailNow, 100, 24)
	h.send(mailStateMsg{Online: true, LastFetch: mailNow, Refused: []string{"INBOX/new/big\x1b[2J: the message is 27.0 MB, more than the 25 MB a message may be"}})
	if first := strings.Split(ansi.Strip(h.view()), "\n")[0]; !strings.Contains(first, "✗ 1 mail refused") {
		t.Fatalf("header %q", first)
	}
	h.keys(":", "outbox", "enter")
	v := h.view()
	for _, want := range []string{"✗ 1 customer mail refused", "INBOX/new/big", "27.0 MB", "Outbox · 0 queued · 0 failed"} {
		if !strings.Contains(ansi.Strip(v), want) {
			t.Fatalf("outbox lacks %q:\n%s", want, ansi.Strip(v))
		}
	}
	if strings.Contains(v, "\x1b[2J") {
		t.Fatal("a refusal line reached the terminal raw")
	}
	checkScreen(t, v, 100, 24)
}

// A refused login is not "offline": the header names it and :outbox gives
// the server's whole answer, down to what to fix, at 80 columns too.
func TestMailHeaderAndOutboxNameARefusedLogin(t *testing.T) {
	db, _ := mailDB(t)
	h := newHarnessOn(t, db, mailNow, 80, 24)
	refusal := "IMAP server 127.0.0.1:1143 refused the login as care@desk.test: [AUTHENTICATIONFAILED] Authentication failed. — check the user and password in [mail.imap]"
	h.send(mailStateMsg{Queued: 2, Err: refusal, Trouble: "IMAP login refused"})
	first := strings.Split(ansi.Strip(h.view()), "\n")[0]
	if !strings.Contains(first, "✗ IMAP login refused") || strings.Contains(first, "offline") {
		t.Fatalf("header %q", first)
	}
	h.keys(":", "outbox", "enter")
	v := ansi.Strip(h.view())
	flat := strings.Join(strings.Fields(v), " ")
	for _, want := range []string{"✗ mail not fetched, tried again every poll: IMAP server 127.0.0.1:1143 refused the login as care@desk.test", "Authentication failed.", "check the user and password in [mail.imap]"} {
		if !strings.Contains(flat, want) {
			t.Fatalf("outbox lacks %q:\n%s", want, v)
		}
	}
	checkScreen(t, h.view(), 80, 24)
	// an outage stays "offline", its reason in :outbox
	h.send(mailStateMsg{Queued: 2, Err: "imap 127.0.0.1:1143: dial tcp 127.0.0.1:1143: connect: connection refused"})
	if first := strings.Split(ansi.Strip(h.view()), "\n")[0]; !strings.Contains(first, "offline: 2 queued") {
		t.Fatalf("header %q", first)
	}
	if !strings.Contains(ansi.Strip(h.view()), "✗ mail not fetched, tried again every poll: imap 127.0.0.1:1143: dial tcp") {
		t.Fatalf("outbox without the outage's reason:\n%s", ansi.Strip(h.view()))
	}
	// Replies waiting on a temporary failure are tried again: nothing
	// "stopped" (a new-user finding); only a runner that ended stops.
	h.send(mailStateMsg{Queued: 1, Err: "waiting: /usr/sbin/sendmail: try again later: cannot connect to relay", SendWaits: true})
	if v := ansi.Strip(h.view()); !strings.Contains(v, "✗ replies wait, tried again on their own: /usr/sbin/sendmail: try again later") || strings.Contains(v, "stopped") {
		t.Fatalf("outbox over a send that waits:\n%s", v)
	}
	h.send(mailStateMsg{Err: "open the outbox: database closed", Stopped: true})
	if !strings.Contains(ansi.Strip(h.view()), "✗ mail stopped: open the outbox") {
		t.Fatalf("outbox over a runner that ended:\n%s", ansi.Strip(h.view()))
	}
}
