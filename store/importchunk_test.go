package store

import (
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// An import's transactions end at the row bound: 2,000 rows in chunks of
// 500 are four commits, and every row lands once.
func TestImportTransactionsAreBoundedByRows(t *testing.T) {
	db, _ := openTest(t)
	db.SetImportBound(500, time.Hour, time.Hour)
	if got := importCommits(t, db, newRowGen(3, 100).batch(2000)); got != 4 {
		t.Fatalf("2000 rows in chunks of 500 took %d commits, want 4", got)
	}
	mustCheck(t, db)
}

// And, on a desk where an agent has just saved, at the time bound: with no
// time to spare, a chunk ends at the first look at the clock (every
// chunkCheckEvery rows). A lone import keeps its big transactions.
func TestImportTransactionsAreBoundedByTime(t *testing.T) {
	for _, saved := range []bool{false, true} {
		db, clk := openTest(t)
		mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now().Add(-time.Hour))})
		if saved {
			if _, err := db.Act(1, 0, "ana", model.AddNote{Text: "on it"}); err != nil {
				t.Fatal(err)
			}
		}
		db.SetImportBound(1_000_000, time.Nanosecond, time.Hour)
		want := uint64(1)
		if saved {
			want = 2000 / chunkCheckEvery
		}
		if got := importCommits(t, db, newRowGen(4, 100).batch(2000)); got != want {
			t.Fatalf("an agent saved: %v; 2000 rows took %d commits, want %d", saved, got, want)
		}
		mustCheck(t, db)
	}
}

// importCommits imports rows and says how many commits it took.
func importCommits(t *testing.T, db *DB, rows []model.ImportRow) uint64 {
	t.Helper()
	before := db.CommitCounts()
	if res := mustImport(t, db, rows); res.Imported != len(rows) {
		t.Fatalf("%+v", res)
	}
	return db.CommitCounts().Commits - before.Commits
}

// An agent's note saved while a big import batch is being written is
// committed before the batch ends — between two of its chunks — not after
// the whole batch (the team server's ctrl+s waited seconds behind a
// lead's import). The change notices come in commit order.
func TestSaveCommitsBetweenImportChunks(t *testing.T) {
	db, clk := openTest(t)
	mustImport(t, db, []model.ImportRow{oneRow("A-1", clk.Now().Add(-time.Hour))})
	notices, stop := db.Subscribe()
	defer stop()
	rows := newRowGen(5, 1000).batch(8000)
	imported := make(chan error, 1)
	go func() {
		_, err := db.Import(rows)
		imported <- err
	}()
	waitForWriter(t, db, "import") // the save goes in once the import holds the writer
	if _, err := db.Act(1, 0, "ana", model.AddNote{Text: "called the customer back"}); err != nil {
		t.Fatal(err)
	}
	if err := <-imported; err != nil {
		t.Fatal(err)
	}
	order := commitAuthors(t, notices, len(rows)+1)
	if len(order) < 3 || order[len(order)-1] != "import" {
		t.Fatalf("commits by author, in order: %v; the note waited for the whole import", order)
	}
	mustCheck(t, db)
}

// waitForWriter waits until a write (what) holds bbolt's writer.
func waitForWriter(t *testing.T, db *DB, what string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) {
		db.group.mu.Lock()
		busy := db.group.leading
		db.group.mu.Unlock()
		if busy {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the %s never started", what)
		}
	}
}

// commitAuthors reads the change notices of cases cases and returns who
// made them, in commit order, a run of one author's commits once.
func commitAuthors(t *testing.T, notices <-chan model.Change, cases int) []string {
	t.Helper()
	var order []string
	for cases > 0 {
		ch := <-notices
		if ch.Resync {
			t.Fatal("notices were dropped")
		}
		if n := len(order); n == 0 || order[n-1] != ch.Author {
			order = append(order, ch.Author)
		}
		cases -= len(ch.Cases)
	}
	return order
}
