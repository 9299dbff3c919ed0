package ui

import (
	"slices"
	"strconv"

	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

// The test services answer SearchText by reading every case's text, as a
// person would: no index, the same word rule. The store's own tests hold
// its index to such a recount; these let the panes be driven with words.

// caseText is one case's texts for the naive search.
type caseText struct {
	id      model.CaseID
	subject string
	texts   []string
	fields  map[string][]string
	ext     string
}

func textOf(c *model.Case, cu model.Customer, evs []model.Event) caseText {
	ct := caseText{id: c.ID, subject: c.Subject, ext: c.ExternalID, fields: map[string][]string{}}
	ct.texts = append([]string{c.Subject, c.Body, c.ExternalID, cu.Name, cu.Email, cu.Phone}, c.Tags...)
	for _, f := range c.Fields {
		ct.texts = append(ct.texts, f.Value)
		ct.fields[model.FieldName(f.Key)] = append(ct.fields[model.FieldName(f.Key)], f.Value)
	}
	for _, ev := range evs {
		if ev.Kind == model.EventNote || ev.Kind == model.EventReply {
			ct.texts = append(ct.texts, ev.To)
		}
	}
	return ct
}

// holdsWords reports whether a text holds toks in a row (the last as a
// prefix when prefix).
func holdsWords(text string, toks []string, prefix bool) bool {
	ws := fulltext.Words(text)
	for i := 0; i+len(toks) <= len(ws); i++ {
		ok := true
		for j, t := range toks {
			w := ws[i+j]
			if w != t && !(prefix && j == len(toks)-1 && len(t) >= 2 && len(w) > len(t) && w[:len(t)] == t) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func naiveSearch(q model.Query, all []caseText) model.TextHits {
	if !q.NeedsIndex() {
		return model.TextHits{}
	}
	hits := model.TextHits{Filtered: true}
	slices.SortFunc(all, func(a, b caseText) int { return int(a.id) - int(b.id) })
	// A word being typed that is a whole word of some case means that word.
	prefix := map[string]bool{}
	for _, t := range q.Terms() {
		toks := fulltext.Words(t.Text)
		if !t.Prefix || len(toks) == 0 {
			continue
		}
		last := toks[len(toks)-1:]
		prefix[t.Text] = !slices.ContainsFunc(all, func(ct caseText) bool {
			return slices.ContainsFunc(ct.texts, func(s string) bool { return holdsWords(s, last, false) })
		})
	}
	for _, ct := range all {
		ok, rank, phrase := true, uint16(0), false
		for _, t := range q.Terms() {
			toks := fulltext.Words(t.Text)
			if len(toks) == 0 {
				continue
			}
			in := slices.ContainsFunc(ct.texts, func(s string) bool { return holdsWords(s, toks, prefix[t.Text]) })
			if in == t.Not {
				ok = false
			}
			phrase = phrase || !t.Not && (len(toks) > 1 || holdsWords(ct.subject, toks, prefix[t.Text]))
			if !t.Not && in {
				rank++
			}
		}
		byName := map[string]bool{}
		for _, f := range q.Filters() {
			if f.Key != "field" {
				continue
			}
			in := slices.ContainsFunc(ct.fields[f.Name], func(s string) bool { return holdsWords(s, fulltext.Words(f.Value), false) })
			if f.Not && in {
				ok = false
			}
			if !f.Not {
				byName[f.Name] = byName[f.Name] || in
			}
		}
		for _, in := range byName {
			ok = ok && in
		}
		named := false
		for _, t := range q.Terms() {
			named = named || !t.Not && (t.Text == ct.ext || t.Text == strconv.FormatUint(uint64(ct.id), 10))
		}
		if !ok && !named {
			continue
		}
		if phrase {
			rank |= model.RankPhrase
		}
		if named {
			rank |= model.RankFirst
		}
		hits.IDs = append(hits.IDs, ct.id)
		hits.Ranks = append(hits.Ranks, rank)
	}
	return hits
}

func (m *memService) SearchText(q model.Query) (model.TextHits, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var all []caseText
	for id, c := range m.cases {
		var cu model.Customer
		if p := m.customers[c.CustomerID]; p != nil {
			cu = *p
		}
		all = append(all, textOf(c, cu, m.events[id]))
	}
	return naiveSearch(q, all), nil
}

func (s *casePaneService) SearchText(q model.Query) (model.TextHits, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []caseText
	for id, c := range s.cases {
		all = append(all, textOf(&c, s.customers[c.CustomerID], s.events[id]))
	}
	return naiveSearch(q, all), nil
}
