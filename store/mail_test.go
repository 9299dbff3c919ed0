package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// inbound builds a received mail as the mail package would hand it over.
func inbound(from, subject, msgID, text string) model.Inbound {
	raw := []byte(fmt.Sprintf("From: %s\r\nSubject: %s\r\nMessage-ID: %s\r\n\r\n%s\r\n", from, subject, msgID, text))
	sum := sha256.Sum256(raw)
	addr := from
	if i := strings.Index(from, "<"); i >= 0 {
		addr = strings.Trim(from[i:], "<>")
	}
	return model.Inbound{
		Message: model.Message{From: from, To: []string{"care@desk.test"}, Subject: subject, MessageID: msgID, Text: text,
			At: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)},
		Raw: raw, Sender: model.Customer{Email: addr}, Hash: hex.EncodeToString(sum[:]),
	}
}

func mustReceive(t testing.TB, db *DB, in model.Inbound, want model.ReceiveOutcome) model.Received {
	t.Helper()
	r, err := db.Receive(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Outcome != want {
		t.Fatalf("outcome %d, want %d (%+v)", r.Outcome, want, r)
	}
	return r
}

func draft(text string) model.Draft {
	return model.Draft{From: "Care <care@desk.test>", To: []string{"ann@example.com"}, Text: text}
}

func TestReceiveOpensACaseAndKeepsTheMailWhole(t *testing.T) {
	db, _ := openTest(t)
	in := inbound("Ann <ann@example.com>", "Broken kettle", "<m1@example.com>", "It leaks.")
	in.Message.Attachments = []model.Attachment{{Name: "photo.jpg", Type: "image/jpeg", Size: 3}}
	in.Files = [][]byte{{1, 2, 3}}
	r := mustReceive(t, db, in, model.ReceivedNew)
	c, err := db.Case(r.Case)
	if err != nil {
		t.Fatal(err)
	}
	if c.Channel != model.ChannelEmail || c.Subject != "Broken kettle" || c.Body != "It leaks." || c.Status != model.StatusNew {
		t.Fatalf("case = %+v", c)
	}
	cu, _ := db.Customer(c.CustomerID)
	if cu.Email != "ann@example.com" {
		t.Fatalf("customer = %+v", cu)
	}
	conv, err := db.Conversation(c.ID)
	if err != nil || len(conv) != 1 || !conv[0].Opening || conv[0].MessageID != "<m1@example.com>" || conv[0].Dir != model.DirInbound {
		t.Fatalf("conversation = %+v, %v", conv, err)
	}
	a, data, err := db.Attachment(c.ID, conv[0].Seq, 0)
	if err != nil || a.Name != "photo.jpg" || !bytes.Equal(data, []byte{1, 2, 3}) {
		t.Fatalf("attachment %+v %v %v", a, data, err)
	}
	raw, err := db.RawMessage(c.ID, conv[0].Seq)
	if err != nil || !bytes.Equal(raw, in.Raw) {
		t.Fatalf("raw = %q, %v", raw, err)
	}
	evs, _ := db.Events(c.ID)
	if len(evs) != 1 || evs[0].Kind != model.EventCreated || evs[0].Author != "mail" {
		t.Fatalf("events = %+v", evs)
	}
	// A second fetch of the same mail writes nothing.
	mustReceive(t, db, in, model.ReceivedDuplicate)
	if st, _ := db.Stats(); st.Cases != 1 {
		t.Fatalf("cases = %d", st.Cases)
	}
	mustCheck(t, db)
}

func TestReceiveWithoutMessageIDDedupesByHash(t *testing.T) {
	db, _ := openTest(t)
	in := inbound("bo@example.com", "hello", "", "hi")
	mustReceive(t, db, in, model.ReceivedNew)
	mustReceive(t, db, in, model.ReceivedDuplicate)
	in2 := inbound("bo@example.com", "hello", "", "hi again")
	mustReceive(t, db, in2, model.ReceivedNew) // nothing threads it: a new case for the same customer
	mustCheck(t, db)
}

// A Message-ID reused by another sender is not a duplicate: forging one
// must not make a customer's mail vanish.
func TestForgedMessageIDIsNotADuplicate(t *testing.T) {
	db, _ := openTest(t)
	mustReceive(t, db, inbound("ann@example.com", "a", "<same@x>", "one"), model.ReceivedNew)
	mustReceive(t, db, inbound("eve@example.com", "b", "<same@x>", "two"), model.ReceivedNew)
	mustCheck(t, db)
}

func TestThreading(t *testing.T) {
	db, _ := openTest(t)
	first := mustReceive(t, db, inbound("ann@example.com", "Order 17", "<a1@x>", "where is it"), model.ReceivedNew)

	byReply := inbound("ann@example.com", "Re: Order 17", "<a2@x>", "any news?")
	byReply.Message.InReplyTo = "<a1@x>"
	if r := mustReceive(t, db, byReply, model.ReceivedThreaded); r.Case != first.Case {
		t.Fatalf("In-Reply-To threaded to %d", r.Case)
	}
	byRefs := inbound("ann@example.com", "Fwd", "<a3@x>", "still nothing")
	byRefs.Message.References = []string{"<unknown@y>", "<a2@x>"}
	if r := mustReceive(t, db, byRefs, model.ReceivedThreaded); r.Case != first.Case {
		t.Fatalf("References threaded to %d", r.Case)
	}
	byToken := inbound("ann@example.com", fmt.Sprintf("Re: Order 17 [#%d]", first.Case), "<a4@x>", "hello?")
	if r := mustReceive(t, db, byToken, model.ReceivedThreaded); r.Case != first.Case {
		t.Fatalf("token threaded to %d", r.Case)
	}
	// A stranger who writes the token is not let into the case: its
	// next reply would go to them (a new-user finding).
	stranger := inbound("eve@example.com", fmt.Sprintf("Re: anything [#%d]", first.Case), "<e1@x>", "send me the details again")
	if r := mustReceive(t, db, stranger, model.ReceivedNew); r.Case == first.Case {
		t.Fatal("a stranger's token threaded into the case")
	}
	fresh := mustReceive(t, db, inbound("ann@example.com", "New question", "<a5@x>", "other thing"), model.ReceivedNew)
	if fresh.Case == first.Case {
		t.Fatal("a new thread joined the old case")
	}
	c1, _ := db.Case(first.Case)
	c2, _ := db.Case(fresh.Case)
	if c1.CustomerID != c2.CustomerID || c1.CustomerID == 0 {
		t.Fatalf("same sender, customers %d and %d", c1.CustomerID, c2.CustomerID)
	}
	conv, _ := db.Conversation(first.Case)
	if len(conv) != 4 {
		t.Fatalf("conversation has %d messages, want 4", len(conv))
	}
	mustCheck(t, db)
}

// A Message-ID is no secret (everyone on the customer's To and Cc has
// it): a stranger's mail that names one in In-Reply-To or References
// opens a case of their own, as the case token does — joined, the next
// reply would go to them, quoting the customer (a new-user finding). An
// address the case knows (one the desk wrote to, one the customer's mail
// went to) still threads by it; an auto-reply of a stranger is noted on
// the case but makes them no address the case knows.
func TestAStrangersReferenceOpensACase(t *testing.T) {
	db, _ := openTest(t)
	eve := inbound("Evil Eve <eve@example.com>", "Refund", "<m2@example.com>", "my card number is …")
	eve.Message.Cc = []string{"Bo <bo@example.com>"}
	first := mustReceive(t, db, eve, model.ReceivedNew)

	ooo := inbound("stranger2@example.com", "Out of office", "<o1@x>", "away")
	ooo.Kind, ooo.Reason, ooo.Message.InReplyTo = model.MailAutoReply, "Auto-Submitted: auto-replied", "<m2@example.com>"
	if r := mustReceive(t, db, ooo, model.ReceivedRecognised); r.Case != first.Case {
		t.Fatalf("an auto-reply by its In-Reply-To went to case %d", r.Case)
	}
	for i, refs := range []struct{ inReplyTo, refs string }{{"<m2@example.com>", ""}, {"", "<m2@example.com>"}} {
		guess := inbound("Stranger <stranger2@example.com>", "Re: anything", fmt.Sprintf("<s%d@x>", i), "I guessed a message id.")
		guess.Message.InReplyTo = refs.inReplyTo
		if refs.refs != "" {
			guess.Message.References = []string{refs.refs}
		}
		if r := mustReceive(t, db, guess, model.ReceivedNew); r.Case == first.Case {
			t.Fatalf("a stranger's %+v threaded into the customer's case", refs)
		}
	}
	conv, _ := db.Conversation(first.Case)
	for _, m := range conv {
		if strings.Contains(m.From, "stranger2") && m.Recognised == "" {
			t.Fatalf("the stranger's mail joined the case: %+v", m)
		}
	}

	// Bo, on the customer's Cc, and carol, whom the desk wrote to, are on it.
	c, _ := db.Case(first.Case)
	d := draft("we are on it")
	d.Cc = []string{"carol@example.com"}
	if _, err := db.Act(first.Case, c.Version, "ana", model.SendReply{Draft: d}); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{"Bo <bo@example.com>", "CAROL@example.com", "eve@example.com"} {
		known := inbound(from, "Re: Refund", "<k-"+from+"@x>", "thanks")
		known.Message.References = []string{"<other@x>", "<m2@example.com>"}
		if r := mustReceive(t, db, known, model.ReceivedThreaded); r.Case != first.Case {
			t.Fatalf("%s threaded to %d, want %d", from, r.Case, first.Case)
		}
	}
	mustCheck(t, db)
}

func TestCustomerMailReopens(t *testing.T) {
	db, clk := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<b1@x>", "q"), model.ReceivedNew)
	for _, st := range []model.Status{model.StatusResolved, model.StatusClosed, model.StatusPending} {
		if _, err := db.Act(r.Case, 0, "ana", model.SetStatus{To: st}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		in := inbound("ann@example.com", "Re: Q", fmt.Sprintf("<b-%s@x>", st), "again")
		in.Message.InReplyTo = "<b1@x>"
		got := mustReceive(t, db, in, model.ReceivedThreaded)
		c, _ := db.Case(r.Case)
		if c.Status != model.StatusOpen {
			t.Fatalf("after a mail on a %s case: %s", st, c.Status)
		}
		if got.Reopened != (st != model.StatusPending) {
			t.Fatalf("%s: reopened = %v", st, got.Reopened)
		}
	}
	c, _ := db.Case(r.Case)
	if c.Reopens != 2 {
		t.Fatalf("reopens = %d, want 2", c.Reopens)
	}
	mustCheck(t, db)
}

func TestRecognisedMailNeverOpensOrReopens(t *testing.T) {
	db, _ := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<c1@x>", "q"), model.ReceivedNew)
	db.Act(r.Case, 0, "ana", model.SetStatus{To: model.StatusResolved})
	auto := inbound("ann@example.com", "Out of office", "<c2@x>", "I am away")
	auto.Message.InReplyTo = "<c1@x>"
	auto.Kind, auto.Reason = model.MailAutoReply, "Auto-Submitted: auto-replied"
	mustReceive(t, db, auto, model.ReceivedRecognised)
	c, _ := db.Case(r.Case)
	if c.Status != model.StatusResolved {
		t.Fatalf("an auto-reply moved the case to %s", c.Status)
	}
	evs, _ := db.Events(r.Case)
	last := evs[len(evs)-1]
	if last.Kind != model.EventMailNotice || !strings.Contains(last.To, "auto-reply: Auto-Submitted") {
		t.Fatalf("last event %+v", last)
	}
	loose := inbound("robot@example.com", "Vacation", "<c3@x>", "away")
	loose.Kind, loose.Reason = model.MailAutoReply, "X-Autoreply: yes"
	mustReceive(t, db, loose, model.ReceivedSkipped)
	mustReceive(t, db, loose, model.ReceivedDuplicate)
	if st, _ := db.Stats(); st.Cases != 1 {
		t.Fatalf("cases = %d", st.Cases)
	}
	sk, err := db.Skipped()
	if err != nil || len(sk) != 1 || !strings.HasPrefix(sk[0].Recognised, "auto-reply") {
		t.Fatalf("skipped = %+v %v", sk, err)
	}
	mustCheck(t, db)
}

func TestReplyQueuedThreadedAndSent(t *testing.T) {
	db, clk := openTest(t)
	r := mustReceive(t, db, inbound("Ann <ann@example.com>", "Broken\r\nBcc: evil@x", "<d1@x>", "help"), model.ReceivedNew)
	clk.Advance(90 * time.Minute)
	c, err := db.Act(r.Case, 1, "ana", model.SendReply{Draft: draft("We are on it.")})
	if err != nil {
		t.Fatal(err)
	}
	conv, _ := db.Conversation(c.ID)
	reply := conv[len(conv)-1]
	if reply.Dir != model.DirOutbound || reply.Delivery != model.DeliveryQueued || reply.Author != "ana" ||
		reply.InReplyTo != "<d1@x>" || len(reply.References) != 1 || !strings.HasSuffix(reply.MessageID, "@desk.test>") {
		t.Fatalf("reply = %+v", reply)
	}
	if want := fmt.Sprintf("Re: Broken Bcc: evil@x [#%d]", c.ID); reply.Subject != want {
		t.Fatalf("subject %q, want %q", reply.Subject, want)
	}
	out, _ := db.Outbox()
	due, _ := db.DueReplies(clk.Now())
	if len(out) != 1 || len(due) != 1 || due[0].Seq != reply.Seq {
		t.Fatalf("outbox %+v due %+v", out, due)
	}
	if !c.FirstReply.IsZero() {
		t.Fatalf("a queued reply stopped the first-response clock at %v", c.FirstReply)
	}
	evs, _ := db.Events(c.ID)
	// the reply, then the new case opened by it (model.openOnReply)
	if r := evs[len(evs)-2]; r.Kind != model.EventMailReply || r.Author != "ana" || evs[len(evs)-1].To != "open" {
		t.Fatalf("events %+v", evs)
	}
	mustCheck(t, db)

	if _, err := db.StartSending(c.ID, reply.Seq); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StartSending(c.ID, reply.Seq); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a second sender got the reply: %v", err)
	}
	if err := db.ReplySent(c.ID, reply.Seq, []byte("raw reply"), "250 ok"); err != nil {
		t.Fatal(err)
	}
	out, _ = db.Outbox()
	if len(out) != 0 {
		t.Fatalf("outbox after sending: %+v", out)
	}
	raw, _ := db.RawMessage(c.ID, reply.Seq)
	if string(raw) != "raw reply" {
		t.Fatalf("raw = %q", raw)
	}
	// The customer answers the reply: it threads by its Message-ID.
	back := inbound("ann@example.com", "Re: whatever", "<d2@x>", "thanks")
	back.Message.InReplyTo = reply.MessageID
	if got := mustReceive(t, db, back, model.ReceivedThreaded); got.Case != c.ID {
		t.Fatalf("answer went to case %d", got.Case)
	}
	mustCheck(t, db)
}

func TestReplyFailuresStayVisible(t *testing.T) {
	db, clk := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<e1@x>", "q"), model.ReceivedNew)
	db.Act(r.Case, 0, "ana", model.SendReply{Draft: draft("first")})
	db.Act(r.Case, 0, "ana", model.SendReply{Draft: draft("second")})
	due, _ := db.DueReplies(clk.Now())
	if len(due) != 2 {
		t.Fatalf("due = %d", len(due))
	}
	// A 4xx: back in the queue for later.
	db.StartSending(r.Case, due[0].Seq)
	if err := db.ReplyDeferred(r.Case, due[0].Seq, "421 try later", clk.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.DueReplies(clk.Now()); len(d) != 1 {
		t.Fatalf("a deferred reply is due at once: %d due", len(d))
	}
	// A 5xx: failed, on the case, until resent.
	db.StartSending(r.Case, due[1].Seq)
	if err := db.ReplyFailed(r.Case, due[1].Seq, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	evs, _ := db.Events(r.Case)
	if last := evs[len(evs)-1]; last.Kind != model.EventDelivery || last.To != "failed: 550 no such user" {
		t.Fatalf("last event %+v", last)
	}
	out, _ := db.Outbox()
	if len(out) != 2 || out[1].Delivery != model.DeliveryFailed {
		t.Fatalf("outbox %+v", out)
	}
	// Interrupted mid-send: failed, never sent again unasked.
	clk.Advance(time.Hour)
	db.StartSending(r.Case, due[0].Seq)
	if n, err := db.RecoverInterrupted(); n != 1 || err != nil {
		t.Fatalf("recovered %d, %v", n, err)
	}
	if d, _ := db.DueReplies(clk.Now()); len(d) != 0 {
		t.Fatalf("an interrupted reply is due: %+v", d)
	}
	if _, err := db.Act(r.Case, 0, "ana", model.ResendReply{Seq: due[0].Seq}); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.DueReplies(clk.Now()); len(d) != 1 {
		t.Fatalf("resent reply not due: %+v", d)
	}
	if _, err := db.Act(r.Case, 0, "ana", model.ResendReply{Seq: due[0].Seq}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("resending a queued reply: %v", err)
	}
	mustCheck(t, db)
}

func TestBounceOfADeskReplyMarksItFailed(t *testing.T) {
	db, _ := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<f1@x>", "q"), model.ReceivedNew)
	db.Act(r.Case, 0, "ana", model.SendReply{Draft: draft("answer")})
	out, _ := db.Outbox()
	db.StartSending(r.Case, out[0].Seq)
	db.ReplySent(r.Case, out[0].Seq, nil, "250")
	b := inbound("MAILER-DAEMON@mx.example.com", "Undelivered Mail Returned to Sender", "<bounce1@mx>", "550 user unknown")
	b.Kind, b.Reason, b.BounceOf = model.MailBounce, "null return path; 550 5.1.1 user unknown", []string{out[0].MessageID}
	got := mustReceive(t, db, b, model.ReceivedRecognised)
	if got.Case != r.Case {
		t.Fatalf("bounce filed on %d", got.Case)
	}
	conv, _ := db.Conversation(r.Case)
	var reply model.Message
	for _, m := range conv {
		if m.Seq == out[0].Seq {
			reply = m
		}
	}
	if reply.Delivery != model.DeliveryFailed || !strings.Contains(reply.DeliveryNote, "user unknown") {
		t.Fatalf("reply after bounce = %+v", reply)
	}
	if o, _ := db.Outbox(); len(o) != 1 {
		t.Fatalf("a bounced reply is not in the outbox: %+v", o)
	}
	mustCheck(t, db)
}

func TestTooLargeMessageRefused(t *testing.T) {
	db, _ := openTest(t)
	in := inbound("ann@example.com", "big", "<g1@x>", "x")
	in.Raw = make([]byte, model.MaxMessageSize+1)
	_, err := db.Receive(in)
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(err.Error(), "25 MB") {
		t.Fatalf("refusal %q does not say the limit", err)
	}
	if st, _ := db.Stats(); st.Cases != 0 {
		t.Fatal("a refused mail made a case")
	}
}

func TestImportedCaseBodyIsTheFirstMessage(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{{Case: model.Case{ExternalID: "x1", CreatedAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC),
		Subject: "old", Body: "from the file"}, Customer: model.Customer{Name: "Cy", Email: "cy@example.com"}}})
	c, _ := db.CaseByExternalID("x1")
	db.Act(c.ID, 0, "ana", model.AddNote{Text: "called her"})
	clk.Advance(time.Minute)
	db.Act(c.ID, 0, "ana", model.SendReply{Draft: draft("hello")})
	conv, err := db.Conversation(c.ID)
	if err != nil || len(conv) != 3 {
		t.Fatalf("conversation %+v %v", conv, err)
	}
	if conv[0].Text != "from the file" || conv[0].From != "Cy <cy@example.com>" || conv[0].Seq != 0 ||
		conv[1].Dir != model.DirNote || conv[2].Dir != model.DirOutbound || conv[2].InReplyTo != "" {
		t.Fatalf("conversation %+v", conv)
	}
	mustCheck(t, db)
}

// mailDerivedBuckets are the mail buckets Repair drops and rebuilds
// (repairRebuilds in schema).
var mailDerivedBuckets = [][]byte{bucketMsgID, bucketOutbox}

// Check sees damage to every mail bucket, and repair rebuilds the derived
// ones.
func TestCheckAndRepairMail(t *testing.T) {
	db, _ := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<h1@x>", "q"), model.ReceivedNew)
	mustReceive(t, db, inbound("ann@example.com", "nothing", "", "no id"), model.ReceivedNew)
	db.Act(r.Case, 0, "ana", model.SendReply{Draft: draft("a")})
	for _, name := range mailDerivedBuckets {
		db.bolt.Update(func(tx *bolt.Tx) error {
			c := tx.Bucket(name).Cursor()
			k, _ := c.First()
			return tx.Bucket(name).Delete(k)
		})
	}
	probs, _ := db.Check()
	if len(probs) != 2 {
		t.Fatalf("check found %d problems, want 2: %v", len(probs), probs)
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	// Lost raw bytes cannot be rebuilt: check says so.
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMsgRaw).Delete(u64(1)) })
	if probs, _ := db.Check(); len(probs) == 0 || !strings.Contains(probs[0], "raw bytes") {
		t.Fatalf("check after losing raw bytes: %v", probs)
	}
}

