package cli

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// renameInSteps is the "rename" helper: a lead's rename of from to to,
// in chunks of 40 cases, saying "step" after each chunk is on disk (its
// change notice) and "done" at the end.
func renameInSteps(s *store.DB, from, to string) {
	s.SetImportBound(40, time.Hour, time.Hour)
	notices, stop := s.Subscribe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ch := range notices {
			if ch.Author == "lead" {
				os.Stdout.WriteString("step\n")
			}
		}
	}()
	if _, err := s.RenameTag(from, to, "lead"); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	stop()
	wg.Wait()
	os.Stdout.WriteString("done\n")
}

// A rename killed with -9 between (or in) its chunks leaves a file that
// check finds whole but for the rename under way, and the next writer to
// open it finishes the rename: every case of the tag moved once, with one
// "tag renamed" event, and check clean.
func TestCrashKillRename(t *testing.T) {
	dir := t.TempDir()
	ref := importDemo(t, dir, 1500)
	from, want := mostUsedTag(t, ref)
	to := from + "-renamed"
	rng := rand.New(rand.NewPCG(crashSeed(t), 3))
	var halfway, cycles int
	for cycles < 4 {
		db := fmt.Sprintf("%s/crash%d.db", dir, cycles)
		copyFile(t, ref, db)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"=rename", "CAREDESK_HELPER_DB="+db,
			"CAREDESK_HELPER_FROM="+from, "CAREDESK_HELPER_TO="+to)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Killed after a few of its steps are on disk.
		steps, killAt := 0, 1+rng.IntN(max(1, len(want)/40-1))
		sc := bufio.NewScanner(stdout)
		for steps < killAt && sc.Scan() {
			if sc.Text() != "step" {
				t.Fatalf("helper: %s", sc.Text())
			}
			steps++
		}
		cmd.Process.Kill()
		cmd.Wait()
		r := run(t, nil, "check", "--db", db)
		if r.code != 0 {
			if !strings.Contains(r.stdout, "a rename of tag "+from+" to "+to+" by lead stopped half-way") || strings.Count(r.stdout, "\n") != 1 {
				t.Fatalf("check after a kill %d steps into the rename:\n%s", steps, r)
			}
			halfway++
		}
		s, err := store.Open(db, store.Options{}) // a writer: finishes it
		if err != nil {
			t.Fatal(err)
		}
		got, events := carryingTag(t, s, to), 0
		for _, id := range got {
			evs, _ := s.Events(id)
			for _, ev := range evs {
				if ev.Kind == model.EventTagRenamed && ev.From == from {
					events++
				}
			}
		}
		s.Close()
		if !slices.Equal(got, want) || events != len(want) {
			t.Fatalf("after a kill %d steps in and reopening: %d cases carry %s, want %d; %d 'tag renamed' events", steps, len(got), to, len(want), events)
		}
		mustCheck(t, db)
		cycles++
	}
	if halfway == 0 {
		t.Fatal("no kill came in the middle of the rename")
	}
	t.Logf("crash-kill rename of %d cases in chunks of 40: %d kills, %d half-way, each finished on reopening", len(want), cycles, halfway)
}

// mostUsedTag is the tag on most cases of db, and those cases.
func mostUsedTag(t *testing.T, db string) (string, []model.CaseID) {
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tags, err := s.Tags()
	if err != nil {
		t.Fatal(err)
	}
	best := slices.MaxFunc(tags, func(a, b model.TagInfo) int { return a.Cases - b.Cases })
	return best.Tag, carryingTag(t, s, best.Tag)
}

func carryingTag(t *testing.T, s *store.DB, tag string) (ids []model.CaseID) {
	err := s.EachSummary(func(c model.Summary) error {
		if slices.Contains(c.Tags, tag) {
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
