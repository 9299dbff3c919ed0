package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// buildFromScan makes one pass over the summaries: for filtered heatmaps
// and for metrics the counters do not hold.
func buildFromScan(src Source, spec Spec) (*Matrix, error) {
	custs, err := customersFor(src, spec.Query)
	if err != nil {
		return nil, err
	}
	a := newScanAcc(&spec)
	from, to := spec.bounds()
	err = src.EachSummary(func(s model.Summary) error {
		d := model.DayOf(s.CreatedAt)
		if d < from || d >= to {
			return nil
		}
		if !spec.matches(&s, custs) {
			return nil
		}
		a.add(&s, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.matrix(), nil
}

// customersFor loads the customers when the query filters on them, and
// only then: most queries never look.
func customersFor(src Source, q model.Query) (map[model.CustomerID]model.Customer, error) {
	need := false
	for _, f := range q.Filters() {
		need = need || f.Key == "customer"
	}
	if !need {
		return nil, nil
	}
	m := map[model.CustomerID]model.Customer{}
	err := src.EachCustomer(func(c model.Customer) error {
		m[c.ID] = c
		return nil
	})
	return m, err
}

type dayCell struct {
	row int32
	day model.Day
}

type custCell struct {
	row  int32
	from model.Day // period start
	cust model.CustomerID
}

type custTotal struct {
	row  int32
	cust model.CustomerID
}

// contact is one case of a customer under a row, for the repeat metric:
// whether two cases are a repeat contact depends on their times.
type contact struct {
	row  int32
	cust model.CustomerID
	id   model.CaseID
	at   time.Time
	from model.Day // period start
}

// scanAcc accumulates matched cases. Additive metrics count per row and
// day, then fold days into periods exactly as the counters are folded;
// customer metrics count cases per row, period and customer, because a
// distinct count cannot be summed afterwards.
type scanAcc struct {
	spec  *Spec
	rf    rowFilter
	index map[string]int32 // row key: tag, "area/" or "" (untagged)
	keys  []string

	days     map[dayCell]int
	cells    map[custCell]int32
	totals   map[custTotal]int32
	contacts []contact // RepeatContacts only

	lo, hi model.Day
	any    bool

	rows     []int32 // scratch: the rows of the current case
	cacheDay model.Day
	cacheP   model.Day
	cacheOK  bool
}

func newScanAcc(spec *Spec) *scanAcc {
	a := &scanAcc{spec: spec, rf: newRowFilter(spec), index: map[string]int32{}}
	if spec.Metric == RepeatContacts {
		a.cells = map[custCell]int32{} // rows with nobody to count
	} else if spec.Metric.distinct() {
		a.cells = map[custCell]int32{}
		a.totals = map[custTotal]int32{}
	} else {
		a.days = map[dayCell]int{}
	}
	return a
}

func (a *scanAcc) row(key string) int32 {
	i, ok := a.index[key]
	if !ok {
		i = int32(len(a.keys))
		a.index[key] = i
		a.keys = append(a.keys, key)
	}
	return i
}

func (a *scanAcc) add(s *model.Summary, d model.Day) {
	a.rows = a.rows[:0]
	if len(s.Tags) == 0 {
		if a.rf.untagged() {
			a.rows = append(a.rows, a.row(""))
		}
	} else {
		for _, t := range s.Tags {
			if a.rf.allows(t) {
				a.rows = append(a.rows, a.row(t))
			}
		}
	}
	if len(a.rows) == 0 {
		return
	}
	if !a.any || d < a.lo {
		a.lo = d
	}
	if !a.any || d > a.hi {
		a.hi = d
	}
	a.any = true

	// An area counts a case once however many of its tags the case
	// carries.
	for _, r := range a.rows {
		if k := a.keys[r]; k != "" && !isAreaKey(k) {
			ar := a.row(areaKey(k))
			if !slices.Contains(a.rows, ar) {
				a.rows = append(a.rows, ar)
			}
		}
	}
	switch a.spec.Metric {
	case Cases, Overdue, Handoffs:
		n := 1
		if a.spec.Metric == Overdue {
			if st, _ := a.spec.SLA.State(*s, a.spec.Now); st != model.SLAOverdue {
				n = 0 // still recorded, so every metric has the same rows
			}
		}
		if a.spec.Metric == Handoffs {
			n = int(s.Handoffs)
		}
		for _, r := range a.rows {
			a.days[dayCell{r, d}] += n
		}
		return
	}
	if s.CustomerID == 0 {
		for _, r := range a.rows {
			a.cells[custCell{r, a.periodStart(d), 0}] += 0 // the row exists, with nobody to count
		}
		return
	}
	ps := a.periodStart(d)
	if a.spec.Metric == RepeatContacts {
		for _, r := range a.rows {
			a.contacts = append(a.contacts, contact{r, s.CustomerID, s.ID, s.CreatedAt, ps})
		}
		return
	}
	for _, r := range a.rows {
		a.cells[custCell{r, ps, s.CustomerID}]++
		a.totals[custTotal{r, s.CustomerID}]++
	}
}

// repeats counts, per row, the customers with a repeat contact
// (model.RepeatPair): a cell counts those who came back in its period
// (the later case of a pair is in it), the total counts each once over the
// whole range, so every customer of the total is in some cell. The pairs'
// cases are kept per cell for the drill-down. Sorted by row, customer and
// time, two cases within the window are next to each other somewhere.
func (a *scanAcc) repeats(m *Matrix, rows []*Row) {
	cs := a.contacts
	slices.SortFunc(cs, func(x, y contact) int {
		if x.row != y.row {
			return cmp.Compare(x.row, y.row)
		}
		if x.cust != y.cust {
			return cmp.Compare(x.cust, y.cust)
		}
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	for i := 0; i < len(cs); {
		j := i + 1
		for j < len(cs) && cs[j].row == cs[i].row && cs[j].cust == cs[i].cust {
			j++
		}
		r := rows[cs[i].row]
		repeat, last := false, -1
		for k := i + 1; k < j; k++ {
			if !model.RepeatPair(cs[k-1].at, cs[k].at) {
				continue
			}
			repeat = true
			p := m.PeriodIndex(cs[k].from)
			if p < 0 {
				continue
			}
			if p != last {
				r.Counts[p]++
				last = p
			}
			m.keepRepeat(r.Tag, p, cs[k-1].id, cs[k].id)
		}
		if repeat {
			r.Total++
		}
		i = j
	}
}

// periodStart caches the last day's period: summaries come in id order,
// which is mostly creation order.
func (a *scanAcc) periodStart(d model.Day) model.Day {
	if !a.cacheOK || d != a.cacheDay {
		a.cacheDay, a.cacheP, a.cacheOK = d, model.PeriodOf(a.spec.G, d).Start, true
	}
	return a.cacheP
}

func (a *scanAcc) matrix() *Matrix {
	m := frame(a.spec, a.lo, a.hi, a.any)
	if !a.spec.Metric.distinct() {
		cs := make([]model.TagDayCount, 0, len(a.days))
		for k, n := range a.days {
			cs = append(cs, model.TagDayCount{Tag: a.keys[k.row], Day: k.day, Count: n})
		}
		m.foldDays(cs)
		m.finishRows()
		return m
	}

	rows := make([]*Row, len(a.keys))
	for i, k := range a.keys {
		r := &Row{Tag: k, Counts: make([]int, len(m.Periods))}
		rows[i] = r
	}
	if a.spec.Metric == RepeatContacts {
		a.repeats(m, rows)
	} else {
		for k := range a.cells {
			if k.cust == 0 {
				continue
			}
			if p := m.PeriodIndex(k.from); p >= 0 {
				rows[k.row].Counts[p]++
			}
		}
		for k := range a.totals {
			rows[k.row].Total++
		}
	}
	for i, k := range a.keys {
		switch {
		case k == "":
			m.Untagged = *rows[i]
		case isAreaKey(k):
			m.Areas = append(m.Areas, *rows[i])
		default:
			m.Rows = append(m.Rows, *rows[i])
		}
	}
	m.finishRows()
	return m
}
