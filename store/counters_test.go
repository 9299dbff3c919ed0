package store

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// TestCountersMatchRecount applies seeded random actions, re-imports and
// renames, and asks Check (which recounts every counter and walks every
// index both ways) after each round.
func TestCountersMatchRecount(t *testing.T) {
	db, clk := openTest(t)
	g := newRowGen(2, 40)
	rows := g.batch(300)
	mustImport(t, db, rows)
	r := rand.New(rand.NewPCG(99, 1))
	agents := []string{"ana", "bo", "cy"}
	for round := range 6 {
		for range 150 {
			clk.Advance(time.Duration(r.IntN(3600)) * time.Second)
			id := model.CaseID(r.IntN(300) + 1)
			var act model.Action
			switch r.IntN(8) {
			case 0:
				act = model.Claim{}
			case 1:
				act = model.Assign{To: agents[r.IntN(3)]}
			case 2:
				act = model.SetStatus{To: model.Statuses[1+r.IntN(4)]}
			case 3:
				act = model.SetPriority{To: model.Priorities[r.IntN(4)]}
			case 4:
				act = model.AddTag{Tag: genTags[r.IntN(len(genTags))]}
			case 5:
				act = model.RemoveTag{Tag: genTags[r.IntN(len(genTags))]}
			case 6:
				act = model.SetFollowUp{At: clk.Now().Add(time.Duration(r.IntN(100)-50) * time.Hour)}
			case 7:
				act = model.AddNote{Text: "note"}
			}
			if _, err := db.Act(id, 0, agents[r.IntN(3)], act); err != nil && model.ErrorCode(err) == model.EINTERNAL {
				t.Fatal(err)
			}
		}
		// Some rows change at the source.
		for i := range 20 {
			k := r.IntN(len(rows))
			rows[k].Case.Subject = "changed in round"
			rows[k].Case.CreatedAt = rows[k].Case.CreatedAt.Add(time.Duration(i) * 24 * time.Hour)
			rows[k].Case.Tags = append(rows[k].Case.Tags, genTags[r.IntN(len(genTags))])
		}
		mustImport(t, db, append(rows[:50:50], g.batch(30)...))
		mustCheck(t, db)
		if round == 3 {
			if _, err := db.RenameTag("shipping/late", "shipping/delayed", "lead"); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, db)
		}
	}
	// Stats agree with a walk.
	st, _ := db.Stats()
	byStatus := map[model.Status]int{}
	n := 0
	db.EachSummary(func(s model.Summary) error { n++; byStatus[s.Status]++; return nil })
	if st.Cases != n {
		t.Fatalf("stats %d cases, walk %d", st.Cases, n)
	}
	for s, k := range byStatus {
		if st.ByStatus[s] != k {
			t.Fatalf("status %s: stats %d, walk %d", s, st.ByStatus[s], k)
		}
	}
}

func TestRenameTagMergeKeepsTotals(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-24 * time.Hour)
	mustImport(t, db, []model.ImportRow{
		oneRow("A-1", at, "billing/refund"),
		oneRow("A-2", at, "billing/refund", "refund"),
		oneRow("A-3", at.Add(24*time.Hour), "refund"),
		oneRow("A-4", at, "fraud"),
	})
	db.Act(1, 0, "ana", model.AddTag{Tag: "billing/refund"}) // no-op, already there
	db.Act(4, 0, "ana", model.AddTag{Tag: "refund"})
	before, _ := db.TagDayCounts(-100000, 100000)
	total := func(cs []model.TagDayCount, tag string) int {
		n := 0
		for _, c := range cs {
			if tag == "*" || c.Tag == tag {
				n += c.Count
			}
		}
		return n
	}
	n, err := db.RenameTag("Refund", "billing/refund", "lead")
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("renamed on %d cases", n)
	}
	after, _ := db.TagDayCounts(-100000, 100000)
	// A-2 had both: the merged tag counts each case once.
	if got := total(after, "billing/refund"); got != 4 {
		t.Fatalf("billing/refund on %d cases, want 4", got)
	}
	if total(after, "refund") != 0 || total(before, "*")-total(after, "*") != 1 {
		t.Fatalf("before %v after %v", before, after)
	}
	tags, _ := db.Tags()
	for _, ti := range tags {
		if ti.Tag == "refund" {
			t.Fatal("old tag still listed")
		}
		if ti.Tag == "billing/refund" && (ti.Cases != 4 || ti.Uses != 1) {
			t.Fatalf("%+v", ti)
		}
	}
	evs, _ := db.Events(3)
	if last := evs[len(evs)-1]; last.Kind != model.EventTagRenamed || last.From != "refund" || last.To != "billing/refund" {
		t.Fatalf("%+v", last)
	}
	changes, _ := db.TagChanges()
	if len(changes) != 1 || changes[0].Kind != "merge" || changes[0].Author != "lead" {
		t.Fatalf("%+v", changes)
	}
	if _, err := db.RenameTag("nope", "x", "lead"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

func TestTagsAndDayCounts(t *testing.T) {
	db, _ := openTest(t)
	d0 := time.Date(1969, 12, 30, 10, 0, 0, 0, time.UTC) // negative days sort too
	mustImport(t, db, []model.ImportRow{
		oneRow("A-1", d0, "fraud"), oneRow("A-2", d0.Add(48*time.Hour), "fraud"),
		oneRow("A-3", d0.Add(96*time.Hour)), oneRow("A-4", d0.Add(24*time.Hour), "praise", "fraud"),
	})
	day := model.DayOf(d0)
	got, err := db.TagDayCounts(day, day+3)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.TagDayCount{{Tag: "fraud", Day: day, Count: 1}, {Tag: "fraud", Day: day + 1, Count: 1},
		{Tag: "fraud", Day: day + 2, Count: 1}, {Tag: "praise", Day: day + 1, Count: 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	got, _ = db.TagDayCounts(day+4, day+5)
	if len(got) != 1 || got[0].Tag != "" || got[0].Count != 1 {
		t.Fatalf("untagged: %v", got)
	}
	tags, _ := db.Tags()
	if len(tags) != 2 || tags[0].Tag != "fraud" || tags[0].Cases != 3 || tags[0].FirstUsed != int32(day) || tags[0].LastUsed != int32(day+2) {
		t.Fatalf("%+v", tags)
	}
	if err := db.RetireTag("fraud", true, "lead"); err != nil {
		t.Fatal(err)
	}
	tags, _ = db.Tags()
	if !tags[0].Retired {
		t.Fatal("not retired")
	}
	// The taxonomy names no replacement for a retired tag: the refusal
	// must not send the agent looking for one.
	_, err = db.Act(3, 0, "ana", model.AddTag{Tag: "fraud"})
	if wantCode(t, err, model.EINVALID); model.ErrorMessage(err) != "tag fraud is retired, no replacement" {
		t.Fatalf("refusal %q", model.ErrorMessage(err))
	}
	wantCode(t, db.RetireTag("nope", true, "lead"), model.ENOTFOUND)
}
