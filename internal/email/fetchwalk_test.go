package email

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// A fetch's memory is a chunk's, not the folder's: Maildir names come a
// bounded chunk at a time, still in name order, and IMAP UIDs a window at
// a time. These tests narrow the chunk and the window so a small folder
// crosses many of them; BenchmarkFetchMemory gives the figures.

// threadMail is the i-th mail of a chain: each answers the one before, so
// a mail taken in before what it answers would open a second case.
func threadMail(i int) string {
	s := fmt.Sprintf("From: Ann <ann@example.com>\nTo: %s\nSubject: Order\nMessage-ID: <t%d@example.com>\n", deskAddr, i)
	if i > 0 {
		s += fmt.Sprintf("In-Reply-To: <t%d@example.com>\n", i-1)
	}
	return s + "\nStill waiting.\n"
}

func TestNameScanWalksInOrderAChunkAtATime(t *testing.T) {
	defer func(n int) { scanChunk = n }(scanChunk)
	scanChunk = 3
	dir := t.TempDir()
	var want []string
	for i := 9; i >= 0; i-- { // created out of order
		n := fmt.Sprintf("%d.M%dP1.x", 1700000000+i, i)
		os.WriteFile(filepath.Join(dir, n), nil, 0o600)
		want = append(want, n)
	}
	os.WriteFile(filepath.Join(dir, ".hidden"), nil, 0o600)
	slices.Sort(want)
	scan := nameScan{dir: dir}
	var got []string
	for {
		chunk, err := scan.next()
		if err != nil {
			t.Fatal(err)
		}
		if len(chunk) > scanChunk {
			t.Fatalf("a chunk of %d names, the bound is %d", len(chunk), scanChunk)
		}
		if len(chunk) == 0 {
			break
		}
		got = append(got, chunk...)
		if len(got) == 3 { // mail arriving during the walk
			os.WriteFile(filepath.Join(dir, "1800000000.late"), nil, 0o600)
			os.WriteFile(filepath.Join(dir, "1000000000.early"), nil, 0o600) // sorts before: next fetch
		}
	}
	want = append(want, "1800000000.late")
	if !slices.Equal(got, want) {
		t.Fatalf("walked\n%v\nwant\n%v", got, want)
	}
}

func TestMaildirFetchAcrossChunksKeepsThreads(t *testing.T) {
	defer func(n int) { scanChunk = n }(scanChunk)
	scanChunk = 2
	md := newMaildir(t)
	db := openDesk(t)
	for i := range 9 {
		deliver(t, md, threadMail(i))
	}
	res := fetchMD(t, md, db)
	if res.Fetched != 9 || res.New != 1 || res.Threaded != 8 {
		t.Fatalf("fetch: %s", res)
	}
	if left, _ := filepath.Glob(filepath.Join(md, "new", "*")); len(left) > 0 {
		t.Fatalf("new/ still holds %d mails", len(left))
	}
	deskCheck(t, db)
}

// seeUIDs flags the given UIDs \Seen, as another mail client would.
func seeUIDs(t testing.TB, d *dovecot, uids ...uint32) {
	t.Helper()
	c, err := client.Dial(fmt.Sprintf("127.0.0.1:%d", d.port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Logout()
	if err := c.Login(deskAddr, deskPass); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", false); err != nil {
		t.Fatal(err)
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	if err := c.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), []interface{}{imap.SeenFlag}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestIMAPFetchWalksUIDWindows(t *testing.T) {
	defer func(w, m uint32) { imapWindow, imapMaxWindow = w, m }(imapWindow, imapMaxWindow)
	imapWindow, imapMaxWindow = 4, 8
	dir := mailRoot(t)
	dc := startDovecot(t, dir)
	t.Setenv("CAREDESK_TEST_IMAP_PW", deskPass)
	md := userMaildir(dir, deskAddr)
	writeMails(t, md, 0, true) // the folders
	for i := range 30 {
		p := filepath.Join(md, "new", fmt.Sprintf("%d.M%dP1.walk", 1700000000+i, i))
		os.WriteFile(p, []byte(strings.ReplaceAll(threadMail(i), "\n", "\r\n")), 0o600)
		os.Chown(p, mailUID, mailGID)
	}
	// UIDs 1..30 in delivery order; another client has read 3..12, a
	// stretch longer than a window: those are not the desk's to take.
	var seen []uint32
	for u := uint32(3); u <= 12; u++ {
		seen = append(seen, u)
	}
	seeUIDs(t, dc, seen...)
	db := openDesk(t)
	m := IMAP{Cfg: dc.imapConfig("Archive"), Addr: deskAddr}
	res, err := m.Fetch(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	// Done moves to Archive, so \Seen does not hold mail back: all 30, one thread.
	if res.Fetched != 30 || res.New != 1 || res.Threaded != 29 {
		t.Fatalf("fetch with done=Archive: %s", res)
	}
	// Mail after the walk: the folder now starts at UID 31, a window's
	// width past where the last walk began.
	for i := 30; i < 33; i++ {
		p := filepath.Join(md, "new", fmt.Sprintf("%d.M%dP1.walk", 1700000000+i, i))
		os.WriteFile(p, []byte(strings.ReplaceAll(threadMail(i), "\n", "\r\n")), 0o600)
		os.Chown(p, mailUID, mailGID)
	}
	if res, err = m.Fetch(context.Background(), db); err != nil || res.Fetched != 3 || res.Threaded != 3 {
		t.Fatalf("second fetch: %s %v", res, err)
	}

	// Without a done folder, \Seen is "handled": a fresh desk over a
	// fresh folder takes 20 of 30, every UID once.
	dir2 := mailRoot(t)
	dc2 := startDovecot(t, dir2)
	md2 := userMaildir(dir2, deskAddr)
	writeMails(t, md2, 0, true)
	for i := range 30 {
		raw := fmt.Sprintf("From: c%d@example.com\r\nSubject: s\r\nMessage-ID: <w%d@example.com>\r\n\r\nhi\r\n", i, i)
		p := filepath.Join(md2, "new", fmt.Sprintf("%d.M%dP1.walk", 1700000000+i, i))
		os.WriteFile(p, []byte(raw), 0o600)
		os.Chown(p, mailUID, mailGID)
	}
	seeUIDs(t, dc2, seen...)
	db2 := openDesk(t)
	res, err = IMAP{Cfg: dc2.imapConfig(""), Addr: deskAddr}.Fetch(context.Background(), db2)
	if err != nil || res.Fetched != 20 || res.New != 20 {
		t.Fatalf("fetch with \\Seen: %s %v", res, err)
	}
	if res, err = (IMAP{Cfg: dc2.imapConfig(""), Addr: deskAddr}).Fetch(context.Background(), db2); err != nil || res.Fetched != 0 {
		t.Fatalf("fetch again: %s %v", res, err)
	}
}
