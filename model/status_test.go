package model

import "testing"

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want Status
		err  bool
	}{
		{"new", StatusNew, false}, {"", StatusNew, false}, {" OPEN ", StatusOpen, false},
		{"in progress", StatusOpen, false}, {"reopened", StatusOpen, false},
		{"Pending", StatusPending, false}, {"waiting", StatusPending, false}, {"on hold", StatusPending, false},
		{"resolved", StatusResolved, false}, {"solved", StatusResolved, false}, {"closed", StatusClosed, false},
		{"done", StatusUnset, true}, {"active", StatusUnset, true},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("ParseStatus(%q) code %q", tt.in, ErrorCode(err))
		}
	}
	for _, s := range Statuses {
		if got, err := ParseStatus(s.String()); err != nil || got != s {
			t.Errorf("round trip %v: %v, %v", s, got, err)
		}
	}
}

func TestStatusPredicates(t *testing.T) {
	tests := []struct {
		s             Status
		name          string
		valid, active bool
	}{
		{StatusUnset, "new", false, true},
		{StatusNew, "new", true, true},
		{StatusOpen, "open", true, true},
		{StatusPending, "pending", true, true},
		{StatusResolved, "resolved", true, false},
		{StatusClosed, "closed", true, false},
		{Status(99), "new", false, false},
	}
	for _, tt := range tests {
		if tt.s.String() != tt.name || tt.s.Valid() != tt.valid || tt.s.Active() != tt.active {
			t.Errorf("%d: %q valid %v active %v", tt.s, tt.s.String(), tt.s.Valid(), tt.s.Active())
		}
	}
}

func TestCanTransition(t *testing.T) {
	all := append([]Status{StatusUnset}, Statuses...)
	for _, from := range all {
		for _, to := range append(all, Status(9)) {
			want := to.Valid() && from != to && to != StatusNew
			if got := CanTransition(from, to); got != want {
				t.Errorf("CanTransition(%v, %v) = %v, want %v", from, to, got, want)
			}
		}
	}
	// The cases the workflow is built on, spelled out.
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{StatusNew, StatusOpen, true}, {StatusOpen, StatusPending, true}, {StatusPending, StatusResolved, true},
		{StatusResolved, StatusClosed, true}, {StatusClosed, StatusOpen, true}, {StatusResolved, StatusPending, true},
		{StatusOpen, StatusNew, false}, {StatusClosed, StatusNew, false}, {StatusOpen, StatusOpen, false},
	}
	for _, tt := range tests {
		if got := CanTransition(tt.from, tt.to); got != tt.ok {
			t.Errorf("CanTransition(%v, %v) = %v", tt.from, tt.to, got)
		}
	}
}

func TestIsReopen(t *testing.T) {
	tests := []struct {
		from, to Status
		want     bool
	}{
		{StatusResolved, StatusOpen, true}, {StatusClosed, StatusOpen, true}, {StatusClosed, StatusPending, true},
		{StatusResolved, StatusClosed, false}, {StatusClosed, StatusResolved, false},
		{StatusOpen, StatusPending, false}, {StatusNew, StatusOpen, false}, {StatusPending, StatusResolved, false},
	}
	for _, tt := range tests {
		if got := IsReopen(tt.from, tt.to); got != tt.want {
			t.Errorf("IsReopen(%v, %v) = %v", tt.from, tt.to, got)
		}
	}
}
