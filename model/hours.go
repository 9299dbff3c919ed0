package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BusinessHours are the hours a team works, in its zone, without its
// holidays: the time an SLA counts. A nil *BusinessHours is around the
// clock, so a desk without teams keeps its plain allowances.
//
// Windows are wall-clock times on a civil day in the zone. A window that
// starts or ends inside an hour a DST change skips is taken from the change
// itself; on a day whose clock goes back, a window around the repeated hour
// covers it twice (00:00-24:00 on that day is 25 hours of work), and a
// window boundary inside it is taken at its first occurrence.
type BusinessHours struct {
	Spec     string
	Loc      *time.Location
	Holidays []string       // as given, normalised to YYYY-MM-DD
	days     [7][]span      // by time.Weekday; minutes from midnight, sorted
	holidays map[int32]bool // civil days (y*10000+m*100+d) that do not count
	week     time.Duration  // business time in a week without holidays, for skipping whole weeks
	walked   *dayCache      // the windows of the days Add has walked, as instants
}

// span is one window of a day, [from, to) in minutes from midnight.
type span struct{ from, to int }

// ParseZone reads a time zone name (IANA, as "Europe/London"); "" is UTC.
func ParseZone(zone string) (*time.Location, error) {
	if zone == "" {
		return time.UTC, nil
	}
	l, err := time.LoadLocation(zone)
	if err != nil {
		return nil, Errorf(EINVALID, "unknown time zone %q", zone)
	}
	return l, nil
}

// ParseHours reads business hours such as "Mon-Fri 09:00-17:30" or
// "Mon-Fri 08:00-12:00 13:00-17:00, Sat 10:00-14:00" in the IANA zone
// (empty: UTC), skipping holidays given as YYYY-MM-DD.
func ParseHours(spec, zone string, holidays []string) (*BusinessHours, error) {
	loc, err := ParseZone(zone)
	if err != nil {
		return nil, err
	}
	h := &BusinessHours{Spec: strings.TrimSpace(spec), Loc: loc, holidays: map[int32]bool{}, walked: &dayCache{}}
	if h.Spec == "" {
		return nil, Errorf(EINVALID, "business hours are empty (as in \"Mon-Fri 09:00-17:30\")")
	}
	for _, group := range strings.FieldsFunc(h.Spec, func(r rune) bool { return r == ',' || r == ';' }) {
		if err := h.parseGroup(group); err != nil {
			return nil, err
		}
	}
	for d := range h.days {
		ss := h.days[d]
		slices.SortFunc(ss, func(a, b span) int { return a.from - b.from })
		for i := 1; i < len(ss); i++ {
			if ss[i].from < ss[i-1].to {
				return nil, Errorf(EINVALID, "business hours %q: windows on %s overlap", h.Spec, time.Weekday(d))
			}
		}
		for _, s := range ss {
			h.week += time.Duration(s.to-s.from) * time.Minute
		}
	}
	if h.week == 0 {
		return nil, Errorf(EINVALID, "business hours %q have no time in them", h.Spec)
	}
	for _, s := range holidays {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if err != nil {
			return nil, Errorf(EINVALID, "holiday %q is not a date (YYYY-MM-DD)", s)
		}
		h.holidays[civil(d.Date())] = true
		h.Holidays = append(h.Holidays, d.Format(time.DateOnly))
	}
	slices.Sort(h.Holidays)
	return h, nil
}

func (h *BusinessHours) parseGroup(group string) error {
	f := strings.Fields(group)
	if len(f) < 2 {
		return Errorf(EINVALID, "business hours %q: %q needs days and times (as in \"Mon-Fri 09:00-17:30\")", h.Spec, strings.TrimSpace(group))
	}
	days, err := parseDays(f[0])
	if err != nil {
		return Errorf(EINVALID, "business hours %q: %v", h.Spec, err)
	}
	for _, w := range f[1:] {
		from, to, ok := strings.Cut(w, "-")
		a, errA := parseWallClock(from)
		b, errB := parseWallClock(to)
		if !ok || errA != nil || errB != nil || b <= a {
			return Errorf(EINVALID, "business hours %q: %q is not a window like 09:00-17:30", h.Spec, w)
		}
		for _, d := range days {
			h.days[d] = append(h.days[d], span{a, b})
		}
	}
	return nil
}

