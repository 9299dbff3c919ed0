package model

import (
	"math/rand/v2"
	"testing"
	"time"
)

// hoursCase is a spec with its windows written out again by hand, for the
// brute-force reference below: it does not read what ParseHours built.
type hoursCase struct {
	spec, zone string
	holidays   []string
	open       map[time.Weekday][][2]int // minutes from midnight, [from, to)
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

func every(days []time.Weekday, ws ...[2]int) map[time.Weekday][][2]int {
	m := map[time.Weekday][][2]int{}
	for _, d := range days {
		m[d] = append(m[d], ws...)
	}
	return m
}

var hoursCases = []hoursCase{
	{spec: "Mon-Fri 09:00-17:30", zone: "Europe/Berlin", holidays: []string{"2026-12-25", "2026-12-26", "2026-04-03", "2026-10-26"},
		open: every(weekdays, [2]int{9 * 60, 17*60 + 30})},
	{spec: "Mon-Sun 00:00-24:00", zone: "Europe/Berlin", // DST days are 23 and 25 hours
		open: every([]time.Weekday{0, 1, 2, 3, 4, 5, 6}, [2]int{0, 24 * 60})},
	{spec: "Mon-Fri 08:00-12:00 13:00-17:00; Sat 10:00-14:00", zone: "America/New_York", holidays: []string{"2026-11-26"},
		open: func() map[time.Weekday][][2]int {
			m := every(weekdays, [2]int{8 * 60, 12 * 60}, [2]int{13 * 60, 17 * 60})
			m[time.Saturday] = [][2]int{{10 * 60, 14 * 60}}
			return m
		}()},
	{spec: "Fri-Mon 20:00-24:00, Sun 01:00-03:30", zone: "Europe/Berlin", // a window the spring change cuts short
		open: func() map[time.Weekday][][2]int {
			m := every([]time.Weekday{time.Friday, time.Saturday, time.Sunday, time.Monday}, [2]int{20 * 60, 24 * 60})
			m[time.Sunday] = append([][2]int{{60, 3*60 + 30}}, m[time.Sunday]...)
			return m
		}()},
}

// bruteOpen says whether the minute starting at t is worked: its wall time
// in the zone falls in a window of its weekday and its day is no holiday.
func (hc *hoursCase) bruteOpen(t time.Time, loc *time.Location) bool {
	l := t.In(loc)
	if len(hc.holidays) > 0 {
		y, m, d := l.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		for _, h := range hc.holidays {
			if day == h {
				return false
			}
		}
	}
	min := l.Hour()*60 + l.Minute()
	for _, w := range hc.open[l.Weekday()] {
		if min >= w[0] && min < w[1] {
			return true
		}
	}
	return false
}

// bruteAdd steps minute by minute until d of worked minutes have passed.
func (hc *hoursCase) bruteAdd(start time.Time, d time.Duration, loc *time.Location) time.Time {
	need := int(d / time.Minute)
	if need == 0 {
		return start
	}
	for t := start; ; t = t.Add(time.Minute) {
		if hc.bruteOpen(t, loc) {
			need--
			if need == 0 {
				return t.Add(time.Minute)
			}
		}
	}
}

func (hc *hoursCase) bruteBetween(a, b time.Time, loc *time.Location) time.Duration {
	var n time.Duration
	for t := a; t.Before(b); t = t.Add(time.Minute) {
		if hc.bruteOpen(t, loc) {
			n += time.Minute
		}
	}
	return n
}

// Starts near the hard places: DST changes in both zones, weekends,
// holidays, midnights, outside hours.
var hoursStarts = []string{
	"2026-03-27T16:00:00+01:00", "2026-03-28T23:59:00+01:00", "2026-03-29T00:30:00+01:00", "2026-03-29T01:59:00+01:00",
	"2026-10-24T22:00:00+02:00", "2026-10-25T01:30:00+02:00", "2026-10-23T17:29:00+02:00",
	"2026-03-06T18:00:00-05:00", "2026-03-08T01:00:00-05:00", "2026-10-31T23:00:00-04:00",
	"2026-12-24T17:00:00+01:00", "2026-12-24T09:00:00+01:00", "2026-11-25T16:59:00-05:00",
	"2026-04-02T17:30:00+02:00", "2026-06-06T12:00:00Z", "2026-06-07T00:00:00+02:00", "2026-06-08T09:00:00+02:00",
}

func TestBusinessHoursAgainstMinuteStepping(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	targets := []time.Duration{0, time.Minute, 30 * time.Minute, 4 * time.Hour, 8*time.Hour + 30*time.Minute, 24 * time.Hour, 72 * time.Hour, 170 * time.Hour}
	for _, hc := range hoursCases {
		h, err := ParseHours(hc.spec, hc.zone, hc.holidays)
		if err != nil {
			t.Fatalf("%s: %v", hc.spec, err)
		}
		starts := []time.Time{}
		for _, s := range hoursStarts {
			st, _ := time.Parse(time.RFC3339, s)
			starts = append(starts, st)
		}
		for range 12 { // and random minutes of the year
			starts = append(starts, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(365*24*60))*time.Minute))
		}
		for _, st := range starts {
			for _, d := range targets {
				got, want := h.Add(st, d), hc.bruteAdd(st, d, h.Loc)
				if !got.Equal(want) {
					t.Errorf("%s: %v + %v business = %v, minute stepping says %v", hc.spec, st, d, got.In(h.Loc), want.In(h.Loc))
					continue
				}
				if d > 0 && d <= 72*time.Hour {
					if b := h.Between(st, got); b != d {
						t.Errorf("%s: between %v and its due %v = %v, want %v", hc.spec, st, got, b, d)
					}
				}
			}
			end := st.Add(time.Duration(rng.IntN(9*24*60)) * time.Minute)
			if got, want := h.Between(st, end), hc.bruteBetween(st, end, h.Loc); got != want {
				t.Errorf("%s: between %v and %v = %v, minute stepping says %v", hc.spec, st, end, got, want)
			}
		}
	}
}

