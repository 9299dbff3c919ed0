package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// importCases imports n cases, ids 1..n.
func importCases(t *testing.T, db *DB, clk *testClock, n int) {
	t.Helper()
	var rows []model.ImportRow
	for i := range n {
		rows = append(rows, oneRow(fmt.Sprintf("G-%d", i), clk.Now().Add(-time.Hour)))
	}
	mustImport(t, db, rows)
}

// holdFirstCommit makes the next write (the leader's) wait before it
// commits until waiting more calls have queued behind it, so that they all
// join its group; fail, when set, is asked for every later beforeCommit
// error (the held call's too when the group runs again).
func holdFirstCommit(t *testing.T, db *DB, waiting int, fail func() error) {
	t.Helper()
	held := false
	db.SetBeforeCommit(func() error {
		if held {
			if fail != nil {
				return fail()
			}
			return nil
		}
		held = true
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			db.group.mu.Lock()
			n := len(db.group.waiting)
			db.group.mu.Unlock()
			if n >= waiting {
				return nil
			}
		}
		return errors.New("the other saves never queued")
	})
	t.Cleanup(func() { db.SetBeforeCommit(nil) })
}

// leading waits until a write leads a group and has taken its own call
// into it: the calls after it wait.
func leading(t *testing.T, db *DB) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		db.group.mu.Lock()
		l := db.group.leading && len(db.group.waiting) == 0
		db.group.mu.Unlock()
		if l {
			return
		}
	}
	t.Fatal("no write started")
}

// queued waits until n calls wait behind the leader.
func queued(t *testing.T, db *DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		db.group.mu.Lock()
		w := len(db.group.waiting)
		db.group.mu.Unlock()
		if w >= n {
			return
		}
	}
	t.Fatalf("%d calls never queued", n)
}

// collect reads n change notices.
func collect(t *testing.T, ch <-chan model.Change, n int) []model.Change {
	t.Helper()
	var out []model.Change
	for len(out) < n {
		select {
		case c := <-ch:
			if c.Resync {
				t.Fatal("a notice was dropped")
			}
			out = append(out, c)
		case <-time.After(20 * time.Second):
			t.Fatalf("%d notices of %d", len(out), n)
		}
	}
	select {
	case c := <-ch:
		t.Fatalf("a notice too many: %+v", c)
	case <-time.After(50 * time.Millisecond):
	}
	return out
}

func TestConcurrentSavesShareOneCommit(t *testing.T) {
	db, clk := openTest(t)
	const savers = 32
	importCases(t, db, clk, savers+1)
	notices, stop := db.Subscribe()
	defer stop()
	before := db.CommitCounts()
	holdFirstCommit(t, db, savers+2, nil)

	type result struct {
		c   model.Case
		err error
	}
	results := make([]result, savers+3)
	var wg sync.WaitGroup
	save := func(i int, id model.CaseID, version uint64, author string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := db.Act(id, version, author, model.AddNote{Text: fmt.Sprintf("note %d", i)})
			results[i] = result{c, err}
		}()
	}
	save(0, 1, 1, "lead")
	leading(t, db)
	for i := 1; i <= savers; i++ {
		version := uint64(1)
		if i == 1 {
			version = 0 // case 2 has two more saves in the group, in any order
		}
		save(i, model.CaseID(i+1), version, fmt.Sprintf("agent%d", i))
	}
	// Three saves of one case in the same group: each sees the one before.
	save(savers+1, 2, 0, "ana")
	save(savers+2, 2, 0, "bo")
	wg.Wait()

	for i, r := range results {
		if r.err != nil {
			t.Fatalf("save %d: %v", i, r.err)
		}
	}
	for i := 1; i <= savers; i++ {
		if results[i].c.ID != model.CaseID(i+1) {
			t.Fatalf("save %d answered with case %d", i, results[i].c.ID)
		}
	}
	got := db.CommitCounts()
	if saves, commits := got.Saves-before.Saves, got.Commits-before.Commits; saves != savers+3 || commits != 1 {
		t.Fatalf("%d saves in %d commits, want %d in 1 (the held one and those that queued behind it)", saves, commits, savers+3)
	}

	// One notice per save, each with its own case and author, after the
	// commit and in its order: case 2 at versions 2, 3 and 4.
	seen := map[string]bool{}
	var versions []uint64
	for _, n := range collect(t, notices, savers+3) {
		if len(n.Cases) != 1 || seen[n.Author] {
			t.Fatalf("notice %+v", n)
		}
		seen[n.Author] = true
		if n.Cases[0].ID == 2 {
			versions = append(versions, n.Cases[0].Version)
		}
	}
	if fmt.Sprint(versions) != "[2 3 4]" {
		t.Fatalf("case 2's notices at versions %v, want [2 3 4]", versions)
	}
	if c, _ := db.Case(2); c.Version != 4 {
		t.Fatalf("case 2 at version %d", c.Version)
	}
	mustCheck(t, db)
}