// A customer's Date header dates the message, never the case: a mail
// dated 2000 must not top the queue as 26 years overdue. The case was
// created when the desk received it; a history import gives that time.
func TestCaseCreatedWhenTheDeskReceivedTheMail(t *testing.T) {
	db, clk := openTest(t)
	in := inbound("Ann <ann@example.com>", "Old date", "<d1@example.com>", "hi")
	in.Message.At = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	r := mustReceive(t, db, in, model.ReceivedNew)
	c, _ := db.Case(r.Case)
	if !c.CreatedAt.Equal(clk.Now()) {
		t.Fatalf("case created %v, want when received %v", c.CreatedAt, clk.Now())
	}
	conv, _ := db.Conversation(c.ID)
	if !conv[0].At.Equal(in.Message.At) {
		t.Fatalf("the message's own date %v, want %v (shown as sent)", conv[0].At, in.Message.At)
	}
	hist := inbound("Bo <bo@example.com>", "From the archive", "<d2@example.com>", "hi")
	hist.ReceivedAt = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	r = mustReceive(t, db, hist, model.ReceivedNew)
	if c, _ = db.Case(r.Case); !c.CreatedAt.Equal(hist.ReceivedAt) {
		t.Fatalf("imported case created %v, want %v", c.CreatedAt, hist.ReceivedAt)
	}
	future := inbound("Cy <cy@example.com>", "Ahead", "<d3@example.com>", "hi")
	future.ReceivedAt = clk.Now().Add(time.Hour)
	r = mustReceive(t, db, future, model.ReceivedNew)
	if c, _ = db.Case(r.Case); !c.CreatedAt.Equal(clk.Now()) {
		t.Fatalf("a received time ahead of now gave %v", c.CreatedAt)
	}
	mustCheck(t, db)
}

// A reply refused before its data went (a RCPT TO answered 550) was tried
// once: the outbox says 1 try, not 0 — and again after a resend.
func TestReplyRefusedAtRcptCountsItsTry(t *testing.T) {
	db, clk := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<rc1@x>", "q"), model.ReceivedNew)
	db.Act(r.Case, 0, "ana", model.SendReply{Draft: draft("first")})
	due, _ := db.DueReplies(clk.Now())
	if err := db.ReplyFailed(r.Case, due[0].Seq, "RCPT TO x@other.org: 550 relay denied"); err != nil {
		t.Fatal(err)
	}
	if out, _ := db.Outbox(); len(out) != 1 || out[0].Attempts != 1 {
		t.Fatalf("outbox %+v, want 1 try", out)
	}
	if _, err := db.Act(r.Case, 0, "ana", model.ResendReply{Seq: due[0].Seq}); err != nil {
		t.Fatal(err)
	}
	db.ReplyFailed(r.Case, due[0].Seq, "RCPT TO x@other.org: 550 relay denied")
	if out, _ := db.Outbox(); len(out) != 1 || out[0].Attempts != 1 {
		t.Fatalf("after a resend refused again: %+v, want 1 try", out)
	}
	mustCheck(t, db)
}