// parseDays reads "Mon", "Mon-Fri" or "Fri-Mon" (wrapping over the week end).
func parseDays(s string) ([]time.Weekday, error) {
	from, to, isRange := strings.Cut(strings.ToLower(s), "-")
	a, okA := weekdayNames[from]
	b, okB := weekdayNames[to]
	if !isRange {
		b, okB = a, okA
	}
	if !okA || !okB {
		return nil, fmt.Errorf("%q is not a day or days (Mon, Mon-Fri)", s)
	}
	var out []time.Weekday
	for d := a; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == b {
			return out, nil
		}
	}
}

// parseClock reads HH:MM (24:00 ends a day) as minutes from midnight.
func parseWallClock(s string) (int, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	if !ok || len(hh) == 0 || len(hh) > 2 || len(mm) != 2 || errH != nil || errM != nil || h < 0 || m < 0 || m > 59 || h*60+m > 24*60 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}

func civil(y int, m time.Month, d int) int32 { return int32(y*10000 + int(m)*100 + d) }

// at is the instant of wall-clock minute min on civil day (y, m, d); a
// wall time a DST change skips is the instant of the change.
func (h *BusinessHours) at(y int, m time.Month, d, min int) time.Time {
	t := time.Date(y, m, d, min/60, min%60, 0, 0, h.Loc)
	if min == 24*60 {
		return t
	}
	if t.Hour()*60+t.Minute() != min {
		t, _ = t.ZoneBounds() // skipped wall time: the change begins the window
	}
	return t
}

// maxDays bounds a walk through the calendar (ten years): a team whose
// every day is a holiday has no business time to give.
const maxDays = 3660

// Add returns when d of business time has passed after start: the due time
// of a target of d for a case that came in at start. A case that came in
// outside the hours starts counting at the next opening.
//
// It walks the days from start's, reading each day's windows as instants
// from a cache (an import asks for thousands of due times on the same few
// days; building the times of a day's windows each time was most of an
// Add), and skips whole weeks where that is exact.
func (h *BusinessHours) Add(start time.Time, d time.Duration) time.Time {
	if h == nil {
		return start.Add(d)
	}
	if d <= 0 {
		return start
	}
	y, m, dd := start.In(h.Loc).Date()
	pos := start.UnixNano() // nothing before it counts
	midnight := false       // pos stands for the start of day (y, m, dd)
	for i := 0; i < maxDays; i++ {
		if d > h.week {
			t := time.Date(y, m, dd, 0, 0, 0, 0, h.Loc)
			if midnight || pos == t.UnixNano() {
				// Seven civil days on from a midnight hold exactly a week
				// of business time when none is a holiday and the clock
				// does not change in between.
				ny, nm, nd := time.Date(y, m, dd+7, 12, 0, 0, 0, time.UTC).Date()
				next := time.Date(ny, nm, nd, 0, 0, 0, 0, h.Loc)
				if _, change := t.ZoneBounds(); h.plainWeek(y, m, dd) && (change.IsZero() || !change.Before(next)) {
					d -= h.week
					y, m, dd, pos, midnight = ny, nm, nd, next.UnixNano(), true
					continue
				}
			}
		}
		// A later day's windows all begin after pos, which is in an
		// earlier day: it bounds them as that day's midnight would.
		for _, s := range h.windowsOf(y, m, dd) {
			if s.to <= pos {
				continue
			}
			from := max(s.from, pos)
			if avail := time.Duration(s.to - from); d <= avail {
				return time.Unix(0, from+int64(d)).In(h.Loc)
			} else {
				d -= avail
			}
		}
		y, m, dd = nextDay(y, m, dd)
		midnight = true
	}
	return time.Date(y, m, dd, 0, 0, 0, 0, h.Loc).Add(d) // no business time left in ten years: count around the clock
}

