package report

import (
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// The first-response clock: from a case's creation to the desk's first
// reply that reached the customer (an e-mail reply the server accepted and
// that did not bounce, or a logged canned reply: model.FirstReplyOf). It
// is the case's own record (Summary.FirstReply), the same one the queue's
// SLA clock reads, so one pass over the summaries gives it.

// FirstResponse is one case's wait for its first reply.
type FirstResponse struct {
	Case       model.CaseID
	ExternalID string
	Created    time.Time
	Replied    time.Time
}

// Wait is how long the customer waited (never negative).
func (f FirstResponse) Wait() time.Duration { return max(0, f.Replied.Sub(f.Created)) }

// FirstResponses are a report's answered cases, in case order, with their
// median wait.
type FirstResponses struct {
	Cases  []FirstResponse
	Median time.Duration
}

// BuildFirstResponses lists the first replies of the cases in spec's scope
// (creation range and filter, as the heatmap).
func BuildFirstResponses(src Source, spec Spec) (FirstResponses, error) {
	var out FirstResponses
	custs, err := customersFor(src, spec.Query)
	if err != nil {
		return out, err
	}
	from, to := spec.bounds()
	filtered := len(spec.Query.Filters()) > 0
	err = src.EachSummary(func(s model.Summary) error {
		at := s.FirstReply
		if at.IsZero() {
			return nil
		}
		if d := model.DayOf(s.CreatedAt); d < from || d >= to {
			return nil
		}
		if filtered && !spec.Query.Match(s, custs[s.CustomerID], spec.Now, spec.Me, spec.SLA) {
			return nil
		}
		out.Cases = append(out.Cases, FirstResponse{Case: s.ID, ExternalID: s.ExternalID, Created: s.CreatedAt, Replied: at})
		return nil
	})
	if err != nil || len(out.Cases) == 0 {
		return out, err
	}
	waits := make([]time.Duration, len(out.Cases))
	for i, c := range out.Cases {
		waits[i] = c.Wait()
	}
	slices.Sort(waits)
	n := len(waits)
	out.Median = waits[n/2]
	if n%2 == 0 {
		out.Median = (waits[n/2-1] + waits[n/2]) / 2
	}
	return out, nil
}

// JSONFirstResponses is the JSON form: the answered cases and the median.
type JSONFirstResponses struct {
	Answered      int                 `json:"answered"`
	MedianMinutes float64             `json:"median_minutes"`
	Cases         []JSONFirstResponse `json:"cases"`
}

// JSONFirstResponse is one case's first reply.
type JSONFirstResponse struct {
	ID           uint64  `json:"id"`
	ExternalID   string  `json:"external_id"`
	CreatedAt    string  `json:"created_at"`
	FirstReplyAt string  `json:"first_reply_at"`
	Minutes      float64 `json:"minutes"`
}

func (f FirstResponses) json() *JSONFirstResponses {
	if len(f.Cases) == 0 {
		return nil
	}
	j := &JSONFirstResponses{Answered: len(f.Cases), MedianMinutes: round1(f.Median.Minutes()), Cases: make([]JSONFirstResponse, len(f.Cases))}
	for i, c := range f.Cases {
		j.Cases[i] = JSONFirstResponse{ID: uint64(c.Case), ExternalID: c.ExternalID, CreatedAt: c.Created.UTC().Format(time.RFC3339),
			FirstReplyAt: c.Replied.UTC().Format(time.RFC3339), Minutes: round1(c.Wait().Minutes())}
	}
	return j
}

// humanWait writes a wait as "3 h 20 min", "45 min", "2 d 4 h".
func humanWait(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return itoa(m) + " min"
	case m < 48*60:
		return itoa(m/60) + " h " + itoa(m%60) + " min"
	}
	return itoa(m/(24*60)) + " d " + itoa(m/60%24) + " h"
}

func itoa(n int) string { return thousands(n) }
