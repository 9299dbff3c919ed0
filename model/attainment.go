package model

import "time"

// SLAOutcome is how a case stands against one SLA target.
type SLAOutcome uint8

const (
	SLANotMeasured SLAOutcome = iota // no target, or a finished case whose finish is not on record
	SLARunning                       // not met yet, not yet due
	SLAMet
	SLAMissed
)

// Attainment says whether a case met its first-response and resolution
// targets, for the SLA report: the first reply at or before its team's
// first-response due time (the case came in, plus the target in the
// team's business hours); the finish (resolved, the last time the case
// went resolved or closed; zero when not finished or not on record) at or
// before the resolution due time. A target still open is missed once now
// is past it; neither is measured on closed history imported without its
// finish on record. Follow-ups and pending time do not move these due times: the
// report measures the promise, the queue's clock (Clock) the work.
func (p SLAPolicy) Attainment(s *Summary, resolved, now time.Time) (firstReply, resolution SLAOutcome) {
	hours := p.Hours(s.Team)
	if fr := p.FirstResponse(s.Team, s.Priority); fr > 0 {
		due := hours.Add(s.CreatedAt, fr)
		// A finished case with no finish on record is imported history:
		// its first reply is not on record either, so not measured.
		firstReply = outcome(s.FirstReply, due, now, s.Status.Active() || !resolved.IsZero())
	}
	due := hours.Add(s.CreatedAt, p.Resolution(s.Team, s.Priority))
	resolution = outcome(resolved, due, now, s.Status.Active())
	return firstReply, resolution
}

func outcome(done, due, now time.Time, open bool) SLAOutcome {
	switch {
	case !done.IsZero() && !done.After(due):
		return SLAMet
	case !done.IsZero():
		return SLAMissed
	case !open:
		return SLANotMeasured
	case now.After(due):
		return SLAMissed
	}
	return SLARunning
}

// ResolvedAt is when a case last went resolved or closed from an active
// status, read from its timeline; zero when it never did (or is active
// again). A case imported already finished has no such event.
func ResolvedAt(evs []Event) time.Time {
	var at time.Time
	for _, ev := range evs {
		if ev.Kind != EventStatus {
			continue
		}
		to, err := ParseStatus(ev.To)
		if err != nil {
			continue
		}
		from, _ := ParseStatus(ev.From)
		switch {
		case !to.Active():
			if from.Active() || ev.From == "" {
				at = ev.At
			}
		default:
			at = time.Time{}
		}
	}
	return at
}