func TestFailingSaveInAGroupLeavesTheOthers(t *testing.T) {
	db, clk := openTest(t)
	importCases(t, db, clk, 8)
	boom := errors.New("write failed (simulated)")
	flushFails := errors.New("disk full (simulated)")
	var mu sync.Mutex
	failNext := 1 // one call's beforeCommit fails, its writes already in the transaction
	holdFirstCommit(t, db, 9, func() error {
		mu.Lock()
		defer mu.Unlock()
		if failNext > 0 {
			failNext--
			return flushFails
		}
		return nil
	})
	before := db.CommitCounts()

	var wg sync.WaitGroup
	errs := make([]error, 12)
	var panicked any
	run := func(i int, fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					panicked = r
				}
			}()
			errs[i] = fn()
		}()
	}
	for i := 0; i <= 5; i++ {
		if i == 1 {
			leading(t, db)
		}
		run(i, func() error { _, err := db.Act(model.CaseID(i+1), 1, "ana", model.AddTag{Tag: "kept"}); return err })
	}
	// A stale version: its conflict, nothing else.
	run(6, func() error { _, err := db.Act(7, 99, "bo", model.AddTag{Tag: "stale"}); return err })
	// Writes into the transaction, then fails: none of it may land.
	run(7, func() error {
		return db.update("bo", func(w *wtx) error {
			w.put(bucketMeta, []byte("test|failed"), []byte{1})
			if err := w.flushPending(); err != nil {
				return err
			}
			return boom
		})
	})
	// Panics after writing: the panic is its caller's, its writes go.
	run(8, func() error {
		return db.update("bo", func(w *wtx) error {
			w.put(bucketMeta, []byte("test|panicked"), []byte{1})
			w.flushPending()
			panic("a bug in a write")
		})
	})
	// A counter a second run of the group would count twice if the
	// first run's writes stayed.
	run(9, func() error {
		return db.update("bo", func(w *wtx) error {
			n := getU64(w.get(bucketMeta, []byte("test|runs")))
			w.put(bucketMeta, []byte("test|runs"), u64(n+1))
			return nil
		})
	})
	wg.Wait()

	wantCode(t, errs[6], model.ECONFLICT)
	if !errors.Is(errs[7], boom) {
		t.Fatalf("failing save: %v", errs[7])
	}
	if panicked != "a bug in a write" {
		t.Fatalf("the panic reached its caller as %v", panicked)
	}
	// The beforeCommit failure fell on one of the good saves (the held
	// one's too when it ran again): it alone failed, with that error.
	failed := 0
	for i := 0; i <= 5; i++ {
		c, _ := db.Case(model.CaseID(i + 1))
		switch {
		case errs[i] == nil && c.HasTag("kept") && c.Version == 2:
		case errors.Is(errs[i], flushFails) && !c.HasTag("kept") && c.Version == 1:
			failed++
		default:
			t.Fatalf("save %d: %v, case %+v", i, errs[i], c)
		}
	}
	if errs[9] != nil && !errors.Is(errs[9], flushFails) {
		t.Fatal(errs[9])
	}
	if errs[9] != nil {
		failed++
	}
	if failed != 1 {
		t.Fatalf("%d saves failed at commit, want 1", failed)
	}
	var runs []byte
	var failedKey, panickedKey bool
	db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		runs = b.Get([]byte("test|runs"))
		failedKey, panickedKey = b.Get([]byte("test|failed")) != nil, b.Get([]byte("test|panicked")) != nil
		return nil
	})
	if failedKey || panickedKey {
		t.Fatal("a failed save's writes landed")
	}
	if wantRuns := map[bool]uint64{true: 1, false: 0}[errs[9] == nil]; getU64(runs) != wantRuns {
		t.Fatalf("the counter is at %d, want %d", getU64(runs), wantRuns)
	}
	if c, _ := db.Case(7); c.Version != 1 || c.HasTag("stale") {
		t.Fatalf("the stale save changed its case: %+v", c)
	}
	got := db.CommitCounts()
	// One commit of the good saves (six and the counter, one failed at
	// its beforeCommit) after dropping four failing calls.
	if saves, commits := got.Saves-before.Saves, got.Commits-before.Commits; saves != 6 || commits != 1 {
		t.Fatalf("%d saves in %d commits, want 6 in 1", saves, commits)
	}
	mustCheck(t, db)
}

