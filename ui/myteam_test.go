package ui

import (
	"testing"

	"github.com/caredesk/caredesk/model"
)

// An agent in two teams finds both teams' active cases in My team
// (new-user finding: ana, in billing and product, got billing's only).
func TestMyTeamCoversEveryTeamOfTheAgent(t *testing.T) {
	svc, _ := teamDesk(t, 300)
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: []string{"ana", "bo"}, Areas: []string{"billing", "subscription"}},
		{Name: "delivery", Members: []string{"chen", "ana"}, Areas: []string{"delivery", "product"}},
		{Name: "accounts", Members: []string{"dee"}, Areas: []string{"account"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc.withTeams(r)
	h := newHarnessWith(t, svc, testNow, 200, 50, Options{Agent: "ana"})
	q := h.a.testQueue()
	if q.views.on != q.views.myTeam {
		t.Fatalf("ana starts on view %d, want My team", q.views.on)
	}
	want, delivery := 0, 0
	for _, c := range svc.cases {
		if (c.Team == "billing" || c.Team == "delivery") && c.Status.Active() {
			want++
			if c.Team == "delivery" {
				delivery++
			}
		}
	}
	if delivery == 0 {
		t.Fatal("the desk has no active delivery case: the test shows nothing")
	}
	if got := len(q.ix.List()); got != want {
		t.Errorf("My team lists %d cases, want %d (billing and delivery, %d of them delivery's)", got, want, delivery)
	}
}
