package model

import "testing"

// team: names the desk's teams when it names none of them (new-user
// finding: /team:nosuch found nothing in silence, while priority:hgih
// names the priorities).
func TestCheckTeamsNamesTheDesksTeams(t *testing.T) {
	r, err := NewRouting([]Team{{Name: "billing", Areas: []string{"billing"}}, {Name: "delivery", Areas: []string{"delivery"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		r     *Routing
		want  string
	}{
		{"team:nosuch refund", r, "team:nosuch: unknown team (billing, delivery, none)"},
		{"-team:Nosuch", r, "team:nosuch: unknown team (billing, delivery, none)"},
		{"team:billing team:none -team:delivery field.team:nosuch nosuch", r, ""},
		{"team:nosuch", nil, ""}, // a desk with no teams: nothing to name
		{"team:nosuch", &Routing{}, ""},
	} {
		q, err := ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if err := q.CheckTeams(tc.r); err != nil {
			got = ErrorMessage(err)
			if ErrorCode(err) != EINVALID {
				t.Errorf("%q: code %s", tc.query, ErrorCode(err))
			}
		}
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.query, got, tc.want)
		}
	}
}
