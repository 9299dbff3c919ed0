package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// The first-response clock stops only when a reply reaches the customer:
// queued, refused (5xx) or interrupted replies leave it running; a sent
// one stops it at its acceptance; a bounce of the only sent reply starts
// it again, a bounce of one of several moves it to the earliest of the
// others. Check agrees with every step (the clock is derived from the
// history the same way), and the reply is recorded once: on the case.
func TestFirstResponseClockFollowsDelivery(t *testing.T) {
	db, clk := openTest(t)
	r := mustReceive(t, db, inbound("Ann <ann@example.com>", "Kettle", "<k1@x>", "it leaks"), model.ReceivedNew)
	clock := func(want time.Time, what string) {
		t.Helper()
		c, err := db.Case(r.Case)
		if err != nil {
			t.Fatal(err)
		}
		if !c.FirstReply.Equal(want) {
			t.Fatalf("%s: first reply %v, want %v", what, c.FirstReply, want)
		}
		mustCheck(t, db)
	}
	send := func(text string) model.Message {
		t.Helper()
		if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: draft(text)}); err != nil {
			t.Fatal(err)
		}
		out, _ := db.Outbox()
		m := out[len(out)-1]
		if _, err := db.StartSending(r.Case, m.Seq); err != nil {
			t.Fatal(err)
		}
		return m
	}
	bounce := func(m model.Message, id string) {
		t.Helper()
		b := inbound("MAILER-DAEMON@mx.example.com", "Undelivered Mail", id, "550 user unknown")
		b.Kind, b.Reason, b.BounceOf = model.MailBounce, "550 5.1.1 user unknown", []string{m.MessageID}
		mustReceive(t, db, b, model.ReceivedRecognised)
	}

	clk.Advance(10 * time.Minute)
	refused := send("first try")
	clock(time.Time{}, "queued and sending")
	if err := db.ReplyFailed(r.Case, refused.Seq, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	clock(time.Time{}, "refused by the server")

	clk.Advance(10 * time.Minute)
	only := send("second try")
	clk.Advance(time.Minute) // the server takes a minute
	if err := db.ReplySent(r.Case, only.Seq, []byte("raw"), "250 ok"); err != nil {
		t.Fatal(err)
	}
	firstSent := clk.Now()
	clock(firstSent, "sent")

	clk.Advance(time.Hour)
	bounce(only, "<b1@mx>")
	clock(time.Time{}, "the only sent reply bounced")

	clk.Advance(time.Hour)
	a := send("third try")
	db.ReplySent(r.Case, a.Seq, []byte("raw"), "250 ok")
	aAt := clk.Now()
	clk.Advance(time.Hour)
	b := send("fourth try")
	db.ReplySent(r.Case, b.Seq, []byte("raw"), "250 ok")
	bAt := clk.Now()
	clock(aAt, "two sent")
	clk.Advance(time.Hour)
	bounce(a, "<b2@mx>")
	clock(bAt, "the earlier of two bounced")
	bounce(b, "<b3@mx>")
	clock(time.Time{}, "both bounced")

	// Mail not set up: a logged reply is given to the customer, it counts.
	clk.Advance(time.Hour)
	if _, err := db.Act(r.Case, 0, "ana", model.LogReply{Text: "called her"}); err != nil {
		t.Fatal(err)
	}
	clock(clk.Now(), "logged")
}

// Repair puts a clock that disagrees with the history right.
func TestRepairSetsTheFirstResponseClock(t *testing.T) {
	db, clk := openTest(t)
	r := mustReceive(t, db, inbound("ann@example.com", "Q", "<q1@x>", "q"), model.ReceivedNew)
	c, _ := db.Act(r.Case, 0, "ana", model.LogReply{Text: "done"})
	want := clk.Now()
	db.bolt.Update(func(tx *bolt.Tx) error {
		c.FirstReply = time.Time{}
		// as a write would leave it: the case's summary in idx_customer agrees
		tx.Bucket(bucketCustomerIdx).Put(customerCaseKey(c.CustomerID, c.ID), customerCaseSummary(&c))
		return tx.Bucket(bucketCases).Put(caseKey(c.ID), encodeCase(nil, &c))
	})
	if probs, _ := db.Check(); len(probs) != 1 {
		t.Fatalf("check: %v", probs)
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	if c, _ := db.Case(r.Case); !c.FirstReply.Equal(want) {
		t.Fatalf("repaired first reply %v, want %v", c.FirstReply, want)
	}
}

// A schema-5 file kept two records: mail's first_reply bucket (stopped
// by a reply only queued) and Case.FirstReply. Opening it keeps one,
// worked out from the history: the refused reply does not count, the
// logged one does.
func TestMigrationMergesTheFirstReplyRecords(t *testing.T) {
	clk := newClock()
	path := filepath.Join(t.TempDir(), "care.db")
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	refused := mustReceive(t, db, inbound("ann@example.com", "Q", "<q1@x>", "q"), model.ReceivedNew)
	logged := mustReceive(t, db, inbound("bob@example.com", "R", "<r1@x>", "r"), model.ReceivedNew)
	clk.Advance(time.Hour)
	db.Act(refused.Case, 0, "ana", model.SendReply{Draft: draft("a")})
	out, _ := db.Outbox()
	db.StartSending(refused.Case, out[0].Seq)
	db.ReplyFailed(refused.Case, out[0].Seq, "550")
	c, _ := db.Act(logged.Case, 0, "ana", model.LogReply{Text: "called"})
	loggedAt := clk.Now()
	db.Close()
	// As session 3's code left it: both cases in first_reply, the refused
	// one's clock stopped on the case too.
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketMeta).Put(metaSchema, u64(5))
		b, _ := tx.CreateBucket(bucketFirstReplyOld)
		b.Put(caseKey(refused.Case), appendTime(nil, loggedAt))
		b.Put(caseKey(logged.Case), appendTime(nil, loggedAt))
		v := tx.Bucket(bucketCases).Get(caseKey(refused.Case))
		rc, _ := decodeCase(v)
		rc.FirstReply = loggedAt
		return tx.Bucket(bucketCases).Put(caseKey(rc.ID), encodeCase(nil, &rc))
	})
	raw.Close()
	db, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rc, _ := db.Case(refused.Case); !rc.FirstReply.IsZero() {
		t.Errorf("the refused reply still stops the clock: %v", rc.FirstReply)
	}
	if lc, _ := db.Case(c.ID); !lc.FirstReply.Equal(loggedAt) {
		t.Errorf("the logged reply's clock %v, want %v", lc.FirstReply, loggedAt)
	}
	db.bolt.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketFirstReplyOld) != nil {
			t.Errorf("the first_reply bucket is still there")
		}
		return nil
	})
	mustCheck(t, db)
}
