package store

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

func recv(t *testing.T, ch <-chan model.Change) model.Change {
	t.Helper()
	select {
	case c, ok := <-ch:
		if !ok {
			t.Fatal("channel closed")
		}
		return c
	case <-time.After(2 * time.Second):
		t.Fatal("no change notice")
	}
	return model.Change{}
}

func TestSubscribe(t *testing.T) {
	db, clk := openTest(t)
	ch, stop := db.Subscribe()
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now(), "fraud")})
	c := recv(t, ch)
	if len(c.Cases) != 1 || c.Cases[0].ExternalID != "A-1" || len(c.Customers) != 1 || c.Author != "import" {
		t.Fatalf("%+v", c)
	}
	db.Act(1, 0, "ana", model.Claim{})
	if c := recv(t, ch); c.Author != "ana" || c.Cases[0].Assignee != "ana" || c.Cases[0].Version != 2 {
		t.Fatalf("%+v", c)
	}
	db.RenameTag("fraud", "scam", "lead")
	if c := recv(t, ch); !c.Taxonomy || c.Cases[0].Tags[0] != "scam" {
		t.Fatalf("%+v", c)
	}
	db.SaveReply(model.Reply{Name: "a", Text: "b"})
	if c := recv(t, ch); !c.Replies {
		t.Fatalf("%+v", c)
	}
	// A failed write sends nothing.
	db.Act(99, 0, "ana", model.Claim{})
	select {
	case c := <-ch:
		t.Fatalf("notice for a failed write: %+v", c)
	default:
	}
	stop()
	if _, ok := <-ch; ok {
		t.Fatal("channel open after unsubscribe")
	}
	stop() // twice is harmless
}

func TestSubscribeOverflowResyncs(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now())})
	ch, _ := db.Subscribe()
	done := make(chan struct{})
	go func() {
		// The writer must never wait for the slow reader.
		for i := range subscriberBuffer + 20 {
			db.Act(1, 0, "ana", model.AddNote{Text: "note " + string(rune('a'+i%26))})
		}
		close(done)
	}()
	// A blocked writer never finishes; the bound only has to outlast
	// ~1,000 fsynced commits on a loaded machine under -race (10 s did not).
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("writer blocked on a full subscriber")
	}
	n, resync := 0, false
	for !resync {
		c := recv(t, ch)
		n++
		resync = c.Resync
	}
	if n != subscriberBuffer+1 {
		t.Fatalf("%d notices before the resync, want %d", n-1, subscriberBuffer)
	}
	db.Close()
	for range ch {
	}
}
