package model

import "strings"

// Status is where a case stands in its handling.
type Status uint8

const (
	StatusUnset Status = iota
	StatusNew
	StatusOpen
	StatusPending
	StatusResolved
	StatusClosed
)

// Statuses lists the valid statuses in workflow order.
var Statuses = []Status{StatusNew, StatusOpen, StatusPending, StatusResolved, StatusClosed}

func (s Status) String() string {
	switch s {
	case StatusNew:
		return "new"
	case StatusOpen:
		return "open"
	case StatusPending:
		return "pending"
	case StatusResolved:
		return "resolved"
	case StatusClosed:
		return "closed"
	}
	return "new"
}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool { return s >= StatusNew && s <= StatusClosed }

// Active reports whether the case still needs work (and so has an SLA).
func (s Status) Active() bool {
	return s == StatusNew || s == StatusOpen || s == StatusPending || s == StatusUnset
}

// ParseStatus reads a status name (case-insensitive; "" is new).
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "new", "":
		return StatusNew, nil
	case "open", "in progress", "reopened":
		return StatusOpen, nil
	case "pending", "waiting", "on hold":
		return StatusPending, nil
	case "resolved", "solved":
		return StatusResolved, nil
	case "closed":
		return StatusClosed, nil
	}
	return StatusUnset, Errorf(EINVALID, "unknown status %q (new, open, pending, resolved, closed)", s)
}

// CanTransition reports whether a case may move from one status to another.
// A case never goes back to new; resolved and closed cases can be reopened.
func CanTransition(from, to Status) bool {
	if !to.Valid() || from == to {
		return false
	}
	if to == StatusNew {
		return false
	}
	return true
}

// IsReopen reports whether moving from one status to another reopens a case
// that had been finished: the signal behind the repeat-contact warning.
func IsReopen(from, to Status) bool {
	return (from == StatusResolved || from == StatusClosed) && to.Active()
}
