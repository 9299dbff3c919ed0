package caseindex

// A queue out of sight on a team server. Every screen's queue follows the
// shared index, and most screens show a case, not the queue: patching the
// order of every case on each of them for every save (moving up to the
// whole order in memory, per screen, per save) was the work that grew
// with screens × cases. Out of sight, only the counts follow at once (the
// tab line shows them on every pane), by the changed rows alone; the rows
// are noted, and when the queue is shown again Follow sorts them back into
// the order it kept (resort), off the caller's loop.

// maxNoted bounds the rows noted while out of sight; past it the order is
// sorted afresh when shown.
const maxNoted = 1 << 14

// FollowCounts takes the news that a shared index changed, while the
// queue is out of sight: the counts catch up at once, the order and the
// list at the next Follow. Where the counts cannot be patched (a load, a
// sort running, a new epoch) it is Follow.
func (q *Queue) FollowCounts() Step {
	if !q.countsCurrent() {
		return q.flush()
	}
	ds, snap, _, at, ok := q.ix.since(q.epoch, q.version)
	if !ok || snap == nil {
		return q.flush()
	}
	if snap == q.snap {
		return Step{}
	}
	if q.me == 0 {
		// The agent's first case (their name new to the index, so no row
		// before was theirs) counts as theirs from here on, like every
		// row the changes touch: it was a recompute on each screen of a
		// new agent. A name once in the index keeps its place until the
		// next epoch.
		q.me = snap.MeIndex(q.cfg.Agent)
	}
	// Each row once: out as it was before the first change, in as it is.
	// (A frame's few rows are scanned, not hashed: every screen out of
	// sight does this for every save.)
	var seen rowSet
	for _, d := range ds {
		for i := range d.rows {
			rc := &d.rows[i]
			if seen.get(rc.idx) != nil {
				continue
			}
			seen.put(rc.idx, &rc.old)
			if rc.had {
				addCounts(&q.counts, &rc.old, q.me, q.clk, -1)
			}
			addCounts(&q.counts, snap.At(rc.idx), q.me, q.clk, 1)
			if !q.resortAll {
				q.changed = append(q.changed, rc.idx)
			}
		}
	}
	if len(q.changed) > maxNoted {
		q.changed, q.resortAll = nil, true
	}
	// The order and list keep their rows (row numbers hold within an
	// epoch) in the order of their old keys; canPatch is false while rows
	// are noted, so the next flush sorts them back in.
	q.snap, q.version = snap, at
	q.orderOwned = false
	return Step{}
}

// TickCounts is Tick for a queue out of sight: the two counts that move
// with the clock are counted again, in one pass over the rows (a
// millisecond at 100k), and nothing is sorted; a list that reads the clock
// (overdue, follow-ups, a search) is filtered again at the next Follow.
// Every screen of a team server ticks once a minute, and screens opened
// together tick together: a recompute each (a sort, filter and count of
// every case, 23 ms at 100k) was 4.6 s of CPU in one burst at 200
// screens, and every key and save waited 2-3 s behind it. Where the
// counts are not current (a load, a sort running) it is Tick.
func (q *Queue) TickCounts() Step {
	if !q.countsCurrent() {
		return q.Tick()
	}
	q.ix.tickCounts(q.cfg.Now())
	q.clk = q.clock()
	q.counts[ViewOverdue], q.counts[ViewFollowUps] = clockCounts(q.snap, q.clk)
	if q.view == ViewOverdue || q.view == ViewFollowUps || q.Searched() {
		q.clockMoved = true
	}
	return Step{}
}

// countsCurrent reports whether a shared queue's counts are those of its
// snapshot, so that out of sight they can be kept by the rows alone (no
// load, no sort running, every view counted).
func (q *Queue) countsCurrent() bool {
	if !q.shared || q.snap == nil || !q.snap.complete || q.loading || q.sorting || q.sortAgain {
		return false
	}
	for _, k := range q.known {
		if !k {
			return false
		}
	}
	return true
}
