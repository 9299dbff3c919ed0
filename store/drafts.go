package store

import (
	"bytes"
	"encoding/json"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Drafts live in the meta bucket under "draft|AGENT|" and the case id: a
// handful at most (one per agent and case, written when a team server
// stops), so they need no bucket, index or migration of their own.
func draftKey(agent string, id model.CaseID) []byte {
	return append([]byte("draft|"+agent+"|"), u64(uint64(id))...)
}

// SaveDrafts keeps the drafts in one transaction; a later draft of the
// same agent and case replaces the earlier.
func (db *DB) SaveDrafts(ds []model.EditorDraft) error {
	if db.readOnly {
		return model.Errorf(model.EINVALID, "%s is opened read-only", db.path)
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		for _, d := range ds {
			if strings.TrimSpace(d.Agent) == "" || strings.Contains(d.Agent, "|") || d.Case == 0 {
				return model.Errorf(model.EINVALID, "a draft needs an agent and a case")
			}
			v, err := json.Marshal(d)
			if err != nil {
				return err
			}
			if err := b.Put(draftKey(d.Agent, d.Case), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// TakeDraft returns agent's draft on case id and removes it: it is given
// back once, into an editor, where it is saved or discarded like any text.
func (db *DB) TakeDraft(agent string, id model.CaseID) (d model.EditorDraft, ok bool, err error) {
	if db.readOnly || strings.Contains(agent, "|") {
		return d, false, nil
	}
	key := draftKey(agent, id)
	// A read first: opening a case without a draft, the usual case,
	// takes no write lock.
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketMeta).Get(key) != nil
		return nil
	})
	if !ok {
		return d, false, nil
	}
	ok = false
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		v := b.Get(key)
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &d); err != nil {
			return model.Errorf(model.EINVALID, "the draft of %s on case %d is damaged: %v", agent, id, err)
		}
		ok = true
		return b.Delete(key)
	})
	return d, ok, err
}

// Drafts lists agent's kept drafts by case, without taking them: the app
// names them at start, and each comes back (TakeDraft) when its case is
// opened.
func (db *DB) Drafts(agent string) ([]model.EditorDraft, error) {
	if strings.Contains(agent, "|") {
		return nil, nil
	}
	prefix := []byte("draft|" + agent + "|")
	var ds []model.EditorDraft
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var d model.EditorDraft
			if err := json.Unmarshal(v, &d); err != nil {
				return model.Errorf(model.EINVALID, "a draft of %s is damaged: %v", agent, err)
			}
			ds = append(ds, d)
		}
		return nil
	})
	return ds, err
}
