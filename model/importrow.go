package model

import "time"

// Creation times an import accepts: the store keeps unix nanoseconds
// (1678–2262), and a contact outside these years is a parsing mistake.
var (
	EarliestCreated = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	LatestCreated   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckCreated says why t cannot be a case's creation time, or "".
func CheckCreated(t time.Time) string {
	switch {
	case t.IsZero():
		return "no creation time"
	case t.Before(EarliestCreated) || !t.Before(LatestCreated):
		return "created " + t.UTC().Format(time.RFC3339) + ", outside 1900–2200"
	}
	return ""
}
