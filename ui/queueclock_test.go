package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/localfiles"
	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
)

// An SLA cell on screen changes when its case's clock does: a case 20 s
// from due asks the queue to wake within the second, and once due passes
// the cell reads late. The queue woke only on its minute tick, so a cell
// read "due 21s" for a minute after its case was late (new-user finding).
func TestSLACellFlipsWhenDuePasses(t *testing.T) {
	var mu sync.Mutex
	clk := testNow
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clk }
	svc := newMemService(now)
	// Urgent: due 4 h after it came in, 20 s from now.
	svc.add(model.Case{ExternalID: "R-1", Subject: "Parcel missing", CreatedAt: testNow.Add(-4*time.Hour + 20*time.Second),
		Priority: model.PriorityUrgent, Status: model.StatusNew}, model.Customer{Name: "Rita"})
	files := localfiles.Files{DB: svc.Path(), Source: svc, Now: now}
	a := newRoot(svc, Options{Agent: "ana", Now: now, Location: time.UTC, Files: files, Backups: files})
	a.testQueue().input.Cursor.SetMode(cursor.CursorStatic)
	a.cmd.input.Cursor.SetMode(cursor.CursorStatic)
	type wake struct {
		d  time.Duration
		fn func(time.Time) tea.Msg
	}
	var wakes []wake
	a.e.timer = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		wakes = append(wakes, wake{d, fn})
		return nil
	}
	h := &harness{t: t, a: a}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 12})
	h.run(a.Init())
	if !strings.Contains(h.view(), "due 20s") {
		t.Fatalf("the cell before due:\n%s", h.view())
	}
	// The first wake for the clock within the second, not in a minute.
	var first *wake
	for i := range wakes {
		if wakes[i].d <= time.Second {
			first = &wakes[i]
			break
		}
	}
	if first == nil {
		t.Fatalf("no wake within the second: %v", wakes)
	}
	// Each wake asks for the next while the cell counts seconds; 30 s on,
	// the cell reads overdue.
	for range 30 {
		mu.Lock()
		clk = clk.Add(time.Second)
		mu.Unlock()
		last := wakes[len(wakes)-1]
		if last.d > time.Second {
			t.Fatalf("the next wake is %v away", last.d)
		}
		h.send(last.fn(now()))
	}
	if v := h.view(); !strings.Contains(v, "overdue 10s") {
		t.Fatalf("the cell 10 s after due:\n%s", v)
	}
}
