package caseindex

// A search of filters alone ("team:billing status:active", the "My team"
// view every team member opens with) is kept current by the queue's patch
// like a view's list: each changed row leaves or joins the results by
// the plan's table lookups. Running the search again for every change
// notice scanned every row, per screen, per notice: on a team server of
// 50 screens with teams that was half the CPU and the screens fell
// minutes behind.

// liveFilter is the plan a patch tests rows with, built on a snapshot
// whose interned values it covers.
type liveFilter struct {
	raw   string
	scope string
	sizes [4]int
	plan  filterPlan
}

func internSizes(s *Snapshot) [4]int {
	return [4]int{len(s.who), len(s.tagsets), len(s.teams), len(s.channels)}
}

// liveFilter returns the plan that decides the shown search's results
// on snap, or nil when they cannot be patched: a search with text or
// words (ranked), one that reads the clock or a customer (is:overdue,
// dates, names), one not in the order's sort, or not the latest.
func (q *Queue) liveFilter(snap *Snapshot, by Sort) *filterPlan {
	r := q.shown
	if !q.Searched() || r == nil || r.seq != q.seq || r.sort != by || r.text != "" || r.byWords || r.typos ||
		len(r.q.Filters()) == 0 || r.q.NeedsIndex() {
		return nil
	}
	lf := q.filt
	if lf == nil || lf.raw != r.raw || lf.scope != r.scope || lf.sizes != internSizes(snap) {
		plan := newFilterPlan(r.q, snap, q.cfg.Now(), q.cfg.Agent, snap.sla)
		lf = &liveFilter{raw: r.raw, scope: r.scope, sizes: internSizes(snap), plan: plan}
		q.filt = lf
	}
	if p := &lf.plan; p.rest || p.overdue != 0 || p.cust != nil {
		return nil
	}
	return &lf.plan
}

// patchedSearch is the shown search with its list patched onto snap: not
// a base to narrow within (its candidates are not kept).
func (q *Queue) patchedSearch(snap *Snapshot, list []int32) {
	r := *q.shown
	r.gen, r.list, r.cands = snap.gen, list, nil
	q.shown, q.last = &r, &r
	q.list = list
}
