package model

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestSLAFor(t *testing.T) {
	p := DefaultSLA
	tests := []struct {
		pr   Priority
		want time.Duration
	}{
		{PriorityUrgent, 4 * time.Hour}, {PriorityHigh, 24 * time.Hour}, {PriorityNormal, 72 * time.Hour},
		{PriorityUnset, 72 * time.Hour}, {PriorityLow, 7 * 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := p.For(tt.pr); got != tt.want {
			t.Errorf("For(%v) = %v", tt.pr, got)
		}
	}
}

func TestSLADue(t *testing.T) {
	p := DefaultSLA
	if got := p.Due(t0, time.Time{}, PriorityUrgent); !got.Equal(t0.Add(4 * time.Hour)) {
		t.Errorf("Due urgent = %v", got)
	}
	fu := t0.Add(100 * time.Hour)
	if got := p.Due(t0, fu, PriorityUrgent); !got.Equal(fu) {
		t.Errorf("Due with follow-up = %v, want the follow-up", got)
	}
	// A follow-up earlier than the allowance still wins: the agent promised it.
	early := t0.Add(time.Minute)
	if got := p.Due(t0, early, PriorityLow); !got.Equal(early) {
		t.Errorf("Due with early follow-up = %v", got)
	}
}

func TestSLAState(t *testing.T) {
	p := DefaultSLA
	urgent := Summary{CreatedAt: t0, Priority: PriorityUrgent, Status: StatusOpen} // due t0+4h, quarter = 1h
	normal := Summary{CreatedAt: t0, Priority: PriorityNormal, Status: StatusNew}  // due t0+72h, quarter = 18h
	tests := []struct {
		name string
		s    Summary
		now  time.Time
		want SLAState
	}{
		{"urgent fresh", urgent, t0, SLAOK},
		{"urgent 1h01 left", urgent, t0.Add(3*time.Hour - time.Minute), SLAOK},
		{"urgent exactly 1h left", urgent, t0.Add(3 * time.Hour), SLAOK},
		{"urgent 1ns under 1h", urgent, t0.Add(3*time.Hour + 1), SLADueSoon},
		{"urgent at due", urgent, t0.Add(4 * time.Hour), SLADueSoon},
		{"urgent 1ns past", urgent, t0.Add(4*time.Hour + 1), SLAOverdue},
		{"normal 18h left", normal, t0.Add(54 * time.Hour), SLAOK},
		{"normal under 18h", normal, t0.Add(54*time.Hour + time.Second), SLADueSoon},
		{"normal overdue", normal, t0.Add(73 * time.Hour), SLAOverdue},
		{"resolved has none", Summary{CreatedAt: t0, Status: StatusResolved}, t0.Add(1000 * time.Hour), SLANone},
		{"closed has none", Summary{CreatedAt: t0, Status: StatusClosed}, t0, SLANone},
		{"unset status is active", Summary{CreatedAt: t0}, t0.Add(100 * time.Hour), SLAOverdue},
		{"follow-up ahead", Summary{CreatedAt: t0, Status: StatusPending, FollowUp: t0.Add(200 * time.Hour)}, t0.Add(100 * time.Hour), SLAOK},
		{"follow-up passed", Summary{CreatedAt: t0, Status: StatusPending, FollowUp: t0.Add(time.Hour)}, t0.Add(2 * time.Hour), SLAOverdue},
		{"waiting for the customer stops the clock", Summary{CreatedAt: t0, Status: StatusPending}, t0.Add(1000 * time.Hour), SLANone},
		{"open again, the clock runs", Summary{CreatedAt: t0, Status: StatusOpen}, t0.Add(1000 * time.Hour), SLAOverdue},
	}
	for _, tt := range tests {
		got, due := p.State(tt.s, tt.now)
		if got != tt.want {
			t.Errorf("%s: State = %v, want %v (due %v)", tt.name, got, tt.want, due)
		}
		if got == SLANone && !due.IsZero() {
			t.Errorf("%s: due %v for SLANone", tt.name, due)
		}
	}
}

func TestSLAStateSymbol(t *testing.T) {
	for s, want := range map[SLAState]string{SLANone: " ", SLAOK: "✓", SLADueSoon: "◷", SLAOverdue: "✗"} {
		if got := s.Symbol(); got != want {
			t.Errorf("%d.Symbol() = %q", s, got)
		}
	}
}

func TestFormatAge(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"}, {59 * time.Second, "59s"}, {time.Minute, "1m"}, {59*time.Minute + 59*time.Second, "59m"},
		{time.Hour, "1h"}, {47 * time.Hour, "47h"}, {48 * time.Hour, "2d"}, {13*day + 23*time.Hour, "13d"},
		{14 * day, "2w"}, {364 * day, "52w"}, {365 * day, "1y"}, {800 * day, "2y"},
		{-90 * time.Second, "1m"}, {-3 * day, "3d"},
	}
	for _, tt := range tests {
		if got := FormatAge(tt.d); got != tt.want {
			t.Errorf("FormatAge(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
