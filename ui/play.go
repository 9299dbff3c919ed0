package ui

import "github.com/caredesk/caredesk/model"

// Play mode: ] and [ in the case pane walk the queue in the order the agent
// saw when they opened a case from it. Their own actions move cases out of
// the view (a claimed case leaves "Unassigned", a resolved one the open
// views) and would make a walk over the live order skip the next case;
// walking a copy made at the start visits every case of the view once.

// playList is the queue's order when play started: the case ids of a
// window around the opened case, and where that window sits in the queue.
type playList struct {
	ids   []model.CaseID
	base  int // queue position of ids[0]
	total int // the queue's length at the start
	pos   int // index in ids of the case play is on
}

// playWindow bounds the copy made on opening a case, each side of it, so
// that opening a case in a million-case view copies thousands of ids, not
// a million; no agent walks that far in one go.
const playWindow = 5000

// at is the 1-based queue position of the case play is on.
func (pl *playList) at() int { return pl.base + pl.pos + 1 }

// playFrom copies the queue's order around case id, or returns nil when
// the case is not in the queue's current list.
func (q *queuePane) playFrom(id model.CaseID) *playList {
	snap, list := q.ix.Snapshot(), q.ix.List()
	if snap == nil || len(list) == 0 {
		return nil
	}
	k := -1
	if q.cursor >= 0 && q.cursor < len(list) && snap.At(list[q.cursor]).ID() == id {
		k = q.cursor
	} else if ri, ok := snap.Find(id); ok {
		k = q.ix.Place(ri)
	}
	if k < 0 {
		return nil
	}
	lo, hi := max(0, k-playWindow), min(len(list), k+playWindow+1)
	ids := make([]model.CaseID, hi-lo)
	for i := lo; i < hi; i++ {
		ids[i-lo] = snap.At(list[i]).ID()
	}
	return &playList{ids: ids, base: lo, total: len(list), pos: k - lo}
}

// selectCase puts the queue's cursor on case id when the view still has
// it, so that esc from play mode lands where the agent is.
func (q *queuePane) selectCase(id model.CaseID) {
	snap := q.ix.Snapshot()
	if snap == nil {
		return
	}
	if ri, ok := snap.Find(id); ok {
		if k := q.ix.Place(ri); k >= 0 {
			q.cursor = k
			q.clamp()
			q.sel = q.selectedID()
		}
	}
}

// stepPlay moves play by delta and opens the case there. Without a play
// list (a case opened by a command) it starts one from the queue's
// current order.
func (a *app) stepPlay(delta int) (openCaseMsg, string) {
	if a.play == nil {
		a.play = a.source.playFrom(a.opened)
	}
	pl := a.play
	if pl == nil {
		return openCaseMsg{}, "this case is not in the queue's view: no next case"
	}
	next := pl.pos + delta
	if next < 0 || next >= len(pl.ids) {
		if delta > 0 {
			return openCaseMsg{}, "no next case in the queue as you started it"
		}
		return openCaseMsg{}, "no previous case in the queue as you started it"
	}
	pl.pos = next
	id := pl.ids[next]
	a.source.selectCase(id)
	return openCaseMsg{id: id, playAt: pl.at(), playOf: pl.total}, ""
}
