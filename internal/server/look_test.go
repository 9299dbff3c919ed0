package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/ui"
)

// TestAgentsOwnViewsAndKeys: over real SSH, every agent sees the server's
// views and each agent their own beside them, with their own keys: ana's
// "my new" view and C for claim reach ana's screen and not bo's.
func TestAgentsOwnViewsAndKeys(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "agent"), newTestAgent(t, "bo", "agent")
	shared := ui.SavedView{Name: "parcels", Query: "parcel"}
	look := func(agent string) Look {
		l := Look{Views: []ui.SavedView{shared}}
		if agent == "ana" {
			l.Views = append(l.Views, ui.SavedView{Name: "my new", Query: "status:new"})
			l.Keys = map[string]string{"claim": "C"}
			l.Colours = map[string][2]string{"accent": {"#5A3FC0", "#9D8CFF"}}
		}
		return l
	}
	d := startDesk(t, deskOpts{cases: 40, look: look}, ana, bo)

	sa := d.open(ana, 120, 30)
	defer sa.close()
	sa.waitFor(0, "my new")
	sa.waitFor(0, "parcels")
	m := sa.mark()
	sa.keys("?")
	sa.waitFor(m, "Keys")
	if text := sa.text(m); !claimOn("C").MatchString(text) {
		t.Errorf("ana's help does not list C for claim:\n%s", tail(text, 3000))
	}

	sb := d.open(bo, 120, 30)
	defer sb.close()
	sb.waitFor(0, "parcels")
	m = sb.mark()
	sb.keys("?")
	sb.waitFor(m, "Keys")
	if text := sb.text(m); !claimOn("c").MatchString(text) || claimOn("C").MatchString(text) {
		t.Errorf("bo's help does not list c for claim:\n%s", tail(text, 3000))
	}
	if text := sb.text(0); strings.Contains(text, "my new") {
		t.Error("bo's screen offers ana's own view")
	}
}

// claimOn finds the help's line for claim on key k.
func claimOn(k string) *regexp.Regexp { return regexp.MustCompile(`(^|[^A-Za-z])` + k + ` +claim`) }
