package model

import (
	"testing"
	"time"
)

// BenchmarkBusinessHoursAdd is a due time per imported case: starts every
// few minutes through a year, targets of half an hour to a working day, in
// a zone with DST and a holiday — what an import of a team's cases asks.
func BenchmarkBusinessHoursAdd(b *testing.B) {
	h, err := ParseHours("Mon-Fri 09:00-17:30", "Europe/Berlin", []string{"2026-12-25"})
	if err != nil {
		b.Fatal(err)
	}
	targets := []time.Duration{30 * time.Minute, time.Hour, 4 * time.Hour, 8 * time.Hour}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		h.Add(start.Add(time.Duration(i%100_000)*317*time.Second), targets[i%len(targets)])
	}
}
