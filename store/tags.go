package store

import (
	"bytes"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// tagRecord reads a tag's record through the write set; a tag never seen
// has a zero record.
func (w *wtx) tagRecord(tag string) (tagRecord, error) {
	v := w.get(bucketTags, []byte(tag))
	if v == nil {
		return tagRecord{}, nil
	}
	rec, err := decodeTag(v)
	if err != nil {
		return tagRecord{}, w.db.corrupt("tag", []byte(tag), err)
	}
	return rec, nil
}

func (w *wtx) putTag(tag string, rec *tagRecord) { w.put(bucketTags, []byte(tag), encodeTag(rec)) }

// Tags returns the taxonomy: every tag with its current case count, the days
// it was first and last put on a case, its label, its retirement and its
// use by agents, in tag order. One record per tag: O(tags), whatever the
// number of cases.
func (db *DB) Tags() (tags []model.TagInfo, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		days := tx.Bucket(bucketTagDay).Cursor()
		return tx.Bucket(bucketTags).ForEach(func(k, v []byte) error {
			ti, err := db.tagInfo(k, v, days)
			if err != nil {
				return err
			}
			tags = append(tags, ti)
			return nil
		})
	})
	return tags, err
}

// tagInfo is the taxonomy's entry for tag k of record v; days is a cursor
// on tag_day.
func (db *DB) tagInfo(k, v []byte, days *bolt.Cursor) (model.TagInfo, error) {
	rec, err := decodeTag(v)
	if err != nil {
		return model.TagInfo{}, db.corrupt("tag", k, err)
	}
	ti := model.TagInfo{Tag: string(k), Cases: int(rec.Cases), Retired: rec.Retired, Uses: int(rec.Uses),
		LastAdded: rec.LastAdded, Label: rec.Label}
	switch {
	case rec.First != 0:
		ti.FirstUsed, ti.LastUsed = int32(unixDay(rec.First)), int32(unixDay(rec.Last))
	default: // a record Repair recreated: its cases' days are what is known
		if first, last, ok := dayRange(days, string(k)); ok {
			ti.FirstUsed, ti.LastUsed = int32(first), int32(last)
		}
	}
	return ti, nil
}

func unixDay(sec int64) model.Day { return model.DayOf(time.Unix(sec, 0).UTC()) }

// dayRange finds the first and last day with cases for tag: two seeks.
func dayRange(c *bolt.Cursor, tag string) (first, last model.Day, ok bool) {
	prefix := tagPrefix(tag)
	k, _ := c.Seek(prefix)
	if k == nil || !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+4 {
		return 0, 0, false
	}
	first = keyDay(k[len(prefix):])
	end := append(slices.Clone(prefix[:len(prefix)-1]), 1) // tag|0x01 sorts after every tag|0x00|day
	k, _ = c.Seek(end)
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	last = keyDay(k[len(prefix):])
	return first, last, true
}

// TagDayCounts returns the non-zero tag × day counters with days in
// [from, to); tag "" counts untagged cases.
func (db *DB) TagDayCounts(from, to model.Day) ([]model.TagDayCount, error) {
	return db.dayCounts(bucketTagDay, from, to)
}

// AreaDayCounts returns the non-zero area × day counters with days in
// [from, to): Tag is the area, Count the cases carrying any of its tags.
func (db *DB) AreaDayCounts(from, to model.Day) ([]model.TagDayCount, error) {
	return db.dayCounts(bucketAreaDay, from, to)
}

func (db *DB) dayCounts(bucket []byte, from, to model.Day) (out []model.TagDayCount, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		// Walk tag by tag, seeking each tag's first wanted day: the
		// counters of days outside the range are skipped, not read.
		k, v := c.First()
		for k != nil {
			tag, day, ok := splitTagDay(k)
			if !ok {
				return db.corrupt(string(bucket)+" key", k, errCorrupt)
			}
			switch {
			case day < from:
				k, v = c.Seek(tagDayKey(tag, from))
			case day >= to:
				k, v = c.Seek(append([]byte(tag), 1))
			default:
				out = append(out, model.TagDayCount{Tag: tag, Day: day, Count: int(int64(getU64(v)))})
				k, v = c.Next()
			}
		}
		return nil
	})
	return out, err
}

// TagChanges returns the taxonomy's history, oldest first.
func (db *DB) TagChanges() (out []TagChange, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTagChanges).ForEach(func(k, v []byte) error {
			tc, err := decodeTagChange(v)
			if err != nil {
				return db.corrupt("tag change", k, err)
			}
			out = append(out, tc)
			return nil
		})
	})
	return out, err
}

func (w *wtx) logTagChange(tc TagChange) error {
	seq, err := w.bucket(bucketTagChanges).NextSequence()
	if err != nil {
		return err
	}
	w.put(bucketTagChanges, u64(seq), encodeTagChange(&tc))
	w.taxonomy = true
	return nil
}

