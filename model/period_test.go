package model

import (
	"testing"
	"time"
)

func TestDayOf(t *testing.T) {
	tests := []struct {
		t    time.Time
		want Day
		str  string
	}{
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 0, "1970-01-01"},
		{time.Date(1970, 1, 1, 23, 59, 59, 999999999, time.UTC), 0, "1970-01-01"},
		{time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), 1, "1970-01-02"},
		{time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), -1, "1969-12-31"},
		{time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), -1, "1969-12-31"},
		{time.Date(1969, 12, 30, 23, 59, 59, 0, time.UTC), -2, "1969-12-30"},
		{time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), 20781, "2026-11-24"},
		// The UTC day, not the local one: 23:30 in New York is the next day in UTC.
		{time.Date(2026, 11, 23, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)), 20781, "2026-11-24"},
	}
	for _, tt := range tests {
		got := DayOf(tt.t)
		if got != tt.want || got.String() != tt.str {
			t.Errorf("DayOf(%v) = %d %s, want %d %s", tt.t, got, got, tt.want, tt.str)
		}
		if !got.Time().Equal(time.Date(got.Time().Year(), got.Time().Month(), got.Time().Day(), 0, 0, 0, 0, time.UTC)) || got.Time().Location() != time.UTC {
			t.Errorf("Day(%d).Time() = %v is not midnight UTC", got, got.Time())
		}
	}
}

func TestParseGranularity(t *testing.T) {
	tests := []struct {
		in   string
		want Granularity
		err  bool
	}{
		{"day", ByDay, false}, {"D", ByDay, false}, {"week", ByWeek, false}, {"", ByWeek, false},
		{"months", ByMonth, false}, {"year", ByWeek, true},
	}
	for _, tt := range tests {
		got, err := ParseGranularity(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseGranularity(%q) = %v, %v", tt.in, got, err)
		}
		if err == nil && tt.in != "" && len(tt.in) > 1 {
			if g, _ := ParseGranularity(got.String()); g != got {
				t.Errorf("%v does not round trip", got)
			}
		}
	}
}

func day(s string) Day {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		g                 Granularity
		d                 string
		start, end, label string
		short             string
	}{
		{ByDay, "2026-11-24", "2026-11-24", "2026-11-25", "2026-11-24", "11-24"},
		{ByWeek, "2026-11-24", "2026-11-23", "2026-11-30", "2026-W48", "W48"},
		{ByWeek, "2026-11-23", "2026-11-23", "2026-11-30", "2026-W48", "W48"}, // a Monday starts its week
		{ByWeek, "2026-11-22", "2026-11-16", "2026-11-23", "2026-W47", "W47"}, // a Sunday ends it
		{ByWeek, "2027-01-01", "2026-12-28", "2027-01-04", "2026-W53", "W53"},
		{ByWeek, "2027-01-03", "2026-12-28", "2027-01-04", "2026-W53", "W53"},
		{ByWeek, "2027-01-04", "2027-01-04", "2027-01-11", "2027-W01", "W01"},
		{ByWeek, "2021-01-03", "2020-12-28", "2021-01-04", "2020-W53", "W53"},
		{ByWeek, "2024-12-30", "2024-12-30", "2025-01-06", "2025-W01", "W01"}, // week-year ahead of the calendar year
		{ByWeek, "1970-01-01", "1969-12-29", "1970-01-05", "1970-W01", "W01"}, // day 0 is a Thursday
		{ByWeek, "1969-12-28", "1969-12-22", "1969-12-29", "1969-W52", "W52"}, // negative days
		{ByMonth, "2026-11-24", "2026-11-01", "2026-12-01", "2026-11", "Nov"},
		{ByMonth, "2026-12-31", "2026-12-01", "2027-01-01", "2026-12", "Dec"},
		{ByMonth, "2028-02-29", "2028-02-01", "2028-03-01", "2028-02", "Feb"},
		{ByMonth, "1969-12-15", "1969-12-01", "1970-01-01", "1969-12", "Dec"},
	}
	for _, tt := range tests {
		p := PeriodOf(tt.g, day(tt.d))
		if p.Start.String() != tt.start || p.End.String() != tt.end || p.Label() != tt.label || p.ShortLabel() != tt.short || p.G != tt.g {
			t.Errorf("PeriodOf(%v, %s) = [%s, %s) %s %s", tt.g, tt.d, p.Start, p.End, p.Label(), p.ShortLabel())
		}
		if !p.Contains(day(tt.d)) || p.Contains(p.End) || !p.Contains(p.Start) || p.Contains(p.Start-1) {
			t.Errorf("%s: Contains is wrong", p.Label())
		}
		if n := p.Next(); n.Start != p.End || n.Prev() != p {
			t.Errorf("%s: Next %v Prev %v", p.Label(), n, n.Prev())
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, label string
		g         Granularity
		err       bool
	}{
		{"2026-11-24", "2026-11-24", ByDay, false},
		{" 2026-W47 ", "2026-W47", ByWeek, false},
		{"2026-w47", "2026-W47", ByWeek, false},
		{"2026-W53", "2026-W53", ByWeek, false},
		{"2020-W53", "2020-W53", ByWeek, false},
		{"2026-W1", "2026-W01", ByWeek, false},
		{"2026-11", "2026-11", ByMonth, false},
		{"2025-W53", "", 0, true}, // 2025 has 52 ISO weeks
		{"2026-W00", "", 0, true}, {"2026-W54", "", 0, true}, {"0-W01", "", 0, true},
		{"2026-13", "", 0, true}, {"2026-02-30", "", 0, true}, {"2026", "", 0, true}, {"", "", 0, true}, {"W47", "", 0, true},
		{"\xe5-W", "", 0, true}, {"ıııı-W1", "", 0, true}, // upper-casing changes their length: once a panic
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in)
		if (err != nil) != tt.err || (err == nil && (p.Label() != tt.label || p.G != tt.g)) {
			t.Errorf("ParsePeriod(%q) = %v %q, %v", tt.in, p, p.Label(), err)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("code %q", ErrorCode(err))
		}
	}
}

// Every label of every period over decades parses back to the same period.
func TestParsePeriodRoundTrip(t *testing.T) {
	from, to := day("1995-01-01"), day("2045-12-31")
	for d := from; d <= to; d++ {
		for _, g := range []Granularity{ByDay, ByWeek, ByMonth} {
			p := PeriodOf(g, d)
			got, err := ParsePeriod(p.Label())
			if err != nil || got != p {
				t.Fatalf("%s (%v of %s): ParsePeriod = %v, %v", p.Label(), g, d, got, err)
			}
		}
	}
}

func TestParseDate(t *testing.T) {
	if d, err := ParseDate(" 2026-11-24 "); err != nil || d.String() != "2026-11-24" {
		t.Errorf("ParseDate = %v, %v", d, err)
	}
	for _, s := range []string{"2026-11", "24/11/2026", "", "2026-11-31"} {
		if _, err := ParseDate(s); ErrorCode(err) != EINVALID {
			t.Errorf("ParseDate(%q) err %v", s, err)
		}
	}
}
