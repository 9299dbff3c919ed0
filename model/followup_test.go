package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseFollowUp(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		madrid = time.FixedZone("CET", 3600) // no tzdata: the fixed-offset cases still hold
	}
	// Tuesday 2026-11-24 10:15 in Madrid (UTC+1) = 09:15 UTC.
	now := time.Date(2026, 11, 24, 10, 15, 30, 0, madrid)
	utc := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}}, {"  none ", time.Time{}}, {"CLEAR", time.Time{}},
		{"tomorrow 9:00", utc("2026-11-25 08:00")},
		{"Tomorrow", utc("2026-11-25 08:00")},
		{"tmrw 5pm", utc("2026-11-25 16:00")},
		{"today 17:30", utc("2026-11-24 16:30")},
		{"today 8:00", utc("2026-11-24 07:00")}, // in the past, as asked
		{"+2d", utc("2026-11-26 09:15").Add(30 * time.Second)},
		{"+3h", utc("2026-11-24 12:15").Add(30 * time.Second)},
		{"+90m", utc("2026-11-24 10:45").Add(30 * time.Second)},
		{"+1w", utc("2026-12-01 09:15").Add(30 * time.Second)},
		{"+0h", utc("2026-11-24 09:15").Add(30 * time.Second)},
		{"2026-12-01", utc("2026-12-01 08:00")},
		{"2026-12-01 14:00", utc("2026-12-01 13:00")},
		{"2026-12-01 2:30pm", utc("2026-12-01 13:30")},
		{"mon", utc("2026-11-30 08:00")},
		{"monday 14:00", utc("2026-11-30 13:00")},
		{"tue", utc("2026-12-01 08:00")}, // today is Tuesday: the next one
		{"wed", utc("2026-11-25 08:00")},
		{"Thurs 12am", utc("2026-11-25 23:00")},
		{"fri 14:00", utc("2026-11-27 13:00")},
		{"sat", utc("2026-11-28 08:00")},
		{"sunday 09:30", utc("2026-11-29 08:30")},
		{"11:00", utc("2026-11-24 10:00")}, // still ahead today
		{"9:00", utc("2026-11-25 08:00")},  // passed: tomorrow
		{"10:15", utc("2026-11-25 09:15")}, // 10:15:00 is before now (10:15:30)
		{"12pm", utc("2026-11-24 11:00")},
	}
	for _, tt := range tests {
		got, err := ParseFollowUp(tt.in, now, madrid)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseFollowUp(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		if !got.IsZero() && got.Location() != time.UTC {
			t.Errorf("ParseFollowUp(%q) is in %v, want UTC", tt.in, got.Location())
		}
	}
}

// Across the end of summer time, days are calendar days in the agent's zone.
func TestParseFollowUpDST(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Skip("no tzdata")
	}
	now := time.Date(2026, 10, 24, 9, 0, 0, 0, madrid) // Saturday, CEST; clocks go back on Sunday 25th
	got, err := ParseFollowUp("+1d", now, madrid)
	if want := time.Date(2026, 10, 25, 9, 0, 0, 0, madrid); err != nil || !got.Equal(want) {
		t.Errorf("+1d = %v, want %v", got, want)
	}
	got, _ = ParseFollowUp("+24h", now, madrid)
	if want := time.Date(2026, 10, 25, 8, 0, 0, 0, madrid); !got.Equal(want) {
		t.Errorf("+24h = %v, want %v", got, want)
	}
	got, _ = ParseFollowUp("mon 9:00", now, madrid)
	if want := time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("mon 9:00 = %v, want %v", got, want)
	}
}

func TestParseFollowUpNilLocation(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	got, err := ParseFollowUp("tomorrow 9:00", now, nil)
	if want := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Errorf("nil location: %v, %v", got, err)
	}
}

func TestParseFollowUpErrors(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, in := range []string{
		"soon", "+", "+d", "+2", "+2y", "+-2d", "++2d", "+2.5h", "+99999999999d", "+5300w",
		"tomorrow 25:00", "today 9:60", "today 9", "today 930", "13pm", "0am", "2026-13-01", "2026-02-30",
		"2026-12-01 14:00 extra", "next week", "fri 9:0", "9:00:00", "-2d", "tomorrow at 9",
	} {
		_, err := ParseFollowUp(in, now, time.UTC)
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "tomorrow 9:00") {
			t.Errorf("ParseFollowUp(%q) err = %v; want EINVALID with an example", in, err)
		}
	}
}
