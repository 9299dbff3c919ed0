package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// migrateTagUse fills each tag's first and last use (schema 6): the tags
// pane showed its cases' creation days, which say nothing of when an
// agent added the tag. From the events where there are some — a tag
// added by an agent at its event's time — and otherwise with the case: a
// tag a case carries (or carried, before an agent took it off) without
// an event adding it came with the case. Tags renamed or merged since
// count under their name now. One walk of the cases and their events.
func migrateTagUse(tx *bolt.Tx, _ *Options) error {
	renamed, err := tagRenames(tx)
	if err != nil {
		return err
	}
	use := map[string]*tagRecord{}
	tags := tx.Bucket(bucketTags)
	note := func(tag string, at int64) {
		if tags.Get([]byte(tag)) == nil { // renamed or merged since
			tag = renamed.resolve(tag)
		}
		r := use[tag]
		if r == nil {
			r = &tagRecord{}
			use[tag] = r
		}
		r.added(at)
	}
	evc := tx.Bucket(bucketEvents).Cursor()
	err = tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		s, err := decodeSummary(v, nil)
		if err != nil {
			return fmt.Errorf("case %d: %w", getU64(k), err)
		}
		created := s.CreatedAt.Unix()
		var byEvent map[string]bool // tags an event put on the case
		for ek, ev := evc.Seek(k); ek != nil && bytes.HasPrefix(ek, k); ek, ev = evc.Next() {
			e, err := decodeEvent(s.ID, ev)
			if err != nil {
				return fmt.Errorf("case %d: event: %w", s.ID, err)
			}
			if byEvent == nil {
				byEvent = map[string]bool{}
			}
			switch e.Kind {
			case model.EventTagAdded:
				note(e.To, e.At.Unix())
				byEvent[e.To] = true
			case model.EventTagRenamed:
				byEvent[e.To] = byEvent[e.To] || byEvent[e.From]
			case model.EventTagRemoved:
				if !byEvent[e.From] {
					note(e.From, created)
				}
			}
		}
		for _, t := range s.Tags {
			if !byEvent[t] {
				note(t, created)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	b := tags
	type put struct{ k, v []byte }
	var puts []put
	err = b.ForEach(func(k, v []byte) error {
		rec, err := decodeTag(v)
		if err != nil {
			return fmt.Errorf("tag %s: %w", k, err)
		}
		if u := use[string(k)]; u != nil {
			rec.First, rec.Last = u.First, u.Last
		}
		puts = append(puts, put{bytes.Clone(k), encodeTag(&rec)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := b.Put(p.k, p.v); err != nil {
			return err
		}
	}
	return nil
}

// tagRenameLog is the taxonomy's renames and merges, from → to.
type tagRenameLog map[string]string

func tagRenames(tx *bolt.Tx) (tagRenameLog, error) {
	out := tagRenameLog{}
	err := tx.Bucket(bucketTagChanges).ForEach(func(k, v []byte) error {
		tc, err := decodeTagChange(v)
		if err != nil {
			return fmt.Errorf("tag change %d: %w", getU64(k), err)
		}
		if tc.Kind == "rename" || tc.Kind == "merge" {
			out[tc.From] = tc.To
		}
		return nil
	})
	return out, err
}

// resolve follows tag's renames to its name now (a tag renamed back and
// forth stops where the loop closes).
func (l tagRenameLog) resolve(tag string) string {
	for range len(l) {
		to, ok := l[tag]
		if !ok {
			break
		}
		tag = to
	}
	return tag
}
