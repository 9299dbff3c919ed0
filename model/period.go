package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day numbers days since 1970-01-01 in UTC. The tag × day counters are keyed
// by it, and every heatmap period is a run of days.
type Day int32

// DayOf returns the UTC day t falls on.
func DayOf(t time.Time) Day {
	return Day(floorDiv(t.Unix(), 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Time returns midnight UTC of the day.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d Day) String() string { return d.Time().Format("2006-01-02") }

// Granularity is the width of a heatmap column.
type Granularity uint8

const (
	ByDay Granularity = iota
	ByWeek
	ByMonth
)

// ParseGranularity reads day, week or month.
func ParseGranularity(s string) (Granularity, error) {
	switch strings.ToLower(s) {
	case "day", "d", "days":
		return ByDay, nil
	case "week", "w", "weeks", "":
		return ByWeek, nil
	case "month", "m", "months":
		return ByMonth, nil
	}
	return ByWeek, Errorf(EINVALID, "unknown period %q (day, week, month)", s)
}

func (g Granularity) String() string {
	switch g {
	case ByDay:
		return "day"
	case ByMonth:
		return "month"
	}
	return "week"
}

// Period is a half-open run of days [Start, End).
type Period struct {
	Start, End Day
	G          Granularity
}

// PeriodOf returns the period of granularity g that contains day d. Weeks
// are ISO weeks (Monday to Sunday, UTC).
func PeriodOf(g Granularity, d Day) Period {
	switch g {
	case ByDay:
		return Period{Start: d, End: d + 1, G: g}
	case ByMonth:
		t := d.Time()
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return Period{Start: DayOf(first), End: DayOf(first.AddDate(0, 1, 0)), G: g}
	}
	// 1970-01-01 was a Thursday; Monday-based weekday index:
	wd := Day(floorDiv(int64(d)+3, 7)*7 - 3)
	return Period{Start: wd, End: wd + 7, G: ByWeek}
}

// Next returns the period after p.
func (p Period) Next() Period { return PeriodOf(p.G, p.End) }

// Prev returns the period before p.
func (p Period) Prev() Period { return PeriodOf(p.G, p.Start-1) }

// Contains reports whether day d is in p.
func (p Period) Contains(d Day) bool { return d >= p.Start && d < p.End }

// Label names the period: 2026-11-24, 2026-W47 (ISO week-year) or 2026-11.
func (p Period) Label() string {
	t := p.Start.Time()
	switch p.G {
	case ByDay:
		return t.Format("2006-01-02")
	case ByMonth:
		return t.Format("2006-01")
	}
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// ShortLabel is a compact column heading: 11-24, W47, Nov.
func (p Period) ShortLabel() string {
	t := p.Start.Time()
	switch p.G {
	case ByDay:
		return t.Format("01-02")
	case ByMonth:
		return t.Format("Jan")
	}
	_, w := t.ISOWeek()
	return fmt.Sprintf("W%02d", w)
}

// Year is the year a period is labelled with: the ISO year for a week.
func (p Period) Year() int {
	t := p.Start.Time()
	if p.G == ByWeek {
		y, _ := t.ISOWeek()
		return y
	}
	return t.Year()
}

// ParsePeriod reads a label made by Label: 2026-11-24, 2026-W47 or 2026-11.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return PeriodOf(ByDay, DayOf(t)), nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return PeriodOf(ByMonth, DayOf(t)), nil
	}
	// Look for -W in s itself: an index into strings.ToUpper(s) may not be
	// an index into s, since upper-casing can change the length in bytes.
	i := strings.Index(s, "-W")
	if i < 0 {
		i = strings.Index(s, "-w")
	}
	if i > 0 {
		y, err1 := strconv.Atoi(s[:i])
		w, err2 := strconv.Atoi(s[i+2:])
		if err1 == nil && err2 == nil && w >= 1 && w <= 53 && y > 0 && y < 10000 {
			// ISO week 1 holds January 4th.
			jan4 := DayOf(time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC))
			p := PeriodOf(ByWeek, jan4+Day(7*(w-1)))
			if yy, ww := p.Start.Time().ISOWeek(); yy == y && ww == w {
				return p, nil
			}
		}
	}
	return Period{}, Errorf(EINVALID, "not a period: %q (2026-11-24, 2026-W47 or 2026-11)", s)
}

// ParseDate reads a day as YYYY-MM-DD.
func ParseDate(s string) (Day, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return 0, Errorf(EINVALID, "not a date: %q (YYYY-MM-DD)", s)
	}
	return DayOf(t), nil
}
