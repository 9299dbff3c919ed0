package server

import (
	"fmt"
	"sync"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Agents' screens saving notes on one case at the same moment, each at the
// version it opened, through their sessions' guards: every acknowledged
// note lands as its own timeline entry, by its agent; a status change at
// the version opened before them is still refused.
func TestGuardNotesOnOneCaseAllLand(t *testing.T) {
	f := newGuardFixture(t, 1)
	opened, _ := f.db.Case(1)
	agents := []string{"ana", "bo", "chen"}
	const each = 6
	var wg sync.WaitGroup
	errs := make(chan error, len(agents)*each)
	for _, a := range agents {
		wg.Add(1)
		go func(g *guard, a string) {
			defer wg.Done()
			for i := 1; i <= each; i++ {
				_, err := g.Act(1, opened.Version, "", model.AddNote{Text: fmt.Sprintf("note-%s-%d", a, i)})
				errs <- err
			}
		}(f.guard(a), a)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a note refused: %v", err)
		}
	}
	evs, _ := f.db.Events(1)
	seen := map[string]string{}
	for _, ev := range evs {
		if ev.Kind != model.EventNote {
			continue
		}
		if _, twice := seen[ev.To]; twice {
			t.Fatalf("%q saved twice", ev.To)
		}
		seen[ev.To] = ev.Author
	}
	for _, a := range agents {
		for i := 1; i <= each; i++ {
			text := fmt.Sprintf("note-%s-%d", a, i)
			if seen[text] != a {
				t.Fatalf("%q: author %q, want %s (of %d notes)", text, seen[text], a, len(seen))
			}
		}
	}
	if _, err := f.guard("ana").Act(1, opened.Version, "", model.SetStatus{To: model.StatusPending}); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a status change at a stale version: %v", err)
	}
}