func TestBusinessHoursNamedCases(t *testing.T) {
	h, err := ParseHours("Mon-Fri 09:00-17:30", "Europe/Berlin", []string{"2026-12-25"})
	if err != nil {
		t.Fatal(err)
	}
	berlin := h.Loc
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, tc := range []struct {
		name, start string
		d           time.Duration
		want        string
	}{
		{"inside hours", "2026-12-01 10:00", 2 * time.Hour, "2026-12-01 12:00"},
		{"over the evening", "2026-12-01 17:00", time.Hour, "2026-12-02 09:30"},
		{"friday evening to monday", "2026-12-04 17:00", time.Hour, "2026-12-07 09:30"},
		{"opened on saturday", "2026-12-05 11:00", 4 * time.Hour, "2026-12-07 13:00"},
		{"opened at midnight", "2026-12-02 00:00", 30 * time.Minute, "2026-12-02 09:30"},
		{"over christmas", "2026-12-24 17:00", time.Hour, "2026-12-28 09:30"},
		{"at closing exactly", "2026-12-01 09:00", 8*time.Hour + 30*time.Minute, "2026-12-01 17:30"},
	} {
		if got := h.Add(at(tc.start), tc.d); !got.Equal(at(tc.want)) {
			t.Errorf("%s: %s + %v = %s, want %s", tc.name, tc.start, tc.d, got.In(berlin).Format("Mon 2006-01-02 15:04"), tc.want)
		}
	}
	if (*BusinessHours)(nil).Add(at("2026-12-05 11:00"), time.Hour) != at("2026-12-05 12:00") {
		t.Error("no business hours must count around the clock")
	}
}

func TestParseHoursRefuses(t *testing.T) {
	for _, tc := range []struct{ spec, zone string }{
		{"", ""}, {"Mon-Fri", ""}, {"Mon-Fry 09:00-17:00", ""}, {"Mon 17:00-09:00", ""}, {"Mon 09:00-25:00", ""},
		{"Mon 9-17", ""}, {"Mon 09:00-12:00 11:00-13:00", ""}, {"Mon-Fri 09:00-17:30", "Mars/Olympus"},
	} {
		if _, err := ParseHours(tc.spec, tc.zone, nil); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("ParseHours(%q, %q) = %v, want EINVALID", tc.spec, tc.zone, err)
		}
	}
	if _, err := ParseHours("Mon-Fri 09:00-17:30", "", []string{"25.12.2026"}); err == nil {
		t.Error("a holiday that is no date must be refused")
	}
}

func FuzzParseHours(f *testing.F) {
	for _, hc := range hoursCases {
		f.Add(hc.spec)
	}
	f.Add("Sat-Sun 00:00-24:00")
	f.Fuzz(func(t *testing.T, spec string) {
		h, err := ParseHours(spec, "Europe/Berlin", nil)
		if err != nil {
			return
		}
		st := time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC)
		due := h.Add(st, 90*time.Minute)
		if due.Before(st) {
			t.Fatalf("%q: due %v before start %v", spec, due, st)
		}
		if b := h.Between(st, due); b != 90*time.Minute {
			t.Fatalf("%q: between start and due = %v", spec, b)
		}
	})
}

func TestWindowEndingInTheSkippedHour(t *testing.T) {
	h, err := ParseHours("Sun 01:00-02:30", "Europe/Berlin", nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 29, 0, 0, 0, 0, h.Loc) // clocks go from 02:00 to 03:00
	change := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)
	if got := h.Add(start, time.Hour); !got.Equal(change) {
		t.Errorf("an hour of work ends at %v, want the change %v", got, change)
	}
	if got, want := h.Add(start, 61*time.Minute), time.Date(2026, 4, 5, 1, 1, 0, 0, h.Loc); !got.Equal(want) {
		t.Errorf("61 minutes end at %v, want %v", got, want)
	}
	if got := h.Between(start, start.Add(6*time.Hour)); got != time.Hour {
		t.Errorf("that Sunday holds %v of work, want 1h", got)
	}
}
