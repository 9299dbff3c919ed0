package server

import (
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// A server restart (SIGTERM) keeps the note an agent was writing: the
// server takes it from the screen and stores it as a draft (per agent and
// case) before it says it is going, and the agent gets it back, once, in
// the note editor when they open the case again (new-user finding: the
// text was thrown away). A reply being written is kept the same way. On
// connecting again the status line names it, and :drafts opens its case
// (new-user finding: a kept draft was found only by opening its case,
// which its agent no longer remembered).
func TestShutdownKeepsTheDraftBeingWritten(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 5}, bo)
	sc := d.open(bo, 120, 30)
	sc.startNote("T-000002", "Half a sentence about the parcel")
	d.shutdown()
	sc.waitEnd()
	if !strings.Contains(sc.text(0), ShutdownNotice) {
		t.Fatalf("bo was not told the server is going:\n%s", tail(sc.text(0), 400))
	}
	if !strings.Contains(d.logBuf.String(), "drafts kept") {
		t.Fatalf("no draft kept:\n%s", d.logBuf.String())
	}

	d.restart()
	sc = d.open(bo, 120, 30)
	c := d.caseByExt("T-000002")
	sc.waitFor(0, fmt.Sprintf("1 draft kept: note on #%d — :drafts opens it", c.ID))
	m := sc.command("drafts")
	sc.waitFor(m, "draft restored")
	sc.waitFor(m, "Half a sentence about the parcel")
	sc.keys("\x13") // ctrl+s saves it as a note
	sc.waitFor(m, "note saved")
	evs, err := d.db.Events(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Kind != model.EventNote || last.To != "Half a sentence about the parcel" || last.Author != "bo" {
		t.Fatalf("the saved note: %+v", last)
	}
	// Given back once: nothing is left to restore.
	if _, ok, err := d.db.TakeDraft("bo", c.ID); ok || err != nil {
		t.Fatalf("the draft is still kept (%v)", err)
	}
	sc.waitFor(sc.command("drafts"), "no drafts kept")
}

// restart starts the server again on the same database, host key and
// agents file, as caredesk serve does after a SIGTERM.
func (d *desk) restart() {
	d.t.Helper()
	db, err := store.Open(d.dbPath, store.Options{})
	if err != nil {
		d.t.Fatal(err)
	}
	d.db = db
	d.srv, err = New(Config{Store: db, HostKeyPath: filepath.Join(d.dir, "host_ed25519"), AgentsPath: filepath.Join(d.dir, "agents"),
		Logger: slog.New(slog.NewTextHandler(d.logBuf, nil))})
	if err != nil {
		d.t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		d.t.Fatal(err)
	}
	d.addr = ln.Addr().String()
	d.served = make(chan error, 1)
	d.down = false
	go func() { d.served <- d.srv.Serve(ln) }()
}

// A screen closed for idleness keeps the note being written as shutdown
// does (new-user finding: with --idle-timeout the text was gone, while a
// SIGTERM kept it): the farewell says so, and the agent gets it back when
// they open the case again.
func TestIdleCloseKeepsTheDraftBeingWritten(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 5, idle: 3 * time.Second}, bo)
	sc := d.open(bo, 120, 30)
	sc.startNote("T-000002", "idle draft text that matters")
	sc.waitEnd()
	if !strings.Contains(sc.text(0), "disconnected after 3s without a key; "+draftKeptNotice) {
		t.Fatalf("bo's farewell does not say the note was kept:\n%s", tail(sc.text(0), 400))
	}
	if !strings.Contains(d.logBuf.String(), "drafts kept") {
		t.Fatalf("no draft kept:\n%s", d.logBuf.String())
	}
	sc = d.open(bo, 120, 30)
	m := sc.mark()
	sc.openCase("T-000002")
	sc.waitFor(m, "draft restored: the note you were writing when your screen closed")
	sc.waitFor(m, "idle draft text that matters")
}

// A dropped connection keeps the note being written too (new-user
// finding: a laptop lid closed mid-note lost it, while SIGTERM and the
// idle close kept it).
func TestDroppedConnectionKeepsTheDraftBeingWritten(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 5}, bo)
	sc := d.open(bo, 120, 30)
	sc.startNote("T-000003", "typed before the wifi went")
	sc.client.Close()
	deadline := time.Now().Add(waitLong)
	for !strings.Contains(d.logBuf.String(), "drafts kept") {
		if time.Now().After(deadline) {
			t.Fatalf("no draft kept after the connection dropped:\n%s", d.logBuf.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	sc = d.open(bo, 120, 30)
	m := sc.mark()
	sc.openCase("T-000003")
	sc.waitFor(m, "draft restored")
	sc.waitFor(m, "typed before the wifi went")
}

// startNote opens case ext and types text into a new note, unsaved: the
// draft a screen that ends now must keep.
func (sc *screen) startNote(ext, text string) {
	sc.t.Helper()
	sc.openCase(ext)
	m := sc.mark()
	sc.keys("n")
	sc.waitFor(m, "save note")
	sc.keys(text)
	sc.waitFor(m, text)
}
