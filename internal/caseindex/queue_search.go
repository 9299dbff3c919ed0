package caseindex

import (
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Search lists the cases matching a query, best first, off the loop.
// fresh says the agent typed it: the list starts at its top. Within a
// saved view (SearchIn) the query narrows the view.
func (q *Queue) Search(raw string, fresh bool) Step { return q.SearchIn(q.scope, raw, fresh) }

// SearchIn lists the cases of scope, a saved view's query, that match
// raw, the words typed after it: two queries that must both hold, so
// that a view's status:active narrowed by status:pending lists the
// view's pending cases (model.Query.And). scope "" is Search over every
// case; raw "" lists the view.
func (q *Queue) SearchIn(scope, raw string, fresh bool) Step {
	var st Step
	if strings.TrimSpace(raw) == "" {
		raw = ""
	}
	if scope == "" && raw == "" {
		q.scope, q.query, q.qErr = "", "", ""
		q.shown = nil
		q.seq++
		if q.snap != nil {
			q.list = q.viewList()
			q.listed(&st, true)
		}
		return st
	}
	pq, err := q.parse(scope, raw)
	if err != nil {
		q.qErr = model.ErrorMessage(err)
		if badScope(scope, q.cfg.Teams) {
			// a saved view that cannot be read lists nothing under its
			// error: not the cases of the view it was opened over
			q.seq++
			q.scope, q.query, q.list = scope, raw, nil
			q.shown = &searchResult{seq: q.seq, sort: q.sort, raw: raw, scope: scope} // answered: nothing
			if q.snap != nil {
				q.shown.gen = q.snap.gen
			}
			q.listed(&st, true)
		}
		return st
	}
	q.scope, q.query, q.qErr = scope, raw, ""
	if q.snap == nil {
		return st
	}
	if fresh {
		q.toTop = true
	}
	st.add(q.search(pq))
	return st
}

// parse reads a search: the words typed (the last one still being
// typed), within scope when there is one.
func (q *Queue) parse(scope, raw string) (model.Query, error) {
	pq, err := model.ParseQuery(raw)
	if err == nil {
		err = pq.CheckTeams(q.cfg.Teams)
	}
	if err != nil || scope == "" {
		return pq.Typing(raw), err
	}
	sq, err := model.ParseQuery(scope)
	if err == nil {
		err = sq.CheckTeams(q.cfg.Teams)
	}
	return sq.And(pq.Typing(raw)), err
}

// badScope says a saved view's query is refused (teams: the desk's).
func badScope(scope string, teams *model.Routing) bool {
	if scope == "" {
		return false
	}
	sq, err := model.ParseQuery(scope)
	return err != nil || sq.CheckTeams(teams) != nil
}

// ClearQuery drops the query and lists the view again.
func (q *Queue) ClearQuery() Step {
	var st Step
	q.scope, q.query, q.qErr = "", "", ""
	q.shown = nil
	q.seq++ // drop any search still running
	if q.snap == nil {
		return st
	}
	q.list = q.viewList()
	q.listed(&st, false)
	return st
}

// viewList is the view's rows from the order (the head, before the load).
func (q *Queue) viewList() []int32 {
	if !q.snap.complete {
		return q.order
	}
	return filterView(q.snap, q.order, q.view, q.snap.MeIndex(q.cfg.Agent), q.clock())
}

// startSearch runs the search in force again, on the latest snapshot.
func (q *Queue) startSearch() Work {
	pq, err := q.parse(q.scope, q.query)
	if err != nil {
		return nil
	}
	return q.search(pq)
}

func (q *Queue) search(pq model.Query) Work {
	q.seq++
	if q.snap.complete && q.order == nil {
		// Every case is loaded but not yet sorted: a search now would
		// find nothing, and its answer would stand. The sort's answer
		// starts it (onOrder, the query with nothing shown).
		q.shown = nil
		return nil
	}
	q.orderOwned = false
	q.searchOld = q.sorting
	now := q.cfg.Now()
	req := searchReq{seq: q.seq, snap: q.snap, order: q.order, pos: q.pos, sort: q.orderSort, q: pq, raw: q.query, scope: q.scope,
		now: now.Unix(), prev: q.last, words: q.cfg.Words,
		env: matchEnv{me: q.cfg.Agent, sla: q.snap.sla, clk: NewClock(now, q.cfg.Location)}}
	q.searches++
	return func() Result {
		if len(req.pos) != len(req.order) && len(req.order) == req.snap.Len() {
			req.pos = inverse(req.order) // patched orders drop their inverse
		}
		return searchDone{res: runSearch(req)}
	}
}

func (q *Queue) onSearch(res *searchResult) Step {
	var st Step
	// A finished search, even a stale one, is a base to narrow within.
	if q.last == nil || res.seq > q.last.seq {
		q.last = res
	}
	if res.seq != q.seq || !q.Searched() {
		return st // a result for an older query
	}
	q.shown = res
	q.list = res.list
	q.listed(&st, false)
	return st
}

// Matches is the number of cases the query matches, and whether that
// answer is for the query as it is now (false while a search runs).
func (q *Queue) Matches() (int, bool) {
	if q.shown == nil {
		return 0, false
	}
	if q.shown.hasOutside {
		return len(q.shown.list) - 1, q.shown.seq == q.seq // the view's count
	}
	return len(q.shown.list), q.shown.seq == q.seq
}

// NearMatches says the cases listed are near matches: no case holds the
// query's words, and those listed hold words one typo away.
func (q *Queue) NearMatches() bool { return q.shown != nil && q.shown.typos }

// Highlight is the fuzzy text of the search listed, for marking what
// matched on screen; "" for none.
func (q *Queue) Highlight() string {
	if q.shown == nil {
		return ""
	}
	return q.shown.text
}
