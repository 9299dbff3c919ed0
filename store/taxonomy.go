package store

import (
	"bytes"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// taxonomyCache keeps the taxonomy every screen shares (DB.Taxonomy). A
// commit marks the tags its writes changed; the next reader re-reads those
// tags alone and patches the taxonomy, so a team server reads the tags
// bucket once, not at every t of every agent.
type taxonomyCache struct {
	build sync.Mutex // one reader rebuilds; the others wait and share it

	mu   sync.Mutex
	snap *model.Taxonomy
	// dirty are the tags changed since snap, each with the mark of the
	// commit that changed it last; allAt is the mark of the last write
	// that wrote the bucket outside the write path (repair); builtAt the
	// mark snap is as new as.
	dirty          map[string]uint64
	mark           uint64
	allAt, builtAt uint64
	revs           uint64
}

// changed marks tags as changed by a commit; called once it landed,
// before its change notice goes out, so a screen the notice reaches reads
// them.
func (c *taxonomyCache) changed(tags []string) {
	if len(tags) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mark++
	if c.dirty == nil {
		c.dirty = map[string]uint64{}
	}
	for _, t := range tags {
		c.dirty[t] = c.mark
	}
}

// changedAll makes the next reader read every tag again.
func (c *taxonomyCache) changedAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mark++
	c.allAt = c.mark
}

// current is the taxonomy when no commit changed a tag since it was read.
func (c *taxonomyCache) current() *model.Taxonomy {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil || len(c.dirty) > 0 || c.allAt > c.builtAt {
		return nil
	}
	return c.snap
}

// Taxonomy is the taxonomy as the last commit left it, shared and never
// changed (see model.Taxonomy): the same value while no write changes a
// tag, then the one before with the changed tags read again.
func (db *DB) Taxonomy() (*model.Taxonomy, error) {
	c := &db.taxonomy
	if s := c.current(); s != nil {
		return s, nil
	}
	c.build.Lock()
	defer c.build.Unlock()
	if s := c.current(); s != nil {
		return s, nil // built while this one waited
	}
	c.mu.Lock()
	c.revs++
	prev, mark, rev := c.snap, c.mark, c.revs
	full := prev == nil || c.allAt > c.builtAt || len(c.dirty) > prev.Len()/4+64
	names := make([]string, 0, len(c.dirty))
	for t := range c.dirty {
		names = append(names, t)
	}
	c.mu.Unlock()

	// Marks are set after their commit: every commit marked by now is in
	// the read below; one marked later stays dirty for the next reader.
	var next *model.Taxonomy
	if full {
		tags, err := db.Tags()
		if err != nil {
			return nil, err
		}
		next = model.NewTaxonomy(rev, tags)
	} else {
		changed, gone, err := db.someTags(names)
		if err != nil {
			return nil, err
		}
		next = prev.Patched(rev, changed, gone)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.snap, c.builtAt = next, mark
	for t, m := range c.dirty {
		if m <= mark {
			delete(c.dirty, t)
		}
	}
	return c.snap, nil
}

// someTags reads the records of names: those that exist, and those gone.
func (db *DB) someTags(names []string) (changed []model.TagInfo, gone []string, err error) {
	slices.Sort(names) // the reads walk the bucket forward
	err = db.view(func(tx *bolt.Tx) error {
		days := tx.Bucket(bucketTagDay).Cursor()
		b := tx.Bucket(bucketTags)
		for _, name := range names {
			v := b.Get([]byte(name))
			if v == nil {
				gone = append(gone, name)
				continue
			}
			ti, err := db.tagInfo([]byte(name), v, days)
			if err != nil {
				return err
			}
			changed = append(changed, ti)
		}
		return nil
	})
	return changed, gone, err
}

// touchedTag notes that a write set changed tag's record, or its days
// (which a record Repair recreated takes from tag_day).
func (w *wtx) touchedTag(name, key []byte) {
	var tag string
	switch {
	case bytes.Equal(name, bucketTags):
		tag = string(key)
	case bytes.Equal(name, bucketTagDay):
		t, _, ok := splitTagDay(key)
		if !ok {
			return
		}
		tag = t
	default:
		return
	}
	if w.tagsTouched == nil {
		w.tagsTouched = map[string]bool{}
	}
	w.tagsTouched[tag] = true
}
