package model

import "strings"

// Priority orders cases by urgency. Smaller is more urgent so that index keys
// sort the most urgent first; the zero value means "not set" and is treated as
// normal.
type Priority uint8

const (
	PriorityUnset Priority = iota
	PriorityUrgent
	PriorityHigh
	PriorityNormal
	PriorityLow
)

// Priorities lists the valid priorities, most urgent first.
var Priorities = []Priority{PriorityUrgent, PriorityHigh, PriorityNormal, PriorityLow}

func (p Priority) String() string {
	switch p {
	case PriorityUrgent:
		return "urgent"
	case PriorityHigh:
		return "high"
	case PriorityNormal, PriorityUnset:
		return "normal"
	case PriorityLow:
		return "low"
	}
	return "normal"
}

// Symbol is a one-cell mark readable without colour.
func (p Priority) Symbol() string {
	switch p {
	case PriorityUrgent:
		return "‼"
	case PriorityHigh:
		return "!"
	case PriorityLow:
		return "↓"
	}
	return "·"
}

// Valid reports whether p is one of the four priorities.
func (p Priority) Valid() bool { return p >= PriorityUrgent && p <= PriorityLow }

// Or returns p, or def when p is unset.
func (p Priority) Or(def Priority) Priority {
	if p.Valid() {
		return p
	}
	return def
}

// ParsePriority reads a priority name (case-insensitive; "" is normal).
func ParsePriority(s string) (Priority, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "urgent", "u", "p1", "critical":
		return PriorityUrgent, nil
	case "high", "h", "p2":
		return PriorityHigh, nil
	case "normal", "n", "p3", "medium", "":
		return PriorityNormal, nil
	case "low", "l", "p4":
		return PriorityLow, nil
	}
	return PriorityUnset, Errorf(EINVALID, "unknown priority %q (urgent, high, normal, low)", s)
}