// A save refused before it wrote anything — a stale version, or the
// caller's rule (ActChecked, the team server's roles) — fails alone: the
// other saves of its group are not run again, and a group of refusals
// commits nothing.
func TestRefusedSavesLeaveTheGroupAlone(t *testing.T) {
	db, clk := openTest(t)
	importCases(t, db, clk, 6)
	holdFirstCommit(t, db, 5, nil)
	before := db.CommitCounts()
	var runs atomic.Int32
	var checked atomic.Uint64
	errs := make([]error, 6)
	var wg sync.WaitGroup
	run := func(i int, fn func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = fn() }()
	}
	run(0, func() error { _, err := db.Act(1, 1, "lead", model.AddTag{Tag: "kept"}); return err })
	leading(t, db)
	// The saves that land queue first, the refused ones after them: a
	// refusal that made the group run again would run them twice.
	run(3, func() error {
		return db.update("bo", func(w *wtx) error {
			runs.Add(1)
			w.put(bucketMeta, []byte("test|runs"), u64(uint64(runs.Load())))
			return nil
		})
	})
	queued(t, db, 1)
	run(4, func() error {
		_, err := db.ActChecked(5, 1, "dee", func(c model.Case) error { checked.Store(c.Version); return nil }, model.AddTag{Tag: "kept"})
		return err
	})
	run(5, func() error { _, err := db.Act(2, 1, "ana", model.AddTag{Tag: "kept"}); return err })
	queued(t, db, 3)
	run(1, func() error { _, err := db.Act(3, 99, "bo", model.AddTag{Tag: "stale"}); return err })
	denied := model.Errorf(model.EDENIED, "cy may not claim case 4")
	run(2, func() error {
		_, err := db.ActChecked(4, 0, "cy", func(model.Case) error { return denied }, model.Claim{})
		return err
	})
	wg.Wait()

	wantCode(t, errs[1], model.ECONFLICT)
	if !errors.Is(errs[2], denied) {
		t.Fatalf("the refused check: %v", errs[2])
	}
	for _, i := range []int{0, 3, 4, 5} {
		if errs[i] != nil {
			t.Fatalf("save %d: %v", i, errs[i])
		}
	}
	if n := runs.Load(); n != 1 {
		t.Fatalf("a save of the group ran %d times, want once", n)
	}
	if v := checked.Load(); v != 1 {
		t.Fatalf("the check saw version %d, want the case as the write found it (1)", v)
	}
	for id, want := range map[model.CaseID]bool{1: true, 2: true, 3: false, 4: false, 5: true} {
		if c, _ := db.Case(id); c.HasTag("kept") != want || (c.Version == 2) != want || c.Assignee != "" {
			t.Fatalf("case %d: %+v", id, c)
		}
	}
	got := db.CommitCounts()
	if saves, commits := got.Saves-before.Saves, got.Commits-before.Commits; saves != 4 || commits != 1 {
		t.Fatalf("%d saves in %d commits, want 4 in 1", saves, commits)
	}
	// A refusal alone is no commit.
	if _, err := db.Act(3, 99, "bo", model.AddTag{Tag: "stale"}); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a lone stale save: %v", err)
	}
	if after := db.CommitCounts(); after != got {
		t.Fatalf("a lone refusal committed: %+v → %+v", got, after)
	}
	mustCheck(t, db)
}

