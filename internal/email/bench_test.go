package email

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The figures of the e-mail channel, each beside its anchor in the same
// run (go test -run '^$' -bench . ./internal/email/):
//
//   BenchmarkIMAPIntake/caredesk   10,000 mails from dovecot over IMAP into an empty desk, threaded and indexed
//   BenchmarkIMAPIntake/mbsync     mbsync (isync) copying the same mailbox to a Maildir
//   BenchmarkMaildirIntake/caredesk  the same 10,000 from a Maildir into an empty desk
//   BenchmarkMaildirIntake/notmuch   notmuch new indexing them
//   BenchmarkFetchMemory/10000 and /100000: the peak heap of a fetch does not grow with the mailbox;
//     /10000-into-100000 is the control: a small mailbox into a large desk
//   BenchmarkIMAPFetchMemory: the same three over IMAP from dovecot
//   BenchmarkReplyQueuedToAccepted: a reply committed to the outbox until OpenSMTPD's 250

const benchMails = 10_000

// writeMails writes n customer mails into maildir/new: 1,000 customers,
// every third mail a reply to that customer's previous one, a third with
// HTML, so threading and MIME both work.
func writeMails(tb testing.TB, maildir string, n int, owner bool) {
	tb.Helper()
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(maildir, sub), 0o700)
		if owner {
			os.Chown(filepath.Join(maildir, sub), mailUID, mailGID)
		}
	}
	if owner {
		os.Chown(maildir, mailUID, mailGID)
	}
	for i := range n {
		cust := i % 1000
		hdr := fmt.Sprintf("From: Customer %d <c%d@example.com>\r\nTo: %s\r\nSubject: Order %d\r\nMessage-ID: <m%d@example.com>\r\nDate: Mon, 07 Dec 2026 09:%02d:00 +0000\r\n", cust, cust, deskAddr, cust, i, i%60)
		if i >= 1000 && i%3 == 0 {
			hdr += fmt.Sprintf("In-Reply-To: <m%d@example.com>\r\n", i-1000)
		}
		var body string
		if i%3 == 1 {
			body = "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMy order has not arrived, it has been a week.\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>My order has <b>not</b> arrived.</p>\r\n--b--\r\n"
		} else {
			body = "Content-Type: text/plain; charset=utf-8\r\n\r\nHello, the parcel is late. Could you check please?\r\nThanks\r\n"
		}
		p := filepath.Join(maildir, "new", fmt.Sprintf("%d.M%dP1.bench", 1700000000+i, i))
		if err := os.WriteFile(p, []byte(hdr+body), 0o600); err != nil {
			tb.Fatal(err)
		}
		if owner {
			os.Chown(p, mailUID, mailGID)
		}
	}
}

func benchDesk(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "desk.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// unseeAll clears \Seen on the whole INBOX, so a fetch finds every mail again.
func unseeAll(tb testing.TB, d *dovecot) {
	tb.Helper()
	c, err := client.Dial(fmt.Sprintf("127.0.0.1:%d", d.port))
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Logout()
	if err := c.Login(deskAddr, deskPass); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.Select("INBOX", false); err != nil {
		tb.Fatal(err)
	}
	set, _ := imap.ParseSeqSet("1:*")
	if err := c.Store(set, imap.FormatFlagsOp(imap.RemoveFlags, true), []interface{}{imap.SeenFlag}, nil); err != nil {
		tb.Fatal(err)
	}
}

func BenchmarkIMAPIntake(b *testing.B) {
	dir := mailRoot(b)
	dc := startDovecot(b, dir)
	writeMails(b, userMaildir(dir, deskAddr), benchMails, true)
	b.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	unseeAll(b, dc) // dovecot indexes the folder once, outside the timings
	b.Run("caredesk", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			unseeAll(b, dc)
			db := benchDesk(b)
			b.StartTimer()
			res, err := IMAP{Cfg: dc.imapConfig(""), Addr: deskAddr}.Fetch(context.Background(), db)
			b.StopTimer()
			if err != nil || res.Fetched != benchMails || res.New+res.Threaded != benchMails {
				b.Fatalf("fetch: %s %v", res, err)
			}
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchMails)*float64(b.N)/b.Elapsed().Seconds(), "mails/s")
	})
	b.Run("mbsync", func(b *testing.B) {
		mbsync, err := exec.LookPath("mbsync")
		if err != nil {
			b.Skip("mbsync is not installed (apt-get install isync)")
		}
		for b.Loop() {
			b.StopTimer()
			local := filepath.Join(b.TempDir(), "local")
			os.MkdirAll(local, 0o700)
			conf := filepath.Join(b.TempDir(), "mbsyncrc")
			os.WriteFile(conf, []byte(fmt.Sprintf(`IMAPAccount desk
Host 127.0.0.1
Port %d
User %s
Pass %s
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account desk

MaildirStore local
Path %s/
Inbox %s/INBOX

Channel desk
Far :remote:INBOX
Near :local:INBOX
Sync Pull
Create Near
SyncState *
`, dc.port, deskAddr, deskPass, local, local)), 0o600)
			b.StartTimer()
			out, err := exec.Command(mbsync, "-q", "-c", conf, "desk").CombinedOutput()
			b.StopTimer()
			if err != nil {
				b.Fatalf("mbsync: %v\n%s", err, out)
			}
			if got, _ := filepath.Glob(filepath.Join(local, "INBOX", "*", "*")); len(got) != benchMails {
				b.Fatalf("mbsync copied %d mails", len(got))
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(benchMails)*float64(b.N)/b.Elapsed().Seconds(), "mails/s")
	})
}

