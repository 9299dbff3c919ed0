package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// An agent the desk would refuse taxonomy care (MayCareTaxonomy, a team
// server's role) is told at the key, with no question or input opened.
func TestTaxonomyCareRefusedAtTheKey(t *testing.T) {
	opt := Options{Agent: "bo", MayCareTaxonomy: func() error { return model.RequireLead(model.RoleAgent, "rename, merge, move, label or retire tags") }}
	h := newHarnessWith(t, newTestService(50), hmNow, 120, 30, opt)
	h.keys("4")
	for _, k := range []string{"x", "r", "m", "A", "l"} {
		h.keys(k)
		v := h.view()
		if !strings.Contains(v, "only a lead can rename, merge, move, label or retire tags") || strings.Contains(v, "y/n") || strings.Contains(v, " to: ") || strings.Contains(v, "into: ") {
			t.Fatalf("%s:\n%s", k, v)
		}
	}
}
