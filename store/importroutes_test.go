package store

import (
	"bytes"
	"fmt"
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

// Routes are read right whatever the order cases are opened in: marks,
// gaps in a record (cases with history or closed), texts past one byte
// (200 of them) and several records, against a plain decode of the
// records. A record changed after it was read is read again, not from
// its kept index.
func TestImportRoutesReadInAnyOrder(t *testing.T) {
	clk := newClock()
	db := openTeams(t, filepath.Join(t.TempDir(), "care.db"), clk)
	for batch := range 3 {
		var rows []model.ImportRow
		for i := range 300 {
			row := teamRow(fmt.Sprintf("r%d-%03d", batch, i), model.StatusNew, model.ChannelEmail, fmt.Sprintf("feedback/t%03d", (i*7+batch)%200))
			switch {
			case i%37 == 5:
				row.Case.Status = model.StatusClosed // routed, no entry
			case i%50 == 7:
				row.Events = []model.Event{{At: row.Case.CreatedAt.Add(time.Hour), Author: "zoe", Kind: model.EventNote, To: "called"}}
			case i%3 == 0:
				row.Case.Tags = []string{"delivery/late"}
			}
			rows = append(rows, row)
		}
		mustImport(t, db, rows)
		clk.Advance(time.Hour)
	}
	want := plainImportRoutes(t, db)
	if len(want) < 800 {
		t.Fatalf("%d routes in records, want most of 900", len(want))
	}
	routeOf := func(evs []model.Event) string {
		for _, ev := range evs {
			if ev.Kind == model.EventRouted {
				return ev.To + " by " + ev.Author + " at " + ev.At.UTC().String()
			}
		}
		return ""
	}
	ids := make([]model.CaseID, 0, 900)
	for id := range model.CaseID(900) {
		ids = append(ids, id+1)
	}
	// forward, backward, and jumping about
	order := append(slices.Clone(ids), ids...)
	slices.Reverse(order[900:])
	for i := range 900 {
		order = append(order, ids[(i*389)%900])
	}
	for _, id := range order {
		evs, err := db.Events(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := routeOf(evs); got != want[id] && !hasHistory(evs) {
			t.Fatalf("case %d: route %q, want %q", id, got, want[id])
		}
	}
	n := 0
	err := db.EachCaseFull(true, func(c model.Case, _ model.Customer, evs []model.Event) error {
		if hasHistory(evs) {
			return nil
		}
		if got := routeOf(evs); got != want[c.ID] {
			t.Errorf("export of case %d: route %q, want %q", c.ID, got, want[c.ID])
		} else if got != "" {
			n++
		}
		return nil
	})
	if err != nil || n != len(want) {
		t.Fatalf("export: %d routes, want %d (%v)", n, len(want), err)
	}
	// A record rewritten (its texts changed) is read as it is now.
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRouting).Cursor()
		c.Seek(importRoutesKey(900 + 1)) // the record of case 900: the one before
		k, v := c.Prev()
		d := decoder{b: v}
		d.byte1()
		at, who, texts := d.time(), d.str(), d.strs()
		for i := range texts {
			texts[i] += " (rewritten)"
		}
		e := encoder{}
		e.byte1(recordV1)
		e.time(at)
		e.str(who)
		e.strs(texts)
		return tx.Bucket(bucketRouting).Put(slices.Clone(k), append(e.b, d.b...))
	})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := db.Events(900)
	if got := routeOf(evs); err != nil || got != strings.Replace(want[900], " by ", " (rewritten) by ", 1) {
		t.Errorf("case 900 after its record was rewritten: route %q (%v), want the new text", got, err)
	}
}

// hasHistory: a case whose import brought events keeps its route as a
// stored event (not in a record, see TestImportRoutesAreOneRecordPerWrite).
func hasHistory(evs []model.Event) bool {
	return slices.ContainsFunc(evs, func(ev model.Event) bool { return ev.Kind == model.EventNote })
}

// plainImportRoutes decodes every import routes record the plain way:
// case id → "text by author at time".
func plainImportRoutes(t *testing.T, db *DB) map[model.CaseID]string {
	out := map[model.CaseID]string{}
	db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRouting).Cursor()
		for k, v := c.Seek([]byte(importRoutesPrefix)); bytes.HasPrefix(k, []byte(importRoutesPrefix)); k, v = c.Next() {
			d := decoder{b: v}
			d.byte1()
			at, who, texts := d.time(), d.str(), d.strs()
			id := model.CaseID(getU64(k[len(importRoutesPrefix):]))
			for len(d.b) > 0 {
				id += model.CaseID(d.uvarint())
				out[id] = texts[d.uvarint()] + " by " + who + " at " + at.UTC().String()
			}
			if d.err != nil {
				t.Fatal(d.err)
			}
		}
		return nil
	})
	return out
}
