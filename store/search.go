package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/internal/fulltext"
	"github.com/caredesk/caredesk/model"
)

var _ model.TextSearcher = (*DB)(nil)

// minPrefix is the shortest word being typed that also matches as a
// prefix: one letter would read a twenty-sixth of the index per keystroke.
// And a word being typed that is already a word of some case means that
// word: `escrow` lists the cases holding escrow in the queue as in a
// report, not also those with escrowed; `escr` finds both.
const minPrefix = 2

// SearchText evaluates q's text and extra-field filters on the word index:
// every positive word or phrase must be in a case, no negated one may be,
// and each extra-field group must hold. Phrases (and words that fold to
// several, like an e-mail address) are confirmed on the case's text.
func (db *DB) SearchText(q model.Query) (hits model.TextHits, err error) {
	if !q.NeedsIndex() {
		return hits, nil
	}
	err = db.view(func(tx *bolt.Tx) error {
		s := searcher{db: db, tx: tx, words: tx.Bucket(bucketWords).Cursor(), bySource: map[string]*roaring.Bitmap{}}
		var err error
		hits, err = s.run(q)
		return err
	})
	return hits, err
}

type searcher struct {
	db       *DB
	tx       *bolt.Tx
	words    *bolt.Cursor
	bySource map[string]*roaring.Bitmap // where the positive words were found, for ranking
	orders   map[string][]uint32        // extra-field name → orders in field_keys
}

func (s *searcher) run(q model.Query) (model.TextHits, error) {
	var result *roaring.Bitmap // nil: every case so far
	and := func(bm *roaring.Bitmap) {
		if result == nil {
			result = bm
		} else {
			result.And(bm)
		}
	}
	var phrases []phraseTerm // positive phrases, confirmed on the text
	var first []model.CaseID
	for _, t := range q.Terms() {
		toks := fulltext.Words(t.Text)
		if len(toks) == 0 {
			continue
		}
		bm, err := s.termCases(toks, t.Prefix, !t.Not)
		if err != nil {
			return model.TextHits{}, err
		}
		// A word that names a case (its number, its external id) is
		// matched by that case as if the case held it: with other words
		// and filters the case must pass them too (new-user finding:
		// "error code was 402" listed case #402, which holds none of
		// the other words); alone it lists the case, first.
		var named []model.CaseID
		if !t.Not {
			named = s.named(t.Text)
			first = append(first, named...)
			for _, id := range named {
				bm.Add(uint32(id))
			}
		}
		if t.Not {
			if len(toks) > 1 {
				if result != nil {
					bm.And(result)
				}
				if bm, err = s.confirm(bm, toks, ""); err != nil {
					return model.TextHits{}, err
				}
			}
			if result == nil {
				if result, err = s.allCases(); err != nil {
					return model.TextHits{}, err
				}
			}
			result.AndNot(bm)
			continue
		}
		and(bm)
		if len(toks) > 1 {
			phrases = append(phrases, phraseTerm{toks, named})
		}
	}
	fields, err := s.fieldFilters(q, result)
	if err != nil {
		return model.TextHits{}, err
	}
	if fields != nil {
		and(fields)
	}
	if result == nil { // only case numbers, which Match decides
		return model.TextHits{}, nil
	}
	for _, p := range phrases {
		// An external id of several words (CFPB-123) names its case
		// whether or not its text holds them in a row.
		var keep []uint32
		for _, id := range p.named {
			if result.Contains(uint32(id)) {
				keep = append(keep, uint32(id))
			}
		}
		if result, err = s.confirm(result, p.words, ""); err != nil {
			return model.TextHits{}, err
		}
		result.AddMany(keep)
	}
	return s.rank(result, first, len(phrases) > 0), nil
}

// phraseTerm is a positive term of several words and the cases it names.
type phraseTerm struct {
	words []string
	named []model.CaseID
}

// named returns the case whose number or external id the word is.
func (s *searcher) named(word string) []model.CaseID {
	var out []model.CaseID
	if n, err := strconv.ParseUint(word, 10, 64); err == nil && n > 0 && n <= maxIndexedID {
		if s.tx.Bucket(bucketCases).Get(caseKey(model.CaseID(n))) != nil {
			out = append(out, model.CaseID(n))
		}
	}
	if id := findExternal(rtx{s.tx}, word); id != 0 && uint64(id) <= maxIndexedID {
		out = append(out, id)
	}
	return out
}

// termCases returns the cases holding every word of toks (the last also as
// a prefix when typing), recording where for ranking when rank is set.
func (s *searcher) termCases(toks []string, prefix, rank bool) (*roaring.Bitmap, error) {
	var out *roaring.Bitmap
	for i, tok := range toks {
		asPrefix := prefix && i == len(toks)-1 && len(tok) >= minPrefix && !s.isWord(tok)
		bm, err := s.wordCases(tok, asPrefix, rank)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = bm
		} else {
			out.And(bm)
		}
	}
	return out, nil
}