func BenchmarkMaildirIntake(b *testing.B) {
	root := b.TempDir()
	md := filepath.Join(root, "INBOX")
	writeMails(b, md, benchMails, false)
	b.Run("caredesk", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := benchDesk(b)
			b.StartTimer()
			res, err := ImportMaildir(db, md, deskAddr)
			b.StopTimer()
			if err != nil || res.New+res.Threaded != benchMails {
				b.Fatalf("intake: %s %v", res, err)
			}
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchMails)*float64(b.N)/b.Elapsed().Seconds(), "mails/s")
	})
	b.Run("notmuch", func(b *testing.B) {
		notmuch, err := exec.LookPath("notmuch")
		if err != nil {
			b.Skip("notmuch is not installed")
		}
		conf := filepath.Join(b.TempDir(), "notmuch-config")
		os.WriteFile(conf, []byte("[database]\npath="+root+"\n[new]\ntags=unread;inbox;\n[maildir]\nsynchronize_flags=false\n"), 0o600)
		for b.Loop() {
			b.StopTimer()
			os.RemoveAll(filepath.Join(root, ".notmuch"))
			cmd := exec.Command(notmuch, "new", "--quiet")
			cmd.Env = append(os.Environ(), "NOTMUCH_CONFIG="+conf)
			b.StartTimer()
			out, err := cmd.CombinedOutput()
			b.StopTimer()
			if err != nil {
				b.Fatalf("notmuch new: %v\n%s", err, out)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(benchMails)*float64(b.N)/b.Elapsed().Seconds(), "mails/s")
	})
}

// heapPeak is the most heap a fetch held, sampled every 2 ms while it
// ran: objects is the heap's objects, garbage not yet collected included
// (so it moves with the collector's pacing), live what the last
// collection found reachable — the figure that says what a fetch keeps.
type heapPeak struct{ objects, live uint64 }

func (p *heapPeak) measure(fn func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			p.objects = max(p.objects, sample[0].Value.Uint64())
			p.live = max(p.live, sample[1].Value.Uint64())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
}

func (p heapPeak) report(b *testing.B) {
	b.ReportMetric(float64(p.objects)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(p.live)/(1<<20), "peak-live-MB")
}

// A fetch holds a batch at a time: its peak heap is the same for a
// mailbox ten times larger.
func BenchmarkFetchMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			md := filepath.Join(b.TempDir(), "INBOX")
			writeMails(b, md, n, false)
			var peak heapPeak
			for b.Loop() {
				b.StopTimer()
				db := benchDesk(b)
				backToNew(b, md) // the mails go back to new/ for each round
				b.StartTimer()
				var res FetchResult
				var err error
				peak.measure(func() { res, err = Maildir{Path: md, Addr: deskAddr}.Fetch(db) })
				b.StopTimer()
				if err != nil || res.Fetched != n {
					b.Fatalf("fetch: %s %v", res, err)
				}
				db.Close()
				b.StartTimer()
			}
			peak.report(b)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "mails/s")
		})
	}
	// What is left of the growth above is the desk's, not the mailbox's:
	// a batch's commit writes a page per B-tree leaf it touched (bbolt's
	// page buffers), more of them as the indexes grow, until every mail of
	// a batch touches its own leaves. 10,000 mails into a desk that
	// already holds the 100,000 peak as high as the 100,000 did. A heap
	// profile taken after a collection between two batches (session 5)
	// holds 4.2 MB filling an empty desk and 5.2 MB filling the 100,000
	// one: bbolt's page buffers and, the difference, its freelist, which
	// grows with the file; of the mailbox only the name scan's chunk
	// (4,096 names) and the batch in hand.
	b.Run("10000-into-100000", func(b *testing.B) {
		old := filepath.Join(b.TempDir(), "OLD")
		writeMails(b, old, 100_000, false)
		md := filepath.Join(b.TempDir(), "INBOX")
		writeMails(b, md, 10_000, false)
		otherMails(b, md)
		var peak heapPeak
		for b.Loop() {
			b.StopTimer()
			backToNew(b, md)
			db := deskOf(b, old, 100_000)
			b.StartTimer()
			var res FetchResult
			var err error
			peak.measure(func() { res, err = Maildir{Path: md, Addr: deskAddr}.Fetch(db) })
			b.StopTimer()
			if err != nil || res.Fetched != 10_000 || res.Duplicates != 0 {
				b.Fatalf("fetch: %s %v", res, err)
			}
			db.Close()
			b.StartTimer()
		}
		peak.report(b)
	})
}

