package ui

import (
	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// wordsOf is the queue's word search: the store's word index answers for
// the words of a query, off the Update loop (the case index calls it from
// its search work). A failed read answers nothing rather than guess; the
// next change or keystroke searches again. A query the index refuses (a
// field no case has) is said on the search line.
func wordsOf(svc model.CaseReader) caseindex.WordsFunc {
	return func(q model.Query) ([]caseindex.WordHit, bool, error) {
		hits, err := svc.SearchText(q)
		if model.ErrorCode(err) == model.EINVALID {
			return nil, false, err
		}
		if err != nil || !hits.Filtered {
			return nil, err != nil, nil
		}
		out := make([]caseindex.WordHit, len(hits.IDs))
		for i, id := range hits.IDs {
			out[i] = caseindex.WordHit{ID: id, Score: int32(hits.Ranks[i])}
		}
		return out, true, nil
	}
}
