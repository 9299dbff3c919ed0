package store

import (
	"fmt"
	"sync"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Two notes and a logged reply saved at the version their agents opened,
// after someone else changed the case, all land, in order, each as its
// own timeline entry, bumping the version with a change notice; a field
// change at that stale version is still refused, and so is a note at a
// version ahead of the case (never opened).
func TestAppendAtStaleVersion(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now())})
	opened, err := db.Case(1)
	if err != nil {
		t.Fatal(err)
	}
	ch, stop := db.Subscribe()
	defer stop()
	if _, err := db.Act(1, opened.Version, "chen", model.SetPriority{To: model.PriorityHigh}); err != nil {
		t.Fatal(err)
	}
	recv(t, ch)
	saves := []struct {
		author string
		act    model.Action
	}{
		{"ana", model.AddNote{Text: "note from ana"}},
		{"bo", model.AddNote{Text: "note from bo"}},
		{"dee", model.LogReply{Text: "reply from dee"}},
	}
	last := opened.Version + 1
	for _, s := range saves {
		c, err := db.Act(1, opened.Version, s.author, s.act)
		if err != nil {
			t.Fatalf("%s at stale version %d: %v", s.act.Name(), opened.Version, err)
		}
		if c.Version != last+1 {
			t.Fatalf("%s: version %d, want %d", s.act.Name(), c.Version, last+1)
		}
		last = c.Version
		if n := recv(t, ch); n.Author != s.author || len(n.Cases) != 1 || n.Cases[0].Version != last {
			t.Fatalf("notice for %s's %s: %+v", s.author, s.act.Name(), n)
		}
	}
	_, err = db.Act(1, last+1, "ana", model.AddNote{Text: "a version never opened"})
	wantCode(t, err, model.ECONFLICT)
	_, err = db.Act(1, opened.Version, "ana", model.SetStatus{To: model.StatusPending})
	wantCode(t, err, model.ECONFLICT)
	_, err = db.Act(1, opened.Version, "ana", model.AddNote{Text: "with a field change"}, model.SetStatus{To: model.StatusPending})
	wantCode(t, err, model.ECONFLICT)

	evs, err := db.Events(1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		if ev.Kind == model.EventNote || ev.Kind == model.EventReply {
			got = append(got, ev.Author+": "+ev.To)
		}
	}
	want := []string{"ana: note from ana", "bo: note from bo", "dee: reply from dee"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("timeline %q, want %q", got, want)
	}
	if c, _ := db.Case(1); c.Status == model.StatusPending || c.Priority != model.PriorityHigh {
		t.Fatalf("field changes: %+v", c)
	}
	mustCheck(t, db)
}

// Agents saving notes on one case at the same moment, each at the version
// it opened: every note lands as its own entry (group commit may run a
// save more than once; none is lost or doubled).
func TestConcurrentNotesAllLand(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now())})
	opened, _ := db.Case(1)
	const agents, each = 4, 6
	var wg sync.WaitGroup
	errs := make(chan error, agents*each)
	for a := 0; a < agents; a++ {
		wg.Add(1)
		go func(a int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				_, err := db.Act(1, opened.Version, fmt.Sprintf("agent%d", a), model.AddNote{Text: fmt.Sprintf("note-%d-%d", a, i)})
				errs <- err
			}
		}(a)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	evs, _ := db.Events(1)
	seen := map[string]int{}
	for _, ev := range evs {
		if ev.Kind == model.EventNote {
			seen[ev.To]++
		}
	}
	if len(seen) != agents*each {
		t.Fatalf("%d distinct notes, want %d", len(seen), agents*each)
	}
	for text, n := range seen {
		if n != 1 {
			t.Fatalf("%q saved %d times", text, n)
		}
	}
	if c, _ := db.Case(1); c.Version != opened.Version+agents*each {
		t.Fatalf("version %d, want %d", c.Version, opened.Version+agents*each)
	}
}
