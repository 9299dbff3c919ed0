package model

import (
	"strconv"
	"strings"
	"time"
)

// followUpHelp is offered with every error: what an agent can type.
const followUpHelp = "try tomorrow 9:00, today 17:30, +2d, +3h, +90m, +1w, fri 14:00, 9:00, 2026-12-01 14:00 or none"

// maxFollowUpAhead bounds relative follow-ups so +N never overflows.
const maxFollowUpAhead = 10 * 366 * 24 * time.Hour

// defaultFollowUpHour is the time of day of a follow-up given as a day only.
const defaultFollowUpHour = 9

// ParseFollowUp reads when to come back to a case, as an agent types it:
// "tomorrow 9:00", "today 17:30", "+2d", "+3h", "+90m", "+1w", "2026-12-01"
// (09:00), "2026-12-01 14:00", a weekday "fri" or "friday 14:00" (the next
// such day, never today), or "9:00" alone (today if still ahead, else
// tomorrow). Times are read in loc (nil is UTC); the result is UTC. "",
// "none" and "clear" return the zero time, which clears the follow-up.
func ParseFollowUp(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	fields := strings.Fields(strings.ToLower(s))
	bad := func() (time.Time, error) {
		return time.Time{}, Errorf(EINVALID, "cannot read follow-up %q: %s", strings.TrimSpace(s), followUpHelp)
	}
	switch {
	case len(fields) == 0 || len(fields) == 1 && (fields[0] == "none" || fields[0] == "clear"):
		return time.Time{}, nil
	case len(fields) > 2:
		return bad()
	}
	local := now.In(loc)
	if len(fields) == 1 && strings.HasPrefix(fields[0], "+") {
		t, ok := addRelative(local, fields[0][1:])
		if !ok {
			return bad()
		}
		return t.UTC(), nil
	}
	if len(fields) == 1 {
		if h, m, ok := parseClock(fields[0]); ok {
			t := onDay(local, 0, h, m)
			if !t.After(now) {
				t = onDay(local, 1, h, m)
			}
			return t.UTC(), nil
		}
	}
	h, m := defaultFollowUpHour, 0
	if len(fields) == 2 {
		var ok bool
		if h, m, ok = parseClock(fields[1]); !ok {
			return bad()
		}
	}
	switch day := fields[0]; {
	case day == "today":
		return onDay(local, 0, h, m).UTC(), nil
	case day == "tomorrow" || day == "tmrw":
		return onDay(local, 1, h, m).UTC(), nil
	default:
		if wd, ok := parseWeekday(day); ok {
			ahead := (int(wd) - int(local.Weekday()) + 7) % 7
			if ahead == 0 {
				ahead = 7
			}
			return onDay(local, ahead, h, m).UTC(), nil
		}
		d, err := time.ParseInLocation("2006-01-02", day, loc)
		if err != nil {
			return bad()
		}
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc).UTC(), nil
	}
}

// onDay is h:m on the day days after t's day, in t's location. time.Date
// normalises a wall time that a DST change skips.
func onDay(t time.Time, days, h, m int) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+days, h, m, 0, 0, t.Location())
}

// addRelative reads "2d", "3h", "90m", "1w". Days and weeks are calendar
// days, so +1d at 9:00 is 9:00 tomorrow across a DST change.
func addRelative(t time.Time, s string) (time.Time, bool) {
	if len(s) < 2 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || s[0] == '+' || s[0] == '-' {
		return time.Time{}, false
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 'm':
		unit = time.Minute
	case 'h':
		unit = time.Hour
	case 'd':
		unit = 24 * time.Hour
	case 'w':
		unit = 7 * 24 * time.Hour
	default:
		return time.Time{}, false
	}
	if n > int(maxFollowUpAhead/unit) {
		return time.Time{}, false
	}
	switch unit {
	case 24 * time.Hour:
		return t.AddDate(0, 0, n), true
	case 7 * 24 * time.Hour:
		return t.AddDate(0, 0, 7*n), true
	}
	return t.Add(time.Duration(n) * unit), true
}

// parseClock reads 9:00, 09:00, 17:30, 9am, 5pm or 5:30pm.
func parseClock(s string) (h, m int, ok bool) {
	pm, am := strings.HasSuffix(s, "pm"), strings.HasSuffix(s, "am")
	if pm || am {
		s = s[:len(s)-2]
	}
	hs, ms, colon := strings.Cut(s, ":")
	if !colon && !pm && !am {
		return 0, 0, false
	}
	if colon && len(ms) != 2 || len(hs) < 1 || len(hs) > 2 || !allDigits(hs) || !allDigits(ms) {
		return 0, 0, false
	}
	h, _ = strconv.Atoi(hs)
	if colon {
		m, _ = strconv.Atoi(ms)
	}
	if pm || am {
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var weekdayNames = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
	"sun": time.Sunday, "sunday": time.Sunday,
}

func parseWeekday(s string) (time.Weekday, bool) {
	wd, ok := weekdayNames[s]
	return wd, ok
}
