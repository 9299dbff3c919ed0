package caseindex

import (
	"time"

	"github.com/caredesk/caredesk/model"
)

// Count is how many cases of the snapshot match the filters of q (its
// words are not looked at): the count a saved view shows on the tab line.
// Filters on one interned field cost a table lookup per row, so a count
// over a million cases reads the rows once without building summaries.
func (s *Snapshot) Count(q model.Query, now time.Time, me string) int {
	plan := newFilterPlan(q, s, now, me, s.sla)
	n := 0
	for i := 0; i < s.n; i++ {
		r := s.At(int32(i))
		if !plan.tables(r) {
			continue
		}
		if plan.rest && !plan.q.Match(s.Summary(r), s.ModelCustomer(r), now, me, s.sla) {
			continue
		}
		n++
	}
	return n
}
