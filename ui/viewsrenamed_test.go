package ui

import (
	"strings"
	"testing"
)

// A rename in the tags pane says which of the config's views name the
// old tag: they count 0 on every screen from then on, and only the lead
// who renamed can see why (a new-user finding: "refunds 0" everywhere
// after billing/refund-request became billing/refund, and nobody told).
func TestTagRenameNamesTheViewsItEmpties(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	p.e.views = []SavedView{{Name: "late ones", Query: "tag:delivery/late-delivery status:active"},
		{Name: "all delivery", Query: "tag:delivery/"}, {Name: "not late", Query: "-tag:delivery/late-delivery"},
		{Name: "late exact", Query: "tag:=delivery/late-delivery priority:urgent"}}
	taxSelect(t, p, "delivery/late-delivery")
	hmKeys(p, "r", "ctrl+u")
	hmType(p, "delivery/slow")
	text, _ := taxStatus(t, anys(hmKeys(p, "enter")))
	if want := "renamed delivery/late-delivery to delivery/slow: 2 cases · views late ones, late exact name delivery/late-delivery: edit the query in the config"; text != want {
		t.Errorf("status %q\nwant     %q", text, want)
	}
	// A rename no view names says nothing more.
	taxSelect(t, p, "account/login")
	hmKeys(p, "r", "ctrl+u")
	hmType(p, "account/sign-in")
	if text, _ := taxStatus(t, anys(hmKeys(p, "enter"))); !strings.HasPrefix(text, "renamed account/login to account/sign-in: ") || strings.Contains(text, "view") {
		t.Errorf("status %q", text)
	}
}

// An area move names the views it empties too: a view by the area's
// prefix and one by a tag of it; one of another area is not named.
func TestAreaMoveNamesTheViewsItEmpties(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	p.e.views = []SavedView{{Name: "all delivery", Query: "tag:delivery/ status:active"},
		{Name: "lost ones", Query: "tag:delivery/lost"}, {Name: "logins", Query: "tag:account/login"}}
	taxSelect(t, p, "delivery/lost")
	hmKeys(p, "A", "ctrl+u")
	hmType(p, "goods/*")
	hmKeys(p, "enter")
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if want := "moved area delivery to goods: 3 tags on 8 cases · views all delivery, lost ones name delivery/: edit the query in the config"; text != want {
		t.Errorf("status %q\nwant     %q", text, want)
	}
}
