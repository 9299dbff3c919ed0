package store

import (
	"bytes"
	"slices"

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
// of its first and last case (from tag_day), its retirement and its use by
// agents, in tag order.
func (db *DB) Tags() (tags []model.TagInfo, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		days := tx.Bucket(bucketTagDay).Cursor()
		return tx.Bucket(bucketTags).ForEach(func(k, v []byte) error {
			rec, err := decodeTag(v)
			if err != nil {
				return db.corrupt("tag", k, err)
			}
			ti := model.TagInfo{Tag: string(k), Cases: int(rec.Cases), Retired: rec.Retired, Uses: int(rec.Uses), LastAdded: rec.LastAdded}
			first, last, ok := dayRange(days, string(k))
			if ok {
				ti.FirstUsed, ti.LastUsed = int32(first), int32(last)
			}
			tags = append(tags, ti)
			return nil
		})
	})
	return tags, err
}

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
// to when it already exists, in one transaction: the cases, their indexes
// and counters, the tags bucket, and a "tag renamed" event per case. It
// returns how many cases changed.
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
	err = db.update(author, func(w *wtx) error {
		n = 0
		var ids []model.CaseID
		prefix := tagPrefix(from)
		c := w.bucket(bucketTagIdx).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) == len(prefix)+8 {
				ids = append(ids, idOf(k))
			}
		}
		fromRec, err := w.tagRecord(from)
		if err != nil {
			return err
		}
		if len(ids) == 0 && w.get(bucketTags, []byte(from)) == nil {
			return model.Errorf(model.ENOTFOUND, "no tag %s", from)
		}
		toExists := w.get(bucketTags, []byte(to)) != nil
		for _, id := range ids {
			cs, err := findCase(db, w, id)
			if err != nil {
				return err
			}
			old := cs.Clone()
			cs.Tags = slices.DeleteFunc(cs.Tags, func(t string) bool { return t == from })
			if i, found := slices.BinarySearch(cs.Tags, to); !found {
				cs.Tags = slices.Insert(cs.Tags, i, to)
			}
			cs.Version++
			cs.UpdatedAt = w.now
			w.writeCase(&old, &cs)
			ev := model.Event{CaseID: id, At: w.now, Author: author, Kind: model.EventTagRenamed, From: from, To: to}
			if err := w.appendEvents([]model.Event{ev}); err != nil {
				return err
			}
			n++
			if err := w.maybeFlush(); err != nil {
				return err
			}
		}
		// The tag's history of use moves with it; its case count follows
		// the cases through the tagCases deltas of writeCase.
		toRec, err := w.tagRecord(to)
		if err != nil {
			return err
		}
		toRec.Uses += fromRec.Uses
		toRec.LastAdded = max(toRec.LastAdded, fromRec.LastAdded)
		if !toExists {
			toRec.Retired = fromRec.Retired
		}
		w.putTag(to, &toRec)
		w.del(bucketTags, []byte(from))
		delete(w.tagCases, from) // its record is gone, not at zero
		kind := "rename"
		if toExists {
			kind = "merge"
		}
		return w.logTagChange(TagChange{At: w.now, Author: author, Kind: kind, From: from, To: to})
	})
	return n, err
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
