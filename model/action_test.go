package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func baseCase() Case {
	return Case{ID: 42, ExternalID: "DEMO-42", CreatedAt: t0.Add(-time.Hour), UpdatedAt: t0.Add(-time.Hour),
		Status: StatusNew, Priority: PriorityNormal, Tags: []string{"billing/refund"}, Fields: []Field{{"plan", "pro"}}}
}

func TestApply(t *testing.T) {
	now := t0
	fu := time.Date(2026, 11, 25, 9, 0, 0, 500, time.FixedZone("CET", 3600))
	ev := func(k EventKind, from, to string) Event { return Event{Kind: k, From: from, To: to} }
	tests := []struct {
		name   string
		setup  func(*Case)
		author string
		acts   []Action
		want   []Event
		check  func(*testing.T, Case)
		code   string // error code expected; "" for success
	}{
		{name: "claim new case opens it", author: "ana", acts: []Action{Claim{}},
			want:  []Event{ev(EventAssigned, "", "ana"), ev(EventStatus, "new", "open")},
			check: func(t *testing.T, c Case) { eq(t, c.Assignee, "ana"); eq(t, c.Status, StatusOpen) }},
		{name: "claim own case is a no-op", setup: func(c *Case) { c.Assignee = "ana" }, author: "ana", acts: []Action{Claim{}}},
		{name: "claim someone else's case", setup: func(c *Case) { c.Assignee = "bo"; c.Status = StatusOpen }, author: "ana",
			acts: []Action{Claim{}}, code: ECONFLICT},
		{name: "claim without an agent", author: "", acts: []Action{Claim{}}, code: EINVALID},
		{name: "claim pending case keeps status", setup: func(c *Case) { c.Status = StatusPending }, author: "ana", acts: []Action{Claim{}},
			want: []Event{ev(EventAssigned, "", "ana")}},
		{name: "assign takes over", setup: func(c *Case) { c.Assignee = "bo"; c.Status = StatusOpen }, author: "ana",
			acts: []Action{Assign{To: " chen "}}, want: []Event{ev(EventAssigned, "bo", "chen")}},
		{name: "assign same is a no-op", setup: func(c *Case) { c.Assignee = "bo" }, author: "ana", acts: []Action{Assign{To: "bo"}}},
		{name: "unassign keeps status", setup: func(c *Case) { c.Assignee = "bo"; c.Status = StatusOpen }, author: "ana",
			acts: []Action{Assign{}}, want: []Event{ev(EventAssigned, "bo", "")},
			check: func(t *testing.T, c Case) { eq(t, c.Status, StatusOpen) }},
		{name: "assign unset status opens it", setup: func(c *Case) { c.Status = StatusUnset }, author: "ana", acts: []Action{Assign{To: "bo"}},
			want: []Event{ev(EventAssigned, "", "bo"), ev(EventStatus, "new", "open")}},
		{name: "status", author: "ana", acts: []Action{SetStatus{To: StatusPending}}, want: []Event{ev(EventStatus, "new", "pending")}},
		{name: "status same is a no-op", author: "ana", acts: []Action{SetStatus{To: StatusNew}}},
		{name: "status back to new", setup: func(c *Case) { c.Status = StatusOpen }, author: "ana", acts: []Action{SetStatus{To: StatusNew}}, code: EINVALID},
		{name: "status invalid", author: "ana", acts: []Action{SetStatus{To: Status(9)}}, code: EINVALID},
		{name: "reopen counts", setup: func(c *Case) { c.Status = StatusResolved; c.Reopens = 1 }, author: "ana",
			acts: []Action{SetStatus{To: StatusOpen}}, want: []Event{ev(EventStatus, "resolved", "open")},
			check: func(t *testing.T, c Case) { eq(t, c.Reopens, uint32(2)) }},
		{name: "resolve then close is not a reopen", author: "ana", acts: []Action{SetStatus{To: StatusResolved}, SetStatus{To: StatusClosed}},
			want:  []Event{ev(EventStatus, "new", "resolved"), ev(EventStatus, "resolved", "closed")},
			check: func(t *testing.T, c Case) { eq(t, c.Reopens, uint32(0)) }},
		{name: "unset to new is a no-op", setup: func(c *Case) { c.Status = StatusUnset }, author: "ana", acts: []Action{SetStatus{To: StatusNew}}},
		{name: "priority", author: "ana", acts: []Action{SetPriority{To: PriorityUrgent}}, want: []Event{ev(EventPriority, "normal", "urgent")}},
		{name: "priority same is a no-op", author: "ana", acts: []Action{SetPriority{To: PriorityNormal}}},
		{name: "priority unset to normal is a no-op", setup: func(c *Case) { c.Priority = PriorityUnset }, author: "ana", acts: []Action{SetPriority{To: PriorityNormal}}},
		{name: "priority invalid", author: "ana", acts: []Action{SetPriority{To: PriorityUnset}}, code: EINVALID},
		{name: "tag added sorted", author: "ana", acts: []Action{AddTag{Tag: "Billing / Double Charge"}, AddTag{Tag: "account/login"}},
			want: []Event{ev(EventTagAdded, "", "billing/double-charge"), ev(EventTagAdded, "", "account/login")},
			check: func(t *testing.T, c Case) {
				eq(t, c.Tags, []string{"account/login", "billing/double-charge", "billing/refund"})
			}},
		{name: "tag already there is a no-op", author: "ana", acts: []Action{AddTag{Tag: "BILLING/refund"}}},
		{name: "tag empty", author: "ana", acts: []Action{AddTag{Tag: " / "}}, code: EINVALID},
		{name: "tag over the limit", setup: func(c *Case) {
			c.Tags = nil
			for i := 0; i < MaxTags; i++ {
				c.Tags = append(c.Tags, "t/"+string(rune('a'+i/26))+string(rune('a'+i%26)))
			}
		}, author: "ana", acts: []Action{AddTag{Tag: "zz"}}, code: EINVALID},
		{name: "untag", author: "ana", acts: []Action{RemoveTag{Tag: "Billing/Refund"}}, want: []Event{ev(EventTagRemoved, "billing/refund", "")},
			check: func(t *testing.T, c Case) { eq(t, len(c.Tags), 0) }},
		{name: "untag missing is a no-op", author: "ana", acts: []Action{RemoveTag{Tag: "delivery/late"}}},
		{name: "untag empty", author: "ana", acts: []Action{RemoveTag{Tag: ""}}, code: EINVALID},
		{name: "note", author: "ana", acts: []Action{AddNote{Text: "called back\n\n"}}, want: []Event{ev(EventNote, "", "called back")}},
		{name: "note empty", author: "ana", acts: []Action{AddNote{Text: " \n\t"}}, code: EINVALID},
		{name: "note too long", author: "ana", acts: []Action{AddNote{Text: strings.Repeat("x", MaxNoteLen+1)}}, code: EINVALID},
		{name: "follow-up set in UTC to the second", author: "ana", acts: []Action{SetFollowUp{At: fu}},
			want:  []Event{ev(EventFollowUp, "", "2026-11-25T08:00:00Z")},
			check: func(t *testing.T, c Case) { eq(t, c.FollowUp, time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)) }},
		{name: "follow-up same instant is a no-op", setup: func(c *Case) { c.FollowUp = fu.UTC().Truncate(time.Second) }, author: "ana", acts: []Action{SetFollowUp{At: fu}}},
		{name: "follow-up cleared", setup: func(c *Case) { c.FollowUp = t0 }, author: "ana", acts: []Action{SetFollowUp{}},
			want: []Event{ev(EventFollowUp, "2026-11-24T10:00:00Z", "")}},
		{name: "follow-up clear when none is a no-op", author: "ana", acts: []Action{SetFollowUp{}}},
		{name: "recovery", author: "ana", acts: []Action{SetRecovery{Recovery{Kind: " Refund ", Text: " 20 EUR "}}},
			want:  []Event{ev(EventRecovery, "", "refund: 20 EUR")},
			check: func(t *testing.T, c Case) { eq(t, c.Recovery, Recovery{"refund", "20 EUR"}) }},
		{name: "recovery text only is other", author: "ana", acts: []Action{SetRecovery{Recovery{Text: "flowers"}}},
			want: []Event{ev(EventRecovery, "", "other: flowers")}},
		{name: "recovery kind only", setup: func(c *Case) { c.Recovery = Recovery{"refund", "x"} }, author: "ana", acts: []Action{SetRecovery{Recovery{Kind: "apology"}}},
			want: []Event{ev(EventRecovery, "refund: x", "apology")}},
		{name: "recovery same is a no-op", setup: func(c *Case) { c.Recovery = Recovery{"refund", "x"} }, author: "ana", acts: []Action{SetRecovery{Recovery{Kind: "REFUND", Text: "x "}}}},
		{name: "recovery same text-only is a no-op", setup: func(c *Case) { c.Recovery = Recovery{"other", "flowers"} }, author: "ana", acts: []Action{SetRecovery{Recovery{Text: "flowers"}}}},
		{name: "recovery cleared", setup: func(c *Case) { c.Recovery = Recovery{"refund", ""} }, author: "ana", acts: []Action{SetRecovery{}},
			want: []Event{ev(EventRecovery, "refund", "")}},
		{name: "reply", author: "ana", acts: []Action{LogReply{Text: "Hello Ana,\n"}}, want: []Event{ev(EventReply, "", "Hello Ana,\n"), ev(EventStatus, "new", "open")}}, // a reply opens a new case
		{name: "reply empty", author: "ana", acts: []Action{LogReply{Text: "  "}}, code: EINVALID},
		{name: "reply too long", author: "ana", acts: []Action{LogReply{Text: strings.Repeat("x", MaxNoteLen+1)}}, code: EINVALID},
		{name: "a later error undoes the earlier acts", author: "ana",
			acts: []Action{Claim{}, AddTag{Tag: "x/y"}, SetStatus{To: StatusNew}}, code: EINVALID},
		{name: "no acts", author: "ana"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase()
			if tt.setup != nil {
				tt.setup(&c)
			}
			before := c.Clone()
			evs, err := Apply(&c, tt.author, now, tt.acts...)
			if tt.code != "" {
				if ErrorCode(err) != tt.code {
					t.Fatalf("err = %v (%s), want code %s", err, ErrorCode(err), tt.code)
				}
				if evs != nil || !reflect.DeepEqual(c, before) {
					t.Fatalf("on error the case changed or events came back: %+v %v", c, evs)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(tt.want) == 0 {
				if len(evs) != 0 || !reflect.DeepEqual(c, before) {
					t.Fatalf("no-op produced %v or changed the case to %+v", evs, c)
				}
				return
			}
			for i := range tt.want {
				tt.want[i].CaseID, tt.want[i].At, tt.want[i].Author = c.ID, now, tt.author
			}
			if !reflect.DeepEqual(evs, tt.want) {
				t.Fatalf("events\n got %+v\nwant %+v", evs, tt.want)
			}
			if !c.UpdatedAt.Equal(now) {
				t.Errorf("UpdatedAt = %v", c.UpdatedAt)
			}
			if c.Version != before.Version {
				t.Errorf("Apply bumped Version; that is the store's job")
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

// Apply must not write through to slices the caller still holds.
func TestApplyDoesNotAlias(t *testing.T) {
	c := baseCase()
	tags := c.Tags
	if _, err := Apply(&c, "ana", t0, AddTag{Tag: "a/b"}, RemoveTag{Tag: "billing/refund"}); err != nil {
		t.Fatal(err)
	}
	if len(tags) != 1 || tags[0] != "billing/refund" {
		t.Errorf("caller's tags changed: %v", tags)
	}
}

func TestActionNames(t *testing.T) {
	acts := []Action{Claim{}, Assign{}, SetStatus{}, SetPriority{}, AddTag{}, RemoveTag{}, AddNote{}, SetFollowUp{}, SetRecovery{}, LogReply{}}
	want := []string{"claim", "assign", "status", "priority", "tag", "untag", "note", "follow-up", "recovery", "reply"}
	for i, a := range acts {
		if a.Name() != want[i] {
			t.Errorf("%T.Name() = %q", a, a.Name())
		}
	}
}

func eq[T any](t *testing.T, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// A reply on a new case opens it, recorded as a status event; the owner
// stays as it was.
func TestReplyOpensANewCase(t *testing.T) {
	for _, a := range []Action{LogReply{Text: "hi"}, SendReply{Draft: Draft{From: "care@example.com", To: []string{"j@example.com"}, Text: "hi"}}} {
		c := Case{ID: 1, Status: StatusNew}
		evs, err := a.apply(&c, "ana", time.Unix(0, 0))
		if err != nil || c.Status != StatusOpen || c.Assignee != "" {
			t.Fatalf("%T: %v status %v assignee %q", a, err, c.Status, c.Assignee)
		}
		if last := evs[len(evs)-1]; len(evs) != 2 || last.Kind != EventStatus || last.To != StatusOpen.String() {
			t.Fatalf("%T events %+v", a, evs)
		}
		c.Status = StatusPending
		if evs, _ = a.apply(&c, "ana", time.Unix(0, 0)); len(evs) != 1 || c.Status != StatusPending {
			t.Fatalf("%T on pending: %+v %v", a, evs, c.Status)
		}
	}
}
