package store

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// kinds is a timeline's event kinds and route texts, for comparing.
func kinds(evs []model.Event) string {
	var out []string
	for _, ev := range evs {
		s := ev.Kind.String()
		if ev.Kind == model.EventRouted {
			s += "(" + ev.To + " by " + ev.Author + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// storedRoutes counts the route events kept as event records.
func storedRoutes(t *testing.T, db *DB) int {
	n := 0
	db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error {
			if ev, err := decodeEvent(idOfPrefix(k), v); err == nil && ev.Kind == model.EventRouted {
				n++
			}
			return nil
		})
	})
	return n
}

// An import's routes of cases without history are one record per write,
// and every timeline reader shows them where a stored event would be:
// after the created event, before what happened to the case later.
func TestImportRoutesAreOneRecordPerWrite(t *testing.T) {
	clk := newClock()
	db := openTeams(t, filepath.Join(t.TempDir(), "care.db"), clk)
	withHistory := teamRow("hist", model.StatusOpen, model.ChannelEmail, "billing/fee")
	withHistory.Events = []model.Event{{At: withHistory.Case.CreatedAt.Add(time.Hour), Author: "zoe", Kind: model.EventNote, To: "called back"}}
	mustImport(t, db, []model.ImportRow{
		teamRow("a", model.StatusNew, model.ChannelEmail, "billing/refund"),
		teamRow("b", model.StatusNew, model.ChannelPhone),
		teamRow("none", model.StatusNew, model.ChannelEmail, "product/recall"),
		withHistory,
	})
	clk.Advance(time.Hour)
	mustImport(t, db, []model.ImportRow{teamRow("c", model.StatusNew, model.ChannelEmail, "delivery/late")})
	if n := storedRoutes(t, db); n != 1 {
		t.Errorf("%d route events stored, want only the one of the case with history", n)
	}
	// Later events come after the route; a re-import that moves the
	// creation time stores the first created event (sequence 0) before it.
	a := caseBy(t, db, "a")
	if _, err := db.Act(a.ID, a.Version, "ana", model.AddNote{Text: "on it"}); err != nil {
		t.Fatal(err)
	}
	moved := teamRow("c", model.StatusNew, model.ChannelEmail, "delivery/late")
	moved.Case.CreatedAt = moved.Case.CreatedAt.Add(-time.Hour)
	mustImport(t, db, []model.ImportRow{moved})

	first := newClock().Now().UTC()
	want := map[string]string{
		"a":    "created, routed(billing: tag billing/refund; assigned to ana by import), note",
		"b":    "created, routed(delivery: channel phone; assigned to dee by import)",
		"none": "created",
		"hist": "created, note, routed(billing: tag billing/fee; assigned to bo by import)",
		"c":    "created, routed(delivery: tag delivery/late; assigned to ed by import), imported",
	}
	for ext, w := range want {
		evs, err := db.Events(caseBy(t, db, ext).ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(evs); got != w {
			t.Errorf("%s: timeline %s, want %s", ext, got, w)
		}
		for _, ev := range evs {
			if ev.Kind == model.EventRouted && ev.At.UTC() != first && ext != "c" {
				t.Errorf("%s: routed at %v, want the import's time %v", ext, ev.At, first)
			}
		}
	}
	// The export reads the same timelines, walking the records in id order.
	err := db.EachCaseFull(true, func(c model.Case, _ model.Customer, evs []model.Event) error {
		if got := kinds(evs); got != want[c.ExternalID] {
			t.Errorf("export of %s: timeline %s, want %s", c.ExternalID, got, want[c.ExternalID])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

// A record that does not decode is an error naming it, from the timeline
// and from check, never a route dropped in silence.
func TestImportRoutesCorruptRecordIsReported(t *testing.T) {
	clk := newClock()
	db := openTeams(t, filepath.Join(t.TempDir(), "care.db"), clk)
	mustImport(t, db, []model.ImportRow{teamRow("a", model.StatusNew, model.ChannelEmail, "billing/refund")})
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRouting).Cursor()
		k, v := c.Seek([]byte(importRoutesPrefix))
		if !bytes.HasPrefix(k, []byte(importRoutesPrefix)) {
			t.Fatal("no import routes record")
		}
		bad := slices.Clone(v)
		bad[len(bad)-1] = 99 // a text that is not there
		return tx.Bucket(bucketRouting).Put(slices.Clone(k), bad)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Events(caseBy(t, db, "a").ID)
	wantCode(t, err, model.EINTERNAL)
	problems, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "import routes") }) {
		t.Errorf("check did not report the record: %q", problems)
	}
}
