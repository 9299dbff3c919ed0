package model

// TextHits are the cases a query's text and extra-field filters select,
// from the word index (a store's SearchText).
type TextHits struct {
	// Filtered is false when the query has no text or extra-field
	// filter: then every case passes and IDs is empty.
	Filtered bool
	IDs      []CaseID // ascending
	Ranks    []uint16 // Ranks[i] ranks IDs[i]: higher first (RankFirst, RankPhrase, matched fields)
}

// Rank bits. A case named by its number or external id comes first; then
// a phrase or subject hit; then the number of fields (subject, body,
// notes, customer, tags, each extra field…) the words were found in. Ties
// go to the most recent case.
const (
	RankFirst  uint16 = 1 << 15
	RankPhrase uint16 = 1 << 14
	RankFields uint16 = RankPhrase - 1 // mask of the field count
)

// Has reports whether id is among the hits, and its rank.
func (h *TextHits) Has(id CaseID) (uint16, bool) {
	lo, hi := 0, len(h.IDs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if h.IDs[m] < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(h.IDs) && h.IDs[lo] == id {
		return h.Ranks[lo], true
	}
	return 0, false
}

// TextSearcher finds the cases a query's text selects.
type TextSearcher interface {
	// SearchText evaluates q's words, phrases, exclusions, case numbers
	// and extra-field filters (not its other filters: Query.Match).
	SearchText(q Query) (TextHits, error)
}
