package model

import "testing"

func TestParsePriority(t *testing.T) {
	tests := []struct {
		in   string
		want Priority
		err  bool
	}{
		{"urgent", PriorityUrgent, false}, {"U", PriorityUrgent, false}, {"p1", PriorityUrgent, false}, {"Critical", PriorityUrgent, false},
		{"high", PriorityHigh, false}, {"h", PriorityHigh, false}, {"P2", PriorityHigh, false},
		{"normal", PriorityNormal, false}, {"medium", PriorityNormal, false}, {"", PriorityNormal, false}, {" n ", PriorityNormal, false},
		{"low", PriorityLow, false}, {"p4", PriorityLow, false},
		{"p5", PriorityUnset, true}, {"asap", PriorityUnset, true},
	}
	for _, tt := range tests {
		got, err := ParsePriority(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParsePriority(%q) = %v, %v", tt.in, got, err)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("code %q", ErrorCode(err))
		}
	}
	for _, p := range Priorities {
		if got, err := ParsePriority(p.String()); err != nil || got != p {
			t.Errorf("round trip %v: %v %v", p, got, err)
		}
	}
}

func TestPriorityMethods(t *testing.T) {
	tests := []struct {
		p      Priority
		name   string
		symbol string
		valid  bool
		or     Priority
	}{
		{PriorityUnset, "normal", "·", false, PriorityLow},
		{PriorityUrgent, "urgent", "‼", true, PriorityUrgent},
		{PriorityHigh, "high", "!", true, PriorityHigh},
		{PriorityNormal, "normal", "·", true, PriorityNormal},
		{PriorityLow, "low", "↓", true, PriorityLow},
		{Priority(7), "normal", "·", false, PriorityLow},
	}
	for _, tt := range tests {
		if tt.p.String() != tt.name || tt.p.Symbol() != tt.symbol || tt.p.Valid() != tt.valid || tt.p.Or(PriorityLow) != tt.or {
			t.Errorf("%d: %q %q %v %v", tt.p, tt.p.String(), tt.p.Symbol(), tt.p.Valid(), tt.p.Or(PriorityLow))
		}
	}
}
