package model

import "testing"

// MoveByTag says what the store's retag route does: a tag of another
// team's area moves a case out of a team that owns none of its tags, off
// an assignee who is not of the new team; a tag beside one of the case's
// own team keeps it, as does a case already in the tag's team.
func TestMoveByTag(t *testing.T) {
	r, err := NewRouting([]Team{
		{Name: "billing", Members: []string{"bo"}, Areas: []string{"billing"}},
		{Name: "delivery", Members: []string{"dee"}, Areas: []string{"shipping"}, Channels: []Channel{ChannelPhone}},
	})
	if err != nil {
		t.Fatal(err)
	}
	phone := Case{ID: 1, Status: StatusOpen, Channel: ChannelPhone, Team: "delivery", Assignee: "dee"}
	for _, tc := range []struct {
		name string
		c    func(Case) Case
		tag  string
		want TagMove
		ok   bool
	}{
		{"untagged phone case, billing tag", func(c Case) Case { return c }, "billing/refund", TagMove{Team: "billing", From: "dee"}, true},
		{"a member of the new team keeps it", func(c Case) Case { c.Assignee = "bo"; return c }, "billing/refund", TagMove{Team: "billing"}, true},
		{"free case", func(c Case) Case { c.Assignee = ""; return c }, "billing/refund", TagMove{Team: "billing"}, true},
		{"resolved: moves, nobody to take it from", func(c Case) Case { c.Status = StatusResolved; return c }, "billing/refund", TagMove{Team: "billing"}, true},
		{"its team owns a tag", func(c Case) Case { c.Tags = []string{"shipping/late"}; return c }, "billing/refund", TagMove{}, false},
		{"a tag of its own team", func(c Case) Case { return c }, "shipping/late", TagMove{}, false},
		{"an area no team owns", func(c Case) Case { return c }, "other/thing", TagMove{}, false},
	} {
		got, ok := r.MoveByTag(tc.c(phone), tc.tag)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %+v %v, want %+v %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := (*Routing)(nil).MoveByTag(phone, "billing/refund"); ok {
		t.Error("no teams, yet a move")
	}
	// Taking off the tag that keeps a phone case in billing routes it by
	// its channel, off bo; beside another billing tag it stays.
	billed := Case{ID: 2, Status: StatusOpen, Channel: ChannelPhone, Team: "billing", Assignee: "bo", Tags: []string{"billing/refund"}}
	if got, ok := r.MoveByUntag(billed, "billing/refund"); !ok || got != (TagMove{Team: "delivery", From: "bo"}) {
		t.Errorf("untag: %+v %v, want to delivery off bo", got, ok)
	}
	billed.Tags = append(billed.Tags, "billing/late")
	if got, ok := r.MoveByUntag(billed, "billing/refund"); ok {
		t.Errorf("untag beside another billing tag: %+v, want it to stay", got)
	}
}

// An agent takes back his own tag whose route took a colleague's case off
// her: the assignee comes back with the route, no assign of his.
func TestAuthorizeUndoOfARoutingTag(t *testing.T) {
	before := Undoable{Status: StatusOpen, Assignee: "dee", Team: "delivery"}
	after := Undoable{Status: StatusOpen, Tags: []string{"billing/refund"}, Team: "billing"}
	now := Case{ID: 1, Status: StatusOpen, Tags: []string{"billing/refund"}, Team: "billing"}
	if err := Authorize(RoleAgent, "bo", now, Undo{Before: before, After: after}); err != nil {
		t.Fatalf("bo takes back his tag: %v", err)
	}
	// Without a route, putting dee back is an assign, a lead's.
	before.Team = "billing"
	if err := Authorize(RoleAgent, "bo", now, Undo{Before: before, After: after}); ErrorCode(err) != EDENIED {
		t.Fatalf("bo assigns dee by an undo: %v", err)
	}
}