// instants is one window of a civil day as unix nanoseconds, [from, to).
type instants struct{ from, to int64 }

// dayCache keeps the windows of the days Add walked; safe for the
// goroutines that share a team's hours.
type dayCache struct {
	mu   sync.Mutex
	days map[int32][]instants
}

// maxCachedDays bounds the cache: a few years of days.
const maxCachedDays = 2048

// windowsOf returns the windows of civil day (y, m, d) as instants, none
// on a holiday.
func (h *BusinessHours) windowsOf(y int, m time.Month, d int) []instants {
	key := civil(y, m, d)
	c := h.walked
	if c != nil {
		c.mu.Lock()
		ws, ok := c.days[key]
		c.mu.Unlock()
		if ok {
			return ws
		}
	}
	var ws []instants
	if !h.holidays[key] {
		for _, s := range h.days[time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday()] {
			ws = append(ws, instants{h.at(y, m, d, s.from).UnixNano(), h.at(y, m, d, s.to).UnixNano()})
		}
	}
	if c != nil {
		c.mu.Lock()
		if c.days == nil || len(c.days) >= maxCachedDays {
			c.days = map[int32][]instants{}
		}
		c.days[key] = ws
		c.mu.Unlock()
	}
	return ws
}

// nextDay is the civil day after (y, m, d).
func nextDay(y int, m time.Month, d int) (int, time.Month, int) {
	if d < 28 {
		return y, m, d + 1
	}
	ny, nm, nd := time.Date(y, m, d+1, 12, 0, 0, 0, time.UTC).Date()
	return ny, nm, nd
}

// plainWeek reports whether the seven civil days from (y, m, d) hold no
// holiday.
func (h *BusinessHours) plainWeek(y int, m time.Month, d int) bool {
	if len(h.holidays) == 0 {
		return true
	}
	for i := 0; i < 7; i++ {
		yy, mm, dd := time.Date(y, m, d+i, 12, 0, 0, 0, time.UTC).Date()
		if h.holidays[civil(yy, mm, dd)] {
			return false
		}
	}
	return true
}

// Between is the business time in [a, b): how much of a target a case has
// used between coming in and being answered. Zero when b is not after a.
func (h *BusinessHours) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if h == nil {
		return b.Sub(a)
	}
	var sum time.Duration
	t := a.In(h.Loc)
	y, m, dd := t.Date()
	for i := 0; i < maxDays*10 && t.Before(b); i++ {
		if !h.holidays[civil(y, m, dd)] {
			for _, s := range h.days[time.Date(y, m, dd, 12, 0, 0, 0, time.UTC).Weekday()] {
				from, end := h.at(y, m, dd, s.from), h.at(y, m, dd, s.to)
				if from.Before(a) {
					from = a
				}
				if end.After(b) {
					end = b
				}
				if end.After(from) {
					sum += end.Sub(from)
				}
			}
		}
		y, m, dd = time.Date(y, m, dd+1, 12, 0, 0, 0, time.UTC).Date()
		t = time.Date(y, m, dd, 0, 0, 0, 0, h.Loc)
	}
	return sum
}

// String describes the hours completely: spec, zone and holidays.
func (h *BusinessHours) String() string {
	if h == nil {
		return "around the clock"
	}
	s := h.Spec + " " + h.Loc.String()
	if len(h.Holidays) > 0 {
		s += " except " + strings.Join(h.Holidays, " ")
	}
	return s
}

// Open reports whether t falls in business hours.
func (h *BusinessHours) Open(t time.Time) bool {
	if h == nil {
		return true
	}
	l := t.In(h.Loc)
	y, m, d := l.Date()
	if h.holidays[civil(y, m, d)] {
		return false
	}
	for _, s := range h.days[l.Weekday()] {
		if !t.Before(h.at(y, m, d, s.from)) && t.Before(h.at(y, m, d, s.to)) {
			return true
		}
	}
	return false
}
