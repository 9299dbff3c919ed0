package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/store"
	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkFirstFrame1M measures what an agent waits for on a
// million-case database: open the file, read the first page of the queue
// straight from the store's index, and draw the first frame. The full
// in-memory index loads afterwards, in the background (BenchmarkIndexLoad1M).
func BenchmarkFirstFrame1M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "million.db")
	db, err := store.Open(path, store.Options{Now: hmClock})
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.Load(db, demo.Config{Cases: 1_000_000, Seed: 1, Now: hmNow}, nil); err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := store.Open(path, store.Options{Now: hmClock})
		if err != nil {
			b.Fatal(err)
		}
		a := newRoot(s, Options{Agent: "ana", Now: hmClock, Location: time.UTC})
		a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		a.Update(workCmd(a.testQueue().ix.Start().Work[0])())
		if v := a.View(); !strings.Contains(v, "urgent") {
			b.Fatalf("first frame shows no case:\n%s", v)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
