package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// maxProblems bounds Check's report: past it a damaged index would only
// repeat itself.
const maxProblems = 200

type problems struct {
	list []string
	more int
}

func (p *problems) addf(format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.more++
		return
	}
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// tally is the counters recomputed from the records.
type tally struct {
	counts   map[string]int64
	tagDay   map[string]int64
	areaDay  map[string]int64
	tagCases map[string]int64
}

func (t *tally) add(c *model.Case) {
	w := wtx{counts: t.counts, tagDay: t.tagDay, areaDay: t.areaDay, tagCases: t.tagCases}
	w.countCase(c, +1)
}

// Check verifies the file (bbolt's own page check) and caredesk's
// invariants: every record decodes; every index entry points to a case
// with that field and every case is in every index; the counters, the
// tag × day and area × day counters and the tags' case counts equal a recount; customers
// and their identity keys agree. It returns the problems found, none for a
// healthy file; the error is for failing to check at all.
func (db *DB) Check() ([]string, error) {
	var p problems
	err := db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			p.addf("file: %v", err)
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				p.addf("bucket %s is missing", name)
			}
		}
		if len(p.list) > 0 {
			return nil
		}
		t := tally{counts: map[string]int64{}, tagDay: map[string]int64{}, areaDay: map[string]int64{}, tagCases: map[string]int64{}}
		q := db.newQueueCheck(tx, &p)
		db.checkCases(tx, &p, &t, q)
		db.checkIndexes(tx, &p, q)
		db.checkCustomers(tx, &p, &t)
		checkCounters(tx, bucketCounts, t.counts, &p)
		checkCounters(tx, bucketTagDay, t.tagDay, &p)
		checkCounters(tx, bucketAreaDay, t.areaDay, &p)
		db.checkTags(tx, &p, &t)
		db.checkRetag(tx, &p)
		db.checkEvents(tx, &p)
		db.checkImportRoutes(tx, &p)
		db.checkWords(tx, &p)
		db.checkMail(tx, &p)
		return nil
	})
	if p.more > 0 {
		p.list = append(p.list, fmt.Sprintf(moreProblems, p.more))
	}
	return p.list, err
}

// moreProblems is the last line of a report cut at maxProblems.
const moreProblems = "… and %d more problems"

// ProblemCount is how many problems a report of Check stands for: its
// lines, the last one's "… and N more problems" counted as N.
func ProblemCount(list []string) int {
	n := len(list)
	if n == 0 {
		return 0
	}
	var more int
	if _, err := fmt.Sscanf(list[n-1], moreProblems, &more); err == nil {
		return n - 1 + more
	}
	return n
}

// checkCases decodes every case, looks up each of its index entries and
// counts it.
func (db *DB) checkCases(tx *bolt.Tx, p *problems, t *tally, q *queueCheck) {
	customers := tx.Bucket(bucketCustomers)
	tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		c, err := decodeCase(v)
		if err != nil {
			p.addf("case %d: record does not decode: %v", getU64(k), err)
			return nil
		}
		if uint64(c.ID) != getU64(k) {
			p.addf("case %d: record says id %d", getU64(k), c.ID)
		}
		for _, e := range indexEntries(&c, db.sla) {
			if q.skips(&c, e) {
				if !q.has(&c, e) {
					p.addf("case %d: missing from %s", c.ID, e.bucket)
				}
				continue
			}
			got := tx.Bucket(e.bucket).Get(e.key)
			if got == nil {
				p.addf("case %d: missing from %s", c.ID, e.bucket)
			} else if !bytes.Equal(got, e.val) && bytes.Equal(e.bucket, bucketCustomerIdx) {
				p.addf("case %d: its summary in %s differs from the case", c.ID, e.bucket)
			} else if !bytes.Equal(got, e.val) {
				p.addf("case %d: %s entry %q points elsewhere", c.ID, e.bucket, e.key)
			}
		}
		if c.CustomerID != 0 && customers.Get(customerKey(c.CustomerID)) == nil {
			p.addf("case %d: customer %d does not exist", c.ID, c.CustomerID)
		}
		t.add(&c)
		return nil
	})
}

// checkIndexes walks every index entry back to its case.
func (db *DB) checkIndexes(tx *bolt.Tx, p *problems, q *queueCheck) {
	cases := tx.Bucket(bucketCases)
	for _, name := range indexBuckets {
		tx.Bucket(name).ForEach(func(k, v []byte) error {
			id := idOf(k)
			if bytes.Equal(name, bucketExternal) {
				id = model.CaseID(getU64(v))
			}
			cv := cases.Get(caseKey(id))
			if cv == nil {
				p.addf("%s entry %q: case %d does not exist", name, k, id)
				return nil
			}
			c, err := decodeCase(cv)
			if err != nil {
				return nil // reported by checkCases
			}
			for _, e := range indexEntries(&c, db.sla) {
				if bytes.Equal(e.bucket, name) && bytes.Equal(e.key, k) && bytes.Equal(e.val, v) {
					return nil
				}
				if q.skips(&c, e) && sameQueued(e.key, k) {
					return nil
				}
			}
			p.addf("%s entry %q does not match case %d", name, k, id)
			return nil
		})
	}
}