// TestSaveStormMatchesRecount has agents race on a few shared cases with
// the versions they last read, as screens do: every acknowledged note is
// on its case once, every refusal is a conflict, and the counters equal a
// recount.
func TestSaveStormMatchesRecount(t *testing.T) {
	db, clk := openTest(t)
	const cases, agents, each = 6, 12, 25
	importCases(t, db, clk, cases)
	before := db.CommitCounts()
	var mu sync.Mutex
	notes := map[model.CaseID]int{}
	acked := 0
	var wg sync.WaitGroup
	for a := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(a), 7))
			name := fmt.Sprintf("agent%d", a)
			for n := range each {
				id := model.CaseID(1 + r.IntN(cases))
				c, err := db.Case(id)
				if err != nil {
					t.Error(err)
					return
				}
				var act model.Action
				switch r.IntN(5) {
				case 0:
					act = model.Claim{}
				case 1:
					act = model.AddTag{Tag: fmt.Sprintf("storm/%d", r.IntN(4))}
				case 2:
					act = model.SetStatus{To: []model.Status{model.StatusOpen, model.StatusPending, model.StatusResolved}[r.IntN(3)]}
				case 3:
					act = model.SetPriority{To: model.Priorities[r.IntN(len(model.Priorities))]}
				default:
					act = model.AddNote{Text: fmt.Sprintf("%s %d", name, n)}
				}
				_, err = db.Act(id, c.Version, name, act)
				if err != nil && model.ErrorCode(err) != model.ECONFLICT && model.ErrorCode(err) != model.EINVALID {
					t.Errorf("%s on %d: %v", name, id, err)
					return
				}
				if err == nil {
					mu.Lock()
					acked++
					if _, ok := act.(model.AddNote); ok {
						notes[id]++
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for id := model.CaseID(1); id <= cases; id++ {
		evs, err := db.Events(id)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range evs {
			if ev.Kind == model.EventNote {
				n++
			}
		}
		if n != notes[id] {
			t.Errorf("case %d has %d notes, %d acknowledged", id, n, notes[id])
		}
	}
	got := db.CommitCounts()
	saves, commits := got.Saves-before.Saves, got.Commits-before.Commits
	// A save that changed nothing (a claim of a case one holds) commits
	// too, as before: every acknowledged save is counted.
	if saves != uint64(acked) || commits > saves {
		t.Fatalf("%d saves in %d commits, %d acknowledged", saves, commits, acked)
	}
	t.Logf("%d saves in %d commits", saves, commits)
	mustCheck(t, db)
}

// A full group's notices reach a subscriber that has not read any of
// them yet: none is dropped for a Resync (the team server's index would
// reload and every screen recount).
func TestAFullGroupsNoticesAllReachASlowReader(t *testing.T) {
	db, clk := openTest(t)
	importCases(t, db, clk, maxGroup)
	notices, stop := db.Subscribe()
	defer stop()
	holdFirstCommit(t, db, maxGroup-1, nil)
	var wg sync.WaitGroup
	for i := range maxGroup {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := db.Act(model.CaseID(i+1), 0, fmt.Sprintf("agent%d", i), model.AddNote{Text: "note"}); err != nil {
				t.Errorf("save %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	collect(t, notices, maxGroup)
}