// wordCases returns the cases holding word (or a word it begins, with
// prefix) anywhere: in a case's text or its customer's (words.go).
func (s *searcher) wordCases(word string, prefix, rank bool) (*roaring.Bitmap, error) {
	seek := []byte(word)
	if !prefix {
		seek = append(seek, 0)
	}
	// This word's hits by source, each posting decoded once: the word's
	// cases are their union, and ranking adds them to bySource.
	mine := map[string]*roaring.Bitmap{}
	err := wordsInShards(s.words, seek, func(shard uint32, k, v []byte) error {
		zero := bytes.IndexByte(k[4:], 0)
		if zero < 1 {
			return s.db.corrupt("idx_words entry", k, errCorrupt)
		}
		src := ""
		if rank {
			src = string(k[4+zero:])
		}
		return s.addPosting(mine, src, shard, k, v)
	})
	if err != nil {
		return nil, err
	}
	parts := make([]*roaring.Bitmap, 0, len(mine))
	for src, bm := range mine {
		parts = append(parts, bm)
		if !rank {
			continue
		}
		if all := s.bySource[src]; all != nil {
			all.Or(bm)
		} else {
			s.bySource[src] = bm.Clone()
		}
	}
	return roaring.FastOr(parts...), nil
}

// isWord reports whether word is a whole word of some case or customer.
func (s *searcher) isWord(word string) bool {
	seek := append([]byte(word), 0)
	found := func(uint32, []byte, []byte) error { return errStop }
	return wordsInShards(s.words, seek, found) == errStop
}

// wordsInShards calls fn, shard by shard, for every key of a word index
// whose part after the shard begins with prefix (words.go: the shard comes
// first). It seeks each shard that has keys once, and stops at fn's first
// error.
func wordsInShards(c *bolt.Cursor, prefix []byte, fn func(shard uint32, k, v []byte) error) error {
	key := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(prefix)), 0)
	key = append(key, prefix...)
	for shard := uint64(0); shard <= maxIndexedID>>shardBits; {
		binary.BigEndian.PutUint32(key, uint32(shard))
		k, v := c.Seek(key)
		if k == nil {
			return nil
		}
		if len(k) < 4 {
			return fmt.Errorf("word index key %x: %w", k, errCorrupt)
		}
		if ks := uint64(binary.BigEndian.Uint32(k)); ks > shard {
			shard = ks // no key of the shards before: seek there
			continue
		}
		for ; k != nil && bytes.HasPrefix(k, key); k, v = c.Next() {
			if err := fn(uint32(shard), k, v); err != nil {
				return err
			}
		}
		shard++
	}
	return nil
}

// allCases is every indexed case, for a query that only excludes.
func (s *searcher) allCases() (*roaring.Bitmap, error) {
	out := roaring.New()
	c := s.tx.Bucket(bucketCases).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if id := getU64(k); id <= maxIndexedID {
			out.Add(uint32(id))
		}
	}
	return out, nil
}

// fieldFilters evaluates the extra-field filters: alternatives on one
// field OR, fields AND, negations exclude; a field in both parts of a
// narrowed view (model.Query.And) holds in both. nil when there are none.
func (s *searcher) fieldFilters(q model.Query, within *roaring.Bitmap) (*roaring.Bitmap, error) {
	type group struct {
		name string
		part int
	}
	var groups []group
	byGroup := map[group][]model.Filter{}
	for _, f := range q.Filters() {
		if f.Key != "field" {
			continue
		}
		g := group{f.Name, f.Part()}
		if byGroup[g] == nil {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], f)
	}
	if len(groups) == 0 {
		return nil, nil
	}
	for _, g := range groups {
		if len(s.fieldOrders(g.name)) == 0 {
			return nil, s.unknownField(g.name)
		}
	}
	var out *roaring.Bitmap
	for _, g := range groups {
		var pos, neg *roaring.Bitmap
		for _, f := range byGroup[g] {
			bm, err := s.fieldCases(g.name, f.Value)
			if err != nil {
				return nil, err
			}
			dst := &pos
			if f.Not {
				dst = &neg
			}
			if *dst == nil {
				*dst = bm
			} else {
				(*dst).Or(bm)
			}
		}
		if pos == nil {
			base := within
			if out != nil {
				base = out
			}
			var err error
			if base == nil {
				if base, err = s.allCases(); err != nil {
					return nil, err
				}
			}
			pos = base.Clone()
		}
		if neg != nil {
			pos.AndNot(neg)
		}
		if out == nil {
			out = pos
		} else {
			out.And(pos)
		}
	}
	return out, nil
}