func (db *DB) checkCustomers(tx *bolt.Tx, p *problems, t *tally) {
	keys := tx.Bucket(bucketCustomerKeys)
	tx.Bucket(bucketCustomers).ForEach(func(k, v []byte) error {
		t.counts[countCustomers]++
		cu, err := decodeCustomer(v)
		if err != nil {
			p.addf("customer %d: record does not decode: %v", getU64(k), err)
			return nil
		}
		if ik := cu.IdentityKey(); ik != "" && model.CustomerID(getU64(keys.Get(identityKey(cu.ID, ik)))) != cu.ID {
			p.addf("customer %d: identity %q is not indexed to it", cu.ID, ik)
		}
		return nil
	})
	customers := tx.Bucket(bucketCustomers)
	keys.ForEach(func(k, v []byte) error {
		id := model.CustomerID(getU64(v))
		switch {
		case customers.Get(v) == nil:
			p.addf("customer key %q: customer %d does not exist", k, id)
		case len(k) < 4 || !bytes.Equal(k[:4], identityKey(id, "")):
			p.addf("customer key %q: not in customer %d's epoch", k, id)
		}
		return nil
	})
}

// checkCounters compares a counter bucket with a recount, both ways.
func checkCounters(tx *bolt.Tx, name []byte, want map[string]int64, p *problems) {
	b := tx.Bucket(name)
	b.ForEach(func(k, v []byte) error {
		if got := int64(getU64(v)); got != want[string(k)] {
			p.addf("%s %q is %d, recount says %d", name, k, got, want[string(k)])
		}
		return nil
	})
	for k, n := range want {
		if n != 0 && b.Get([]byte(k)) == nil {
			p.addf("%s %q is missing, recount says %d", name, k, n)
		}
	}
}

func (db *DB) checkTags(tx *bolt.Tx, p *problems, t *tally) {
	b := tx.Bucket(bucketTags)
	b.ForEach(func(k, v []byte) error {
		rec, err := decodeTag(v)
		if err != nil {
			p.addf("tag %s: record does not decode: %v", k, err)
			return nil
		}
		if rec.Cases != t.tagCases[string(k)] {
			p.addf("tag %s counts %d cases, recount says %d", k, rec.Cases, t.tagCases[string(k)])
		}
		return nil
	})
	for tag, n := range t.tagCases {
		if n != 0 && b.Get([]byte(tag)) == nil {
			p.addf("tag %s is on %d cases but has no record", tag, n)
		}
	}
}

func (db *DB) checkEvents(tx *bolt.Tx, p *problems) {
	cases := tx.Bucket(bucketCases)
	var last model.CaseID
	tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			p.addf("event key %x is malformed", k)
			return nil
		}
		id := idOfPrefix(k)
		if _, err := decodeEvent(id, v); err != nil {
			p.addf("event %x does not decode: %v", k, err)
		}
		if id != last && cases.Get(caseKey(id)) == nil {
			p.addf("events of case %d: the case does not exist", id)
		}
		last = id
		return nil
	})
}

// Repair rebuilds every index and counter from the case and customer
// records, in one transaction, then the word index in steps of its own
// (wordrebuild.go: in that one transaction a million cases' index held
// gigabytes of dirty pages); a repair stopped during the steps is noted
// as a rebuild under way, which the next writer to open the file
// finishes. Tags keep their retirement and use; their
// case counts are recounted. A case record that does not decode cannot be
// rebuilt from and fails the repair: restore it from a backup.
func (db *DB) Repair() error {
	if db.readOnly {
		return model.Errorf(model.EINVALID, "%s is opened read-only", db.path)
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		db.lastWriter = nil // customers are rewritten: no import session's cache holds
		// A bucket that went missing comes back (empty: its records are
		// gone, and check said so); the derived ones are rebuilt below.
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if tx.Bucket(bucketMeta).Get(metaSLA) == nil {
			if err := tx.Bucket(bucketMeta).Put(metaSLA, encodeSLA(db.sla)); err != nil {
				return err
			}
		}
		for _, name := range rebuiltBuckets {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		w := newWtx(tx, db)
		defer w.resetPending()
		err := tx.Bucket(bucketTags).ForEach(func(k, v []byte) error {
			rec, err := decodeTag(v)
			if err != nil {
				rec = tagRecord{} // keep the tag, lose its use history
			}
			rec.Cases = 0
			w.putTag(string(k), &rec)
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketCustomers).ForEach(func(k, v []byte) error {
			cu, err := decodeCustomer(v)
			if err != nil {
				return db.corrupt("customer", k, err)
			}
			if ik := cu.IdentityKey(); ik != "" {
				w.put(bucketCustomerKeys, identityKey(cu.ID, ik), customerKey(cu.ID))
			}
			w.counts[countCustomers]++
			return nil
		})
		if err != nil {
			return err
		}
		firsts, err := firstReplies(tx)
		if err != nil {
			return err
		}
		var clocks []model.Case // cases whose first-response clock disagreed with their history
		err = tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
			c, err := decodeCase(v)
			if err != nil {
				return db.corrupt("case", k, err)
			}
			if at := firsts[c.ID]; !at.Equal(c.FirstReply) {
				c.FirstReply = at
				clocks = append(clocks, c)
			}
			for _, e := range indexEntries(&c, db.sla) {
				w.put(e.bucket, e.key, e.val)
			}
			w.countCase(&c, +1)
			return w.maybeFlush()
		})
		if err != nil {
			return err
		}
		for i := range clocks {
			if err := tx.Bucket(bucketCases).Put(caseKey(clocks[i].ID), encodeCase(nil, &clocks[i])); err != nil {
				return err
			}
		}
		if err := db.repairMail(tx, w); err != nil {
			return err
		}
		if err := w.flush(); err != nil {
			return err
		}
		// idx_queue is timed under this DB's teams now: say so, or a
		// writer opening with those teams would think it already is.
		if err := putTeamSLA(tx, db.sla); err != nil {
			return err
		}
		return startWordsRebuild(tx)
	})
	if err == nil {
		err = finishWordsRebuild(db.bolt, db.path)
	}
	db.taxonomy.changedAll() // its records were written outside the write path
	if err == nil {
		db.notify(model.Change{Resync: true, Author: "repair"})
	}
	return err
}
