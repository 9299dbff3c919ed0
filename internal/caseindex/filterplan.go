package caseindex

import (
	"time"

	"github.com/caredesk/caredesk/model"
)

// filterPlan evaluates a query's filters. Query.Match takes them in
// groups of one key (alternatives) that must all hold. A group whose key
// reads one interned field of a row (status, priority, channel,
// assignee, tag set, customer) is decided once per distinct value, up
// front, and then costs a table lookup per row; the other groups (id,
// dates, is:overdue, is:followup-today) run through Query.Match.
type filterPlan struct {
	status, prio []bool // by value
	channel      []bool // by channelRef
	who          []bool // by interned assignee
	tags         []bool // by interned tag set
	cust         []bool // by row.cust
	team         []bool // by interned team
	// overdue is is:overdue (+1) or -is:overdue (-1) read from the row's
	// due time, which the builder computed by the model's one rule: a
	// team's business hours are not walked again per row.
	overdue int
	handed  int // is:handedoff, likewise, from the row's flag
	now     int64
	rest    bool // q holds filters to Match per row
	q       model.Query
}

// filterField is the row field a filter key reads, or fieldRow.
type filterField int

const (
	fieldRow filterField = iota
	fieldStatus
	fieldPrio
	fieldChannel
	fieldWho
	fieldTags
	fieldCust
	fieldTeam
	fieldOverdue
	fieldHanded
)

func fieldOf(f model.Filter) filterField {
	switch f.Key {
	case "status":
		return fieldStatus
	case "priority":
		return fieldPrio
	case "channel":
		return fieldChannel
	case "assignee":
		return fieldWho
	case "tag":
		return fieldTags
	case "customer":
		return fieldCust
	case "team":
		return fieldTeam
	case "is":
		switch f.Value {
		case "overdue":
			return fieldOverdue
		case "handedoff":
			return fieldHanded
		case "unassigned", "mine":
			return fieldWho
		case "untagged":
			return fieldTags
		}
	}
	return fieldRow
}

func newFilterPlan(q model.Query, s *Snapshot, now time.Time, me string, sla model.SLAPolicy) filterPlan {
	fs := q.Filters()
	plan := filterPlan{rest: true, q: q, now: now.Unix()}
	var rest []int // the filters left to Match, by place
	for i := 0; i < len(fs); {
		// A group as Match forms it: a run of one key (one value for is:)
		// and one part of a narrowed view (model.Query.And).
		j := q.GroupEnd(i)
		field := fieldOf(fs[i])
		if (field == fieldOverdue || field == fieldHanded) && j == i+1 {
			dst := &plan.overdue
			if field == fieldHanded {
				dst = &plan.handed
			}
			want := 1
			if fs[i].Not {
				want = -1
			}
			if *dst != 0 && *dst != want {
				want = 2 // both: nothing passes, as in Match
			}
			*dst = want
			i = j
			continue
		}
		if field == fieldOverdue || field == fieldHanded {
			field = fieldRow
		}
		group := make([]int, 0, j-i)
		for k := i; k < j; k++ {
			group = append(group, k)
		}
		i = j
		if field == fieldRow {
			rest = append(rest, group...)
			continue
		}
		gq := q.Pick(group)
		match := func(sum model.Summary, c model.Customer) bool { return gq.Match(sum, c, now, me, sla) }
		var tab []bool
		switch field {
		case fieldStatus:
			tab = make([]bool, 256)
			for v := range tab {
				tab[v] = match(model.Summary{Status: model.Status(v)}, model.Customer{})
			}
		case fieldPrio:
			tab = make([]bool, 256)
			for v := range tab {
				tab[v] = match(model.Summary{Priority: model.Priority(v)}, model.Customer{})
			}
		case fieldChannel:
			tab = make([]bool, len(s.channels))
			for v, ch := range s.channels {
				tab[v] = match(model.Summary{Channel: ch}, model.Customer{})
			}
		case fieldWho:
			tab = make([]bool, len(s.who))
			for v, w := range s.who {
				tab[v] = match(model.Summary{Assignee: w}, model.Customer{})
			}
		case fieldTags:
			tab = make([]bool, len(s.tagsets))
			for v, ts := range s.tagsets {
				tab[v] = match(model.Summary{Tags: ts}, model.Customer{})
			}
		case fieldTeam:
			tab = make([]bool, len(s.teams))
			for v, t := range s.teams {
				tab[v] = match(model.Summary{Team: t}, model.Customer{})
			}
		case fieldCust:
			tab = make([]bool, len(s.custs)+1)
			for v := range tab {
				var c model.Customer
				if v > 0 {
					c = model.Customer{ID: s.custs[v-1].id, Name: s.custs[v-1].name, Email: s.custs[v-1].email}
				}
				tab[v] = match(model.Summary{}, c)
			}
		}
		// Two groups on one field (is:mine with @ana, or a view's
		// status:active and the status:pending typed after it) must both
		// hold.
		dst := plan.table(field)
		if *dst != nil {
			for v := range tab {
				tab[v] = tab[v] && (*dst)[v]
			}
		}
		*dst = tab
	}
	if len(rest) == 0 {
		plan.rest = false
	} else if len(rest) != len(fs) {
		plan.q = q.Pick(rest)
	}
	return plan
}

func (p *filterPlan) table(f filterField) *[]bool {
	switch f {
	case fieldStatus:
		return &p.status
	case fieldPrio:
		return &p.prio
	case fieldChannel:
		return &p.channel
	case fieldWho:
		return &p.who
	case fieldTags:
		return &p.tags
	case fieldTeam:
		return &p.team
	}
	return &p.cust
}

// tables reports whether r passes the filters decided by field. A value
// beyond a table (a row added after the plan) fails, which cannot
// happen: a search reads one snapshot.
func (p *filterPlan) tables(r *Row) bool {
	if p.overdue != 0 {
		over := model.SLAApplies(r.status, r.follow != 0) && r.due < p.now
		if p.overdue == 2 || over != (p.overdue > 0) {
			return false
		}
	}
	if p.handed != 0 && (p.handed == 2 || r.handed != (p.handed > 0)) {
		return false
	}
	return pass(p.status, int(r.status)) && pass(p.prio, int(r.prio)) && pass(p.channel, int(r.channel)) &&
		pass(p.who, int(r.who)) && pass(p.tags, int(r.tags)) && pass(p.cust, custSlot(p.cust, r.cust)) &&
		pass(p.team, int(r.team))
}

// custSlot is the table entry of a row's customer: 0, no customer, for
// one the snapshot does not hold, as snapshot.customer reads it.
func custSlot(tab []bool, c uint32) int {
	if int(c) >= len(tab) {
		return 0
	}
	return int(c)
}

func pass(tab []bool, v int) bool { return tab == nil || v < len(tab) && tab[v] }