// RenameTag renames tag from to to on every case carrying it, merging into
// to when it already exists, as one change written in steps (retag.go):
// the cases, their indexes and counters, the tags bucket, and a "tag
// renamed" event per case. It returns how many cases changed.
func (db *DB) RenameTag(from, to, author string) (n int, err error) {
	from, err = model.NormalizeTag(from)
	if err != nil {
		return 0, err
	}
	to, err = model.NormalizeTag(to)
	if err != nil {
		return 0, err
	}
	if from == to {
		return 0, model.Errorf(model.EINVALID, "tag %s is already called that", from)
	}
	return db.retag(author, func(w *wtx) (*retagJob, error) {
		if w.get(bucketTags, []byte(from)) == nil && !w.tagInUse(from) {
			return nil, model.Errorf(model.ENOTFOUND, "no tag %s", from)
		}
		return &retagJob{Author: author, Moves: []tagMove{{From: from, To: to, Merge: w.get(bucketTags, []byte(to)) != nil}}}, nil
	})
}

// tagInUse reports whether any case carries tag.
func (w *wtx) tagInUse(tag string) bool {
	prefix := tagPrefix(tag)
	k, _ := w.bucket(bucketTagIdx).Cursor().Seek(prefix)
	return k != nil && bytes.HasPrefix(k, prefix)
}

// areaMoves lists the tags of area from (the bare tag "from" and every
// "from/…") with their names under area to.
func areaMoves(tags []string, from, to string) [][2]string {
	var out [][2]string
	for _, t := range tags {
		if model.TagArea(t) != from {
			continue
		}
		nt := to
		if issue := model.TagIssue(t); issue != "" {
			nt = to + "/" + issue
		}
		out = append(out, [2]string{t, nt})
	}
	return out
}

// RenameArea renames area from to to on every tag of it, as one change
// written in steps (retag.go): product/late becomes goods/late, merging
// into goods/late when that tag exists (so moving an area into an
// existing one merges the two). Cases, indexes, tag × day and area × day
// counters, the word index and the tags' records follow as for
// RenameTag. A team that owns area from keeps its cases (their team is
// not changed); new cases of area to go by the routing configuration,
// which names areas. It returns the tags renamed and the distinct cases
// changed.
func (db *DB) RenameArea(from, to, author string) (tags, cases int, err error) {
	if from, err = model.NormalizeArea(from); err != nil {
		return 0, 0, err
	}
	if to, err = model.NormalizeArea(to); err != nil {
		return 0, 0, err
	}
	if from == to {
		return 0, 0, model.Errorf(model.EINVALID, "area %s is already called that", from)
	}
	cases, err = db.retag(author, func(w *wtx) (*retagJob, error) {
		var names []string
		err := w.bucket(bucketTags).ForEach(func(k, _ []byte) error {
			names = append(names, string(k))
			return nil
		})
		if err != nil {
			return nil, err
		}
		moves := areaMoves(names, from, to)
		if len(moves) == 0 {
			return nil, model.Errorf(model.ENOTFOUND, "no tag in area %s", from)
		}
		job := &retagJob{Author: author}
		for _, m := range moves {
			job.Moves = append(job.Moves, tagMove{From: m[0], To: m[1], Merge: w.get(bucketTags, []byte(m[1])) != nil})
		}
		tags = len(moves)
		return job, nil
	})
	return tags, cases, err
}

// SetTagLabel gives tag a readable label ("" removes it): a lead's.
func (db *DB) SetTagLabel(tag, label, author string) error {
	tag, err := model.NormalizeTag(tag)
	if err != nil {
		return err
	}
	label, err = model.NormalizeTagLabel(label)
	if err != nil {
		return err
	}
	return db.update(author, func(w *wtx) error {
		if w.get(bucketTags, []byte(tag)) == nil {
			return model.Errorf(model.ENOTFOUND, "no tag %s", tag)
		}
		rec, err := w.tagRecord(tag)
		if err != nil {
			return err
		}
		if rec.Label == label {
			return nil
		}
		rec.Label = label
		w.putTag(tag, &rec)
		return w.logTagChange(TagChange{At: w.now, Author: author, Kind: "label", From: tag, To: label})
	})
}

// RetireTag marks a tag retired (agents can no longer add it) or brings it
// back. Cases keep it; renaming or merging it is how cases lose it.
func (db *DB) RetireTag(tag string, retired bool, author string) error {
	tag, err := model.NormalizeTag(tag)
	if err != nil {
		return err
	}
	return db.update(author, func(w *wtx) error {
		if w.get(bucketTags, []byte(tag)) == nil {
			return model.Errorf(model.ENOTFOUND, "no tag %s", tag)
		}
		rec, err := w.tagRecord(tag)
		if err != nil {
			return err
		}
		if rec.Retired == retired {
			return nil
		}
		rec.Retired = retired
		w.putTag(tag, &rec)
		kind := "retire"
		if !retired {
			kind = "unretire"
		}
		return w.logTagChange(TagChange{At: w.now, Author: author, Kind: kind, From: tag})
	})
}
