package caseindex

import (
	"slices"
	"strconv"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// A case reference typed within a saved view — #1234, a bare number that
// is a case id, an external id, and nothing else — opens that case from
// any view, as a help desk's ticket-number search does: a customer on the
// phone gives the number of a closed case or another team's. The view's
// query does not apply to the reference alone (other words still narrow),
// so the case named is listed first even when the view leaves it out
// (searchResult.outside).

// refRow is the row the typed words name when they are nothing but a case
// reference; false when they are words like others.
func refRow(snap *Snapshot, raw string) (int32, bool) {
	q, err := model.ParseQuery(raw)
	if err != nil {
		return 0, false
	}
	fs, ts := q.Filters(), q.Terms()
	switch {
	case len(fs) == 1 && len(ts) == 0 && fs[0].Key == "case" && !fs[0].Not:
		return rowOfNumber(snap, fs[0].Value)
	case len(fs) == 0 && len(ts) == 1 && !ts[0].Not && !ts[0].Phrase:
		word := ts[0].Text
		if i, ok := rowOfNumber(snap, word); ok {
			return i, true
		}
		return rowOfExternal(snap, word)
	}
	return 0, false
}

func rowOfNumber(snap *Snapshot, s string) (int32, bool) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	return snap.Find(model.CaseID(n))
}

// rowOfExternal finds the case whose external id is ext, exactly (ignoring
// case, as the id: filter). It runs off the loop with the search, which
// reads every row anyway.
func rowOfExternal(snap *Snapshot, ext string) (int32, bool) {
	for i := int32(0); i < int32(snap.Len()); i++ {
		if r := snap.At(i); len(r.text)-int(r.ext) == len(ext) && strings.EqualFold(r.ExternalID(), ext) {
			return i, true
		}
	}
	return 0, false
}

// withRef lists the case the typed words name first when the view leaves
// it out.
func withRef(req searchReq, res *searchResult) {
	if req.scope == "" || res.refused != "" {
		return
	}
	i, ok := refRow(req.snap, req.raw)
	if !ok || slices.Contains(res.list, i) {
		return
	}
	res.outside = i
	res.hasOutside = true
	res.typos = false
	res.list = append([]int32{i}, res.list...)
}

// Outside is the case the words typed name that the saved view leaves out,
// listed first: a case reference opens its case from any view.
func (q *Queue) Outside() (*Row, bool) {
	if q.shown == nil || !q.shown.hasOutside || q.shown.seq != q.seq {
		return nil, false
	}
	return q.snap.At(q.shown.outside), true
}