// fieldCases returns the cases whose extra field name holds value's words
// in order.
func (s *searcher) fieldCases(name, value string) (*roaring.Bitmap, error) {
	toks := fulltext.Words(value)
	out := roaring.New()
	if len(toks) == 0 {
		return out, nil
	}
	for _, o := range s.fieldOrders(name) {
		var bm *roaring.Bitmap
		for _, tok := range toks {
			key := append([]byte(tok), wordSource(srcField, o)...)
			one := roaring.New()
			err := wordsInShards(s.words, key, func(shard uint32, k, v []byte) error {
				if len(k) != 4+len(key) {
					return nil // another field's order that begins with this one's bytes
				}
				if err := decodePosting(one, shard, v); err != nil {
					return s.db.corrupt("idx_words entry", k, err)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if bm == nil {
				bm = one
			} else {
				bm.And(one)
			}
		}
		out.Or(bm)
	}
	if len(toks) > 1 {
		return s.confirm(out, toks, name)
	}
	return out, nil
}

// fieldOrders lists the orders of the extra-field keys named name.
func (s *searcher) fieldOrders(name string) []uint32 {
	if s.orders == nil {
		s.orders = map[string][]uint32{}
		s.tx.Bucket(bucketFieldKeys).ForEach(func(k, v []byte) error {
			n := model.FieldName(string(k))
			s.orders[n] = append(s.orders[n], uint32(getU64(v)))
			return nil
		})
	}
	return s.orders[name]
}

// unknownField is the error of a filter on an extra field no case has:
// it names the fields there are, in the order the imports brought them,
// so a misspelt key is not a silent 0.
func (s *searcher) unknownField(name string) error {
	s.fieldOrders(name)
	type named struct {
		name  string
		order uint32
	}
	var all []named
	for n, os := range s.orders {
		all = append(all, named{n, slices.Min(os)})
	}
	if len(all) == 0 {
		return model.Errorf(model.EINVALID, "no field %s: the cases have no extra fields", name)
	}
	slices.SortFunc(all, func(a, b named) int { return cmp.Compare(a.order, b.order) })
	const most = 16
	names := make([]string, 0, most+1)
	for _, n := range all[:min(len(all), most)] {
		names = append(names, n.name)
	}
	if len(all) > most {
		names = append(names, "…")
	}
	return model.Errorf(model.EINVALID, "no field %s (fields: %s)", name, strings.Join(names, ", "))
}

// confirm keeps the cases of cands whose text holds toks one after the
// other: in any text (phrase.go), or with field set in that extra field
// only.
func (s *searcher) confirm(cands *roaring.Bitmap, toks []string, field string) (*roaring.Bitmap, error) {
	if field == "" {
		return s.confirmPhrase(cands, toks)
	}
	out := roaring.New()
	cases := s.tx.Bucket(bucketCases)
	it := cands.Iterator()
	for it.HasNext() {
		id := model.CaseID(it.Next())
		v := cases.Get(caseKey(id))
		if v == nil {
			continue
		}
		c, err := decodeCase(v)
		if err != nil {
			return nil, s.db.corrupt("case", caseKey(id), err)
		}
		for _, f := range c.Fields {
			if model.FieldName(f.Key) == field && hasPhrase(f.Value, toks) {
				out.Add(uint32(id))
				break
			}
		}
	}
	return out, nil
}

// hasPhrase reports whether text's words hold toks one after the other.
func hasPhrase(text string, toks []string) bool {
	words := fulltext.Words(text)
	for i := 0; i+len(toks) <= len(words); i++ {
		if slices.Equal(words[i:i+len(toks)], toks) {
			return true
		}
	}
	return false
}

// rank turns the result into hits: the named cases first, then phrase or
// subject hits, then the number of fields the words were found in.
func (s *searcher) rank(result *roaring.Bitmap, first []model.CaseID, phrase bool) model.TextHits {
	ids := result.ToArray()
	hits := model.TextHits{Filtered: true, IDs: make([]model.CaseID, len(ids)), Ranks: make([]uint16, len(ids))}
	for i, id := range ids {
		hits.IDs[i] = model.CaseID(id)
	}
	if phrase {
		for i := range hits.Ranks {
			hits.Ranks[i] = model.RankPhrase
		}
	}
	for src, bm := range s.bySource {
		subject := src == string([]byte{0, srcSubject})
		it := roaring.And(bm, result).Iterator()
		i := 0
		for it.HasNext() {
			id := it.Next()
			for ids[i] != id { // both ascending
				i++
			}
			if hits.Ranks[i]&model.RankFields < model.RankFields {
				hits.Ranks[i]++
			}
			if subject {
				hits.Ranks[i] |= model.RankPhrase
			}
		}
	}
	for _, id := range first {
		if r, ok := slices.BinarySearch(ids, uint32(id)); ok {
			hits.Ranks[r] |= model.RankFirst
		}
	}
	return hits
}

// addPosting adds a word's posting in one shard (key k, value v) to the
// bitmap of its source in bySource, which it starts when it has none.
func (s *searcher) addPosting(bySource map[string]*roaring.Bitmap, src string, shard uint32, k, v []byte) error {
	bm := bySource[src]
	if bm == nil {
		bm = roaring.New()
		bySource[src] = bm
	}
	if err := decodePosting(bm, shard, v); err != nil {
		return s.db.corrupt("idx_words entry", k, err)
	}
	return nil
}
