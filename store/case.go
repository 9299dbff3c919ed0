package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Case returns case id.
func (db *DB) Case(id model.CaseID) (c model.Case, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		c, err = findCase(db, rtx{tx}, id)
		return err
	})
	return c, err
}

// CaseByExternalID returns the case imported with external id ext.
func (db *DB) CaseByExternalID(ext string) (c model.Case, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		id := findExternal(rtx{tx}, ext)
		if id == 0 {
			return model.Errorf(model.ENOTFOUND, "no case with external id %q", ext)
		}
		c, err = findCase(db, rtx{tx}, id)
		return err
	})
	return c, err
}

// Events returns the timeline of case id, oldest first.
func (db *DB) Events(id model.CaseID) (evs []model.Event, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketCases).Get(caseKey(id))
		if v == nil {
			return model.Errorf(model.ENOTFOUND, "case %d not found", id)
		}
		s, err := decodeSummary(v, nil)
		if err != nil {
			return db.corrupt("case", caseKey(id), err)
		}
		prefix := caseKey(id)
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			ev, err := decodeEvent(id, v)
			if err != nil {
				return db.corrupt("event", k, err)
			}
			evs = append(evs, ev)
		}
		evs, err = db.withImportRoute(db.newImportRouteReader(tx), withCreated(evs, id, s.CreatedAt), id)
		return err
	})
	return evs, err
}

// lastAuthor is who wrote case id's latest event, for conflict messages.
func lastAuthor(tx *bolt.Tx, id model.CaseID) string {
	c := tx.Bucket(bucketEvents).Cursor()
	k, v := c.Seek(caseKey(id + 1))
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || idOfPrefix(k) != id {
		if tx.Bucket(bucketCases).Get(caseKey(id)) != nil {
			return importAuthor // only the synthesised created event
		}
		return "someone else"
	}
	ev, err := decodeEvent(id, v)
	if err != nil || ev.Author == "" {
		return "someone else"
	}
	return ev.Author
}

func idOfPrefix(k []byte) model.CaseID { return model.CaseID(getU64(k[:8])) }

// Act applies acts to case id as author in one transaction; see
// model.CaseService. Adding a retired tag, or one renamed or merged away,
// is refused. A note or a reply
// (model.AppendOnly) is added at any version the case has passed: an
// append conflicts with nothing; it still bumps the version and sends its
// change notice. A version ahead of the case was never opened: refused.
func (db *DB) Act(id model.CaseID, version uint64, author string, acts ...model.Action) (out model.Case, err error) {
	return db.ActChecked(id, version, author, nil, acts...)
}

// ActChecked is Act with a caller's rule: check is given the case as the
// write finds it, after the version check and inside the write, so nothing
// can land between the check and the write (the team server checks the
// agent's role this way: no read before the write, no retry after it). An
// error of check refuses the write; check must not change the case. A
// conflict or a refusal changes nothing, so the other saves of its group
// commit go on without running again (refuse).
func (db *DB) ActChecked(id model.CaseID, version uint64, author string, check func(model.Case) error, acts ...model.Action) (out model.Case, err error) {
	err = db.update(author, func(w *wtx) error {
		c, err := findCase(db, w, id)
		if err != nil {
			return refuse(err)
		}
		if version != 0 && version != c.Version && !(version < c.Version && model.AppendOnly(acts...)) {
			return refuse(model.Errorf(model.ECONFLICT, "case %d changed since you opened it (by %s): reloaded", id, lastAuthor(w.tx, id)))
		}
		if check != nil {
			if err := check(c); err != nil {
				return refuse(err)
			}
		}
		old := c.Clone()
		evs, err := model.Apply(&c, author, w.now, acts...)
		if err != nil {
			return refuse(err)
		}
		if len(evs) == 0 {
			out = c
			return nil
		}
		for _, ev := range evs {
			if ev.Kind != model.EventTagAdded {
				continue
			}
			// A tag a lead renamed or merged away is not created anew by
			// an agent's habit: that undid the merge, and the next import
			// filed the feed's rows under the old name again.
			if now, err := w.renamedTo(ev.To); err != nil {
				return err
			} else if now != "" {
				return model.Errorf(model.EINVALID, "tag %s is now %s", ev.To, now)
			}
			rec, err := w.tagRecord(ev.To)
			if err != nil {
				return err
			}
			if rec.Retired {
				return model.Errorf(model.EINVALID, "tag %s is retired, no replacement", ev.To)
			}
			rec.Uses++
			rec.LastAdded = w.now.Unix()
			w.putTag(ev.To, &rec)
		}
		if err := w.mailActs(&c, author, acts, evs); err != nil {
			return err
		}
		routed, err := w.rerouteAfter(&c, &old, evs, author)
		if err != nil {
			return err
		}
		c.Version++
		w.writeCase(&old, &c)
		out = c
		return w.appendEvents(append(evs, routed...))
	})
	if err != nil {
		return model.Case{}, err
	}
	return out, nil
}
