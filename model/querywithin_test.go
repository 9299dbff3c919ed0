package model

import (
	"testing"
	"time"
)

// And holds exactly where both queries hold, key by key: a view's
// status:active narrowed by status:pending is the pending cases of the
// view, not the view's cases and every pending case besides (which is
// what the two joined into one string select).
func TestQueryAndIsBothQueries(t *testing.T) {
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	views := []string{"team:billing team:product status:active", "channel:phone status:new", "tag:billing/ is:overdue",
		"-status:pending @ana @bo", "is:overdue -status:pending", "refund status:open"}
	narrowings := []string{"status:open", "status:pending", "team:product", "channel:email channel:phone", "-status:new",
		"is:overdue", "-is:overdue", "@bo", "tag:delivery/ late", "priority:urgent"}
	var cases []Summary
	i := 0
	for _, st := range Statuses {
		for _, ch := range []Channel{ChannelPhone, ChannelEmail} {
			for _, team := range []string{"billing", "product", ""} {
				for _, who := range []string{"ana", "bo", ""} {
					i++
					cases = append(cases, Summary{ID: CaseID(i), Status: st, Channel: ch, Team: team, Assignee: who,
						Priority: Priorities[i%len(Priorities)], Tags: [][]string{{"billing/refund"}, {"delivery/late"}, nil}[i%3],
						CreatedAt: now.Add(-time.Duration(i) * time.Hour)})
				}
			}
		}
	}
	differs := 0
	for _, v := range views {
		vq := mustParse(t, v)
		for _, w := range narrowings {
			wq := mustParse(t, w)
			and, joined := vq.And(wq), mustParse(t, v+" "+w)
			if and.Text != joined.Text {
				t.Errorf("%q and %q: text %q, want %q", v, w, and.Text, joined.Text)
			}
			for _, s := range cases {
				want := vq.Match(s, Customer{}, now, "ana", DefaultSLA) && wq.Match(s, Customer{}, now, "ana", DefaultSLA)
				if got := and.Match(s, Customer{}, now, "ana", DefaultSLA); got != want {
					t.Fatalf("%q and %q on %+v: %v, want %v", v, w, s, got, want)
				}
				if joined.Match(s, Customer{}, now, "ana", DefaultSLA) != want {
					differs++
				}
			}
		}
	}
	if differs == 0 {
		t.Error("no case where joining the strings differs: the test proves nothing")
	}
	// Each part's alternatives stay its own, however many parts.
	three := mustParse(t, "status:new status:open").And(mustParse(t, "status:open status:pending")).And(mustParse(t, "status:open"))
	for _, st := range Statuses {
		if got := three.Match(Summary{Status: st}, Customer{}, now, "", DefaultSLA); got != (st == StatusOpen) {
			t.Errorf("three parts on %v: %v", st, got)
		}
	}
}

func mustParse(t *testing.T, s string) Query {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