// otherMails gives the mails in md/new Message-IDs of another domain, so
// they are other mails than writeMails' in a desk that has those.
func otherMails(tb testing.TB, md string) {
	tb.Helper()
	for _, p := range mustGlob(tb, filepath.Join(md, "new", "*")) {
		raw, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(raw), "@example.com>", "@other.example>")), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// backToNew puts a Maildir's handled mails back in new/ for another round.
func backToNew(tb testing.TB, md string) {
	tb.Helper()
	for _, p := range mustGlob(tb, filepath.Join(md, "cur", "*")) {
		base := filepath.Base(p)
		if err := os.Rename(p, filepath.Join(md, "new", strings.TrimSuffix(base, ":2,S"))); err != nil {
			tb.Fatal(err)
		}
	}
}

// deskOf is a new desk that already holds the n mails of Maildir md.
func deskOf(tb testing.TB, md string, n int) *store.DB {
	tb.Helper()
	backToNew(tb, md)
	db := benchDesk(tb)
	if res, err := (Maildir{Path: md, Addr: deskAddr}).Fetch(db); err != nil || res.Fetched != n {
		tb.Fatalf("the desk's %d: %s %v", n, res, err)
	}
	return db
}

func mustGlob(tb testing.TB, pattern string) []string {
	m, err := filepath.Glob(pattern)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// From a reply committed to the outbox (what an agent's ctrl+s does) to
// the SMTP server's acceptance, on 127.0.0.1. The median and the 95th
// percentile are the figures, the worst beside them. OpenSMTPD asks no
// DNS here (mailtest.NoDNS: it used to stall a session for 5 s now and
// then on the machine's resolver). The key press to the same acceptance
// is ui's BenchmarkReplyKeyToOpenSMTPD.
func BenchmarkReplyQueuedToAccepted(b *testing.B) {
	dir := mailRoot(b)
	sm := startSMTPD(b, dir)
	db := benchDesk(b)
	defer db.Close()
	r := newCase(b, db, "<bench@example.com>")
	tr := SMTP{Cfg: sm.SMTPConfig()}
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := db.Act(r.Case, 0, "ana", model.SendReply{Draft: draftTo("ann@example.com")}); err != nil {
			b.Fatal(err)
		}
		res, err := Flush(context.Background(), db, tr, time.Now)
		if err != nil || len(res.Sent) != 1 {
			b.Fatalf("flush: %+v %v", res, err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[len(took)*95/100]), "p95-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
	waitMail(b, dir, "ann@example.com", len(took)) // every reply delivered before the folder goes
}

// The same over IMAP: a fetch holds a UID window and a batch. The
// control (10,000 into a desk of 100,000) tells the mailbox's growth from
// the desk's, as for the Maildir. Heap profiles after a collection at the
// 25th and the 450th batch of a 100,000-mail folder (session 5) hold the
// same: a window's SEARCH answer parsed by go-imap (0.7 MB for 2,048
// UIDs) and the batch in hand.
func BenchmarkIMAPFetchMemory(b *testing.B) {
	run := func(b *testing.B, n int, desk func() *store.DB) {
		dir := mailRoot(b)
		inbox := userMaildir(dir, deskAddr)
		writeMails(b, inbox, n, true)
		if desk != nil {
			otherMails(b, inbox)
		}
		dc := startDovecot(b, dir)
		b.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
		var peak heapPeak
		for b.Loop() {
			b.StopTimer()
			unseeAll(b, dc)
			db := benchDesk(b)
			if desk != nil {
				db.Close()
				db = desk()
			}
			b.StartTimer()
			var res FetchResult
			var err error
			peak.measure(func() { res, err = IMAP{Cfg: dc.imapConfig(""), Addr: deskAddr}.Fetch(context.Background(), db) })
			b.StopTimer()
			if err != nil || res.Fetched != n || res.Duplicates != 0 {
				b.Fatalf("fetch: %s %v", res, err)
			}
			db.Close()
			b.StartTimer()
		}
		peak.report(b)
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "mails/s")
	}
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { run(b, n, nil) })
	}
	b.Run("10000-into-100000", func(b *testing.B) {
		old := filepath.Join(b.TempDir(), "OLD")
		writeMails(b, old, 100_000, false)
		run(b, 10_000, func() *store.DB { return deskOf(b, old, 100_000) })
	})
}
