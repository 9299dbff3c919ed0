package caseindex

import (
	"time"

	"github.com/caredesk/caredesk/model"
)

// Counted views are the views a tab line shows beside the built-in ones —
// "My team", a lead's one per team, the config's [[view]]s — with the
// number of cases each selects (its filters; words are not looked at, as
// in Snapshot.Count). The index counts each once over every row and then
// patches the count from every notice it applies: a changed row leaves
// the count of its old version and joins that of its new one, as a
// queue's built-in counts are patched (patch.go). One count per view
// serves everyone who reads the index: on a team server fifty screens
// showing "billing" share one, where each screen used to count every row
// of every saved view once a second.
//
// Time: a query that reads the clock (is:overdue, is:followup-today) is
// counted as of a minute, notices patched with that minute's clock, and
// counted again over every row — those views only — at the next minute a
// queue ticks (Queue.Tick, every minute on every screen; the first screen
// of a minute pays, the others find it done). A row needs no notice to
// become overdue, so no patch could find it: only a recount can.

// CountedView is a view's count kept by the index. Counts live as long as
// the index: there are as many as distinct views in the config and teams
// (times agents for @me, zones for the clock's), each patched in
// microseconds per notice, and a screen that ends has no hook to say so.
type CountedView struct {
	x *Index
	c *viewCount
}

// viewCount is one view's shared count.
type viewCount struct {
	key   countKey
	q     model.Query
	clock bool // the query reads the clock
	now   time.Time
	n     int
	ok    bool // counted over the index's rows
	plan  filterPlan
	sizes [5]int // the interned values the plan covers
}

// countKey is what makes two views' counts the same: the query, and the
// agent or zone when it reads them.
type countKey struct {
	query, me, zone string
}

// countNeeds reports whether q reads the agent (@me, is:mine) or the
// clock (is:overdue, is:followup-today).
func countNeeds(q model.Query) (me, clock bool) {
	for _, f := range q.Filters() {
		switch {
		case f.Key == "assignee" && f.Value == "me", f.Key == "is" && f.Value == "mine":
			me = true
		case f.Key == "is" && (f.Value == "overdue" || f.Value == "followup-today"):
			clock = true
		}
	}
	return me, clock
}

// CountView counts the cases query q selects for agent me at now's
// minute, and keeps counting them: one count per query (and agent, and
// zone, where the query reads them) however many ask. It counts under the
// index's lock when the view is new: a few milliseconds at 100k cases,
// once per view, not per screen.
func (x *Index) CountView(q model.Query, me string, now time.Time) *CountedView {
	needMe, clock := countNeeds(q)
	key := countKey{query: q.String()}
	if needMe {
		key.me = me
	}
	if clock {
		key.zone = now.Location().String()
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.counts == nil {
		x.counts = map[countKey]*viewCount{}
	}
	c := x.counts[key]
	if c == nil {
		c = &viewCount{key: key, q: q, clock: clock, now: now.Truncate(time.Minute)}
		x.counts[key] = c
		if x.snap != nil {
			c.recount(x.snap)
		}
	}
	return &CountedView{x: x, c: c}
}

// N is the view's count; ok is false until the index has loaded.
func (v *CountedView) N() (n int, ok bool) {
	v.x.mu.Lock()
	defer v.x.mu.Unlock()
	return v.c.n, v.c.ok
}

// tickCounts counts the views that read the clock again when now is in a
// later minute than they were counted at.
func (x *Index) tickCounts(now time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.snap == nil {
		return
	}
	for _, c := range x.counts {
		if at := now.Truncate(time.Minute); c.clock && at.After(c.now) {
			c.now = at.In(c.now.Location())
			c.recount(x.snap)
		}
	}
}

// recountViews counts every view over snap (a load, a new epoch). Called
// with the lock held.
func (x *Index) recountViews() {
	for _, c := range x.counts {
		c.recount(x.snap)
	}
}

// patchCounts patches every view's count with applied change d on snap.
// A notice that renames customers recounts the views that read customers
// (a rename changes no row). Called with the lock held.
func (x *Index) patchCounts(snap *Snapshot, d *Delta, customers bool) {
	for _, c := range x.counts {
		if !c.ok {
			c.recount(snap)
			continue
		}
		p := c.planFor(snap)
		if customers && p.cust != nil {
			c.recount(snap)
			continue
		}
		for i := range d.rows {
			rc := &d.rows[i]
			if rc.had && c.match(snap, p, &rc.old) {
				c.n--
			}
			if c.match(snap, p, snap.At(rc.idx)) {
				c.n++
			}
		}
	}
}

func (c *viewCount) recount(snap *Snapshot) {
	c.n, c.ok = snap.Count(c.q, c.now, c.key.me), true
}

// planFor is the view's plan over snap's interned values, made again when
// the snapshot holds values it did not cover (a new assignee, tag set,
// team, channel or customer).
func (c *viewCount) planFor(snap *Snapshot) *filterPlan {
	sizes := [5]int{len(snap.who), len(snap.tagsets), len(snap.teams), len(snap.channels), len(snap.custs)}
	if sizes != c.sizes {
		c.plan, c.sizes = newFilterPlan(c.q, snap, c.now, c.key.me, snap.sla), sizes
	}
	return &c.plan
}

// match is Snapshot.Count's test of one row.
func (c *viewCount) match(snap *Snapshot, p *filterPlan, r *Row) bool {
	return p.tables(r) && (!p.rest || p.q.Match(snap.Summary(r), snap.ModelCustomer(r), c.now, c.key.me, snap.sla))
}
