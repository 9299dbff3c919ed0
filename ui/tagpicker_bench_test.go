package ui

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkTagPicker5k is an agent's t on a desk of 5,000 tags, typing
// billing/refund key by key, and esc: what a tag costs the team server
// apart from its save. unchanged: nothing changed since the last t (a
// screen's next case); colleague: another agent tagged a case just
// before (on a busy desk, nearly every t), and a second passed.
func BenchmarkTagPicker5k(b *testing.B) {
	for _, colleague := range []bool{false, true} {
		name := "unchanged"
		if colleague {
			name = "colleague"
		}
		b.Run(name, func(b *testing.B) {
			db, now := tagDesk(b, 5000, nil)
			h := newHarnessWith(b, db, *now, 120, 34, Options{Agent: "ana"})
			h.a.e.now = func() time.Time { return *now }
			h.send(openCaseMsg{id: 1})
			cp := h.a.panes[paneCase].(*casePane)
			typed := []rune("billing/refund")
			found := 0
			for i := 0; b.Loop(); i++ {
				if colleague {
					b.StopTimer()
					var act model.Action = model.AddTag{Tag: "billing/refund-lost"}
					if i%2 == 1 {
						act = model.RemoveTag{Tag: "billing/refund-lost"}
					}
					if _, err := db.Act(3, 0, "bo", act); err != nil {
						b.Fatal(err)
					}
					*now = now.Add(time.Second)
					b.StartTimer()
				}
				send(h.a, keyMsg("t"))
				for _, r := range typed {
					send(h.a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				}
				tp, ok := cp.ed.(*tagPicker)
				if !ok {
					b.Fatal("t did not open the tag picker")
				}
				if tag, ok := tp.sugg.chosen(); ok && tag == "billing/refund" {
					found++
				}
				send(h.a, keyMsg("esc"))
			}
			if found == 0 {
				b.Fatal("billing/refund was never the highlighted suggestion")
			}
		})
	}
}

// BenchmarkTagPickerGrown5k is the SSH load test's tag step on a desk that
// grew 5,000 tags alike ("screen/xxxxxagent17-000034", a new one at every
// tag save): t, a new tag pasted in one burst, esc. The burst is matched
// against every tag the desk has.
func BenchmarkTagPickerGrown5k(b *testing.B) {
	grown := func(k int) string { return fmt.Sprintf("screen/xxxxxagent%02d-%06d", k%50, k/50) }
	db, now := tagDesk(b, 5000, grown)
	h := newHarnessWith(b, db, *now, 120, 34, Options{Agent: "ana"})
	h.a.e.now = func() time.Time { return *now }
	h.send(openCaseMsg{id: 1})
	cp := h.a.panes[paneCase].(*casePane)
	for i := 0; b.Loop(); i++ {
		send(h.a, keyMsg("t"))
		send(h.a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(grown(5000 + i%50)), Paste: true})
		tp, ok := cp.ed.(*tagPicker)
		if !ok {
			b.Fatal("t did not open the tag picker")
		}
		if len(tp.sugg.matches) != 0 {
			b.Fatalf("a new tag matched %q", tp.sugg.matches)
		}
		send(h.a, keyMsg("esc"))
	}
}

// send is one message through Update and the commands it returns, run at
// once, as Bubble Tea would (the app's timers are off).
func send(a *app, msg tea.Msg) {
	for msgs := []tea.Msg{msg}; len(msgs) > 0; msgs = msgs[1:] {
		_, cmd := a.Update(msgs[0])
		msgs = append(msgs, runNow(cmd)...)
	}
}

// tagDesk is a real store with n tags over n/2 cases, a clock the caller
// may move, the agent on case 1. The tags are the kth named name(k), or
// (nil) in a few areas.
func tagDesk(b testing.TB, n int, name func(k int) string) (*store.DB, *time.Time) {
	b.Helper()
	now := cpNow
	db, err := store.Open(filepath.Join(b.TempDir(), "tags.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	areas := []string{"billing", "shipping", "product", "account", "returns", "delivery", "payments", "support"}
	var rows []model.ImportRow
	for i := 0; i < n/2; i++ {
		tags := []string{}
		for _, k := range []int{2 * i, 2*i + 1} {
			if name != nil {
				tags = append(tags, name(k))
			} else {
				tags = append(tags, fmt.Sprintf("%s/issue-%d", areas[k%len(areas)], k))
			}
		}
		if i == 1 { // not on case 1, which the agent tags
			tags = append(tags, "billing/refund")
		}
		rows = append(rows, model.ImportRow{Source: "tags.csv", Line: i + 2, Case: model.Case{ExternalID: fmt.Sprintf("T-%d", i),
			CreatedAt: now.Add(-time.Duration(i) * time.Hour), Subject: "Where is my parcel", Status: model.StatusOpen, Assignee: "ana", Tags: tags},
			Customer: model.Customer{Name: fmt.Sprintf("Customer %d", i%50)}})
	}
	if _, err := db.Import(rows); err != nil {
		b.Fatal(err)
	}
	return db, &now
}
