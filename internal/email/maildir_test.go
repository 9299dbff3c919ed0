package email

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// newMaildir makes an empty Maildir.
func newMaildir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "INBOX")
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var deliveries int

// deliver drops a mail into new/ as a delivery agent would.
func deliver(t testing.TB, md, raw string) string {
	t.Helper()
	deliveries++
	name := fmt.Sprintf("%010d.M%dP1.test", 1700000000+deliveries, deliveries)
	p := filepath.Join(md, "new", name)
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(raw, "\n", "\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func corpus(t testing.TB, name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func fetchMD(t testing.TB, md string, db Desk) FetchResult {
	t.Helper()
	res, err := Maildir{Path: md, Addr: deskAddr}.Fetch(db)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Threading from real mail bytes: by In-Reply-To, by References only, by
// the subject's case token only (from an address the case knows), and a
// new thread; a customer's mail
// reopens a resolved case; auto-replies, vacation notices, bulk mail and
// the desk's own mail open nothing and reopen nothing.
func TestMaildirThreadingAndRecognition(t *testing.T) {
	md := newMaildir(t)
	db := openDesk(t)
	deliver(t, md, "From: Ann <ann@example.com>\nSubject: Order 17\nMessage-ID: <o1@example.com>\n\nWhere is it?\n")
	res := fetchMD(t, md, db)
	if res.New != 1 {
		t.Fatalf("first: %s", res)
	}
	if n, _ := filepath.Glob(filepath.Join(md, "new", "*")); len(n) != 0 {
		t.Fatalf("new/ still holds %v", n)
	}
	if c, _ := filepath.Glob(filepath.Join(md, "cur", "*:2,S")); len(c) != 1 {
		t.Fatalf("cur/ holds %v", c)
	}
	deliver(t, md, "From: ann@example.com\nSubject: Re: Order 17\nMessage-ID: <o2@example.com>\nIn-Reply-To: <o1@example.com>\n\nAny news?\n")
	deliver(t, md, "From: ann@example.com\nSubject: Order\nMessage-ID: <o3@example.com>\nReferences: <nope@x> <o2@example.com>\n\nHello?\n")
	deliver(t, md, "From: other@example.com\nSubject: Re: Order 17 [#1]\nMessage-ID: <o4@example.com>\n\nI am her husband.\n")
	deliver(t, md, "From: Ann <ANN@example.com>\nSubject: Re: Order 17 [#1]\nMessage-ID: <o6@example.com>\n\nAnd the token alone.\n")
	deliver(t, md, "From: ann@example.com\nSubject: Another thing\nMessage-ID: <o5@example.com>\n\nNew question.\n")
	res = fetchMD(t, md, db)
	// The husband's token is not enough: an address the case does not
	// know gets a case of its own, or anyone could read the next reply.
	if res.Threaded != 3 || res.New != 2 {
		t.Fatalf("threading: %s", res)
	}
	conv, _ := db.Conversation(1)
	if len(conv) != 4 {
		t.Fatalf("case 1 has %d messages", len(conv))
	}
	db.Act(1, 0, "ana", model.SetStatus{To: model.StatusResolved})
	for _, f := range []string{"vacation.eml", "x_autoreply.eml", "bulk.eml", "loop.eml"} {
		raw := corpus(t, f)
		raw = strings.Replace(raw, "Subject: ", "In-Reply-To: <o1@example.com>\nSubject: ", 1)
		deliver(t, md, raw)
	}
	res = fetchMD(t, md, db)
	if res.Skipped != 4 || res.New != 0 || res.Threaded != 0 {
		t.Fatalf("recognised mail: %s", res)
	}
	c, _ := db.Case(1)
	if c.Status != model.StatusResolved {
		t.Fatalf("recognised mail moved the case to %s", c.Status)
	}
	evs, _ := db.Events(1)
	var notices []string
	for _, e := range evs {
		if e.Kind == model.EventMailNotice {
			notices = append(notices, e.To)
		}
	}
	want := []string{"auto-reply: Auto-Submitted: auto-replied", "auto-reply: X-Autoreply: yes", "auto-reply: Precedence: bulk", "loop: sent from the desk's own address"}
	for i, w := range want {
		if i >= len(notices) || !strings.HasPrefix(notices[i], w) {
			t.Fatalf("notices %q, want %q", notices, want)
		}
	}
	deliver(t, md, "From: ann@example.com\nSubject: Re: Order 17 [#1]\nMessage-ID: <o9@example.com>\n\nIt broke again.\n")
	res = fetchMD(t, md, db)
	c, _ = db.Case(1)
	if res.Threaded != 1 || c.Status != model.StatusOpen || c.Reopens != 1 {
		t.Fatalf("reopen: %s, status %s, reopens %d", res, c.Status, c.Reopens)
	}
	deskCheck(t, db)
}

// A message over 25 MB is refused by its size, named, left where it is,
// and the rest go in.
func TestMaildirRefusesTooLarge(t *testing.T) {
	md := newMaildir(t)
	db := openDesk(t)
	big := filepath.Join(md, "new", "1700000000.M0P1.big")
	os.WriteFile(big, []byte(hugeMail), 0o600)
	deliver(t, md, "From: ann@example.com\nSubject: small\nMessage-ID: <s@x>\n\nhi\n")
	res := fetchMD(t, md, db)
	if res.New != 1 || len(res.Refused) != 1 || res.Refused[0] != big+hugeNamed {
		t.Fatalf("fetch: %s %q", res, res.Refused)
	}
	if _, err := os.Stat(big); err != nil {
		t.Fatalf("the refused mail is gone from new/: %v", err)
	}
}

func TestImportMbox(t *testing.T) {
	db := openDesk(t)
	mbox := "From ann@example.com Mon Dec  7 09:00:00 2026\nFrom: ann@example.com\nSubject: one\nMessage-ID: <m1@x>\n\n>From the start\nline\n\n" +
		"From bo@example.com Mon Dec  7 10:00:00 2026\nFrom: bo@example.com\nSubject: two\nMessage-ID: <m2@x>\n\nsecond\n"
	res, err := ImportMbox(db, strings.NewReader(mbox), "h.mbox", deskAddr)
	if err != nil || res.New != 2 {
		t.Fatalf("%s %v", res, err)
	}
	conv, _ := db.Conversation(1)
	if conv[0].Text != "From the start\nline" {
		t.Fatalf("text %q", conv[0].Text)
	}
	res, _ = ImportMbox(db, strings.NewReader(mbox), "h.mbox", deskAddr)
	if res.Duplicates != 2 {
		t.Fatalf("again: %s", res)
	}
	if _, err := ImportMbox(db, strings.NewReader("not mail"), "x", deskAddr); err == nil {
		t.Fatal("a non-mbox was read")
	}
}

// Live intake dates a case by when the desk took the mail in, not by the
// customer's Date header (2000-01-01 would top the queue 26 years
// overdue); a history import (ImportMaildir) keeps each mail's date.
func TestCaseDatedWhenReceivedNotByItsDateHeader(t *testing.T) {
	const old = "From: Ann <ann@example.com>\nTo: care@desk.test\nSubject: First\nMessage-ID: <old1@example.com>\nDate: Sat, 01 Jan 2000 00:00:00 +0000\n\nHelp.\n"
	md := newMaildir(t)
	deliver(t, md, old)
	db := openDesk(t)
	before := time.Now().Add(-time.Second)
	fetchMD(t, md, db)
	c, err := db.Case(1)
	if err != nil {
		t.Fatal(err)
	}
	if c.CreatedAt.Before(before) {
		t.Fatalf("live intake: case created %v, the Date header's, not when received", c.CreatedAt)
	}
	conv, _ := db.Conversation(1)
	if conv[0].At.Year() != 2000 {
		t.Fatalf("the message's own date %v is lost", conv[0].At)
	}
	hist := newMaildir(t)
	deliver(t, hist, strings.Replace(old, "2000", "2024", 1))
	db2 := openDesk(t)
	if _, err := ImportMaildir(db2, hist, deskAddr); err != nil {
		t.Fatal(err)
	}
	if c, _ := db2.Case(1); c.CreatedAt.Year() != 2024 {
		t.Fatalf("history import: case created %v, want the mail's 2024 date", c.CreatedAt)
	}
}

// An empty file in a Maildir is refused with its name, by a fetch and by
// a history import alike, never made a case nobody could answer (new-user
// finding: it became a case with no customer, subject or text).
func TestMaildirRefusesAnEmptyFile(t *testing.T) {
	for _, history := range []bool{false, true} {
		md := newMaildir(t)
		db := openDesk(t)
		empty := deliver(t, md, "")
		deliver(t, md, "From: ann@example.com\nSubject: small\nMessage-ID: <s@x>\n\nhi\n")
		var res FetchResult
		if history {
			var err error
			if res, err = ImportMaildir(db, md, deskAddr); err != nil {
				t.Fatal(err)
			}
		} else {
			res = fetchMD(t, md, db)
		}
		if res.New != 1 || len(res.Refused) != 1 || !strings.Contains(res.Refused[0], "an empty message") || !strings.Contains(res.Refused[0], empty) {
			t.Fatalf("history %v: %s %q", history, res, res.Refused)
		}
	}
}
