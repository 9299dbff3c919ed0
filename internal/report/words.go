package report

import "github.com/caredesk/caredesk/model"

// searchText asks src's word index for the cases the query's words and
// extra-field filters select, once per report; a source without one
// cannot answer such a query and says so rather than ignore the words.
func (spec *Spec) searchText(src Source) error {
	if spec.hits != nil || !spec.Query.NeedsIndex() {
		return nil
	}
	ts, ok := src.(model.TextSearcher)
	if !ok {
		return model.Errorf(model.EINVALID, "%q: this report cannot search words, only key:value filters", spec.Query.String())
	}
	hits, err := ts.SearchText(spec.Query)
	if err != nil {
		return err
	}
	spec.hits = &hits
	return nil
}

// filtered reports whether the query selects cases at all.
func (spec *Spec) filtered() bool { return len(spec.Query.Filters()) > 0 || spec.Query.NeedsIndex() }

// matches reports whether summary s passes the query: its words through
// the hits searchText found, its other filters through Query.Match.
func (spec *Spec) matches(s *model.Summary, custs map[model.CustomerID]model.Customer) bool {
	if spec.hits != nil && spec.hits.Filtered {
		if _, ok := spec.hits.Has(s.ID); !ok {
			return false
		}
	}
	return len(spec.Query.Filters()) == 0 || spec.Query.Match(*s, custs[s.CustomerID], spec.Now, spec.Me, spec.SLA)
}
