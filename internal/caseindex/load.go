package caseindex

import (
	"cmp"
	"slices"

	"github.com/caredesk/caredesk/model"
)

// Source is what the index reads from the store: the first page of the
// queue straight from the store's index, then every customer and case.
// model.CaseService has it all; tests hand in a generator.
type Source interface {
	SLA() model.SLAPolicy
	QueueHead(statuses []model.Status, n int) ([]model.Summary, error)
	Customer(id model.CustomerID) (model.Customer, error)
	Stats() (model.Stats, error)
	EachCustomer(fn func(model.Customer) error) error
	EachSummary(fn func(model.Summary) error) error
}

// HeadSize is how many cases the first screen reads straight from the
// store's queue index, before the full load.
const HeadSize = 500

// loadHead reads the first page of open cases straight from the store's
// index, so the first screen does not wait for a million rows.
func loadHead(svc Source) headResult {
	heads, err := svc.QueueHead([]model.Status{model.StatusNew, model.StatusOpen}, HeadSize)
	if err != nil {
		return headResult{err: err}
	}
	b := newBuilder(svc.SLA())
	seen := map[model.CustomerID]bool{}
	for _, s := range heads {
		if s.CustomerID != 0 && !seen[s.CustomerID] {
			seen[s.CustomerID] = true
			if c, err := svc.Customer(s.CustomerID); err == nil {
				b.upsertCustomer(c)
			}
		}
	}
	// Rows are kept in id order; the head's own order is the list.
	sorted := slices.Clone(heads)
	slices.SortFunc(sorted, func(a, b model.Summary) int { return cmp.Compare(a.ID, b.ID) })
	for i := range sorted {
		b.appendRow(b.makeRow(&sorted[i]))
	}
	st, _ := svc.Stats()
	return headResult{b: b, stats: st}
}

// loadIndex reads every customer and case from the service into a new
// builder: the background load after the first screen.
func loadIndex(svc Source) (*builder, error) {
	b := newBuilder(svc.SLA())
	err := svc.EachCustomer(func(c model.Customer) error {
		b.upsertCustomer(c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sorted := true
	var last model.CaseID
	err = svc.EachSummary(func(s model.Summary) error {
		if s.ID <= last {
			sorted = false
		}
		last = s.ID
		if sorted {
			b.appendRow(b.makeRow(&s))
		} else {
			b.upsert(&s)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.snap.complete = true
	return b, nil
}
